// The inspected unit (被检查单位) a collector names in every inspection record: `shoumi-collector serve --unit`.
// It is printed at the head of a record an office signs, so it is checked before the collector starts: not
// blank, no longer than a unit's full registered name needs, and free of characters that would print as
// nothing or reorder the text on paper (control characters, bidi overrides, line breaks).
export const MAX_UNIT_CHARS = 100;

// C0 and C1 controls (tab and line breaks too: the name is one line), DEL, line and paragraph separators,
// and the bidi embedding/override/isolate controls.
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const UNFIT = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/u;

/** The unit's name, trimmed; throws naming the flag and what to change. */
export function parseInspectedUnit(text: string, flag = '--unit'): string {
  const name = text.trim();
  if (name === '') throw new Error(`${flag}: the inspected unit's name (被检查单位) must not be blank`);
  const length = [...name].length;
  if (length > MAX_UNIT_CHARS)
    throw new Error(
      `${flag}: the inspected unit's name is ${length} characters long; at most ${MAX_UNIT_CHARS}`,
    );
  const unfit = UNFIT.exec(name);
  if (unfit !== null)
    throw new Error(
      `${flag}: the inspected unit's name holds the control character U+${unfit[0]
        .codePointAt(0)!
        .toString(16)
        .toUpperCase()
        .padStart(
          4,
          '0',
        )} at position ${[...name.slice(0, unfit.index)].length + 1}; give the name as plain text`,
    );
  return name;
}
