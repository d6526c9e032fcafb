// What changed in a device's record, decided apart from where it is kept: ledger fields an administrator
// changed, hardware facts an agent's hello changed. Each change becomes one history row (and its audit
// record says who, from where, and why).
import { LEDGER_COLUMNS } from './device-row';
import type { HardwareIdentity, LedgerFields } from './store';

export interface FieldChange {
  field: string;
  from: unknown;
  to: unknown;
}

const HARDWARE_FACTS: ReadonlyArray<keyof HardwareIdentity> = [
  'hostname',
  'machineId',
  'dmiProductUuid',
  'dmiBoardSerial',
  'macAddresses',
  'osName',
  'osVersion',
  'kernel',
  'arch',
  'disks',
];

/**
 * The hardware facts that differ, as history fields "hardware.<fact>". MAC addresses and disks are compared
 * as sets: they enumerate in no fixed order, and a reordering is not a change of hardware.
 */
export function hardwareChanges(before: HardwareIdentity, after: HardwareIdentity): FieldChange[] {
  const comparable = (fact: keyof HardwareIdentity, identity: HardwareIdentity) => {
    const value = identity[fact];
    return JSON.stringify(
      Array.isArray(value) ? value.map((item) => JSON.stringify(item)).sort() : (value ?? ''),
    );
  };
  return HARDWARE_FACTS.filter((fact) => comparable(fact, before) !== comparable(fact, after)).map(
    (fact) => ({
      field: `hardware.${fact}`,
      from: before[fact] ?? null,
      to: after[fact] ?? null,
    }),
  );
}

/** The fields whose value would change, in ledger column order. */
export function ledgerChangesOf(current: LedgerFields, fields: Partial<LedgerFields>): FieldChange[] {
  const changes: FieldChange[] = [];
  for (const field of Object.keys(LEDGER_COLUMNS) as Array<keyof LedgerFields>) {
    const next = fields[field];
    if (next === undefined) continue;
    if (JSON.stringify(next) !== JSON.stringify(current[field])) {
      changes.push({ field, from: current[field], to: next });
    }
  }
  return changes;
}
