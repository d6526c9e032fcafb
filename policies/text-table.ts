// Plain aligned columns for terminals (like `kubectl get`), shared by `shoumi-agent check` and shoumictl.
// Widths count display cells, so Chinese text (机密, 责任人) lines up: a CJK character takes two cells.
// Only characters whose width every terminal agrees on are added here: a cut value ends in "~", never in
// "…" or "—", which East Asian terminals may draw two cells wide (Unicode's "ambiguous" width) and so
// shift every column after them.
//
// Fitting a width (the terminal's, when known): a table wider than `width` gives way in this order, each
// step only while it is still too wide:
//   1. a `wrap` column (a reason, a note) leaves the row and is printed on its own indented line below it,
//      wrapped at the width;
//   2. columns with a priority above 0 are left out, the least important first (highest `priority` number),
//      until the rest fit at their `minWidth`;
//   3. the columns that stay are cut towards their `minWidth`, the least important first;
//   4. what still overflows (columns that cannot be dropped) is cut at the width, line by line.
// So every line fits, and the columns an office cannot do without (priority 0: the device, the status)
// are the last to go, and never dropped.
import { displayWidth } from './display-width';
import { visibleText } from './visible-text';

export type Tone = 'red' | 'yellow';

export interface Column<Row> {
  header: string;
  value: (row: Row) => string;
  /** Longer values are cut with "~" (evidence can be long; the JSON output has it whole). */
  maxWidth?: number;
  /** 0 (the default) is never dropped; higher numbers are cut and dropped first when the table is too wide. */
  priority?: number;
  /** Narrowest this column is cut to when the table is too wide; the header's width when omitted. */
  minWidth?: number;
  /** When the table is too wide, the value goes on its own indented line below the row instead. */
  wrap?: boolean;
  /** A colour for the value (FAIL red, ERROR yellow), used only when the caller asks for colour. */
  tone?: (row: Row) => Tone | undefined;
}

export interface TableOptions {
  /** Display cells a line may take; no limit when omitted. */
  width?: number;
  /** Colour the cells whose column has a tone (a terminal, NO_COLOR unset). */
  colour?: boolean;
}

/** Indent of a wrapped value's own line. */
const WRAP_INDENT = '    ';
const GAP = 2;
const ANSI: Record<Tone, string> = { red: '\u001b[31m', yellow: '\u001b[33m' };
const ANSI_RESET = '\u001b[0m';

/** The text cut to `width` display cells, ending in "~" when something was cut. */
export function cutToWidth(text: string, width: number): string {
  if (displayWidth(text) <= width) return text;
  if (width <= 0) return '';
  let out = '';
  let used = 0;
  for (const char of text) {
    const next = displayWidth(char);
    if (used + next > width - 1) break;
    out += char;
    used += next;
  }
  return `${out}~`;
}

function cellText(text: string, maxWidth: number | undefined): string {
  // Control, bidi and zero-width characters from a hostile device name would move the cursor, reorder the
  // row or hide in it: shown as <U+XXXX> (a cell is one line, so line breaks and tabs too).
  const clean = visibleText(text);
  return maxWidth === undefined ? clean : cutToWidth(clean, maxWidth);
}

/** The text broken into lines of at most `width` cells, at spaces where it can, inside words where not. */
export function wrapText(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  const push = () => {
    if (line.trimEnd() !== '') lines.push(line.trimEnd());
    line = '';
  };
  for (const word of text.split(/(?<= )/)) {
    if (displayWidth(line + word.trimEnd()) <= width) {
      line += word;
      continue;
    }
    push();
    // A word longer than the line: broken by characters (Chinese text has no spaces to break at).
    for (const char of word) {
      if (displayWidth(line + char) > width && line.trimEnd() !== '') push();
      line += char;
    }
  }
  push();
  return lines.length > 0 ? lines : [''];
}

interface Laid {
  index: number;
  width: number;
  min: number;
  priority: number;
}

export function renderTable<Row>(
  columns: readonly Column<Row>[],
  rows: readonly Row[],
  options: TableOptions = {},
): string {
  const full = rows.map((row) => columns.map((column) => visibleText(column.value(row))));
  const cells = full.map((line) => line.map((text, index) => cellText(text, columns[index]!.maxWidth)));
  const natural = (index: number) =>
    Math.max(displayWidth(columns[index]!.header), ...cells.map((line) => displayWidth(line[index]!)));
  let shown: Laid[] = columns.map((column, index) => ({
    index,
    width: natural(index),
    min: Math.min(natural(index), column.minWidth ?? displayWidth(column.header)),
    priority: column.priority ?? 0,
  }));
  let wrapped: number[] = [];
  const total = () => shown.reduce((sum, laid) => sum + laid.width, 0) + GAP * Math.max(0, shown.length - 1);
  const limit = options.width;
  if (limit !== undefined && total() > limit) {
    wrapped = shown.filter((laid) => columns[laid.index]!.wrap).map((laid) => laid.index);
    shown = shown.filter((laid) => !columns[laid.index]!.wrap);
    const leastImportantFirst = [...shown].sort((a, b) => b.priority - a.priority || b.index - a.index);
    // Which columns stay: as many as fit at their narrowest, the least important leaving first.
    const narrowest = () =>
      shown.reduce((sum, laid) => sum + laid.min, 0) + GAP * Math.max(0, shown.length - 1);
    for (const laid of leastImportantFirst) {
      if (narrowest() <= limit || laid.priority === 0) break;
      shown = shown.filter((kept) => kept !== laid);
    }
    // Then the ones that stay give up width, the least important first.
    for (const laid of leastImportantFirst) {
      if (total() <= limit) break;
      if (shown.includes(laid)) laid.width = Math.max(laid.min, laid.width - (total() - limit));
    }
  }
  const paint = (text: string, tone: Tone | undefined) =>
    options.colour && tone && text !== '' ? `${ANSI[tone]}${text}${ANSI_RESET}` : text;
  const line = (values: readonly string[], tones: readonly (Tone | undefined)[]) => {
    const parts = shown.map((laid, position) => {
      const text = cutToWidth(values[laid.index]!, laid.width);
      const padding = position === shown.length - 1 ? '' : ' '.repeat(laid.width - displayWidth(text));
      return paint(text, tones[laid.index]) + padding;
    });
    const joined = parts.join(' '.repeat(GAP)).trimEnd();
    // Colour codes take no cells; only a plain line can be measured and cut safely.
    return limit !== undefined && !options.colour ? cutToWidth(joined, limit) : joined;
  };
  const noTones = columns.map(() => undefined);
  const out = [
    line(
      columns.map((column) => column.header),
      noTones,
    ),
  ];
  rows.forEach((row, rowIndex) => {
    const tones = columns.map((column) => column.tone?.(row));
    out.push(line(cells[rowIndex]!, tones));
    for (const index of wrapped) {
      const text = full[rowIndex]![index]!;
      if (text === '') continue;
      for (const piece of wrapText(text, Math.max(8, limit! - WRAP_INDENT.length)))
        out.push(`${WRAP_INDENT}${piece}`);
    }
  });
  return out.join('\n');
}
