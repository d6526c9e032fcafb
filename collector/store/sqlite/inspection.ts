// The stored facts behind an inspection record (3.12.2), read in one place: the sweep and its targets (the
// sweep runner writes `sweeps` and `sweep_targets`; this file only reads them), per finding key in the scope
// its newest observation and its newest failing one, the measures recorded for those keys and their current
// state now, and the ledger: every device that may have been in service during the scope, with its status
// changes and when it entered the ledger, so that collector/reports/ can list the devices nobody inspected.
//
// Scope: a sweep is every finding whose sweep_id is the sweep's (the agent tags a commanded sweep's findings
// with its id). A window is every finding observed in [from, to], agent-made and collector-made alike.
// A window has no index on observed_at_ms and scans the history once; that is a report, not a hot path.
// The ledger is read whole, a page at a time (a report lists every device in scope anyway).

import { ledgerPresence, type StatusChangeRow } from '../ledger-presence';
import type {
  CurrentKeyState,
  DeviceRecord,
  FindingKey,
  InspectedKey,
  InspectedSweep,
  InspectionMaterial,
  InspectionScope,
  LedgerPresence,
  StoredFinding,
  SweepTargetState,
} from '../store';
import type { SqliteConnection, SqlValue } from './connection';
import { getDevice, listDevices } from './devices';
import { dispositionKey, dispositionsFor } from './dispositions';
import { type StoredFindingRow, toStoredFinding } from './findings';

/**
 * The newest finding per (device, rule, subject) among those the condition selects. Newest by observation
 * time, then by |seq| (collector-made seqs run downwards, so their magnitude grows with time as well).
 */
async function newestPerKey(
  reader: SqliteConnection,
  condition: string,
  params: readonly SqlValue[],
): Promise<StoredFinding[]> {
  const rows = await reader.all<StoredFindingRow>(
    `SELECT ranked.*, d.hostname FROM (
        SELECT f.*, row_number() OVER (
          PARTITION BY f.device_id, f.rule_id, f.subject ORDER BY f.observed_at_ms DESC, abs(f.seq) DESC
        ) AS newness
        FROM findings f WHERE ${condition}
      ) AS ranked JOIN devices d ON d.device_id = ranked.device_id
      WHERE ranked.newness = 1
      ORDER BY ranked.device_id, ranked.rule_id, ranked.subject`,
    params,
  );
  return rows.map(toStoredFinding);
}

async function sweepOf(reader: SqliteConnection, sweepId: string): Promise<InspectedSweep | null> {
  const row = await reader.get<{
    sweep_id: string;
    created_at_ms: number;
    completed_at_ms: number;
    requested_by: string;
    rule_ids: string;
  }>(
    'SELECT sweep_id, created_at_ms, completed_at_ms, requested_by, rule_ids FROM sweeps WHERE sweep_id = ?',
    [sweepId],
  );
  if (row === undefined) return null;
  return {
    sweepId: row.sweep_id,
    createdAtMs: row.created_at_ms,
    completedAtMs: row.completed_at_ms,
    requestedBy: row.requested_by,
    ruleIds: JSON.parse(row.rule_ids) as string[],
  };
}

async function targetsOf(reader: SqliteConnection, sweepId: string): Promise<SweepTargetState[]> {
  const rows = await reader.all<{
    device_id: string;
    state: SweepTargetState['state'];
    answered_at_ms: number;
    error: string;
  }>(
    'SELECT device_id, state, answered_at_ms, error FROM sweep_targets WHERE sweep_id = ? ORDER BY device_id',
    [sweepId],
  );
  return rows.map((row) => ({
    deviceId: row.device_id,
    state: row.state,
    answeredAtMs: row.answered_at_ms,
    error: row.error,
  }));
}

