// The ledger fields of devices on PostgreSQL: an administrator's update of one device (audited with its
// history in the same transaction), who holds which asset number, and a device's part of its ledger slice.
// A ledger write takes the audit chain's lock before any row (audit.ts: lock order), so ledger writes
// through every collector are serialised, and one that gives a taken asset number away fails on the index.
import type pg from 'pg';
import { type DeviceRow, LEDGER_COLUMNS, ledgerFieldsOf, toDeviceRecord } from '../device-row';
import { ledgerChangesOf } from '../ledger-changes';
import { LEDGER_SLICES_GENERATION } from '../ledger-slice-cache';
import { type DeviceLedgerFacts, NO_LEDGER_FACTS } from '../media-binding';
import type { AuditContext, JudgedDeviceRecord, LedgerFields, LedgerIdentity } from '../store';
import { asAssetNumberTaken } from './asset-number-unique';
import { appendAuditInTransaction, lockAuditChain } from './audit';
import { DEVICE_ROW } from './devices';
import { insertHistoryRowsInTransaction } from './ledger-history';
import { bumpGenerationInTransaction } from './write-generations';

/** Call inside a transaction; fields are already validated. Creates the ledger entry if needed. */
export async function updateLedgerInTransaction(
  client: pg.ClientBase,
  deviceId: string,
  fields: Partial<LedgerFields>,
  audit: AuditContext,
  atMs: number,
): Promise<JudgedDeviceRecord> {
  await lockAuditChain(client);
  const inserted = await client.query(
    'INSERT INTO devices (device_id) VALUES ($1) ON CONFLICT (device_id) DO NOTHING',
    [deviceId],
  );
  const created = inserted.rowCount === 1;
  const before = (
    await client.query<DeviceRow>(`SELECT ${DEVICE_ROW} FROM devices WHERE device_id = $1 FOR UPDATE`, [
      deviceId,
    ])
  ).rows[0]!;
  const changes = ledgerChangesOf(ledgerFieldsOf(before), fields);
  if (!created && changes.length === 0) return toDeviceRecord(before);
  const entry = await appendAuditInTransaction(
    client,
    {
      ...audit,
      action: 'ledger.updated',
      target: deviceId,
      detail: { created, changes },
      outcome: 'allowed',
    },
    atMs,
  );
  if (changes.length > 0) {
    const columns = changes.map(
      (change, index) => `${LEDGER_COLUMNS[change.field as keyof LedgerFields]} = $${index + 2}`,
    );
    const values = changes.map((change) =>
      change.field === 'allowedNetworks' ? JSON.stringify(change.to) : change.to,
    );
    try {
      await client.query(`UPDATE devices SET ${columns.join(', ')} WHERE device_id = $1`, [
        deviceId,
        ...values,
      ]);
    } catch (error) {
      throw asAssetNumberTaken(error);
    }
    await insertHistoryRowsInTransaction(
      client,
      changes.map((change) => ({ deviceId, ...change })),
      audit.actor,
      entry.position,
      atMs,
    );
    await bumpGenerationInTransaction(client, LEDGER_SLICES_GENERATION);
  }
  const after = await client.query<DeviceRow>(`SELECT ${DEVICE_ROW} FROM devices WHERE device_id = $1`, [
    deviceId,
  ]);
  return toDeviceRecord(after.rows[0]!);
}

export async function ledgerIdentities(
  db: pg.Pool | pg.ClientBase,
  query: { deviceIds: readonly string[]; assetNumbers: readonly string[] },
): Promise<LedgerIdentity[]> {
  const rows = await db.query<DeviceRow>(
    `SELECT * FROM devices
      WHERE device_id = ANY ($1::text[]) OR (asset_number <> '' AND asset_number = ANY ($2::text[]))
      ORDER BY device_id`,
    [[...query.deviceIds], query.assetNumbers.filter((number) => number !== '')],
  );
  return rows.rows.map((row) => ({
    deviceId: row.device_id,
    assetNumber: row.asset_number,
    hostname: row.hostname,
    fields: ledgerFieldsOf(row),
  }));
}

export async function deviceLedgerFacts(
  db: pg.Pool | pg.ClientBase,
  deviceId: string,
): Promise<DeviceLedgerFacts> {
  const found = await db.query<
    Pick<DeviceRow, 'classification' | 'asset_number' | 'department' | 'allowed_networks'>
  >('SELECT classification, asset_number, department, allowed_networks FROM devices WHERE device_id = $1', [
    deviceId,
  ]);
  const row = found.rows[0];
  if (row === undefined) return { ...NO_LEDGER_FACTS, allowedNetworks: [] };
  return {
    classification: row.classification,
    assetNumber: row.asset_number,
    department: row.department,
    allowedNetworks: JSON.parse(row.allowed_networks) as string[],
  };
}
