// What a ledger import does, decided apart from where the ledger is kept: which entries are refused before
// anything is read, which devices it creates or changes (and which fields of each, as history), what it
// counts, and the one ledger.imported audit record that says so. Both backends read the stored entries,
// plan with this, and write the plan in one transaction.
import { NEW_LEDGER_ENTRY } from '../ledger/ledger-rules';
import { type FieldChange, ledgerChangesOf } from './ledger-changes';
import type { AuditContext, AuditRecordInput, LedgerEntry, LedgerFields, LedgerImportOutcome } from './store';
import { InvalidStoreInputError } from './store-errors';
import { invalidLedgerFields } from './validate-input';

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

export interface PlannedEntry {
  entry: LedgerEntry;
  created: boolean;
  changes: FieldChange[];
}

/** Each entry against the stored fields of its device (absent: not in the ledger yet). */
export function planImport(
  entries: readonly LedgerEntry[],
  stored: ReadonlyMap<string, LedgerFields>,
): PlannedEntry[] {
  return entries.map((entry) => {
    const current = stored.get(entry.deviceId);
    const { deviceId: _deviceId, ...fields } = entry;
    // A new entry is compared with the defaults it is created with, so only the fields it sets are history.
    return {
      entry,
      created: current === undefined,
      changes: ledgerChangesOf(current ?? NEW_LEDGER_ENTRY, fields),
    };
  });
}

export function importOutcomeOf(plan: readonly PlannedEntry[], auditPosition: number): LedgerImportOutcome {
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

/** The writes a plan comes to: devices to create, devices to change (those renumbered among them). */
export function importWrites(plan: readonly PlannedEntry[]) {
  const created = plan.filter((planned) => planned.created);
  const changed = plan.filter((planned) => !planned.created && planned.changes.length > 0);
  return {
    created,
    changed,
    // Numbers change hands first: each device giving up its asset number holds none for a moment, so that
    // two devices swapping numbers in one file do not meet the uniqueness rule half way (row by row).
    renumbered: changed.filter((planned) => planned.changes.some((change) => change.field === 'assetNumber')),
    history: plan.flatMap((planned) =>
      planned.changes.map((change) => ({ deviceId: planned.entry.deviceId, ...change })),
    ),
  };
}

/** The audit record names at most this many devices; the history rows hold every change of every device. */
const AUDIT_DEVICE_IDS = 1000;

export function importAuditRecord(
  plan: readonly PlannedEntry[],
  detail: Record<string, unknown>,
  audit: AuditContext,
): AuditRecordInput {
  const counts = importOutcomeOf(plan, 0);
  return {
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
  };
}
