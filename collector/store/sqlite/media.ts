// Registered removable media on SQLite, keyed by (vendor, product, serial). Registration and every status
// change are audited in the same transaction, and increment the slice generation (../ledger-slice-cache.ts).
import type { RegisteredMedium } from '../../../policies/model';
import { LEDGER_SLICES_GENERATION } from '../ledger-slice-cache';
import { type MediumRow, toMedium } from '../medium-row';
import type { AuditContext, MediumKey, MediumRecord, MediumRegistration } from '../store';
import { appendAuditInTransaction } from './audit';
import type { SqliteConnection } from './connection';
import { bumpGenerationInTransaction } from './write-generations';

/** Call inside a write transaction; the medium is already validated. */
export async function registerMediumInTransaction(
  transaction: SqliteConnection,
  medium: MediumRegistration,
  audit: AuditContext,
  atMs: number,
): Promise<void> {
  const before = await transaction.get<MediumRow>(
    'SELECT * FROM media WHERE vendor_id = ? AND product_id = ? AND serial = ?',
    [medium.vendorId, medium.productId, medium.serial],
  );
  await transaction.run(
    `INSERT INTO media (vendor_id, product_id, serial, classification, status, asset_number,
       responsible_person, bound_device_ids, bound_department, note, registered_at_ms, updated_at_ms)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (vendor_id, product_id, serial) DO UPDATE SET
       classification = excluded.classification, status = excluded.status,
       asset_number = excluded.asset_number, responsible_person = excluded.responsible_person,
       bound_device_ids = excluded.bound_device_ids, bound_department = excluded.bound_department,
       note = excluded.note, updated_at_ms = excluded.updated_at_ms`,
    [
      medium.vendorId,
      medium.productId,
      medium.serial,
      medium.classification,
      medium.status,
      medium.assetNumber,
      medium.responsiblePerson,
      JSON.stringify(medium.boundDeviceIds ?? []),
      medium.boundDepartment ?? '',
      medium.note ?? '',
      atMs,
      atMs,
    ],
  );
  await appendAuditInTransaction(
    transaction,
    {
      ...audit,
      action: before === undefined ? 'medium.registered' : 'medium.updated',
      target: `usb:${medium.vendorId}:${medium.productId}:${medium.serial}`,
      detail: { before: before === undefined ? null : toMedium(before), after: medium } as Record<
        string,
        unknown
      >,
      outcome: 'allowed',
    },
    atMs,
  );
  await bumpGenerationInTransaction(transaction, LEDGER_SLICES_GENERATION);
}

export async function listMedia(reader: SqliteConnection): Promise<MediumRecord[]> {
  const rows = await reader.all<MediumRow>('SELECT * FROM media ORDER BY vendor_id, product_id, serial');
  return rows.map(toMedium);
}

export async function getMedium(reader: SqliteConnection, key: MediumKey): Promise<MediumRecord | null> {
  const row = await reader.get<MediumRow>(
    'SELECT * FROM media WHERE vendor_id = ? AND product_id = ? AND serial = ?',
    [key.vendorId, key.productId, key.serial],
  );
  return row === undefined ? null : toMedium(row);
}

/** Call inside a write transaction. Null (nothing written, nothing audited) when the medium is unknown. */
export async function setMediumStatusInTransaction(
  transaction: SqliteConnection,
  key: MediumKey,
  status: RegisteredMedium['status'],
  note: string | undefined,
  audit: AuditContext,
  atMs: number,
): Promise<MediumRecord | null> {
  const before = await getMedium(transaction, key);
  if (before === null) return null;
  await transaction.run(
    `UPDATE media SET status = ?, note = ?, updated_at_ms = ?
      WHERE vendor_id = ? AND product_id = ? AND serial = ?`,
    [status, note ?? before.note, atMs, key.vendorId, key.productId, key.serial],
  );
  await appendAuditInTransaction(
    transaction,
    {
      ...audit,
      action: 'medium.status_changed',
      target: `usb:${key.vendorId}:${key.productId}:${key.serial}`,
      detail: { from: before.status, to: status, note: note ?? before.note },
      outcome: 'allowed',
    },
    atMs,
  );
  await bumpGenerationInTransaction(transaction, LEDGER_SLICES_GENERATION);
  return getMedium(transaction, key);
}
