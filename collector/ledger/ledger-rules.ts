// What the standard asks of a ledger entry as a whole (台帐, 3.7.2: "涉密信息设备应当…有密级、编号、责任人标识，
// 并建立管理台帐"), judged the same way wherever an entry is written: the CSV import, `device set`
// (UpdateDevice), and the check of entries already stored. Pure and backend-neutral: the use cases ask the
// store who holds which asset number and pass the answer in, so a PostgreSQL backend needs nothing from here.
// The SQLite store enforces the asset-number rule once more in the schema (migration 10), where it is free
// of races between two admins.
import type { LedgerFields } from '../store/store';

/**
 * The fields a device in service (在用) must have: its classification (密级), number (编号: the asset number)
 * and responsible person (责任人), the three marks 3.7.2 names. A device under repair (维修) or retired (停用)
 * may lack them: it processes nothing while it is away or out of use, and an office often records such a
 * device before it has its number or after its person has left; it must have them again before it is put
 * back in service, since that is a write of status in_service and is judged here.
 */
export const REQUIRED_IN_SERVICE = ['assetNumber', 'classification', 'responsiblePerson'] as const;
export type RequiredField = (typeof REQUIRED_IN_SERVICE)[number];

export const REQUIRED_FIELD_NAMES: Record<RequiredField, { zh: string; en: string; option: string }> = {
  assetNumber: { zh: '资产编号', en: 'asset number', option: '--asset-number' },
  classification: { zh: '密级', en: 'classification', option: '--classification' },
  responsiblePerson: { zh: '责任人', en: 'responsible person', option: '--responsible' },
};

const say = (zh: string, en: string) => `${zh} / ${en}`;

/** A new ledger entry before anything is written into it (the defaults of the devices table). */
export const NEW_LEDGER_ENTRY: Readonly<LedgerFields> = {
  assetNumber: '',
  classification: null,
  responsiblePerson: '',
  department: '',
  location: '',
  status: 'in_service',
  allowedNetworks: [],
};

/** The required fields an entry lacks; none when it is not in service. */
export function missingRequiredFields(fields: LedgerFields): RequiredField[] {
  if (fields.status !== 'in_service') return [];
  return REQUIRED_IN_SERVICE.filter((field) =>
    field === 'classification' ? fields.classification === null : fields[field].trim() === '',
  );
}

/** One field's refusal, for the row-by-row report of an import (the column names the field). */
export const missingFieldProblem = (field: RequiredField) =>
  say(
    `在用设备必须有${REQUIRED_FIELD_NAMES[field].zh}（3.7.2）；维修或停用的设备可以暂缺`,
    `a device in service must have its ${REQUIRED_FIELD_NAMES[field].en} (3.7.2); one under repair or retired may lack it`,
  );

/** The refusal of a whole entry (device set, the ledger check): every missing field and how to give them. */
export function missingFieldsProblem(deviceId: string, missing: readonly RequiredField[]): string {
  const zh = missing.map((field) => REQUIRED_FIELD_NAMES[field].zh).join('、');
  const en = missing.map((field) => REQUIRED_FIELD_NAMES[field].en).join(', ');
  const options = missing.map((field) => `${REQUIRED_FIELD_NAMES[field].option} …`).join(' ');
  return say(
    `设备 ${deviceId} 在用，但缺少${zh}（3.7.2）`,
    `device ${deviceId} is in service but lacks ${en} (3.7.2); give them (shoumictl device set ${deviceId} ${options}) or set --status 维修|停用`,
  );
}

/** Who holds an asset number, as the store answers it. */
export interface AssetHolder {
  deviceId: string;
  assetNumber: string;
}

/**
 * For each entry about to be written, the device that would hold the same asset number once the write is
 * done: a stored device the write does not change, or an earlier entry of the same write. The ledger is
 * judged as it will be, so two devices swapping their numbers in one file is allowed. An empty asset number
 * is "not numbered yet" and clashes with nothing. Keys: the entries' device ids.
 */
export function assetNumberClashes(
  entries: ReadonlyArray<{ deviceId: string; assetNumber: string }>,
  stored: readonly AssetHolder[],
): Map<string, { holder: string; stored: boolean }> {
  const written = new Set(entries.map((entry) => entry.deviceId));
  const holderOf = new Map<string, { holder: string; stored: boolean }>();
  for (const holder of stored) {
    if (holder.assetNumber === '' || written.has(holder.deviceId)) continue;
    if (!holderOf.has(holder.assetNumber))
      holderOf.set(holder.assetNumber, { holder: holder.deviceId, stored: true });
  }
  const clashes = new Map<string, { holder: string; stored: boolean }>();
  for (const entry of entries) {
    if (entry.assetNumber === '') continue;
    const holder = holderOf.get(entry.assetNumber);
    if (holder !== undefined && holder.holder !== entry.deviceId) clashes.set(entry.deviceId, holder);
    else if (holder === undefined) holderOf.set(entry.assetNumber, { holder: entry.deviceId, stored: false });
  }
  return clashes;
}

export const assetNumberTakenProblem = (assetNumber: string, holder: string) =>
  say(
    `资产编号 ${assetNumber} 已属于设备 ${holder}：台帐中资产编号不能重复`,
    `asset number ${assetNumber} already belongs to device ${holder}; asset numbers are unique across the ledger`,
  );

/** Stored devices sharing one asset number (possible only in data from before migration 10). */
export function sharedAssetNumbers(devices: readonly AssetHolder[]): Map<string, string[]> {
  const holders = new Map<string, string[]>();
  for (const device of devices) {
    if (device.assetNumber === '') continue;
    holders.set(device.assetNumber, [...(holders.get(device.assetNumber) ?? []), device.deviceId]);
  }
  return new Map([...holders].filter(([, ids]) => ids.length > 1));
}
