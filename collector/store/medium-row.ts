// One registered medium as every backend stores it (the media table's columns) and as every read returns it:
// one mapping, so SQLite and PostgreSQL cannot read a row two ways.
import type { RegisteredMedium } from '../../policies/model';
import type { MediumRecord } from './store';

export interface MediumRow {
  vendor_id: string;
  product_id: string;
  serial: string;
  classification: RegisteredMedium['classification'];
  status: RegisteredMedium['status'];
  asset_number: string;
  responsible_person: string;
  bound_device_ids: string;
  bound_department: string;
  note: string;
  registered_at_ms: number;
  updated_at_ms: number;
}

export function toMedium(row: MediumRow): MediumRecord {
  return {
    serial: row.serial,
    vendorId: row.vendor_id,
    productId: row.product_id,
    classification: row.classification,
    status: row.status,
    assetNumber: row.asset_number,
    responsiblePerson: row.responsible_person,
    boundDeviceIds: JSON.parse(row.bound_device_ids) as string[],
    boundDepartment: row.bound_department,
    note: row.note,
    registeredAtMs: row.registered_at_ms,
    updatedAtMs: row.updated_at_ms,
  };
}
