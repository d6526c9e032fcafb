// What shoumictl prints for people goes through here: device names, hostnames, ledger fields, reasons and
// error messages come from agents and admins, and a bidi override, a zero-width character or an escape
// sequence in them would reorder, hide or rewrite what the admin reads. They are shown as <U+XXXX>
// (policies/visible-text.ts); the text's own line breaks stay. Tables are made visible cell by cell in
// renderTable already (so their columns line up); passing them here again changes nothing.
//
// Not through here: --json (data; JSON escapes what it must), and files written to stdout as they are
// (ledger export CSV, the inspection record), which escape their own cells.
import { visibleText } from '../../policies/visible-text';

/** Text for people on stdout. */
export function printText(text: string): void {
  process.stdout.write(visibleText(text, 'lines'));
}

/** Text for people on stderr: progress, notes, errors. */
export function printNote(text: string): void {
  process.stderr.write(visibleText(text, 'lines'));
}
