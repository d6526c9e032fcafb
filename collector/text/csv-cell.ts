// The one home of how shoumi writes CSV for people (the ledger export, the inspection record) and how a cell
// it wrote is read back (the ledger import). Text from agents and admins is escaped here, at the exit, rather
// than refused at the door: "-1层机房", "+86 10 1234 5678" and "=实验室" are honest values.
//
// CSV injection (OWASP, "CSV Injection"): Excel, WPS and LibreOffice run a cell whose first character is
// = + - @ (or TAB, CR) as a formula — `=HYPERLINK("http://x","y")` becomes a live link, DDE formulas can
// start programs. They do so after leading spaces too, so the test looks past leading whitespace. Such a
// cell gets a single quote in front (the spreadsheet then shows text) and is always written in double
// quotes. The full-width forms ＝ ＋ － ＠ are treated the same: spreadsheets with an East Asian input method
// may read them as the ASCII operators, and the cost of a wrong guess is one apostrophe.
//
// Round trip: a value that starts with apostrophes followed by such a start (`'=x`) gets one more apostrophe
// too, so that the reader can strip exactly one apostrophe from every cell whose rest would need one, and
// get back what was exported, however many apostrophes the value held (see csv-cell.test.ts). A cell the
// user saved from Excel after it showed the text (Excel drops the apostrophe) reads as the value too.
//
// Characters a reader cannot see (bidi overrides, zero-width, controls) are shown as <U+XXXX>
// (policies/visible-text.ts); line breaks and tabs inside a cell stay, in quotes.
//
// The file: UTF-8 with a byte-order mark (without it Excel on a Chinese Windows reads the bytes as GBK and
// shows mojibake), CRLF line ends.
import { stringify } from 'csv-stringify/sync';
import { visibleText } from '../../policies/visible-text';

/**
 * Leading whitespace and apostrophes, then a character a spreadsheet starts a formula with (= + - @ \t \r,
 * and their fullwidth forms ＝＋－＠, written as escapes so that the shoumictl bundle stays ASCII).
 */
const RUNS_AS_FORMULA = /^[\s']*[=+\-@\t\r\uff1d\uff0b\uff0d\uff20]/u;

const needsGuard = (text: string) => RUNS_AS_FORMULA.test(text);

/** A cell as shoumi writes it: invisible characters shown, a formula start defused with a leading '. */
export function csvCell(text: string): string {
  const visible = visibleText(text, 'lines-and-tabs');
  return needsGuard(visible) ? `'${visible}` : visible;
}

/** The value of a cell csvCell wrote (or a person saved): the one apostrophe csvCell adds, removed. */
export function csvCellValue(cell: string): string {
  return cell.startsWith("'") && needsGuard(cell.slice(1)) ? cell.slice(1) : cell;
}

/** Rows of raw text as a CSV file for people: every cell through csvCell; BOM, CRLF. */
export function writeCsv(rows: ReadonlyArray<ReadonlyArray<string>>): string {
  return stringify(
    rows.map((row) => row.map(csvCell)),
    // A defused cell is always quoted (OWASP): some programs drop the quotes' protection otherwise.
    { bom: true, record_delimiter: '\r\n', quoted_match: /^'/ },
  );
}
