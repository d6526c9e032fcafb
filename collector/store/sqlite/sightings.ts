// Medium and printer sightings on SQLite (tables of migration 2): which device's agent reported which USB
// medium and which network printer, first and last. Written from the ingest path, so one transaction per
// finding batch that holds any, never one per sighting; read by the cross-use judgement (collector/fleet/).
import type { FindingStatus } from '../../../policies/model';
import { distinctSightings, invalidSightings, mediumText, newSightings } from '../sighting-input';
import type { DeviceMediumSighting, MediumKey, SightedThings, Sighting } from '../store';
import { UnknownDeviceError } from '../store-errors';
import type { SqliteConnection, SqlValue } from './connection';

interface SightingRow {
  device_id: string;
  hostname: string;
  classification: Sighting['classification'];
  first_seen_ms: number;
  last_seen_ms: number;
}

const toSighting = (row: SightingRow): Sighting => ({
  deviceId: row.device_id,
  hostname: row.hostname,
  classification: row.classification,
  firstSeenMs: row.first_seen_ms,
  lastSeenMs: row.last_seen_ms,
});

const SIGHTING_COLUMNS = `s.device_id, d.hostname, d.classification, s.first_seen_ms, s.last_seen_ms`;

/** Call inside a write transaction. Resolves with what this device had never been seen with before. */
export async function recordSightingsInTransaction(
  transaction: SqliteConnection,
  deviceId: string,
  seen: SightedThings,
  atMs: number,
): Promise<SightedThings> {
  const invalid = invalidSightings(seen);
  if (invalid !== null) throw invalid;
  const device = await transaction.get('SELECT 1 FROM devices WHERE device_id = ?', [deviceId]);
  if (device === undefined) throw new UnknownDeviceError(deviceId);
  const distinct = distinctSightings(seen);
  const { media, printers } = distinct;
  // What the device was seen with before: few rows per device (indexed), cheaper than one probe per key.
  const known = await sightingsOfDevice(transaction, deviceId);
  if (media.length > 0) {
    const values: SqlValue[] = media.flatMap((key) => [
      key.vendorId,
      key.productId,
      key.serial,
      deviceId,
      atMs,
      atMs,
    ]);
    await transaction.run(
      `INSERT INTO medium_sightings (vendor_id, product_id, serial, device_id, first_seen_ms, last_seen_ms)
       VALUES ${'(?, ?, ?, ?, ?, ?),'.repeat(media.length).slice(0, -1)}
       ON CONFLICT (vendor_id, product_id, serial, device_id) DO UPDATE SET
         last_seen_ms = max(last_seen_ms, excluded.last_seen_ms),
         first_seen_ms = min(first_seen_ms, excluded.first_seen_ms)`,
      values,
    );
  }
  if (printers.length > 0) {
    await transaction.run(
      `INSERT INTO printer_sightings (printer, device_id, first_seen_ms, last_seen_ms)
       VALUES ${'(?, ?, ?, ?),'.repeat(printers.length).slice(0, -1)}
       ON CONFLICT (printer, device_id) DO UPDATE SET
         last_seen_ms = max(last_seen_ms, excluded.last_seen_ms),
         first_seen_ms = min(first_seen_ms, excluded.first_seen_ms)`,
      printers.flatMap((printer) => [printer, deviceId, atMs, atMs]),
    );
  }
  return newSightings(distinct, known);
}

export async function mediumSightings(reader: SqliteConnection, key: MediumKey): Promise<Sighting[]> {
  const rows = await reader.all<SightingRow>(
    `SELECT ${SIGHTING_COLUMNS} FROM medium_sightings s JOIN devices d ON d.device_id = s.device_id
      WHERE s.vendor_id = ? AND s.product_id = ? AND s.serial = ?
      ORDER BY s.last_seen_ms DESC, s.device_id`,
    [key.vendorId, key.productId, key.serial],
  );
  return rows.map(toSighting);
}

