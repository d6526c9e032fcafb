// The ledger import on SQLite: every entry of a file in one transaction, with one ledger.imported audit
// record and a ledger_history row per changed field, so a refused or failed import leaves nothing behind and
// the auditor sees one action with its file, its counts and every change it made.
import { NEW_LEDGER_ENTRY } from '../../ledger/ledger-rules';
import type { DeviceRow } from '../device-row';
import { ledgerFieldsOf } from '../device-row';
import type { FieldChange } from '../ledger-changes';
import { ledgerChangesOf } from '../ledger-changes';
import type { AuditContext, LedgerEntry, LedgerIdentity, LedgerImportOutcome } from '../store';
import { InvalidStoreInputError } from '../store-errors';
import { invalidLedgerFields } from '../validate-input';
import { assetNumberTakenError } from './asset-number-triggers';
import { appendAuditInTransaction } from './audit';
import type { SqliteConnection } from './connection';
import { insertHistoryRowsInTransaction } from './ledger-history';

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

/** Refuses an import the caller should never have passed: a bad field or one device twice. */
export function invalidLedgerEntries(entries: readonly LedgerEntry[]): InvalidStoreInputError | null {
  const seen = new Set<string>();
  for (const entry of entries) {
    if (typeof entry.deviceId !== 'string' || entry.deviceId === '') {
      return new InvalidStoreInputError('ledger import: every entry needs a device id');
    }
    if (seen.has(entry.deviceId)) {
      return new InvalidStoreInputError(`ledger import: device "${entry.deviceId}" appears twice`);
    }
    seen.add(entry.deviceId);
    const invalid = invalidLedgerFields(entry);
    if (invalid !== null) {
      return new InvalidStoreInputError(`ledger import, device "${entry.deviceId}": ${invalid.message}`);
    }
  }
  return null;
}

interface PlannedEntry {
  entry: LedgerEntry;
  created: boolean;
  changes: FieldChange[];
}

/**
 * What importing the entries would do, read on any connection (the reader for a dry run). The devices are
 * read in one query: an import is one statement per kind of write, not one per row.
 */
async function planImport(
  connection: SqliteConnection,
  entries: readonly LedgerEntry[],
): Promise<PlannedEntry[]> {
  const rows = await connection.all<DeviceRow>(
    'SELECT d.* FROM json_each(?) AS j JOIN devices AS d ON d.device_id = j.value',
    [JSON.stringify(entries.map((entry) => entry.deviceId))],
  );
  const existing = new Map(rows.map((row) => [row.device_id, row]));
  return entries.map((entry) => {
    const row = existing.get(entry.deviceId);
    const { deviceId: _deviceId, ...fields } = entry;
    // A new entry is compared with the defaults it is created with, so only the fields it sets are history.
    const current = row === undefined ? NEW_LEDGER_ENTRY : ledgerFieldsOf(row);
    return { entry, created: row === undefined, changes: ledgerChangesOf(current, fields) };
  });
}

function outcomeOf(plan: readonly PlannedEntry[], auditPosition: number): LedgerImportOutcome {
  const touched = plan.filter((planned) => planned.created || planned.changes.length > 0);
  const created = plan.filter((planned) => planned.created).length;
  return {
    rows: plan.length,
    created,
    changed: touched.length - created,
    unchanged: plan.length - touched.length,
    changedDeviceIds: touched.map((planned) => planned.entry.deviceId),
    auditPosition,
  };
}

export async function dryRunImport(
  reader: SqliteConnection,
  entries: readonly LedgerEntry[],
): Promise<LedgerImportOutcome> {
  return outcomeOf(await planImport(reader, entries), 0);
}

/** The audit record names at most this many devices; the history rows hold every change of every device. */
const AUDIT_DEVICE_IDS = 1000;

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
  const plan = await planImport(transaction, entries);
  const counts = outcomeOf(plan, 0);
  const record = await appendAuditInTransaction(
    transaction,
    {
      ...audit,
      action: 'ledger.imported',
      target: 'ledger',
      detail: {
        ...detail,
        rows: counts.rows,
        created: counts.created,
        changed: counts.changed,
        unchanged: counts.unchanged,
        changedDeviceIds: counts.changedDeviceIds.slice(0, AUDIT_DEVICE_IDS),
      },
      outcome: 'allowed',
    },
    atMs,
  );
  const created = plan.filter((planned) => planned.created);
  const changed = plan.filter((planned) => !planned.created && planned.changes.length > 0);
  try {
    // Numbers change hands first: each device giving up its asset number holds none for a moment, so that
    // two devices swapping numbers in one file do not meet the uniqueness triggers half way (row by row).
    const renumbered = changed.filter((planned) =>
      planned.changes.some((change) => change.field === 'assetNumber'),
    );
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
  await insertHistoryRowsInTransaction(
    transaction,
    plan.flatMap((planned) =>
      planned.changes.map((change) => ({ deviceId: planned.entry.deviceId, ...change })),
    ),
    audit.actor,
    record.position,
    atMs,
  );
  return { ...counts, auditPosition: record.position };
}
