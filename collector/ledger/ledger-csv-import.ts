// Reads a ledger CSV (as Excel or WPS writes it: UTF-8 with or without BOM, CRLF or LF) into validated rows,
// or into the list of everything wrong with it, each problem with its line and column. Nothing here writes:
// the caller applies the rows only when there is no problem at all (all-or-nothing import).
//
// Order of the checks, each one stopping the reading when it fails, so the report names the real cause
// instead of a flood of follow-on errors: size → text (no binary bytes) → CSV syntax → header → row count →
// every row, every cell.
import { CsvError, parse } from 'csv-parse/sync';
import type { LedgerFields } from '../store/store';
import { csvCellValue } from '../text/csv-cell';
import { columnOfHeader, LEDGER_COLUMNS, type LedgerColumn } from './ledger-columns';
import {
  type Checked,
  readAllowedNetworks,
  readClassification,
  readDeviceId,
  readDeviceStatus,
  readLedgerText,
} from './ledger-values';

export const LEDGER_CSV_LIMITS = {
  /** Of UTF-8 text; well under the admin API's 16 MiB message limit. */
  maxBytes: 8 * 1024 * 1024,
  /** Data rows (the header not counted). */
  maxRows: 50_000,
  /** Problems listed in one report; the count says how many there were in all. */
  maxProblemsListed: 500,
} as const;

export interface LedgerRowProblem {
  /** 1-based line in the file (the header is line 1); 0 for the file as a whole. */
  line: number;
  /** The column's header as written in the file; "" when the problem is not about one column. */
  column: string;
  problem: string;
}

export interface LedgerCsvRow {
  line: number;
  deviceId: string;
  fields: LedgerFields;
  /**
   * The 主机名 cell as written, when the file has that column. Never imported (the agent reports the
   * hostname); the import answers with a note when it differs from the hostname the collector knows.
   */
  hostname?: string;
}

export interface LedgerCsvReading {
  /** The rows to apply: empty as soon as anything in the file was refused (all or nothing). */
  rows: LedgerCsvRow[];
  /** Every row that passed on its own, even when others did not: for the checks against the stored ledger. */
  passedRows: LedgerCsvRow[];
  /** The header of each column as the file writes it, for problems found later (a stored asset number). */
  headers: Partial<Record<LedgerColumn['key'], string>>;
  /** At most maxProblemsListed, in file order. */
  problems: LedgerRowProblem[];
  problemCount: number;
}

const say = (zh: string, en: string) => `${zh} / ${en}`;

const knownHeaders = LEDGER_COLUMNS.map((column) => `${column.zh} (${column.en})`).join(', ');

