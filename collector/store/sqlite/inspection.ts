// The stored facts behind an inspection record (3.12.2), read in one place: the sweep and its targets (the
// sweep runner writes `sweeps` and `sweep_targets`; this file only reads them), and per finding key in the
// scope its newest observation and its newest failing one, plus the measures recorded for those keys.
//
// Scope: a sweep is every finding whose sweep_id is the sweep's (the agent tags a commanded sweep's findings
// with its id). A window is every finding observed in [from, to], agent-made and collector-made alike.
// A window has no index on observed_at_ms and scans the history once; that is a report, not a hot path.
import type {
  InspectedKey,
  InspectedSweep,
  InspectionMaterial,
  InspectionScope,
  StoredFinding,
  SweepTargetState,
} from '../store';
import type { SqliteConnection, SqlValue } from './connection';
import { getDevice } from './devices';
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

  const deviceIds = [
    ...new Set([...targets.map((target) => target.deviceId), ...latest.map((f) => f.deviceId)]),
  ];
  const devices = [];
  for (const deviceId of deviceIds.sort()) {
    const device = await getDevice(reader, deviceId);
    if (device !== null) devices.push(device);
  }
  const dispositions = await dispositionsFor(reader, problems);
  return { sweep, devices, targets, keys, dispositions };
}
