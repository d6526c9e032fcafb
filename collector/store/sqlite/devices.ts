// Devices on SQLite: first contact and hardware facts (hello), last seen (heartbeats), and the ledger
// fields kept by the security office, whose every change is written with its audit record.
import type { LedgerSlice } from '../../../policies/model';
import { helloConsequences } from '../device-hello';
import { type DeviceRow, LEDGER_COLUMNS, ledgerFieldsOf, toDeviceRecord } from '../device-row';
import { type FieldChange, ledgerChangesOf } from '../ledger-changes';
import { LEDGER_SLICES_GENERATION } from '../ledger-slice-cache';
import { type DeviceLedgerFacts, ledgerSliceOf, NO_LEDGER_FACTS } from '../media-binding';
import { clampPageLimit } from '../page-token';
import type {
  AuditContext,
  DeviceFilter,
  DeviceHello,
  DevicePage,
  JudgedDeviceRecord,
  LedgerFields,
} from '../store';
import { assetNumberTakenError } from './asset-number-triggers';
import { appendAuditInTransaction } from './audit';
import type { SqliteConnection, SqlValue } from './connection';
import { deviceFilterSql } from './device-filter';
import { insertHistoryInTransaction } from './ledger-history';
import { listMedia } from './media';
import { bumpGenerationInTransaction } from './write-generations';

/** What every read of a whole device row selects (or returns): the row and the number of required rules. */
const DEVICE_ROW = '*, (SELECT required_rules FROM fleet_summary WHERE id = 1) AS required_rules';

async function deviceRow(connection: SqliteConnection, deviceId: string): Promise<DeviceRow | undefined> {
  return connection.get<DeviceRow>(`SELECT ${DEVICE_ROW} FROM devices WHERE device_id = ?`, [deviceId]);
}

export async function getDevice(
  connection: SqliteConnection,
  deviceId: string,
): Promise<JudgedDeviceRecord | null> {
  const row = await deviceRow(connection, deviceId);
  return row === undefined ? null : toDeviceRecord(row);
}

export async function listDevices(
  reader: SqliteConnection,
  options: { limit: number; afterDeviceId?: string; countTotal?: boolean } & DeviceFilter,
): Promise<DevicePage> {
  const limit = clampPageLimit(options.limit);
  // Filters sit beside the keyset condition, so pages stay exact under any filter; department and
  // classification have (column, device_id) indexes that also give the page order.
  const filter = deviceFilterSql(options);
  const conditions = ['device_id > ?', ...filter.conditions];
  const params: SqlValue[] = [options.afterDeviceId ?? '', ...filter.params];
  // The page's ids first, then only those rows: under a filter that leaves the key order (a last-seen range)
  // or matches few devices (a search), the ids come from devices_listing (schema 12), which holds every
  // filtered column, instead of from whole rows with their hardware facts. A search reads no index
  // condition, so it is told to scan that index rather than every row in key order.
  const source = options.search ? 'devices INDEXED BY devices_listing' : 'devices';
  const rows = await reader.all<DeviceRow>(
    `SELECT ${DEVICE_ROW} FROM devices WHERE device_id IN (
       SELECT device_id FROM ${source} WHERE ${conditions.join(' AND ')} ORDER BY device_id LIMIT ?)
     ORDER BY device_id`,
    [...params, limit + 1],
  );
  const page = rows.slice(0, limit);
  const total = options.countTotal
    ? (
        await reader.get<{ n: number }>(
          `SELECT count(*) AS n FROM devices${
            filter.conditions.length > 0 ? ` WHERE ${filter.conditions.join(' AND ')}` : ''
          }`,
          filter.params,
        )
      )?.n
    : undefined;
  return {
    devices: page.map(toDeviceRecord),
    nextAfterDeviceId: rows.length > limit ? page[page.length - 1]!.device_id : '',
    ...(total !== undefined ? { total } : {}),
  };
}

/** Call inside a write transaction. A device seen for the first time is audited as device.first_seen. */
export async function recordHelloInTransaction(
  transaction: SqliteConnection,
  hello: DeviceHello,
  atMs: number,
): Promise<JudgedDeviceRecord> {
  const hardware = JSON.stringify(hello.hardware);
  // The usual hello, a known device reconnecting on the hardware it reported last time, has no history
  // and no audit to write: one statement. Anything else (new device, first hello after a ledger entry,
  // hardware text changed) matches no row and takes the full path below.
  const reconnected = await transaction.get<DeviceRow>(
    `UPDATE devices SET agent_version = ?, policy_version = ?, last_seen_ms = max(last_seen_ms, ?)
      WHERE device_id = ? AND hardware = ? AND first_seen_ms <> 0 RETURNING ${DEVICE_ROW}`,
    [hello.agentVersion, hello.policyVersion, atMs, hello.deviceId, hardware],
  );
  if (reconnected !== undefined) return toDeviceRecord(reconnected);
  const existing = await deviceRow(transaction, hello.deviceId);
  // RETURNING: the row as the hello leaves it, without reading it again (nothing below writes devices).
  let written: DeviceRow | undefined;
  if (existing === undefined) {
    written = await transaction.get<DeviceRow>(
      `INSERT INTO devices (device_id, hostname, hardware, agent_version, policy_version, first_seen_ms,
         last_seen_ms) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING ${DEVICE_ROW}`,
      [
        hello.deviceId,
        hello.hardware.hostname,
        hardware,
        hello.agentVersion,
        hello.policyVersion,
        atMs,
        atMs,
      ],
    );
  } else {
    // A ledger entry made before enrolment has first_seen_ms 0 until this first hello.
    written = await transaction.get<DeviceRow>(
      `UPDATE devices SET hostname = ?, hardware = ?, agent_version = ?, policy_version = ?,
         first_seen_ms = CASE WHEN first_seen_ms = 0 THEN ? ELSE first_seen_ms END,
         last_seen_ms = max(last_seen_ms, ?)
       WHERE device_id = ? RETURNING ${DEVICE_ROW}`,
      [
        hello.hardware.hostname,
        hardware,
        hello.agentVersion,
        hello.policyVersion,
        atMs,
        atMs,
        hello.deviceId,
      ],
    );
  }
  const consequences = helloConsequences(existing, hello);
  if (consequences.hardwareChanged) {
    const entry = await appendAuditInTransaction(transaction, consequences.hardwareChanged.audit, atMs);
    await insertHistoryInTransaction(
      transaction,
      hello.deviceId,
      consequences.hardwareChanged.history,
      hello.deviceId,
      entry.position,
      atMs,
    );
  }
  if (consequences.firstSeen) await appendAuditInTransaction(transaction, consequences.firstSeen, atMs);
  if (written === undefined) throw new Error(`the hello of ${hello.deviceId} wrote no device row`);
  return toDeviceRecord(written);
}

