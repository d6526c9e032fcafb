// Plain aligned columns for terminals (like `kubectl get`), shared by `shoumi-agent check` and shoumictl.
// Widths count display cells, so Chinese text (机密, 责任人) lines up: a CJK character takes two cells.
import stringWidth from 'string-width';
import { visibleText } from './visible-text';

export interface Column<Row> {
  header: string;
  value: (row: Row) => string;
  /** Longer values are cut with "…" (evidence can be long; the JSON output has it whole). */
  maxWidth?: number;
}

function cellText(text: string, maxWidth: number | undefined): string {
  // Control, bidi and zero-width characters from a hostile device name would move the cursor, reorder the
  // row or hide in it: shown as <U+XXXX> (a cell is one line, so line breaks and tabs too).
  const clean = visibleText(text);
  if (maxWidth === undefined || stringWidth(clean) <= maxWidth) return clean;
  let out = '';
  for (const char of clean) {
    if (stringWidth(out + char) > maxWidth - 1) break;
    out += char;
  }
  return `${out}…`;
}

export function renderTable<Row>(columns: readonly Column<Row>[], rows: readonly Row[]): string {
  const cells = rows.map((row) => columns.map((column) => cellText(column.value(row), column.maxWidth)));
  const widths = columns.map((column, index) =>
    Math.max(stringWidth(column.header), ...cells.map((line) => stringWidth(line[index]!))),
  );
  const line = (values: readonly string[]) =>
    values
      .map((value, index) =>
        index === values.length - 1 ? value : value + ' '.repeat(widths[index]! - stringWidth(value)),
      )
      .join('  ')
      .trimEnd();
  return [line(columns.map((column) => column.header)), ...cells.map(line)].join('\n');
}
