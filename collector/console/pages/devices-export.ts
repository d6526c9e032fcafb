// The filtered device list as a file for the office: CSV (UTF-8 with a BOM so Excel and WPS on a Chinese
// Windows read it, through collector/text/csv-cell.ts: cells that would run as formulas are defused) and
// .xlsx (every cell a text cell holding exactly the CSV cell's text, as the ledger's workbook does:
// collector/ledger/ledger-xlsx.ts). Headers and words in the reader's language; times in the unit's zone.
// Pure apart from the workbook writer: the devices, the language and the zone come in.
import writeXlsxFile from 'write-excel-file/node';
import type { Lang } from '../../../policies/messages/language';
import type { DeviceSummary__Output } from '../../../proto/generated/shoumi/v1/DeviceSummary';
import { csvCell, writeCsv } from '../../text/csv-cell';
import {
  type Bilingual,
  CLASSIFICATION_TEXT,
  COMMON,
  DEVICE_STATUS_TEXT,
  STATE_TEXT,
  say,
} from '../console-text';
import { consoleTime } from '../console-time';

export const XLSX_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
export const CSV_CONTENT_TYPE = 'text/csv; charset=utf-8';

const COLUMNS: ReadonlyArray<
  [Bilingual, (device: DeviceSummary__Output, lang: Lang, zone: string) => string]
> = [
  [{ zh: '资产编号', en: 'Asset number' }, (d) => d.assetNumber],
  [{ zh: '主机名', en: 'Hostname' }, (d) => d.hostname],
  [{ zh: '设备标识', en: 'Device id' }, (d) => d.deviceId],
  [{ zh: '部门', en: 'Department' }, (d) => d.department],
  [{ zh: '密级', en: 'Classification' }, (d, lang) => say(lang, CLASSIFICATION_TEXT[d.classification])],
  [{ zh: '责任人', en: 'Responsible person' }, (d) => d.responsiblePerson],
  [{ zh: '位置', en: 'Location' }, (d) => d.location],
  [
    { zh: '设备状态', en: 'Status' },
    (d, lang) => (DEVICE_STATUS_TEXT[d.status] ? say(lang, DEVICE_STATUS_TEXT[d.status]!) : d.status),
  ],
  [
    { zh: '合规状态', en: 'State' },
    (d, lang) => (STATE_TEXT[d.state] ? say(lang, STATE_TEXT[d.state]!) : d.state),
  ],
  [{ zh: '不通过项', en: 'Failing' }, (d) => String(d.failing)],
  [{ zh: '无法判定项', en: 'Errors' }, (d) => String(d.errors)],
  [
    { zh: '在线', en: 'Online' },
    (d, lang) => say(lang, d.connected ? COMMON.connected : COMMON.disconnected),
  ],
  [
    { zh: '最后上线时间', en: 'Last seen' },
    (d, lang, zone) => (d.lastSeenMs > 0 ? consoleTime(d.lastSeenMs, zone) : say(lang, COMMON.never)),
  ],
];

/** The header row and one row per device, as raw text (not yet defused). */
export function deviceRows(
  devices: readonly DeviceSummary__Output[],
  lang: Lang,
  timeZone: string,
): string[][] {
  return [
    COLUMNS.map(([header]) => say(lang, header)),
    ...devices.map((device) => COLUMNS.map(([, cell]) => cell(device, lang, timeZone))),
  ];
}

export function devicesCsv(rows: ReadonlyArray<ReadonlyArray<string>>): string {
  return writeCsv(rows);
}

export async function devicesXlsx(rows: ReadonlyArray<ReadonlyArray<string>>, lang: Lang): Promise<Buffer> {
  const width = rows[0]?.length ?? 0;
  const columns = Array.from({ length: width }, (_, index) => ({
    width: Math.min(
      32,
      Math.max(8, ...rows.slice(0, 200).map((row) => [...(row[index] ?? '')].length * 1.6)),
    ),
  }));
  return writeXlsxFile(
    rows.map((row) => row.map((value) => ({ value: csvCell(value), type: String }))),
    { sheet: lang === 'zh' ? '设备' : 'Devices', columns, stickyRowsCount: 1 },
  ).toBuffer();
}