/** Call inside a write transaction; unknown devices are skipped (a heartbeat cannot create a device). */
export async function touchDevicesInTransaction(
  transaction: SqliteConnection,
  lastSeenByDevice: ReadonlyMap<string, number>,
): Promise<void> {
  if (lastSeenByDevice.size === 0) return;
  const values: SqlValue[] = [];
  for (const [deviceId, atMs] of lastSeenByDevice) values.push(deviceId, atMs);
  await transaction.run(
    `UPDATE devices SET last_seen_ms = max(devices.last_seen_ms, touched.column2)
       FROM (VALUES ${'(?, ?),'.repeat(lastSeenByDevice.size).slice(0, -1)}) AS touched
      WHERE devices.device_id = touched.column1`,
    values,
  );
}

/** Call inside a write transaction: inserts a bare ledger entry, to be filled by writeLedgerChanges. */
async function createLedgerEntryInTransaction(
  transaction: SqliteConnection,
  deviceId: string,
): Promise<DeviceRow> {
  await transaction.run('INSERT INTO devices (device_id) VALUES (?)', [deviceId]);
  return (await deviceRow(transaction, deviceId))!;
}

/** Call inside a write transaction, after the audit record the changes belong to. */
async function writeLedgerChangesInTransaction(
  transaction: SqliteConnection,
  deviceId: string,
  changes: readonly FieldChange[],
  actor: string,
  auditPosition: number,
  atMs: number,
): Promise<void> {
  for (const change of changes) {
    const column = LEDGER_COLUMNS[change.field as keyof LedgerFields];
    const stored = change.field === 'allowedNetworks' ? JSON.stringify(change.to) : (change.to as SqlValue);
    await transaction.run(`UPDATE devices SET ${column} = ? WHERE device_id = ?`, [stored, deviceId]);
  }
  await insertHistoryInTransaction(transaction, deviceId, changes, actor, auditPosition, atMs);
}

/** Call inside a write transaction. Creates the ledger entry if needed; fields are already validated. */
export async function updateLedgerInTransaction(
  transaction: SqliteConnection,
  deviceId: string,
  fields: Partial<LedgerFields>,
  audit: AuditContext,
  atMs: number,
): Promise<JudgedDeviceRecord> {
  const existing = await deviceRow(transaction, deviceId);
  const created = existing === undefined;
  const before = existing ?? (await createLedgerEntryInTransaction(transaction, deviceId));
  const changes = ledgerChangesOf(ledgerFieldsOf(before), fields);
  if (!created && changes.length === 0) return toDeviceRecord(before);

  const entry = await appendAuditInTransaction(
    transaction,
    {
      ...audit,
      action: 'ledger.updated',
      target: deviceId,
      detail: { created, changes },
      outcome: 'allowed',
    },
    atMs,
  );
  try {
    await writeLedgerChangesInTransaction(transaction, deviceId, changes, audit.actor, entry.position, atMs);
  } catch (error) {
    throw assetNumberTakenError(error);
  }
  if (changes.length > 0) await bumpGenerationInTransaction(transaction, LEDGER_SLICES_GENERATION);
  return toDeviceRecord((await deviceRow(transaction, deviceId))!);
}

export async function deviceLedgerFacts(
  reader: SqliteConnection,
  deviceId: string,
): Promise<DeviceLedgerFacts> {
  const row = await reader.get<
    Pick<DeviceRow, 'classification' | 'asset_number' | 'department' | 'allowed_networks'>
  >('SELECT classification, asset_number, department, allowed_networks FROM devices WHERE device_id = ?', [
    deviceId,
  ]);
  if (row === undefined) return { ...NO_LEDGER_FACTS, allowedNetworks: [] };
  return {
    classification: row.classification,
    assetNumber: row.asset_number,
    department: row.department,
    allowedNetworks: JSON.parse(row.allowed_networks) as string[],
  };
}

/** The slice read afresh (two queries); the store serves it through ../ledger-slice-cache.ts. */
export async function ledgerSlice(reader: SqliteConnection, deviceId: string): Promise<LedgerSlice> {
  const [facts, media] = await Promise.all([deviceLedgerFacts(reader, deviceId), listMedia(reader)]);
  return ledgerSliceOf(facts, media, deviceId);
}
