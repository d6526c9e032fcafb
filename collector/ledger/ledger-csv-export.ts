// Writes the ledger as a CSV that Excel opens correctly on a Chinese Windows desktop: UTF-8 with a BOM (without
// it Excel reads the bytes as GBK and shows mojibake), CRLF line ends, Chinese headers and words by default.
// What it writes, readLedgerCsv reads back to the same values, so an export imported again changes nothing:
// the cells go through collector/text/csv-cell.ts, which defuses formulas with a leading ' that the import
// takes off again. The hostname is the agent's word and may be hostile (`=HYPERLINK(...)`, a bidi
// override): it is defused and made visible like every other cell, and ignored on import.
import { CLASSIFICATION_ZH } from '../../policies/model';
import type { LedgerFields } from '../store/store';
import { writeCsv } from '../text/csv-cell';
import { headerOf, LEDGER_COLUMNS, type LedgerLanguage } from './ledger-columns';
import { DEVICE_STATUS_ZH } from './ledger-values';

export interface LedgerCsvDevice extends LedgerFields {
  deviceId: string;
  hostname: string;
}

function cellOf(device: LedgerCsvDevice, key: (typeof LEDGER_COLUMNS)[number]['key'], lang: LedgerLanguage) {
  switch (key) {
    case 'classification':
      if (device.classification === null) return '';
      return lang === 'zh' ? CLASSIFICATION_ZH[device.classification] : device.classification;
    case 'status':
      return lang === 'zh' ? DEVICE_STATUS_ZH[device.status] : device.status;
    case 'allowedNetworks':
      return device.allowedNetworks.join(', ');
    default:
      return device[key];
  }
}

export function writeLedgerCsv(devices: readonly LedgerCsvDevice[], lang: LedgerLanguage): string {
  return writeCsv([
    LEDGER_COLUMNS.map((column) => headerOf(column, lang)),
    ...devices.map((device) => LEDGER_COLUMNS.map((column) => cellOf(device, column.key, lang))),
  ]);
}