export async function printerSightings(reader: SqliteConnection, printer: string): Promise<Sighting[]> {
  const rows = await reader.all<SightingRow>(
    `SELECT ${SIGHTING_COLUMNS} FROM printer_sightings s JOIN devices d ON d.device_id = s.device_id
      WHERE s.printer = ? ORDER BY s.last_seen_ms DESC, s.device_id`,
    [printer],
  );
  return rows.map(toSighting);
}

export async function allMediumSightings(reader: SqliteConnection): Promise<Map<string, Sighting[]>> {
  const rows = await reader.all<SightingRow & MediumRow>(
    `SELECT s.vendor_id, s.product_id, s.serial, ${SIGHTING_COLUMNS}
       FROM medium_sightings s JOIN devices d ON d.device_id = s.device_id
      ORDER BY s.last_seen_ms DESC, s.device_id`,
  );
  const grouped = new Map<string, Sighting[]>();
  for (const row of rows) {
    const text = mediumText({ vendorId: row.vendor_id, productId: row.product_id, serial: row.serial });
    grouped.set(text, [...(grouped.get(text) ?? []), toSighting(row)]);
  }
  return grouped;
}

interface MediumRow {
  vendor_id: string;
  product_id: string;
  serial: string;
}

export async function sightingsOfDevice(
  connection: SqliteConnection,
  deviceId: string,
): Promise<SightedThings> {
  // One statement for both kinds: every hello asks (the cross-use re-judgement), and the answer is usually
  // empty; a printer row carries its name in `serial` and NULL ids.
  const rows = await connection.all<{ vendor_id: string | null; product_id: string | null; serial: string }>(
    `SELECT vendor_id, product_id, serial FROM medium_sightings WHERE device_id = ?
     UNION ALL SELECT NULL, NULL, printer FROM printer_sightings WHERE device_id = ?`,
    [deviceId, deviceId],
  );
  const sighted: SightedThings = { media: [], printers: [] };
  for (const row of rows) {
    if (row.vendor_id === null || row.product_id === null) sighted.printers.push(row.serial);
    else sighted.media.push({ vendorId: row.vendor_id, productId: row.product_id, serial: row.serial });
  }
  return sighted;
}

/** Through medium_sightings_by_device, each joined to the media ledger by its primary key. */
export async function mediaSeenByDevice(
  reader: SqliteConnection,
  deviceId: string,
  limit: number,
): Promise<DeviceMediumSighting[]> {
  const rows = await reader.all<
    MediumRow & {
      first_seen_ms: number;
      last_seen_ms: number;
      status: DeviceMediumSighting['registeredStatus'];
    }
  >(
    `SELECT s.vendor_id, s.product_id, s.serial, s.first_seen_ms, s.last_seen_ms, m.status
       FROM medium_sightings s
       LEFT JOIN media m ON m.vendor_id = s.vendor_id AND m.product_id = s.product_id AND m.serial = s.serial
      WHERE s.device_id = ?
      ORDER BY s.last_seen_ms DESC, s.vendor_id, s.product_id, s.serial
      LIMIT ?`,
    [deviceId, limit],
  );
  return rows.map((row) => ({
    vendorId: row.vendor_id,
    productId: row.product_id,
    serial: row.serial,
    firstSeenMs: row.first_seen_ms,
    lastSeenMs: row.last_seen_ms,
    registeredStatus: row.status ?? null,
  }));
}

/** Point lookups by the current_findings primary key (device, rule, subject): never a scan of the fleet. */
export async function collectorFindingStatuses(
  reader: SqliteConnection,
  ruleId: string,
  subject: string,
  deviceIds: readonly string[],
): Promise<Map<string, FindingStatus>> {
  const statuses = new Map<string, FindingStatus>();
  for (const deviceId of new Set(deviceIds)) {
    const row = await reader.get<{ status: FindingStatus }>(
      `SELECT status FROM current_findings WHERE device_id = ? AND rule_id = ? AND subject = ? AND seq < 0`,
      [deviceId, ruleId, subject],
    );
    if (row !== undefined) statuses.set(deviceId, row.status);
  }
  return statuses;
}
