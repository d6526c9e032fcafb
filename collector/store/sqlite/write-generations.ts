// Write generations on SQLite (schema 14): a row per memory of the store, incremented in the transaction of
// every write that changes what that memory holds, read by the memory before it answers from itself.
import type { SqliteConnection } from './connection';

/** Call inside a write transaction. */
export async function bumpGenerationInTransaction(
  transaction: SqliteConnection,
  name: string,
): Promise<void> {
  await transaction.run(
    `INSERT INTO write_generations (name, generation) VALUES (?, 1)
     ON CONFLICT (name) DO UPDATE SET generation = generation + 1`,
    [name],
  );
}

export async function readGeneration(reader: SqliteConnection, name: string): Promise<number> {
  const row = await reader.get<{ generation: number }>(
    'SELECT generation FROM write_generations WHERE name = ?',
    [name],
  );
  return row?.generation ?? 0;
}
