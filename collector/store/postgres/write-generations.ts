// Write generations on PostgreSQL (schema-devices.ts): a row per memory a collector keeps of the store,
// incremented in the transaction of every write that changes what that memory holds. The row lock the
// increment takes is held to commit, so two such writes through two collectors serialise on it; both are
// audited writes that already serialise on the audit chain's lock, so this costs them nothing more.
import type pg from 'pg';

/** Call inside a transaction, after the chain lock (audit.ts: lock order). */
export async function bumpGenerationInTransaction(client: pg.ClientBase, name: string): Promise<void> {
  await client.query(
    `INSERT INTO write_generations (name, generation) VALUES ($1, 1)
     ON CONFLICT (name) DO UPDATE SET generation = write_generations.generation + 1`,
    [name],
  );
}

export async function readGeneration(db: pg.Pool | pg.ClientBase, name: string): Promise<number> {
  const found = await db.query<{ generation: number }>(
    'SELECT generation FROM write_generations WHERE name = $1',
    [name],
  );
  return found.rows[0]?.generation ?? 0;
}
