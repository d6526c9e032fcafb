// The one home of "characters a reader cannot see": what every exit that shows agent- or admin-supplied text
// to a person (terminal tables and text of shoumictl and shoumi-agent, CSV cells, the HTML inspection record)
// replaces with a visible escape such as <U+202E>, and what the doors that refuse such text look for.
//
// Why these characters: a bidi override (U+202E) makes "ws-01<U+202E>gpj.exe" read as "ws-01exe.jpg", an
// isolate or embedding reorders a row on screen or on paper, a zero-width space or joiner makes two different
// hostnames look the same, a C0/C1 control moves the terminal's cursor or clears the screen, and a line or
// paragraph separator breaks a line where the table expects none. The set is Unicode's own: every control
// (Cc: C0, DEL, C1) and format character (Cf: bidi U+061C U+200E U+200F U+202A–202E U+2066–2069, zero-width
// U+200B–200D U+2060 U+FEFF, soft hyphen, tag characters, ...) plus the line and paragraph separators (Zl, Zp).
// Taking whole categories rather than a hand list means a format character added to Unicode later is shown
// too; the cost is that an emoji joined by U+200D shows its parts with <U+200D> between them.
//
// JSON output keeps the exact text: it is data, and JSON escapes what it must.

const INVISIBLE_CLASS = '[\\p{Cc}\\p{Cf}\\p{Zl}\\p{Zp}]';
const EVERY_INVISIBLE = new RegExp(INVISIBLE_CLASS, 'gu');
const AN_INVISIBLE = new RegExp(INVISIBLE_CLASS, 'u');

/** A character's escape: <U+202E>, at least four upper-case hex digits (<U+E0041> for a tag character). */
export const escapeOf = (character: string): string =>
  `<U+${character.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}>`;

/** Which layout characters an exit may keep as they are, because it shows them as layout. */
export type KeptLayout = 'none' | 'lines' | 'lines-and-tabs';

const KEPT: Record<KeptLayout, ReadonlySet<string>> = {
  // A table cell is one line of fixed width: a tab or line break in it would shift every column after it.
  none: new Set(),
  // Multi-line terminal text (shoumictl device ID, sweep show): its own line breaks are the layout.
  lines: new Set(['\n']),
  // A CSV cell or an HTML cell (white-space: pre-wrap) shows tabs and line breaks as themselves.
  'lines-and-tabs': new Set(['\n', '\t']),
};

/** The text with every invisible character (but the layout `keep` allows) replaced by its escape. */
export function visibleText(text: string, keep: KeptLayout = 'none'): string {
  const kept = KEPT[keep];
  return text.replace(EVERY_INVISIBLE, (character) =>
    kept.has(character) ? character : escapeOf(character),
  );
}

/** The first invisible character in `text` and its position (1-based, in characters), for doors that refuse. */
export function firstInvisible(text: string): { character: string; position: number } | undefined {
  const found = AN_INVISIBLE.exec(text);
  if (found === null) return undefined;
  return { character: found[0], position: [...text.slice(0, found.index)].length + 1 };
}
