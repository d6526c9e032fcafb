// Medium and printer sightings on PostgreSQL: which device's agent reported which USB medium and which
// network printer, first and last. One statement per kind for any number of things (unnest), keys in order
// so two collectors recording at once cannot deadlock; many devices seeing one medium write rows of their
// own, (medium, device), so they never wait for each other.
import type pg from 'pg';
import { distinctSightings, invalidSightings, mediumText } from '../sighting-input';
import type { DeviceMediumSighting, MediumKey, SightedThings, Sighting } from '../store';
import { UnknownDeviceError } from '../store-errors';

interface SightingRow {
  device_id: string;
  hostname: string;
  classification: Sighting['classification'];
  first_seen_ms: number;
  last_seen_ms: number;
}

interface MediumKeyRow {
  vendor_id: string;
  product_id: string;
  serial: string;
}

const toSighting = (row: SightingRow): Sighting => ({
  deviceId: row.device_id,
  hostname: row.hostname,
  classification: row.classification,
  firstSeenMs: row.first_seen_ms,
  lastSeenMs: row.last_seen_ms,
});

const keyOf = (row: MediumKeyRow): MediumKey => ({
  vendorId: row.vendor_id,
  productId: row.product_id,
  serial: row.serial,
});

const SIGHTING_COLUMNS = 's.device_id, d.hostname, d.classification, s.first_seen_ms, s.last_seen_ms';

const byKey = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Call inside a transaction. Resolves with what this device had never been seen with before: the rows this
 * statement inserted rather than updated (xmax = 0), so two collectors recording the same first sighting at
 * once report it new exactly once.
 */
export async function recordSightingsInTransaction(
  client: pg.ClientBase,
  deviceId: string,
  seen: SightedThings,
  atMs: number,
): Promise<SightedThings> {
  const invalid = invalidSightings(seen);
  if (invalid !== null) throw invalid;
  const device = await client.query('SELECT 1 FROM devices WHERE device_id = $1', [deviceId]);
  if (device.rowCount === 0) throw new UnknownDeviceError(deviceId);
  const { media, printers } = distinctSightings(seen);
  const newMedia = new Set<string>();
  const newPrinters = new Set<string>();
  if (media.length > 0) {
    const sorted = [...media].sort((a, b) => byKey(mediumText(a), mediumText(b)));
    const inserted = await client.query<MediumKeyRow & { inserted: boolean }>(
      `INSERT INTO medium_sightings (vendor_id, product_id, serial, device_id, first_seen_ms, last_seen_ms)
       SELECT vendor_id, product_id, serial, $4, $5, $5
         FROM unnest($1::text[], $2::text[], $3::text[]) AS m (vendor_id, product_id, serial)
       ON CONFLICT (vendor_id, product_id, serial, device_id) DO UPDATE SET
         last_seen_ms = greatest(medium_sightings.last_seen_ms, excluded.last_seen_ms),
         first_seen_ms = least(medium_sightings.first_seen_ms, excluded.first_seen_ms)
       RETURNING vendor_id, product_id, serial, (xmax = 0) AS inserted`,
      [
        sorted.map((key) => key.vendorId),
        sorted.map((key) => key.productId),
        sorted.map((key) => key.serial),
        deviceId,
        atMs,
      ],
    );
    for (const row of inserted.rows) if (row.inserted) newMedia.add(mediumText(keyOf(row)));
  }
  if (printers.length > 0) {
    const inserted = await client.query<{ printer: string; inserted: boolean }>(
      `INSERT INTO printer_sightings (printer, device_id, first_seen_ms, last_seen_ms)
       SELECT printer, $2, $3, $3 FROM unnest($1::text[]) AS p (printer)
       ON CONFLICT (printer, device_id) DO UPDATE SET
         last_seen_ms = greatest(printer_sightings.last_seen_ms, excluded.last_seen_ms),
         first_seen_ms = least(printer_sightings.first_seen_ms, excluded.first_seen_ms)
       RETURNING printer, (xmax = 0) AS inserted`,
      [[...printers].sort(byKey), deviceId, atMs],
    );
    for (const row of inserted.rows) if (row.inserted) newPrinters.add(row.printer);
  }
  return {
    media: media.filter((key) => newMedia.has(mediumText(key))),
    printers: printers.filter((printer) => newPrinters.has(printer)),
  };
}