/** The first character that a text CSV cannot hold: a control character or a decoding replacement mark. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding binary bytes is the point
const NOT_TEXT = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\ufffd]/;

export function readLedgerCsv(text: string): LedgerCsvReading {
  const problems: LedgerRowProblem[] = [];
  let problemCount = 0;
  const report = (line: number, column: string, problem: string) => {
    problemCount++;
    if (problems.length < LEDGER_CSV_LIMITS.maxProblemsListed) problems.push({ line, column, problem });
  };
  const rows: LedgerCsvRow[] = [];
  const headers: LedgerCsvReading['headers'] = {};
  const refused = (): LedgerCsvReading => ({ rows: [], passedRows: rows, headers, problems, problemCount });

  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > LEDGER_CSV_LIMITS.maxBytes) {
    report(
      0,
      '',
      say(
        `文件过大：${bytes} 字节，上限 ${LEDGER_CSV_LIMITS.maxBytes} 字节`,
        `file too large: ${bytes} bytes, the limit is ${LEDGER_CSV_LIMITS.maxBytes}`,
      ),
    );
    return refused();
  }
  const binary = NOT_TEXT.exec(text);
  if (binary) {
    const line = text.slice(0, binary.index).split('\n').length;
    const code = binary[0].codePointAt(0)!;
    report(
      line,
      '',
      say(
        `不是文本 CSV 文件：含二进制内容（${code === 0xfffd ? '无效的 UTF-8 字节' : `字符 0x${code.toString(16).padStart(2, '0')}`}）`,
        `not a text CSV file: binary content (${code === 0xfffd ? 'bytes that are not UTF-8' : `character 0x${code.toString(16).padStart(2, '0')}`}); save it as "CSV UTF-8"`,
      ),
    );
    return refused();
  }

  let records: Array<{ record: string[]; info: { lines: number } }>;
  try {
    // One line-end convention first: csv-parse counts a CRLF inside quotes as two lines otherwise.
    records = parse(text.replace(/\r\n?/g, '\n'), {
      bom: true,
      info: true,
      relax_column_count: true,
      skip_empty_lines: true,
    }) as unknown as typeof records;
  } catch (error) {
    if (!(error instanceof CsvError)) throw error;
    const line = Number((error as CsvError & { lines?: number }).lines ?? 0);
    report(line, '', say(`CSV 格式错误：${error.message}`, `not valid CSV: ${error.message}`));
    return refused();
  }
  const lineOf = (entry: (typeof records)[number]) =>
    entry.info.lines - entry.record.reduce((count, cell) => count + cell.split('\n').length - 1, 0);
  // Excel writes a row of empty cells for a row that was touched and cleared: not a device.
  const [headerEntry, ...dataEntries] = records.filter((entry) =>
    entry.record.some((cell) => cell.trim() !== ''),
  );
  if (headerEntry === undefined) {
    report(
      1,
      '',
      say('文件为空：没有标题行', `empty file: no header line; expected columns ${knownHeaders}`),
    );
    return refused();
  }

  const headerLine = lineOf(headerEntry);
  const columns = readHeader(headerEntry.record, dataEntries, headerLine, report);
  if (columns === null) return refused();
  for (const [key, column] of columns) headers[key] = column.header;

  if (dataEntries.length > LEDGER_CSV_LIMITS.maxRows) {
    report(
      0,
      '',
      say(
        `行数过多：${dataEntries.length} 行，上限 ${LEDGER_CSV_LIMITS.maxRows} 行`,
        `too many rows: ${dataEntries.length}, the limit is ${LEDGER_CSV_LIMITS.maxRows}`,
      ),
    );
    return refused();
  }

  const lineOfDevice = new Map<string, number>();
  const lineOfAsset = new Map<string, number>();
  for (const entry of dataEntries) {
    const line = lineOf(entry);
    if (entry.record.length !== headerEntry.record.length) {
      report(
        line,
        '',
        say(
          `本行有 ${entry.record.length} 个单元格，标题行有 ${headerEntry.record.length} 个`,
          `the row has ${entry.record.length} cells, the header has ${headerEntry.record.length}`,
        ),
      );
      continue;
    }
    const before = problemCount;
    // The apostrophe the export put before a cell a spreadsheet would run ('-1层机房) is not part of the value.
    const cell = (column: LedgerColumn) => csvCellValue(entry.record[columns.get(column.key)!.index]!);
    const header = (column: LedgerColumn) => columns.get(column.key)!.header;
    const take = <T>(column: LedgerColumn, checked: Checked<T>): T | undefined => {
      if (checked.ok) return checked.value;
      report(line, header(column), checked.problem);
      return undefined;
    };
    const value: Partial<Record<LedgerColumn['key'], unknown>> = {};
    for (const column of LEDGER_COLUMNS) {
      if (!columns.has(column.key) || column.key === 'hostname') continue;
      const text = cell(column);
      switch (column.key) {
        case 'deviceId':
          value.deviceId = take(column, readDeviceId(text));
          break;
        case 'classification':
          value.classification = take(column, readClassification(text));
          break;
        case 'status':
          value.status = take(column, readDeviceStatus(text));
          break;
        case 'allowedNetworks':
          value.allowedNetworks = take(column, readAllowedNetworks(text));
          break;
        default:
          value[column.key] = take(column, readLedgerText(text));
      }
    }
    const deviceId = value.deviceId as string | undefined;
    if (deviceId !== undefined) {
      const firstLine = lineOfDevice.get(deviceId);
      if (firstLine !== undefined) {
        report(
          line,
          header(LEDGER_COLUMNS[1]!),
          say(
            `设备 ${deviceId} 重复：第 ${firstLine} 行已有`,
            `device ${deviceId} is already on line ${firstLine}`,
          ),
        );
      } else lineOfDevice.set(deviceId, line);
    }
    const assetNumber = value.assetNumber as string | undefined;
    if (assetNumber) {
      const firstLine = lineOfAsset.get(assetNumber);
      if (firstLine !== undefined) {
        report(
          line,
          header(LEDGER_COLUMNS[0]!),
          say(
            `资产编号 ${assetNumber} 重复：第 ${firstLine} 行已有`,
            `asset number ${assetNumber} is already on line ${firstLine}`,
          ),
        );
      } else lineOfAsset.set(assetNumber, line);
    }
    const fields: LedgerFields = {
      assetNumber: value.assetNumber as string,
      classification: value.classification as LedgerFields['classification'],
      responsiblePerson: value.responsiblePerson as string,
      department: value.department as string,
      location: value.location as string,
      status: value.status as LedgerFields['status'],
      allowedNetworks: value.allowedNetworks as string[],
    };
    if (problemCount === before) {
      const hostnameColumn = columns.get('hostname');
      rows.push({
        line,
        deviceId: deviceId!,
        fields,
        ...(hostnameColumn === undefined
          ? {}
          : { hostname: csvCellValue(entry.record[hostnameColumn.index]!).trim() }),
      });
    }
  }
  return problemCount === 0 ? { rows, passedRows: rows, headers, problems, problemCount } : refused();
}

/** Where each known column is, or null after reporting what is wrong with the header line. */
function readHeader(
  cells: string[],
  dataEntries: ReadonlyArray<{ record: string[] }>,
  line: number,
  report: (line: number, column: string, problem: string) => void,
): Map<LedgerColumn['key'], { index: number; header: string }> | null {
  const columns = new Map<LedgerColumn['key'], { index: number; header: string }>();
  let bad = false;
  cells.forEach((header, index) => {
    if (header.trim() === '') {
      // A trailing empty column (a stray comma) is harmless as long as nothing is written under it.
      if (dataEntries.every((entry) => (entry.record[index] ?? '').trim() === '')) return;
      report(
        line,
        `#${index + 1}`,
        say(`第 ${index + 1} 列没有标题，但有内容`, `column ${index + 1} has no header but holds values`),
      );
      bad = true;
      return;
    }
    const column = columnOfHeader(header);
    if (column === undefined) {
      report(
        line,
        header,
        say(`未知列 "${header}"`, `unknown column "${header}"; the columns are ${knownHeaders}`),
      );
      bad = true;
      return;
    }
    const earlier = columns.get(column.key);
    if (earlier !== undefined) {
      report(
        line,
        header,
        say(
          `列 ${column.zh} 重复（已有 "${earlier.header}"）`,
          `column ${column.en} appears twice ("${earlier.header}" and "${header}")`,
        ),
      );
      bad = true;
      return;
    }
    columns.set(column.key, { index, header });
  });
  for (const column of LEDGER_COLUMNS) {
    if (column.required && !columns.has(column.key)) {
      report(
        line,
        column.zh,
        say(`缺少必需列 ${column.zh}`, `missing required column ${column.zh} (${column.en})`),
      );
      bad = true;
    }
  }
  return bad ? null : columns;
}
