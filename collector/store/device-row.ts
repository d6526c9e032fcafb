// One device as every backend stores it (the devices table's columns) and as every DeviceStore read returns
// it (JudgedDeviceRecord): one mapping, so SQLite and PostgreSQL cannot read a row two ways.
import { deviceJudgement } from './compliance-state';
import type { HardwareIdentity, JudgedDeviceRecord, LedgerFields } from './store';

export interface DeviceRow {
  device_id: string;
  hostname: string;
  hardware: string | null;
  agent_version: string;
  policy_version: string;
  first_seen_ms: number;
  last_seen_ms: number;
  asset_number: string;
  classification: LedgerFields['classification'];
  responsible_person: string;
  department: string;
  location: string;
  status: LedgerFields['status'];
  allowed_networks: string;
  last_seq: number;
  failing: number;
  errors: number;
  passing: number;
  not_applicable: number;
  judged_rules: number;
  /** Not a devices column: how many rules every device must be judged on, read beside the row. */
  required_rules: number;
}

export const LEDGER_COLUMNS: Record<keyof LedgerFields, keyof DeviceRow> = {
  assetNumber: 'asset_number',
  classification: 'classification',
  responsiblePerson: 'responsible_person',
  department: 'department',
  location: 'location',
  status: 'status',
  allowedNetworks: 'allowed_networks',
};

/** Hellos stored before agents reported disks have none: read as an empty list, not a missing fact. */
export function hardwareOf(json: string): HardwareIdentity {
  const stored = JSON.parse(json) as Partial<HardwareIdentity>;
  return { ...stored, disks: stored.disks ?? [] } as HardwareIdentity;
}

export function ledgerFieldsOf(row: DeviceRow): LedgerFields {
  return {
    assetNumber: row.asset_number,
    classification: row.classification,
    responsiblePerson: row.responsible_person,
    department: row.department,
    location: row.location,
    status: row.status,
    allowedNetworks: JSON.parse(row.allowed_networks) as string[],
  };
}

export function toDeviceRecord(row: DeviceRow): JudgedDeviceRecord {
  const counts = {
    pass: row.passing,
    fail: row.failing,
    error: row.errors,
    not_applicable: row.not_applicable,
  };
  return {
    deviceId: row.device_id,
    hostname: row.hostname,
    hardware: row.hardware === null ? null : hardwareOf(row.hardware),
    agentVersion: row.agent_version,
    policyVersion: row.policy_version,
    firstSeenMs: row.first_seen_ms,
    lastSeenMs: row.last_seen_ms,
    lastSeq: row.last_seq,
    counts,
    judgement: deviceJudgement(
      { lastSeenMs: row.last_seen_ms, counts, judgedRules: row.judged_rules },
      row.required_rules,
    ),
    ...ledgerFieldsOf(row),
  };
}