export async function inspectionMaterial(
  reader: SqliteConnection,
  scope: InspectionScope,
): Promise<InspectionMaterial | null> {
  let sweep: InspectedSweep | null = null;
  let targets: SweepTargetState[] = [];
  let condition: string;
  let params: SqlValue[];
  if (scope.kind === 'sweep') {
    sweep = await sweepOf(reader, scope.sweepId);
    if (sweep === null) return null;
    targets = await targetsOf(reader, scope.sweepId);
    condition = 'f.sweep_id = ?';
    params = [scope.sweepId];
  } else {
    condition = 'f.observed_at_ms BETWEEN ? AND ?';
    params = [scope.fromMs, scope.toMs];
  }
  const [latest, problems] = await Promise.all([
    newestPerKey(reader, condition, params),
    newestPerKey(reader, `${condition} AND f.status IN ('fail', 'error')`, params),
  ]);
  const problemByKey = new Map(problems.map((finding) => [dispositionKey(finding), finding]));
  const keys: InspectedKey[] = latest.map((finding) => ({
    latest: finding,
    lastProblem: problemByKey.get(dispositionKey(finding)) ?? null,
  }));

  const scopeStartMs = sweep !== null ? sweep.createdAtMs : scope.kind === 'window' ? scope.fromMs : 0;
  const inScope = new Set([...targets.map((target) => target.deviceId), ...latest.map((f) => f.deviceId)]);
  const devices = await candidateDevices(reader, inScope, scopeStartMs);
  const [ledger, dispositions, current] = await Promise.all([
    ledgerPresenceOf(reader, devices),
    dispositionsFor(reader, problems),
    currentStates(reader, problems),
  ]);
  return { sweep, devices, ledger, targets, keys, dispositions, current };
}

/**
 * The devices in scope (targets, devices with findings in it) and every other ledger device that is not
 * retired, or whose status changed since the scope began (it may have been in service then).
 */
async function candidateDevices(
  reader: SqliteConnection,
  inScope: ReadonlySet<string>,
  scopeStartMs: number,
): Promise<DeviceRecord[]> {
  const changedSince = new Set(
    (
      await reader.all<{ device_id: string }>(
        `SELECT DISTINCT device_id FROM ledger_history WHERE field = 'status' AND at_ms >= ?`,
        [scopeStartMs],
      )
    ).map((row) => row.device_id),
  );
  const devices: DeviceRecord[] = [];
  const listed = new Set<string>();
  let afterDeviceId = '';
  do {
    const page = await listDevices(reader, { limit: 1000, afterDeviceId });
    for (const device of page.devices) {
      if (device.status === 'retired' && !changedSince.has(device.deviceId) && !inScope.has(device.deviceId))
        continue;
      devices.push(device);
      listed.add(device.deviceId);
    }
    afterDeviceId = page.nextAfterDeviceId;
  } while (afterDeviceId !== '');
  // A device in scope that the listing missed (added while it was paged) is read on its own.
  for (const deviceId of [...inScope].sort()) {
    if (listed.has(deviceId)) continue;
    const device = await getDevice(reader, deviceId);
    if (device !== null) devices.push(device);
  }
  return devices.sort((a, b) => (a.deviceId < b.deviceId ? -1 : a.deviceId > b.deviceId ? 1 : 0));
}

async function ledgerPresenceOf(
  reader: SqliteConnection,
  devices: readonly DeviceRecord[],
): Promise<LedgerPresence[]> {
  const firstChange = new Map<string, number>();
  for (const row of await reader.all<{ device_id: string; at_ms: number }>(
    'SELECT device_id, min(at_ms) AS at_ms FROM ledger_history GROUP BY device_id',
  ))
    firstChange.set(row.device_id, row.at_ms);
  const statusChanges = await reader.all<StatusChangeRow>(
    `SELECT device_id, at_ms, old_value, new_value FROM ledger_history WHERE field = 'status'
      ORDER BY device_id, change_id`,
  );
  return ledgerPresence(devices, firstChange, statusChanges);
}

/** The current finding of each key now, read per device (the primary key's prefix) like the dispositions. */
async function currentStates(
  reader: SqliteConnection,
  keys: readonly FindingKey[],
): Promise<CurrentKeyState[]> {
  const wanted = new Set(keys.map(dispositionKey));
  const found: CurrentKeyState[] = [];
  for (const deviceId of [...new Set(keys.map((key) => key.deviceId))].sort()) {
    const rows = await reader.all<{
      device_id: string;
      rule_id: string;
      subject: string;
      status: CurrentKeyState['status'];
      observed_at_ms: number;
    }>(
      `SELECT c.device_id, c.rule_id, c.subject, f.status, f.observed_at_ms
         FROM current_findings c JOIN findings f ON f.device_id = c.device_id AND f.seq = c.seq
        WHERE c.device_id = ? ORDER BY c.rule_id, c.subject`,
      [deviceId],
    );
    for (const row of rows) {
      const state: CurrentKeyState = {
        deviceId: row.device_id,
        ruleId: row.rule_id,
        subject: row.subject,
        status: row.status,
        observedAtMs: row.observed_at_ms,
      };
      if (wanted.has(dispositionKey(state))) found.push(state);
    }
  }
  return found;
}
