// The columns of the ledger (CSV and .xlsx alike: ledger-xlsx.ts goes through the CSV), in export order,
// with their exact Chinese and English headers.
//
//   资产编号 asset_number        required; may be empty unless the device is in service (3.7.2); one device
//                                per number in the whole ledger (ledger-rules.ts)
//   设备ID   device_id           required, the key: one row per device, no device twice in a file
//   主机名   hostname            optional and not imported (the agent reports it; shown for people); a row
//                                that sets another one gets a note (ledger-stored-checks.ts)
//   密级     classification      required; 绝密 机密 秘密 非密 or top_secret confidential secret
//                                non_classified; empty: not classified yet (not for a device in service)
//   责任人   responsible_person  required; may be empty unless the device is in service
//   部门     department          required; may be empty
//   位置     location            required; may be empty
//   状态     status              required, not empty; 在用 维修 停用 or in_service under_repair retired
//   允许网络 allowed_networks    required; CIDR blocks separated by commas; empty: the policy default
//
// Every ledger column is required so that a row always states a device's whole ledger entry: an import never
// leaves a field half from the file and half from before. English headers may also be written with spaces
// or any case ("Asset Number").
export type LedgerColumnKey =
  | 'assetNumber'
  | 'deviceId'
  | 'hostname'
  | 'classification'
  | 'responsiblePerson'
  | 'department'
  | 'location'
  | 'status'
  | 'allowedNetworks';

export interface LedgerColumn {
  key: LedgerColumnKey;
  zh: string;
  en: string;
  required: boolean;
}

export const LEDGER_COLUMNS: readonly LedgerColumn[] = [
  { key: 'assetNumber', zh: '资产编号', en: 'asset_number', required: true },
  { key: 'deviceId', zh: '设备ID', en: 'device_id', required: true },
  { key: 'hostname', zh: '主机名', en: 'hostname', required: false },
  { key: 'classification', zh: '密级', en: 'classification', required: true },
  { key: 'responsiblePerson', zh: '责任人', en: 'responsible_person', required: true },
  { key: 'department', zh: '部门', en: 'department', required: true },
  { key: 'location', zh: '位置', en: 'location', required: true },
  { key: 'status', zh: '状态', en: 'status', required: true },
  { key: 'allowedNetworks', zh: '允许网络', en: 'allowed_networks', required: true },
];

export type LedgerLanguage = 'zh' | 'en';

export const headerOf = (column: LedgerColumn, lang: LedgerLanguage) =>
  lang === 'zh' ? column.zh : column.en;

/** The column a header names, in Chinese or English; undefined for a header we do not know. */
export function columnOfHeader(header: string): LedgerColumn | undefined {
  const trimmed = header.trim();
  const english = trimmed.toLowerCase().replace(/[\s-]+/g, '_');
  // "设备 ID" and "设备id" are how people retype the key column's header; accept them too.
  const chinese = trimmed.replace(/\s+/g, '').replace(/id$/i, 'ID');
  return LEDGER_COLUMNS.find((column) => column.zh === chinese || column.en === english);
}
