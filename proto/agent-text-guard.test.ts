// The characters refused at the agent door, from a table written out by hand (issue 13's list), with the
// neighbours on each side of every range, which must pass.
import { describe, expect, it } from 'vitest';
import { agentTextProblem, withForbiddenShown } from './agent-text-guard';

const REFUSED: ReadonlyArray<[number, string]> = [
  [0x0000, 'a control character'],
  [0x0009, 'a control character'],
  [0x000a, 'a control character'],
  [0x001b, 'a control character'],
  [0x001f, 'a control character'],
  [0x007f, 'a control character'],
  [0x0080, 'a control character'],
  [0x009f, 'a control character'],
  [0x061c, 'a bidi mark'],
  [0x200b, 'a zero-width character'],
  [0x200c, 'a zero-width character'],
  [0x200d, 'a zero-width character'],
  [0x200e, 'a bidi mark'],
  [0x200f, 'a bidi mark'],
  [0x202a, 'a bidi control'],
  [0x202b, 'a bidi control'],
  [0x202c, 'a bidi control'],
  [0x202d, 'a bidi control'],
  [0x202e, 'a bidi control'],
  [0x2060, 'a zero-width character'],
  [0x2066, 'a bidi control'],
  [0x2067, 'a bidi control'],
  [0x2068, 'a bidi control'],
  [0x2069, 'a bidi control'],
  [0xfeff, 'a zero-width character'],
];
const PASSED = [
  0x0020, 0x007e, 0x00a0, 0x061b, 0x061d, 0x200a, 0x2010, 0x2029, 0x2061, 0x2065, 0x206a, 0xfefe,
];

const hex = (code: number) => code.toString(16).toUpperCase().padStart(4, '0');

describe('agent text guard', () => {
  it.each(REFUSED)('refuses U+%s, naming it and where it is', (code, kind) => {
    const text = `ab${String.fromCodePoint(code)}c`;
    expect(agentTextProblem(text, { maxChars: 10 })).toBe(`contains U+${hex(code)}, ${kind}, at character 3`);
    expect(withForbiddenShown(text)).toBe(`ab<U+${hex(code)}>c`);
  });

  it('lets the neighbours of every range pass, and Chinese, and a leading minus', () => {
    for (const code of PASSED)
      expect(agentTextProblem(`x${String.fromCodePoint(code)}`, { maxChars: 10 })).toBeNull();
    expect(agentTextProblem('-1层机房', { maxChars: 10 })).toBeNull();
    expect(withForbiddenShown('-1层机房')).toBe('-1层机房');
  });

  it('lets tab and line feed pass only in prose, and no other control', () => {
    expect(agentTextProblem('a\tb\nc', { maxChars: 10, allowLineBreaks: true })).toBeNull();
    expect(agentTextProblem('a\rb', { maxChars: 10, allowLineBreaks: true })).toBe(
      'contains U+000D, a control character, at character 2',
    );
  });

  it('refuses exactly the characters the table names, in names and in prose, for every UTF-16 unit', () => {
    // The quick test (one regular expression) against the character-by-character table that withForbiddenShown
    // walks: a unit is refused iff that walk writes it out.
    const disagreeing: string[] = [];
    for (let unit = 0; unit <= 0xffff; unit++) {
      const text = `a${String.fromCharCode(unit)}`;
      for (const allowLineBreaks of [false, true]) {
        const refused = agentTextProblem(text, { maxChars: 10, allowLineBreaks }) !== null;
        if (refused !== (withForbiddenShown(text, allowLineBreaks) !== text))
          disagreeing.push(`U+${hex(unit)}${allowLineBreaks ? ' (prose)' : ''}`);
      }
    }
    expect(disagreeing).toEqual([]);
    expect(
      REFUSED.filter(([code]) => agentTextProblem(String.fromCharCode(code), { maxChars: 1 }) === null),
    ).toEqual([]);
  });

  it('counts positions in characters, not UTF-16 units, and refuses what is too long', () => {
    expect(agentTextProblem('😀\u202E', { maxChars: 10 })).toBe(
      'contains U+202E, a bidi control, at character 2',
    );
    expect(agentTextProblem('x'.repeat(11), { maxChars: 10 })).toBe('expected at most 10 characters, got 11');
    expect(agentTextProblem('x'.repeat(10), { maxChars: 10 })).toBeNull();
  });
});
