// Devices on PostgreSQL: first contact and hardware facts (hello), last seen (heartbeats), reads of one
// device. What a hello means (first-seen audit, hardware history) is decided in ../device-hello.ts; the
// row's reading in ../device-row.ts.
import type pg from 'pg';
import { helloConsequences } from '../device-hello';
import { type DeviceRow, toDeviceRecord } from '../device-row';
import type { DeviceHello, JudgedDeviceRecord } from '../store';
import { appendAuditInTransaction, lockAuditChain } from './audit';
import { insertHistoryRowsInTransaction } from './ledger-history';

/** What every read of a whole device row selects: the row and the number of required rules. */
export const DEVICE_ROW = 'devices.*, (SELECT count(*) FROM required_rules) AS required_rules';

export async function getDevice(
  db: pg.Pool | pg.ClientBase,
  deviceId: string,
): Promise<JudgedDeviceRecord | null> {
  const found = await db.query<DeviceRow>(`SELECT ${DEVICE_ROW} FROM devices WHERE device_id = $1`, [
    deviceId,
  ]);
  const row = found.rows[0];
  return row === undefined ? null : toDeviceRecord(row);
}

/** Call inside a transaction. A device seen for the first time is audited as device.first_seen. */
export async function recordHelloInTransaction(
  client: pg.ClientBase,
  hello: DeviceHello,
  atMs: number,
): Promise<JudgedDeviceRecord> {
  const hardware = JSON.stringify(hello.hardware);
  // The usual hello, a known device reconnecting on the hardware it reported last time, writes no history
  // and no audit: one statement, no chain lock.
  const reconnected = await client.query<DeviceRow>(
    `UPDATE devices SET agent_version = $1, policy_version = $2, last_seen_ms = greatest(last_seen_ms, $3)
      WHERE device_id = $4 AND hardware = $5 AND first_seen_ms <> 0 RETURNING ${DEVICE_ROW}`,
    [hello.agentVersion, hello.policyVersion, atMs, hello.deviceId, hardware],
  );
  if (reconnected.rows[0]) return toDeviceRecord(reconnected.rows[0]);
  // Anything else may be audited: the chain lock first, then the row (audit.ts: lock order).
  await lockAuditChain(client);
  // A ledger entry the other collector is creating this instant is waited for by the unique key; either way
  // the row exists after this statement and is locked by this transaction.
  const inserted = await client.query<DeviceRow>(
    `INSERT INTO devices (device_id) VALUES ($1) ON CONFLICT (device_id) DO NOTHING RETURNING device_id`,
    [hello.deviceId],
  );
  const before = (
    await client.query<DeviceRow>(`SELECT ${DEVICE_ROW} FROM devices WHERE device_id = $1 FOR UPDATE`, [
      hello.deviceId,
    ])
  ).rows[0];
  if (before === undefined) throw new Error(`the hello of ${hello.deviceId} found no device row`);
  const existing = inserted.rowCount === 1 ? undefined : before;
  const written = await client.query<DeviceRow>(
    `UPDATE devices SET hostname = $1, hardware = $2, agent_version = $3, policy_version = $4,
       first_seen_ms = CASE WHEN first_seen_ms = 0 THEN $5 ELSE first_seen_ms END,
       last_seen_ms = greatest(last_seen_ms, $5)
     WHERE device_id = $6 RETURNING ${DEVICE_ROW}`,
    [hello.hardware.hostname, hardware, hello.agentVersion, hello.policyVersion, atMs, hello.deviceId],
  );
  const consequences = helloConsequences(existing, hello);
  if (consequences.hardwareChanged) {
    const entry = await appendAuditInTransaction(client, consequences.hardwareChanged.audit, atMs);
    await insertHistoryRowsInTransaction(
      client,
      consequences.hardwareChanged.history.map((change) => ({ deviceId: hello.deviceId, ...change })),
      hello.deviceId,
      entry.position,
      atMs,
    );
  }
  if (consequences.firstSeen) await appendAuditInTransaction(client, consequences.firstSeen, atMs);
  const row = written.rows[0];
  if (row === undefined) throw new Error(`the hello of ${hello.deviceId} wrote no device row`);
  return toDeviceRecord(row);
}

/**
 * Last-seen stamps of many devices in one statement; unknown devices are skipped (a heartbeat cannot create
 * a device). Call inside a transaction: two collectors stamping overlapping sets may deadlock, and pool.ts
 * runs the loser again.
 */
export async function touchDevicesInTransaction(
  db: pg.ClientBase,
  lastSeenByDevice: ReadonlyMap<string, number>,
): Promise<void> {
  if (lastSeenByDevice.size === 0) return;
  const ids = [...lastSeenByDevice.keys()].sort();
  await db.query(
    `UPDATE devices SET last_seen_ms = greatest(devices.last_seen_ms, touched.at_ms)
       FROM (SELECT * FROM unnest($1::text[], $2::bigint[]) AS t (device_id, at_ms) ORDER BY device_id) AS touched
      WHERE devices.device_id = touched.device_id`,
    [ids, ids.map((id) => lastSeenByDevice.get(id)!)],
  );
}
