// The PostgreSQL database a migration writes, inside its one transaction: every store table locked against
// other writers, refused unless empty, and after the row copy the rules that carry what is not copied row for
// row (migrated-tables.ts): the audit format boundary, the collector's finding numbers, the devices' counters.
import type pg from 'pg';
import type { TrailSource } from '../../audit/verify-trail';
import { auditFormatBoundary, readAuditRecords } from '../postgres/audit';
import { readSeals } from '../postgres/audit-seals';
import { recountDevicesInTransaction } from '../postgres/device-counters';
import { tablesThatMustBeEmpty, unknownTables } from './migrated-tables';
import { MigrationRefused } from './migration-refused';

const quoted = (name: string) => `"${name.replaceAll('"', '""')}"`;

/** Rows past this are reported as "more than": counting a big table to refuse it would take long for nothing. */
const COUNT_CAP = 10_000;

/**
 * Locks every store table (EXCLUSIVE: others may read, none may write until the copy commits), then refuses
 * a schema with a table migrate does not know, and a database holding any row of shoumi data, naming them.
 */
export async function claimEmptyTarget(client: pg.ClientBase, where: string): Promise<void> {
  const tables = (
    await client.query<{ name: string }>(
      'SELECT tablename AS name FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename',
    )
  ).rows.map((row) => row.name);
  const unknown = unknownTables('postgres', tables);
  if (unknown.length > 0)
    throw new MigrationRefused(
      `${where}: tables this migrate does not know (${unknown.join(', ')}): a newer collector's schema, or ` +
        'not a shoumi database',
    );
  const mustBeEmpty = tablesThatMustBeEmpty();
  await client.query(`LOCK TABLE ${mustBeEmpty.map(quoted).join(', ')} IN EXCLUSIVE MODE`);
  const found: string[] = [];
  for (const table of mustBeEmpty) {
    const counted = await client.query<{ rows: number }>(
      `SELECT count(*)::integer AS rows FROM (SELECT 1 FROM ${quoted(table)} LIMIT ${COUNT_CAP + 1}) AS present`,
    );
    const rows = counted.rows[0]?.rows ?? 0;
    if (rows > 0) found.push(`${table} ${rows > COUNT_CAP ? `more than ${COUNT_CAP}` : rows}`);
  }
  if (found.length > 0)
    throw new MigrationRefused(
      `${where} already holds shoumi data (${found.join(', ')}): migrate writes only into an empty database ` +
        '(createdb a new one); nothing was written',
    );
}

/**
 * The first position of chain format 2, as the source recorded it. PostgreSQL's schema writes 1 and a trigger
 * keeps the row fixed: lifted for this one write, in this transaction, and restored before it commits.
 */
export async function carryAuditFormatBoundary(
  client: pg.ClientBase,
  canonicalFrom: number | undefined,
): Promise<void> {
  if (canonicalFrom === undefined || canonicalFrom === 1) return;
  await client.query('ALTER TABLE audit_format DISABLE TRIGGER audit_format_fixed');
  await client.query('UPDATE audit_format SET canonical_from = $1', [canonicalFrom]);
  await client.query('ALTER TABLE audit_format ENABLE TRIGGER audit_format_fixed');
}

/** collector_finding_seqs: each device's lowest collector-made seq, from the copied findings. */
export async function rebuildCollectorFindingSeqs(client: pg.ClientBase): Promise<number> {
  const inserted = await client.query(
    `INSERT INTO collector_finding_seqs (device_id, lowest_seq)
     SELECT device_id, min(seq) FROM findings WHERE seq < 0 GROUP BY device_id`,
  );
  return inserted.rowCount ?? 0;
}

type CounterRow = Record<string, number | string>;

/**
 * Recounts every device's counters from the copied current findings and required rules, as the PostgreSQL
 * backend keeps them, and says how many devices' copied counters differed (0 when SQLite's triggers held).
 */
export async function recountAllDevices(client: pg.ClientBase): Promise<number> {
  const read = async () =>
    new Map(
      (
        await client.query<CounterRow>(
          'SELECT device_id, failing, errors, passing, not_applicable, judged_rules FROM devices',
        )
      ).rows.map((row) => [row.device_id as string, JSON.stringify(row)]),
    );
  const before = await read();
  await recountDevicesInTransaction(
    client,
    [...before.keys()].map((deviceId) => ({ deviceId, lastSeq: 0, seenAtMs: 0 })),
  );
  const after = await read();
  let differed = 0;
  for (const [deviceId, counters] of after) if (before.get(deviceId) !== counters) differed += 1;
  return differed;
}

/** The trail as this transaction sees it (uncommitted), read by the PostgreSQL store's own readers. */
export function trailSourceInTransaction(client: pg.ClientBase): TrailSource {
  return {
    readRecords: (options) => readAuditRecords(client, options),
    readSeals: (options) => readSeals(client, options),
    formatBoundary: () => auditFormatBoundary(client),
  };
}
