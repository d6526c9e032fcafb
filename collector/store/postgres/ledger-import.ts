// The ledger import on PostgreSQL: every entry of a file in one transaction, with one ledger.imported audit
// record and a ledger_history row per changed field: all or nothing. What it does is planned in
// ../ledger-import-plan.ts; each kind of write is one statement over arrays (unnest), whatever the rows.
// The chain lock comes first (audit.ts), then the named devices' rows in id order.
import type pg from 'pg';
import { type DeviceRow, ledgerFieldsOf } from '../device-row';
import {
  importAuditRecord,
  importOutcomeOf,
  importWrites,
  type PlannedEntry,
  planImport,
} from '../ledger-import-plan';
import { LEDGER_SLICES_GENERATION } from '../ledger-slice-cache';
import type { AuditContext, LedgerEntry, LedgerImportOutcome } from '../store';
import { asAssetNumberTaken } from './asset-number-unique';
import { appendAuditInTransaction, lockAuditChain } from './audit';
import { insertHistoryRowsInTransaction } from './ledger-history';
import { bumpGenerationInTransaction } from './write-generations';

async function readAndPlanImport(
  db: pg.Pool | pg.ClientBase,
  entries: readonly LedgerEntry[],
  lock: boolean,
): Promise<PlannedEntry[]> {
  const rows = await db.query<DeviceRow>(
    `SELECT * FROM devices WHERE device_id = ANY ($1::text[]) ORDER BY device_id${lock ? ' FOR UPDATE' : ''}`,
    [entries.map((entry) => entry.deviceId)],
  );
  return planImport(entries, new Map(rows.rows.map((row) => [row.device_id, ledgerFieldsOf(row)])));
}

export async function dryRunImport(
  db: pg.Pool | pg.ClientBase,
  entries: readonly LedgerEntry[],
): Promise<LedgerImportOutcome> {
  return importOutcomeOf(await readAndPlanImport(db, entries, false), 0);
}

/** The entries' ledger columns as arrays, in the order of LEDGER_ARRAYS. */
function columnsOf(plan: readonly PlannedEntry[]): unknown[] {
  const entries = plan.map((planned) => planned.entry);
  return [
    entries.map((entry) => entry.deviceId),
    entries.map((entry) => entry.assetNumber),
    entries.map((entry) => entry.classification),
    entries.map((entry) => entry.responsiblePerson),
    entries.map((entry) => entry.department),
    entries.map((entry) => entry.location),
    entries.map((entry) => entry.status),
    entries.map((entry) => JSON.stringify(entry.allowedNetworks)),
  ];
}

const LEDGER_ARRAYS = `unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[],
  $8::text[]) AS e (device_id, asset_number, classification, responsible_person, department, location, status,
  allowed_networks)`;

/** Call inside a transaction; entries are already validated (and no device appears twice). */
export async function importLedgerInTransaction(
  client: pg.ClientBase,
  entries: readonly LedgerEntry[],
  detail: Record<string, unknown>,
  audit: AuditContext,
  atMs: number,
): Promise<LedgerImportOutcome> {
  await lockAuditChain(client);
  const plan = await readAndPlanImport(client, entries, true);
  const record = await appendAuditInTransaction(client, importAuditRecord(plan, detail, audit), atMs);
  const { created, changed, renumbered, history } = importWrites(plan);
  try {
    if (renumbered.length > 0) {
      await client.query(`UPDATE devices SET asset_number = '' WHERE device_id = ANY ($1::text[])`, [
        renumbered.map((planned) => planned.entry.deviceId),
      ]);
    }
    if (changed.length > 0) {
      // Every ledger column is written from the entry: the unchanged ones get the value they already had.
      await client.query(
        `UPDATE devices SET asset_number = e.asset_number, classification = e.classification,
           responsible_person = e.responsible_person, department = e.department, location = e.location,
           status = e.status, allowed_networks = e.allowed_networks
           FROM ${LEDGER_ARRAYS} WHERE devices.device_id = e.device_id`,
        columnsOf(changed),
      );
    }
    if (created.length > 0) {
      await client.query(
        `INSERT INTO devices (device_id, asset_number, classification, responsible_person, department, location,
           status, allowed_networks)
         SELECT * FROM ${LEDGER_ARRAYS} ORDER BY device_id`,
        columnsOf(created),
      );
    }
  } catch (error) {
    throw asAssetNumberTaken(error);
  }
  await insertHistoryRowsInTransaction(client, history, audit.actor, record.position, atMs);
  if (history.length > 0) await bumpGenerationInTransaction(client, LEDGER_SLICES_GENERATION);
  return importOutcomeOf(plan, record.position);
}
