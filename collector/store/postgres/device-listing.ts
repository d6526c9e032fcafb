// The device listing on PostgreSQL: keyset pages in device id order under any filter (device-filter.ts),
// and, when asked, the count of all pages under the same conditions.
import type pg from 'pg';
import { type DeviceRow, toDeviceRecord } from '../device-row';
import { clampPageLimit } from '../page-token';
import type { DeviceFilter, DevicePage } from '../store';
import { deviceFilterSql } from './device-filter';
import { DEVICE_ROW } from './devices';

export async function listDevices(
  db: pg.Pool | pg.ClientBase,
  options: { limit: number; afterDeviceId?: string; countTotal?: boolean } & DeviceFilter,
): Promise<DevicePage> {
  const limit = clampPageLimit(options.limit);
  const filter = deviceFilterSql(options, 3);
  const conditions = ['device_id > $1', ...filter.conditions];
  const rows = await db.query<DeviceRow>(
    `SELECT ${DEVICE_ROW} FROM devices WHERE ${conditions.join(' AND ')} ORDER BY device_id LIMIT $2`,
    [options.afterDeviceId ?? '', limit + 1, ...filter.values],
  );
  const page = rows.rows.slice(0, limit);
  let total: number | undefined;
  if (options.countTotal) {
    const counted = deviceFilterSql(options, 1);
    const where = counted.conditions.length > 0 ? ` WHERE ${counted.conditions.join(' AND ')}` : '';
    total = (await db.query<{ n: number }>(`SELECT count(*) AS n FROM devices${where}`, counted.values))
      .rows[0]?.n;
  }
  return {
    devices: page.map(toDeviceRecord),
    nextAfterDeviceId: rows.rows.length > limit ? page[page.length - 1]!.device_id : '',
    ...(total !== undefined ? { total } : {}),
  };
}
