// `shoumi-collector migrate --from DIR --to postgres://…`: a stopped SQLite collector's whole store moved into
// an empty PostgreSQL database. Order, and what each step guarantees:
//   1. the URL checked, DIR locked against a collector (held to the end), its store opened read-only in one
//      read transaction (sqlite-source.ts): the source is never written;
//   2. the source's audit chain verified (audit/verify-trail.ts) with DIR's CA and seal file: a broken chain
//      is refused here, not carried;
//   3. PostgreSQL migrated (postgres/migrations.ts), then ONE transaction: every store table locked and found
//      empty (else refused, naming what it holds), every table copied (migrated-tables.ts, copy-table.ts),
//      the rules applied for what is not copied row for row, the chain verified as this transaction sees it
//      and its head compared with the source's, and the "store.migrated" record appended by the backend's
//      own append (it chains onto the copied head under the chain lock). Any failure rolls it all back: the
//      target is left as empty as it was;
//   4. after the commit, the chain verified once more through the Store interface of a PostgreSQL store opened
//      as a collector opens it, its head the migration record whose previous hash is the source's head.
import { hostname, userInfo } from 'node:os';
import path from 'node:path';
import { verdictText } from '../../audit/verdict-text';
import type { ChainVerification } from '../../audit/verify-chain';
import { trailSourceOf, trailSourceOfStore } from '../../audit/verify-data-dir';
import { verifyTrail } from '../../audit/verify-trail';
import { isPostgresUrl, openPostgresStore, redactedPostgresUrl } from '../postgres';
import { appendAuditInTransaction } from '../postgres/audit';
import { migratePostgres } from '../postgres/migrations';
import { postgresContext } from '../postgres/pool';
import { auditFormatBoundary } from '../sqlite/audit';
import type { AuditEntry } from '../store';
import { copyTable, planTableCopy } from './copy-table';
import { COPIED_TABLES, unknownTables } from './migrated-tables';
import { MigrationRefused } from './migration-refused';
import {
  carryAuditFormatBoundary,
  claimEmptyTarget,
  rebuildCollectorFindingSeqs,
  recountAllDevices,
  trailSourceInTransaction,
} from './postgres-target';
import { openSqliteSource } from './sqlite-source';

export const MIGRATED_ACTION = 'store.migrated';

/** Rows per INSERT: big enough that per-statement costs vanish, small enough for 64 KiB evidence rows. */
export const DEFAULT_BATCH_ROWS = 2000;

export interface MigrationOptions {
  dataDir: string;
  url: string;
  batchRows?: number;
  now?: () => number;
  /** Told after each table is copied (the command prints progress). */
  onTable?: (table: string, rows: number) => void;
}

export interface MigrationReport {
  from: string;
  /** The URL with its password masked. */
  to: string;
  tables: Array<{ table: string; rows: number }>;
  collectorFindingSeqs: number;
  /** Devices whose copied counters a recount changed (0 when SQLite's triggers held them exact). */
  devicesRecounted: number;
  source: ChainVerification;
  /** Verified after the commit through the PostgreSQL Store: the source's chain plus the migration record. */
  target: ChainVerification;
  migrationRecord: AuditEntry;
  elapsedMs: number;
}

const sameHead = (a: ChainVerification, b: ChainVerification) =>
  a.headPosition === b.headPosition &&
  a.headHash === b.headHash &&
  a.recordsChecked === b.recordsChecked &&
  a.sealsChecked === b.sealsChecked;

