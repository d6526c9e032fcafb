// How a shoumictl answer is shown (-o, like kubectl): a table that fits the terminal (the default), the
// wide table with every column, or the data itself as JSON, YAML or CSV. JSON and YAML carry the whole
// answer, nothing cut; CSV carries the wide table's rows, each cell through the one CSV escaping
// (collector/text/csv-cell.ts), so that it opens safely in Excel or WPS.
import { stringify as yamlStringify } from 'yaml';
import { type Column, renderTable } from '../../policies/text-table';
import { writeCsv } from '../text/csv-cell';

export const OUTPUT_FORMATS = ['table', 'wide', 'json', 'yaml', 'csv'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

export function isOutputFormat(text: string): text is OutputFormat {
  return (OUTPUT_FORMATS as readonly string[]).includes(text);
}

/** A shoumictl column: a table column that may be shown only in the wide layout (and CSV). */
export interface CtlColumn<Row> extends Column<Row> {
  wide?: boolean;
}

export interface Terminal {
  isTTY?: boolean;
  columns?: number;
}

/** The width to fit: the terminal's when stdout is one, else COLUMNS, else none (a pipe, a file). */
export function terminalWidth(stdout: Terminal = process.stdout, env = process.env): number | undefined {
  if (stdout.isTTY && stdout.columns && stdout.columns > 0) return stdout.columns;
  const columns = Number(env.COLUMNS);
  return Number.isInteger(columns) && columns > 0 ? columns : undefined;
}

/** Colour only for a person at a terminal, and never when NO_COLOR is set (no-color.org). */
export function colourWanted(stdout: Terminal = process.stdout, env = process.env): boolean {
  return Boolean(stdout.isTTY) && (env.NO_COLOR === undefined || env.NO_COLOR === '');
}

export interface Shown {
  width?: number;
  colour?: boolean;
}

/** Rows as the format asks: fitted table, wide table, or CSV (header row first). */
export function formatRows<Row>(
  columns: readonly CtlColumn<Row>[],
  rows: readonly Row[],
  format: OutputFormat,
  shown: Shown = {},
): string {
  if (format === 'csv') {
    return writeCsv([
      columns.map((column) => column.header),
      ...rows.map((row) => columns.map((column) => column.value(row))),
    ]);
  }
  if (format === 'wide') return `${renderTable(columns, rows, { colour: shown.colour })}\n`;
  const narrow = columns.filter((column) => !column.wide);
  return `${renderTable(narrow, rows, { width: shown.width, colour: shown.colour })}\n`;
}

/** The whole answer as data. */
export function formatData(value: unknown, format: 'json' | 'yaml'): string {
  if (format === 'json') return `${JSON.stringify(value, null, 2)}\n`;
  // Through JSON first: the generated message objects hold Long-like values and undefined fields that JSON
  // already turns into what a reader expects.
  return yamlStringify(JSON.parse(JSON.stringify(value)));
}
