// Registered removable media on PostgreSQL, keyed by (vendor, product, serial). Registration and every
// status change are audited in the same transaction and increment the slice generation
// (../ledger-slice-cache.ts), so every collector's next slice holds the change.

import type pg from 'pg';
import type { RegisteredMedium } from '../../../policies/model';
import { LEDGER_SLICES_GENERATION } from '../ledger-slice-cache';
import { type MediumRow, toMedium } from '../medium-row';
import type { AuditContext, MediumKey, MediumRecord, MediumRegistration } from '../store';
import { appendAuditInTransaction, lockAuditChain } from './audit';
import { bumpGenerationInTransaction } from './write-generations';

const BY_KEY = 'vendor_id = $1 AND product_id = $2 AND serial = $3';
const keyValues = (key: MediumKey) => [key.vendorId, key.productId, key.serial];
const mediumTarget = (key: MediumKey) => `usb:${key.vendorId}:${key.productId}:${key.serial}`;

/** Call inside a transaction; the medium is already validated. */
export async function registerMediumInTransaction(
  client: pg.ClientBase,
  medium: MediumRegistration,
  audit: AuditContext,
  atMs: number,
): Promise<void> {
  await lockAuditChain(client);
  const before = (
    await client.query<MediumRow>(`SELECT * FROM media WHERE ${BY_KEY} FOR UPDATE`, keyValues(medium))
  ).rows[0];
  await client.query(
    `INSERT INTO media (vendor_id, product_id, serial, classification, status, asset_number,
       responsible_person, bound_device_ids, bound_department, note, registered_at_ms, updated_at_ms)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11)
     ON CONFLICT (vendor_id, product_id, serial) DO UPDATE SET
       classification = excluded.classification, status = excluded.status,
       asset_number = excluded.asset_number, responsible_person = excluded.responsible_person,
       bound_device_ids = excluded.bound_device_ids, bound_department = excluded.bound_department,
       note = excluded.note, updated_at_ms = excluded.updated_at_ms`,
    [
      ...keyValues(medium),
      medium.classification,
      medium.status,
      medium.assetNumber,
      medium.responsiblePerson,
      JSON.stringify(medium.boundDeviceIds ?? []),
      medium.boundDepartment ?? '',
      medium.note ?? '',
      atMs,
    ],
  );
  await appendAuditInTransaction(
    client,
    {
      ...audit,
      action: before === undefined ? 'medium.registered' : 'medium.updated',
      target: mediumTarget(medium),
      detail: { before: before === undefined ? null : toMedium(before), after: medium } as Record<
        string,
        unknown
      >,
      outcome: 'allowed',
    },
    atMs,
  );
  await bumpGenerationInTransaction(client, LEDGER_SLICES_GENERATION);
}

export async function listMedia(db: pg.Pool | pg.ClientBase): Promise<MediumRecord[]> {
  const rows = await db.query<MediumRow>('SELECT * FROM media ORDER BY vendor_id, product_id, serial');
  return rows.rows.map(toMedium);
}

export async function getMedium(db: pg.Pool | pg.ClientBase, key: MediumKey): Promise<MediumRecord | null> {
  const row = (await db.query<MediumRow>(`SELECT * FROM media WHERE ${BY_KEY}`, keyValues(key))).rows[0];
  return row === undefined ? null : toMedium(row);
}

/** Call inside a transaction. Null (nothing written, nothing audited) when the medium is unknown. */
export async function setMediumStatusInTransaction(
  client: pg.ClientBase,
  key: MediumKey,
  status: RegisteredMedium['status'],
  note: string | undefined,
  audit: AuditContext,
  atMs: number,
): Promise<MediumRecord | null> {
  await lockAuditChain(client);
  const before = (
    await client.query<MediumRow>(`SELECT * FROM media WHERE ${BY_KEY} FOR UPDATE`, keyValues(key))
  ).rows[0];
  if (before === undefined) return null;
  const kept = note ?? before.note;
  const after = await client.query<MediumRow>(
    `UPDATE media SET status = $4, note = $5, updated_at_ms = $6 WHERE ${BY_KEY} RETURNING *`,
    [...keyValues(key), status, kept, atMs],
  );
  await appendAuditInTransaction(
    client,
    {
      ...audit,
      action: 'medium.status_changed',
      target: mediumTarget(key),
      detail: { from: before.status, to: status, note: kept },
      outcome: 'allowed',
    },
    atMs,
  );
  await bumpGenerationInTransaction(client, LEDGER_SLICES_GENERATION);
  return toMedium(after.rows[0]!);
}
