// The checks of a ledger file that need the stored ledger: an asset number another device already holds,
// and a 主机名 that differs from what the agent reports (a note, not a refusal); and, for the export and
// `ledger check`, the stored entries the rules would now refuse. Pure: the use case reads the store and
// passes what it found (store.ledgerIdentities), so every backend gets the same answers.
import type { LedgerFields, LedgerIdentity } from '../store/store';
import { headerOf, LEDGER_COLUMNS, type LedgerColumnKey, type LedgerLanguage } from './ledger-columns';
import type { LedgerCsvReading, LedgerCsvRow, LedgerRowProblem } from './ledger-csv-import';
import {
  assetNumberClashes,
  assetNumberTakenProblem,
  missingFieldProblem,
  missingRequiredFields,
  sharedAssetNumbers,
} from './ledger-rules';

const say = (zh: string, en: string) => `${zh} / ${en}`;

/** Hostnames are the agent's words: shown in a note, shortened so that a hostile one cannot flood it. */
const shown = (text: string) => (text.length > 64 ? `${text.slice(0, 64)}…` : text);

/** A row that states its device's stored entry as it is: importing it writes nothing. */
const unchanged = (row: LedgerCsvRow, storedOf: ReadonlyMap<string, LedgerIdentity>) => {
  const stored = storedOf.get(row.deviceId);
  return stored !== undefined && JSON.stringify(stored.fields) === JSON.stringify(row.fields);
};

const byDevice = (stored: readonly LedgerIdentity[]) =>
  new Map(stored.map((identity) => [identity.deviceId, identity]));

/**
 * A row that creates or changes a device in service must give its asset number, classification and
 * responsible person (3.7.2), each missing one refused on its own column. A row that leaves an entry as it
 * is writes nothing and is not refused: an export, with devices that enrolled since and have no ledger
 * fields yet, imports again unchanged (`ledger check` names those entries); the first edit of such a row
 * must complete it.
 */
export function requiredFieldProblems(
  reading: Pick<LedgerCsvReading, 'passedRows' | 'headers'>,
  stored: readonly LedgerIdentity[],
): LedgerRowProblem[] {
  const storedOf = byDevice(stored);
  return reading.passedRows.flatMap((row) =>
    unchanged(row, storedOf)
      ? []
      : missingRequiredFields(row.fields).map((field) => ({
          line: row.line,
          column: reading.headers[field] ?? LEDGER_COLUMNS.find((column) => column.key === field)!.zh,
          problem: missingFieldProblem(field),
        })),
  );
}

/** Rows whose asset number a stored device holds (and keeps: it is not in the file with another number). */
export function storedAssetClashes(
  reading: Pick<LedgerCsvReading, 'passedRows' | 'headers'>,
  stored: readonly LedgerIdentity[],
): LedgerRowProblem[] {
  const entries = reading.passedRows.map((row) => ({
    deviceId: row.deviceId,
    assetNumber: row.fields.assetNumber,
  }));
  const clashes = assetNumberClashes(entries, stored);
  const storedOf = byDevice(stored);
  return reading.passedRows.flatMap((row) => {
    const clash = unchanged(row, storedOf) ? undefined : clashes.get(row.deviceId);
    // A clash with an earlier row of the file is reported by the reading itself, on the later row.
    if (clash === undefined || !clash.stored) return [];
    return [
      {
        line: row.line,
        column: reading.headers.assetNumber ?? '资产编号',
        problem: assetNumberTakenProblem(row.fields.assetNumber, clash.holder),
      },
    ];
  });
}

/** A note for each row that sets a hostname other than the one the agent reports. */
export function hostnameNotes(
  reading: Pick<LedgerCsvReading, 'passedRows' | 'headers'>,
  stored: readonly LedgerIdentity[],
): LedgerRowProblem[] {
  const hostnameOf = new Map(stored.map((device) => [device.deviceId, device.hostname]));
  return reading.passedRows.flatMap((row) => {
    const written = row.hostname ?? '';
    const reported = hostnameOf.get(row.deviceId) ?? '';
    if (written === '' || written === reported) return [];
    return [
      {
        line: row.line,
        column: reading.headers.hostname ?? '主机名',
        problem: say(
          `主机名由探针上报，台帐中只读：文件中的 "${shown(written)}" 未导入（${reported === '' ? '尚无探针上报' : `探针上报为 "${shown(reported)}"`}），本行其余字段已导入`,
          `the hostname is reported by the agent and read-only in the ledger: the file's "${shown(written)}" was not imported (${reported === '' ? 'no agent has reported one yet' : `the agent reports "${shown(reported)}"`}); the rest of the row was`,
        ),
      },
    ];
  });
}

/** Merges problems found by the reading and later, in file order, the file-wide ones (line 0) first. */
export function inFileOrder(...lists: ReadonlyArray<readonly LedgerRowProblem[]>): LedgerRowProblem[] {
  return lists.flat().sort((a, b) => a.line - b.line);
}

/**
 * The stored entries the rules would refuse on their next write, as lines of the export (the header is line
 * 1): stored data is never refused or changed when it is read, only named, so that the office can mend it.
 */
export function ledgerGaps(
  devices: ReadonlyArray<LedgerFields & { deviceId: string }>,
  lang: LedgerLanguage,
): LedgerRowProblem[] {
  const header = (key: LedgerColumnKey) =>
    headerOf(LEDGER_COLUMNS.find((column) => column.key === key)!, lang);
  const shared = sharedAssetNumbers(devices);
  return devices.flatMap((device, index) => {
    const line = index + 2;
    const gaps: LedgerRowProblem[] = missingRequiredFields(device).map((field) => ({
      line,
      column: header(field),
      problem: `${device.deviceId}: ${missingFieldProblem(field)}`,
    }));
    const others = (shared.get(device.assetNumber) ?? []).filter((id) => id !== device.deviceId);
    if (others.length > 0) {
      gaps.push({
        line,
        column: header('assetNumber'),
        problem: `${device.deviceId}: ${say(
          `资产编号 ${device.assetNumber} 与设备 ${others.join('、')} 共用（在编号唯一规则之前写入）；请为其一改号`,
          `asset number ${device.assetNumber} is shared with device ${others.join(', ')} (written before asset numbers had to be unique); give one of them another number`,
        )}`,
      });
    }
    return gaps;
  });
}
