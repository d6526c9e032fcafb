// The ledger as an Excel workbook (.xlsx), for offices that keep their 台帐 in Excel or WPS. Both ways go
// through the ledger CSV, which stays the one format the collector reads and writes (ImportLedger and
// ExportLedger carry CSV text): shoumictl turns an .xlsx into that text before sending it and turns the
// exported text into an .xlsx after receiving it. So the columns, headers and words are the CSV's
// (ledger-columns.ts, ledger-csv-export.ts) and an import is judged by the same rules whatever the file was.
//
// Written: one sheet, every cell a text cell, holding exactly the text of the CSV cell. Text cells keep an
// asset number like 001234 whole (a number cell would show 1234) and are never run as formulas; a cell the
// CSV export defused with a leading ' (collector/text/csv-cell.ts) keeps it here too, so that the sheet
// saved again as CSV is as safe as the export, and the import takes the ' off again either way.
//
// Read: the first sheet, each cell as the text the office sees: a text cell as it is (not trimmed here: the
// ledger's own reading trims), a number as its decimal digits, a date as YYYY-MM-DD (with the time when it
// has one), TRUE/FALSE. Not recovered: a number cell whose display format pads it with zeros (the stored
// value 1234 shown as 001234 reads as 1234); offices that keep asset numbers as numbers should format the
// column as text, as our export does.
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { readSheet } from 'read-excel-file/node';
import writeXlsxFile from 'write-excel-file/node';

export const XLSX_MEDIA_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** A ZIP archive, which every .xlsx is: what tells a workbook from a CSV saved with the wrong name. */
export const looksLikeXlsx = (bytes: Uint8Array) =>
  bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;

const two = (value: number) => String(value).padStart(2, '0');

/** read-excel-file gives dates at UTC midnight of the day Excel shows; the UTC fields are that day. */
function dateText(date: Date): string {
  const day = `${date.getUTCFullYear()}-${two(date.getUTCMonth() + 1)}-${two(date.getUTCDate())}`;
  const seconds = date.getUTCHours() * 3600 + date.getUTCMinutes() * 60 + date.getUTCSeconds();
  if (seconds === 0) return day;
  return `${day} ${two(date.getUTCHours())}:${two(date.getUTCMinutes())}:${two(date.getUTCSeconds())}`;
}

/** A number as stored in the file (parseNumber keeps it as text): integers whole, others as JavaScript reads them. */
function numberText(stored: string): string {
  if (/^-?\d+$/.test(stored)) return stored;
  const value = Number(stored);
  return Number.isFinite(value) ? String(value) : stored;
}

export function cellText(cell: unknown): string {
  if (cell === null || cell === undefined) return '';
  if (cell instanceof Date) return dateText(cell);
  if (typeof cell === 'boolean') return cell ? 'TRUE' : 'FALSE';
  if (typeof cell === 'number') return numberText(String(cell));
  return String(cell);
}

/** Header and rows of the first sheet as ledger CSV text (no BOM; the ledger's reading takes either). */
export async function xlsxToLedgerCsv(bytes: Uint8Array): Promise<string> {
  const rows = await readSheet(Buffer.from(bytes), {
    trim: false,
    parseNumber: (stored: string) => numberText(stored),
  });
  return stringify(
    rows.map((row) => row.map(cellText)),
    { record_delimiter: '\r\n' },
  );
}

/** The CSV text an export wrote, as a workbook with the same cells (all text), the header row frozen. */
export async function ledgerCsvToXlsx(csvText: string): Promise<Buffer> {
  const rows = parse(csvText, { bom: true, relax_column_count: true }) as string[][];
  const width = Math.max(0, ...rows.map((row) => row.length));
  const columnWidths = Array.from({ length: width }, (_, index) => ({
    width: Math.min(40, Math.max(8, ...rows.map((row) => [...(row[index] ?? '')].length * 1.6))),
  }));
  return writeXlsxFile(
    rows.map((row) => row.map((value) => ({ value, type: String }))),
    { sheet: '台帐', columns: columnWidths, stickyRowsCount: 1 },
  ).toBuffer();
}
