// The ledger import on SQLite: every entry of a file in one transaction, with one ledger.imported audit
// record and a ledger_history row per changed field, so a refused or failed import leaves nothing behind and
// the auditor sees one action with its file, its counts and every change it made. What the import does is
// planned in ../ledger-import-plan.ts; this file reads and writes.
import type { DeviceRow } from '../device-row';
import { ledgerFieldsOf } from '../device-row';
import {
  importAuditRecord,
  importOutcomeOf,
  importWrites,
  type PlannedEntry,
  planImport,
} from '../ledger-import-plan';
import { LEDGER_SLICES_GENERATION } from '../ledger-slice-cache';
import type { AuditContext, LedgerEntry, LedgerIdentity, LedgerImportOutcome } from '../store';
import { assetNumberTakenError } from './asset-number-triggers';
import { appendAuditInTransaction } from './audit';
import type { SqliteConnection } from './connection';
import { insertHistoryRowsInTransaction } from './ledger-history';
import { bumpGenerationInTransaction } from './write-generations';

export async function ledgerIdentities(
  reader: SqliteConnection,
  query: { deviceIds: readonly string[]; assetNumbers: readonly string[] },
): Promise<LedgerIdentity[]> {
  const rows = await reader.all<DeviceRow>(
    `SELECT * FROM devices
      WHERE device_id IN (SELECT value FROM json_each(?))
         OR (asset_number <> '' AND asset_number IN (SELECT value FROM json_each(?)))
      ORDER BY device_id`,
    [JSON.stringify(query.deviceIds), JSON.stringify(query.assetNumbers.filter((number) => number !== ''))],
  );
  return rows.map((row) => ({
    deviceId: row.device_id,
    assetNumber: row.asset_number,
    hostname: row.hostname,
    fields: ledgerFieldsOf(row),
  }));
}

/**
 * What importing the entries would do, read on any connection (the reader for a dry run). The devices are
 * read in one query: an import is one statement per kind of write, not one per row.
 */
async function readAndPlanImport(
  connection: SqliteConnection,
  entries: readonly LedgerEntry[],
): Promise<PlannedEntry[]> {
  const rows = await connection.all<DeviceRow>(
    'SELECT d.* FROM json_each(?) AS j JOIN devices AS d ON d.device_id = j.value',
    [JSON.stringify(entries.map((entry) => entry.deviceId))],
  );
  return planImport(entries, new Map(rows.map((row) => [row.device_id, ledgerFieldsOf(row)])));
}

export async function dryRunImport(
  reader: SqliteConnection,
  entries: readonly LedgerEntry[],
): Promise<LedgerImportOutcome> {
  return importOutcomeOf(await readAndPlanImport(reader, entries), 0);
}

/** Entries as JSON for json_each: the ledger columns as stored (allowed networks as JSON text). */
const entriesJson = (plan: readonly PlannedEntry[]) =>
  JSON.stringify(
    plan.map(({ entry }) => ({
      id: entry.deviceId,
      asset: entry.assetNumber,
      level: entry.classification,
      person: entry.responsiblePerson,
      department: entry.department,
      location: entry.location,
      status: entry.status,
      networks: JSON.stringify(entry.allowedNetworks),
    })),
  );

const FIELDS_FROM_JSON = `json_extract(j.value, '$.asset'), json_extract(j.value, '$.level'),
  json_extract(j.value, '$.person'), json_extract(j.value, '$.department'), json_extract(j.value, '$.location'),
  json_extract(j.value, '$.status'), json_extract(j.value, '$.networks')`;

/** Call inside a write transaction; entries are already validated (and no device appears twice). */
export async function importLedgerInTransaction(
  transaction: SqliteConnection,
  entries: readonly LedgerEntry[],
  detail: Record<string, unknown>,
  audit: AuditContext,
  atMs: number,
): Promise<LedgerImportOutcome> {
  const plan = await readAndPlanImport(transaction, entries);
  const record = await appendAuditInTransaction(transaction, importAuditRecord(plan, detail, audit), atMs);
  const { created, changed, renumbered, history } = importWrites(plan);
  try {
    if (renumbered.length > 0) {
      await transaction.run(
        `UPDATE devices SET asset_number = '' WHERE device_id IN (SELECT value FROM json_each(?))`,
        [JSON.stringify(renumbered.map((planned) => planned.entry.deviceId))],
      );
    }
    if (changed.length > 0) {
      // Every ledger column is written from the entry: the unchanged ones get the value they already had.
      await transaction.run(
        `UPDATE devices SET (asset_number, classification, responsible_person, department, location, status,
           allowed_networks) = (${FIELDS_FROM_JSON})
           FROM json_each(?) AS j WHERE devices.device_id = json_extract(j.value, '$.id')`,
        [entriesJson(changed)],
      );
    }
    if (created.length > 0) {
      await transaction.run(
        `INSERT INTO devices (device_id, asset_number, classification, responsible_person, department, location,
           status, allowed_networks)
         SELECT json_extract(j.value, '$.id'), ${FIELDS_FROM_JSON} FROM json_each(?) AS j`,
        [entriesJson(created)],
      );
    }
  } catch (error) {
    throw assetNumberTakenError(error);
  }
  await insertHistoryRowsInTransaction(transaction, history, audit.actor, record.position, atMs);
  if (history.length > 0) await bumpGenerationInTransaction(transaction, LEDGER_SLICES_GENERATION);
  return importOutcomeOf(plan, record.position);
}
