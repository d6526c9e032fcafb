// The inspected unit (被检查单位) a collector names in every inspection record: `shoumi-collector serve --unit`.
// It is printed at the head of a record an office signs, so it is checked before the collector starts: not
// blank, no longer than a unit's full registered name needs, and free of characters that would print as
// nothing or reorder the text on paper (control characters, bidi overrides, zero-width characters, line
// breaks: the set of policies/visible-text.ts, the one every output shows as <U+XXXX>).
import { escapeOf, firstInvisible } from '../../policies/visible-text';

export const MAX_UNIT_CHARS = 100;

/** The unit's name, trimmed; throws naming the flag and what to change. */
export function parseInspectedUnit(text: string, flag = '--unit'): string {
  const name = text.trim();
  if (name === '') throw new Error(`${flag}: the inspected unit's name (被检查单位) must not be blank`);
  const length = [...name].length;
  if (length > MAX_UNIT_CHARS)
    throw new Error(
      `${flag}: the inspected unit's name is ${length} characters long; at most ${MAX_UNIT_CHARS}`,
    );
  const unfit = firstInvisible(name);
  if (unfit !== undefined)
    throw new Error(
      `${flag}: the inspected unit's name holds the invisible character ${escapeOf(unfit.character)} at position ${unfit.position}; give the name as plain text`,
    );
  return name;
}
