// The ledger import on SQLite: every entry of a file in one transaction, with one ledger.imported audit
// record and a ledger_history row per changed field, so a refused or failed import leaves nothing behind and
// the auditor sees one action with its file, its counts and every change it made.
import type { AuditContext, LedgerEntry, LedgerFields, LedgerImportOutcome } from '../store';
import { InvalidStoreInputError } from '../store-errors';
import { invalidLedgerFields } from '../validate-input';
import { appendAuditInTransaction } from './audit';
import type { SqliteConnection } from './connection';
import {
  createLedgerEntryInTransaction,
  type DeviceRow,
  deviceRow,
  ledgerChangesOf,
  ledgerFieldsOf,
  writeLedgerChangesInTransaction,
} from './devices';
import type { FieldChange } from './ledger-history';

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
  deviceId: string;
  created: boolean;
  changes: FieldChange[];
}

/** What importing the entries would do, read on any connection (the reader for a dry run). */
async function planImport(
  connection: SqliteConnection,
  entries: readonly LedgerEntry[],
): Promise<PlannedEntry[]> {
  const plan: PlannedEntry[] = [];
  for (const entry of entries) {
    const row: DeviceRow | undefined = await deviceRow(connection, entry.deviceId);
    const { deviceId, ...fields } = entry;
    // A new entry is compared with the defaults it is created with, so only the fields it sets are history.
    const current: LedgerFields = row === undefined ? NEW_ENTRY : ledgerFieldsOf(row);
    plan.push({ deviceId, created: row === undefined, changes: ledgerChangesOf(current, fields) });
  }
  return plan;
}

/** The defaults of the devices table (migration 1). */
const NEW_ENTRY: LedgerFields = {
  assetNumber: '',
  classification: null,
  responsiblePerson: '',
  department: '',
  location: '',
  status: 'in_service',
  allowedNetworks: [],
};

function outcomeOf(plan: readonly PlannedEntry[], auditPosition: number): LedgerImportOutcome {
  const touched = plan.filter((entry) => entry.created || entry.changes.length > 0);
  const created = plan.filter((entry) => entry.created).length;
  return {
    rows: plan.length,
    created,
    changed: touched.length - created,
    unchanged: plan.length - touched.length,
    changedDeviceIds: touched.map((entry) => entry.deviceId),
    auditPosition,
  };
}

export async function dryRunImport(
  reader: SqliteConnection,
  entries: readonly LedgerEntry[],
): Promise<LedgerImportOutcome> {
  return outcomeOf(await planImport(reader, entries), 0);
}

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
  const entry = await appendAuditInTransaction(
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
        // Every change is in the record itself, so the hash chain covers what the import did.
        devices: plan
          .filter((planned) => planned.created || planned.changes.length > 0)
          .map((planned) => ({
            deviceId: planned.deviceId,
            created: planned.created,
            changes: planned.changes,
          })),
      },
      outcome: 'allowed',
    },
    atMs,
  );
  for (const planned of plan) {
    if (planned.created) await createLedgerEntryInTransaction(transaction, planned.deviceId);
    await writeLedgerChangesInTransaction(
      transaction,
      planned.deviceId,
      planned.changes,
      audit.actor,
      entry.position,
      atMs,
    );
  }
  return { ...counts, auditPosition: entry.position };
}