export async function mediumSightings(db: pg.Pool | pg.ClientBase, key: MediumKey): Promise<Sighting[]> {
  const rows = await db.query<SightingRow>(
    `SELECT ${SIGHTING_COLUMNS} FROM medium_sightings s JOIN devices d ON d.device_id = s.device_id
      WHERE s.vendor_id = $1 AND s.product_id = $2 AND s.serial = $3
      ORDER BY s.last_seen_ms DESC, s.device_id`,
    [key.vendorId, key.productId, key.serial],
  );
  return rows.rows.map(toSighting);
}

export async function printerSightings(db: pg.Pool | pg.ClientBase, printer: string): Promise<Sighting[]> {
  const rows = await db.query<SightingRow>(
    `SELECT ${SIGHTING_COLUMNS} FROM printer_sightings s JOIN devices d ON d.device_id = s.device_id
      WHERE s.printer = $1 ORDER BY s.last_seen_ms DESC, s.device_id`,
    [printer],
  );
  return rows.rows.map(toSighting);
}

export async function allMediumSightings(db: pg.Pool | pg.ClientBase): Promise<Map<string, Sighting[]>> {
  const rows = await db.query<SightingRow & MediumKeyRow>(
    `SELECT s.vendor_id, s.product_id, s.serial, ${SIGHTING_COLUMNS}
       FROM medium_sightings s JOIN devices d ON d.device_id = s.device_id
      ORDER BY s.last_seen_ms DESC, s.device_id`,
  );
  const grouped = new Map<string, Sighting[]>();
  for (const row of rows.rows) {
    const text = mediumText(keyOf(row));
    const list = grouped.get(text);
    if (list === undefined) grouped.set(text, [toSighting(row)]);
    else list.push(toSighting(row));
  }
  return grouped;
}

export async function sightingsOfDevice(
  db: pg.Pool | pg.ClientBase,
  deviceId: string,
): Promise<SightedThings> {
  // One statement for both kinds: every hello asks, and the answer is usually empty.
  const rows = await db.query<{ vendor_id: string | null; product_id: string | null; serial: string }>(
    `SELECT vendor_id, product_id, serial FROM medium_sightings WHERE device_id = $1
     UNION ALL SELECT NULL, NULL, printer FROM printer_sightings WHERE device_id = $1`,
    [deviceId],
  );
  const sighted: SightedThings = { media: [], printers: [] };
  for (const row of rows.rows) {
    if (row.vendor_id === null || row.product_id === null) sighted.printers.push(row.serial);
    else sighted.media.push({ vendorId: row.vendor_id, productId: row.product_id, serial: row.serial });
  }
  return sighted;
}

export async function mediaSeenByDevice(
  db: pg.Pool | pg.ClientBase,
  deviceId: string,
  limit: number,
): Promise<DeviceMediumSighting[]> {
  const rows = await db.query<
    MediumKeyRow & {
      first_seen_ms: number;
      last_seen_ms: number;
      status: DeviceMediumSighting['registeredStatus'];
    }
  >(
    `SELECT s.vendor_id, s.product_id, s.serial, s.first_seen_ms, s.last_seen_ms, m.status
       FROM medium_sightings s
       LEFT JOIN media m ON m.vendor_id = s.vendor_id AND m.product_id = s.product_id AND m.serial = s.serial
      WHERE s.device_id = $1
      ORDER BY s.last_seen_ms DESC, s.vendor_id, s.product_id, s.serial
      LIMIT $2`,
    [deviceId, limit],
  );
  return rows.rows.map((row) => ({
    ...keyOf(row),
    firstSeenMs: row.first_seen_ms,
    lastSeenMs: row.last_seen_ms,
    registeredStatus: row.status ?? null,
  }));
}
