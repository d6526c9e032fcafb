// The two questions the silent-agent watch asks over the whole fleet, each one indexed query whose cost
// follows the number of devices it answers with, not the size of the fleet: devices_by_last_seen (schema 3)
// ranges over the devices last heard before the cutoff, and current_findings_by_rule over the devices the
// rule has a current finding for.
import type { WatchedDevice } from '../store';
import type { SqliteConnection } from './connection';

interface WatchedRow {
  device_id: string;
  last_seen_ms: number;
  status: string;
}

const watched = (row: WatchedRow): WatchedDevice => ({
  deviceId: row.device_id,
  lastSeenMs: row.last_seen_ms,
  retired: row.status === 'retired',
});

export async function newlySilentDevices(
  reader: SqliteConnection,
  ruleId: string,
  cutoffMs: number,
  limit: number,
): Promise<WatchedDevice[]> {
  // Devices already failing the rule are left out: their finding stands, and judging them again every
  // minute with a growing "silent for" would add a history row each time.
  const rows = await reader.all<WatchedRow>(
    `SELECT d.device_id, d.last_seen_ms, d.status FROM devices d
      WHERE d.last_seen_ms < ? AND d.first_seen_ms > 0 AND d.status <> 'retired'
        AND NOT EXISTS (SELECT 1 FROM current_findings c
                         WHERE c.device_id = d.device_id AND c.rule_id = ? AND c.subject = ''
                           AND c.status = 'fail')
      ORDER BY d.last_seen_ms LIMIT ?`,
    [cutoffMs, ruleId, limit],
  );
  return rows.map(watched);
}

// "+c.status": keeps the planner off current_findings_by_status_clause, which would walk every failing
// finding of the fleet; by rule it walks only this rule's findings, already in device order.
export async function revivedSilentDevices(
  reader: SqliteConnection,
  ruleId: string,
  cutoffMs: number,
  limit: number,
): Promise<WatchedDevice[]> {
  const rows = await reader.all<WatchedRow>(
    `SELECT d.device_id, d.last_seen_ms, d.status FROM current_findings c
       JOIN devices d ON d.device_id = c.device_id
      WHERE c.rule_id = ? AND c.subject = '' AND +c.status = 'fail'
        AND (d.last_seen_ms >= ? OR d.status = 'retired')
      ORDER BY c.device_id LIMIT ?`,
    [ruleId, cutoffMs, limit],
  );
  return rows.map(watched);
}
