// The silent-agent watch's two questions on PostgreSQL, each one indexed query: devices_by_last_seen over
// the devices last heard before the cutoff, current_findings_by_rule over those the rule stands failed on.
import type pg from 'pg';
import type { WatchedDevice } from '../store';

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
  db: pg.Pool | pg.ClientBase,
  ruleId: string,
  cutoffMs: number,
  limit: number,
): Promise<WatchedDevice[]> {
  const rows = await db.query<WatchedRow>(
    `SELECT d.device_id, d.last_seen_ms, d.status FROM devices d
      WHERE d.last_seen_ms < $1 AND d.first_seen_ms > 0 AND d.status <> 'retired'
        AND NOT EXISTS (SELECT 1 FROM current_findings c
                         WHERE c.device_id = d.device_id AND c.rule_id = $2 AND c.subject = ''
                           AND c.status = 'fail')
      ORDER BY d.last_seen_ms, d.device_id LIMIT $3`,
    [cutoffMs, ruleId, limit],
  );
  return rows.rows.map(watched);
}

export async function revivedSilentDevices(
  db: pg.Pool | pg.ClientBase,
  ruleId: string,
  cutoffMs: number,
  limit: number,
): Promise<WatchedDevice[]> {
  const rows = await db.query<WatchedRow>(
    `SELECT d.device_id, d.last_seen_ms, d.status FROM current_findings c
       JOIN devices d ON d.device_id = c.device_id
      WHERE c.rule_id = $1 AND c.subject = '' AND c.status = 'fail'
        AND (d.last_seen_ms >= $2 OR d.status = 'retired')
      ORDER BY c.device_id LIMIT $3`,
    [ruleId, cutoffMs, limit],
  );
  return rows.rows.map(watched);
}
