// The stored facts behind an inspection record (3.12.2) on PostgreSQL, read as sqlite/inspection.ts reads
// them (its header says what the scope and the material are). The sweeps' tables belong to the sweeps role;
// this file only reads them.
import type pg from 'pg';
import { type DeviceRow, toDeviceRecord } from '../device-row';
import { findingKeyText } from '../disposition-change';
import { ledgerPresence, type StatusChangeRow } from '../ledger-presence';
import type {
  CurrentKeyState,
  DeviceRecord,
  FindingKey,
  InspectedKey,
  InspectedSweep,
  InspectionMaterial,
  InspectionScope,
  StoredFinding,
  SweepTargetState,
} from '../store';
import { DEVICE_ROW } from './devices';
import { dispositionsFor } from './dispositions';
import { type StoredFindingRow, toStoredFinding } from './findings-listing';

type Db = pg.Pool | pg.ClientBase;

/** The newest finding per key among those the condition selects: by observation time, then by |seq|. */
async function newestPerKey(db: Db, condition: string, values: unknown[]): Promise<StoredFinding[]> {
  const rows = await db.query<StoredFindingRow>(
    `SELECT ranked.*, d.hostname FROM (
        SELECT f.*, row_number() OVER (
          PARTITION BY f.device_id, f.rule_id, f.subject ORDER BY f.observed_at_ms DESC, abs(f.seq) DESC
        ) AS newness
        FROM findings f WHERE ${condition}
      ) AS ranked JOIN devices d ON d.device_id = ranked.device_id
      WHERE ranked.newness = 1
      ORDER BY ranked.device_id, ranked.rule_id COLLATE "C", ranked.subject COLLATE "C"`,
    values,
  );
  return rows.rows.map(toStoredFinding);
}

async function sweepOf(db: Db, sweepId: string): Promise<InspectedSweep | null> {
  const row = (
    await db.query<{
      sweep_id: string;
      created_at_ms: number;
      completed_at_ms: number;
      requested_by: string;
      rule_ids: string;
    }>(
      'SELECT sweep_id, created_at_ms, completed_at_ms, requested_by, rule_ids FROM sweeps WHERE sweep_id = $1',
      [sweepId],
    )
  ).rows[0];
  if (row === undefined) return null;
  return {
    sweepId: row.sweep_id,
    createdAtMs: row.created_at_ms,
    completedAtMs: row.completed_at_ms,
    requestedBy: row.requested_by,
    ruleIds: JSON.parse(row.rule_ids) as string[],
  };
}

async function targetsOf(db: Db, sweepId: string): Promise<SweepTargetState[]> {
  const rows = await db.query<{
    device_id: string;
    state: SweepTargetState['state'];
    answered_at_ms: number;
    error: string;
  }>(
    `SELECT device_id, state, answered_at_ms, error FROM sweep_targets WHERE sweep_id = $1
      ORDER BY device_id COLLATE "C"`,
    [sweepId],
  );
  return rows.rows.map((row) => ({
    deviceId: row.device_id,
    state: row.state,
    answeredAtMs: row.answered_at_ms,
    error: row.error,
  }));
}

export async function inspectionMaterial(db: Db, scope: InspectionScope): Promise<InspectionMaterial | null> {
  let sweep: InspectedSweep | null = null;
  let targets: SweepTargetState[] = [];
  let condition: string;
  let values: unknown[];
  if (scope.kind === 'sweep') {
    sweep = await sweepOf(db, scope.sweepId);
    if (sweep === null) return null;
    targets = await targetsOf(db, scope.sweepId);
    condition = 'f.sweep_id = $1';
    values = [scope.sweepId];
  } else {
    condition = 'f.observed_at_ms BETWEEN $1 AND $2';
    values = [scope.fromMs, scope.toMs];
  }
  const latest = await newestPerKey(db, condition, values);
  const problems = await newestPerKey(db, `${condition} AND f.status IN ('fail', 'error')`, values);
  const problemByKey = new Map(problems.map((finding) => [findingKeyText(finding), finding]));
  const keys: InspectedKey[] = latest.map((finding) => ({
    latest: finding,
    lastProblem: problemByKey.get(findingKeyText(finding)) ?? null,
  }));
  const scopeStartMs = sweep !== null ? sweep.createdAtMs : scope.kind === 'window' ? scope.fromMs : 0;
  const inScope = [
    ...new Set([...targets.map((target) => target.deviceId), ...latest.map((f) => f.deviceId)]),
  ];
  const devices = await candidateDevices(db, inScope, scopeStartMs);
  return {
    sweep,
    devices,
    ledger: await ledgerPresenceOf(db, devices),
    targets,
    keys,
    dispositions: await dispositionsFor(db, problems),
    current: await currentStates(db, problems),
  };
}

/**
 * The devices in scope and every other ledger device that is not retired, or whose status changed since the
 * scope began (it may have been in service then): one statement.
 */
async function candidateDevices(
  db: Db,
  inScope: readonly string[],
  scopeStartMs: number,
): Promise<DeviceRecord[]> {
  const rows = await db.query<DeviceRow>(
    `SELECT ${DEVICE_ROW} FROM devices
      WHERE status <> 'retired' OR device_id = ANY($1::text[])
         OR device_id IN (SELECT device_id FROM ledger_history WHERE field = 'status' AND at_ms >= $2)
      ORDER BY device_id COLLATE "C"`,
    [inScope, scopeStartMs],
  );
  return rows.rows.map(toDeviceRecord);
}

async function ledgerPresenceOf(db: Db, devices: readonly DeviceRecord[]) {
  const ids = devices.map((device) => device.deviceId);
  const first = await db.query<{ device_id: string; at_ms: number }>(
    `SELECT device_id, min(at_ms) AS at_ms FROM ledger_history WHERE device_id = ANY($1::text[])
      GROUP BY device_id`,
    [ids],
  );
  const statusChanges = await db.query<StatusChangeRow>(
    `SELECT device_id, at_ms, old_value, new_value FROM ledger_history
      WHERE field = 'status' AND device_id = ANY($1::text[]) ORDER BY device_id, change_id`,
    [ids],
  );
  return ledgerPresence(
    devices,
    new Map(first.rows.map((row) => [row.device_id, row.at_ms])),
    statusChanges.rows,
  );
}

/** The current finding of each key now. */
async function currentStates(db: Db, keys: readonly FindingKey[]): Promise<CurrentKeyState[]> {
  if (keys.length === 0) return [];
  const rows = await db.query<{
    device_id: string;
    rule_id: string;
    subject: string;
    status: CurrentKeyState['status'];
    observed_at_ms: number;
  }>(
    `SELECT DISTINCT c.device_id, c.rule_id, c.subject, f.status, f.observed_at_ms
       FROM unnest($1::text[], $2::text[], $3::text[]) AS k (device_id, rule_id, subject)
       JOIN current_findings c ON c.device_id = k.device_id AND c.rule_id = k.rule_id AND c.subject = k.subject
       JOIN findings f ON f.device_id = c.device_id AND f.seq = c.seq
      ORDER BY c.device_id, c.rule_id, c.subject`,
    [keys.map((k) => k.deviceId), keys.map((k) => k.ruleId), keys.map((k) => k.subject)],
  );
  return rows.rows.map((row) => ({
    deviceId: row.device_id,
    ruleId: row.rule_id,
    subject: row.subject,
    status: row.status,
    observedAtMs: row.observed_at_ms,
  }));
}
