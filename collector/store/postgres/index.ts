// The PostgreSQL store: several stateless collectors share one database. Start-up: the pool → migrations
// (under an advisory lock; a newer schema is refused) → the three role parts (roles.ts). Shutdown (close):
// refuse new calls → each part finishes what it holds (a pending group commit) → end the pool.
//
// Nothing here may remember what another collector can change: a cache must be checked against the
// database (a generation row) or dropped on a change notice (collector/coordination/).
import type { Store } from '../store';
import { devicesRole } from './devices-role';
import { findingsRole } from './findings-role';
import { migratePostgres } from './migrations';
import { type PoolOptions, postgresContext } from './pool';
import { redactedPostgresUrl } from './postgres-url';
import { sweepsTrustRole } from './sweeps-trust-role';

export { isPostgresUrl, redactedPostgresUrl } from './postgres-url';

export interface PostgresStoreOptions extends PoolOptions {
  /** Wait up to this long for more callers before committing an idle group; 0 (default) commits at once. */
  groupCommitMaxDelayMs?: number;
  /** Rows per group commit transaction (default 5000). */
  groupCommitMaxRows?: number;
}

export async function openPostgresStore(url: string, options: PostgresStoreOptions = {}): Promise<Store> {
  const context = postgresContext(url, options);
  try {
    await migratePostgres(context.pool, redactedPostgresUrl(url));
    const parts = [
      await devicesRole(context),
      await findingsRole(context, options),
      await sweepsTrustRole(context),
    ];
    const methods = Object.assign({}, ...parts.map((part) => part.methods)) as Omit<Store, 'close'>;
    return {
      ...methods,
      async close() {
        context.assertOpen();
        for (const part of parts) await part.close?.();
        await context.close();
      },
    };
  } catch (error) {
    await context.close().catch(() => undefined);
    throw error;
  }
}