export async function migrateStore(options: MigrationOptions): Promise<MigrationReport> {
  const started = performance.now();
  const now = options.now ?? Date.now;
  const batchRows = options.batchRows ?? DEFAULT_BATCH_ROWS;
  if (!isPostgresUrl(options.url))
    throw new MigrationRefused(`--to ${options.url}: expected a postgres:// or postgresql:// URL`);
  const where = redactedPostgresUrl(options.url);
  const from = path.resolve(options.dataDir);
  const source = await openSqliteSource(from);
  try {
    const unknown = unknownTables('sqlite', source.tables);
    if (unknown.length > 0)
      throw new MigrationRefused(
        `${source.file}: tables this migrate does not know (${unknown.join(', ')}); nothing was written`,
      );
    const trust = { caPem: source.caPem, ...(source.sealFile ? { sealFile: source.sealFile } : {}) };
    const sourceVerdict = await verifyTrail(trailSourceOf(source.reader), trust);
    if (!sourceVerdict.ok)
      throw new MigrationRefused(
        `the SQLite store's audit chain does not verify; migrating would carry it broken (nothing was ` +
          `written):\n${verdictText(sourceVerdict)}`,
      );

    const context = postgresContext(options.url, { max: 2, applicationName: 'shoumi-collector migrate' });
    let migrationRecord: AuditEntry | undefined;
    const tables: MigrationReport['tables'] = [];
    let collectorFindingSeqs = 0;
    let devicesRecounted = 0;
    try {
      await migratePostgres(context.pool, where).catch((error: Error) => {
        throw new MigrationRefused(`${where}: ${error.message}`);
      });
      const client = await context.pool.connect();
      try {
        await client.query('BEGIN');
        // One long transaction: no statement is cut short (a recount at 100,000 devices may pass the pool's
        // minute), but a lock another writer holds is waited on for a minute at most.
        await client.query("SET LOCAL statement_timeout = 0; SET LOCAL lock_timeout = '60s'");
        await claimEmptyTarget(client, where);
        for (const copied of COPIED_TABLES) {
          const plan = await planTableCopy(source.reader, client, copied);
          const rows = await copyTable(source.reader, client, plan, batchRows);
          tables.push({ table: copied.table, rows });
          options.onTable?.(copied.table, rows);
        }
        await carryAuditFormatBoundary(client, await auditFormatBoundary(source.reader));
        collectorFindingSeqs = await rebuildCollectorFindingSeqs(client);
        devicesRecounted = await recountAllDevices(client);
        const copiedVerdict = await verifyTrail(trailSourceInTransaction(client), trust);
        if (!copiedVerdict.ok || !sameHead(copiedVerdict, sourceVerdict))
          throw new MigrationRefused(
            `the copied audit chain does not match the source (nothing was written):\n${verdictText(copiedVerdict)}`,
          );
        migrationRecord = await appendAuditInTransaction(
          client,
          {
            actor: `operator:${userInfo().username}@${hostname()}`,
            source: 'local',
            action: MIGRATED_ACTION,
            target: where,
            outcome: 'allowed',
            detail: {
              from,
              records: sourceVerdict.headPosition,
              headHash: sourceVerdict.headHash,
              headAlgorithm: sourceVerdict.headAlgorithm,
              tables: Object.fromEntries(tables.map(({ table, rows }) => [table, rows])),
            },
          },
          now(),
        );
        await client.query('COMMIT');
        client.release();
      } catch (error) {
        const rolledBack = await client.query('ROLLBACK').then(
          () => true,
          () => false,
        );
        client.release(rolledBack ? undefined : true);
        throw error;
      }
    } finally {
      await context.close();
    }

    if (migrationRecord === undefined) throw new Error('migrate: the copy committed without its record');
    const store = await openPostgresStore(options.url, {
      max: 1,
      applicationName: 'shoumi-collector migrate',
    });
    let target: ChainVerification;
    try {
      target = await verifyTrail(trailSourceOfStore(store), trust);
    } finally {
      await store.close();
    }
    if (
      !target.ok ||
      target.headPosition !== sourceVerdict.headPosition + 1 ||
      target.headHash !== migrationRecord.hash ||
      (sourceVerdict.headPosition > 0 && migrationRecord.previousHash !== sourceVerdict.headHash)
    )
      throw new Error(
        `${where}: the migrated store was committed but its audit chain does not verify as expected; do not ` +
          `serve from it (drop the database and migrate again):\n${verdictText(target)}`,
      );
    return {
      from,
      to: where,
      tables,
      collectorFindingSeqs,
      devicesRecounted,
      source: sourceVerdict,
      target,
      migrationRecord,
      elapsedMs: performance.now() - started,
    };
  } finally {
    await source.close();
  }
}
