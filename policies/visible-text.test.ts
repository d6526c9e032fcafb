import { describe, expect, it } from 'vitest';
import { firstInvisible, visibleText } from './visible-text';

// Written out by hand from the list (bidi, zero-width, C0/C1), not derived from the module's pattern.
const MUST_SHOW: ReadonlyArray<[number, string]> = [
  [0x202a, '<U+202A>'], // left-to-right embedding
  [0x202b, '<U+202B>'], // right-to-left embedding
  [0x202c, '<U+202C>'], // pop directional formatting
  [0x202d, '<U+202D>'], // left-to-right override
  [0x202e, '<U+202E>'], // right-to-left override
  [0x2066, '<U+2066>'], // left-to-right isolate
  [0x2067, '<U+2067>'], // right-to-left isolate
  [0x2068, '<U+2068>'], // first strong isolate
  [0x2069, '<U+2069>'], // pop directional isolate
  [0x200e, '<U+200E>'], // left-to-right mark
  [0x200f, '<U+200F>'], // right-to-left mark
  [0x061c, '<U+061C>'], // Arabic letter mark
  [0x200b, '<U+200B>'], // zero-width space
  [0x200c, '<U+200C>'], // zero-width non-joiner
  [0x200d, '<U+200D>'], // zero-width joiner
  [0x2060, '<U+2060>'], // word joiner
  [0xfeff, '<U+FEFF>'], // zero-width no-break space (BOM)
  [0x0000, '<U+0000>'],
  [0x0007, '<U+0007>'], // bell
  [0x001b, '<U+001B>'], // escape: starts terminal control sequences
  [0x000d, '<U+000D>'], // carriage return: overwrites the line on a terminal
  [0x007f, '<U+007F>'],
  [0x0080, '<U+0080>'],
  [0x009b, '<U+009B>'], // C1 control sequence introducer
  [0x009f, '<U+009F>'],
  [0x2028, '<U+2028>'], // line separator
  [0x2029, '<U+2029>'], // paragraph separator
  [0xe0041, '<U+E0041>'], // tag latin capital A: invisible "ASCII smuggling"
];

// Ordinary text that must come out unchanged.
const MUST_KEEP = [
  'ws-01',
  '保密办 3号楼 201',
  '-1层机房',
  '=HYPERLINK("http://x","y")',
  'ｆｕｌｌ　ｗｉｄｔｈ', // full-width letters and the ideographic space U+3000
  'a\u00a0b', // no-break space: visible as a space
  'עברית العربية', // right-to-left letters are text, not controls
  '👍🏽',
];

describe('visibleText', () => {
  it('shows every bidi, zero-width and control character of the list as <U+XXXX>', () => {
    for (const [code, shown] of MUST_SHOW) {
      const character = String.fromCodePoint(code);
      expect(visibleText(`a${character}b`), shown).toBe(`a${shown}b`);
      expect(firstInvisible(`ab${character}`), shown).toEqual({ character, position: 3 });
    }
  });

  it('leaves ordinary text of any script alone', () => {
    for (const text of MUST_KEEP) {
      expect(visibleText(text)).toBe(text);
      expect(firstInvisible(text)).toBeUndefined();
    }
  });

  it('shows the reversed file name as it really is', () => {
    expect(visibleText('ws-01\u202egpj.exe')).toBe('ws-01<U+202E>gpj.exe');
  });

  it('keeps line breaks and tabs only where the exit lays text out with them', () => {
    expect(visibleText('a\tb\nc\r\n')).toBe('a<U+0009>b<U+000A>c<U+000D><U+000A>');
    expect(visibleText('a\tb\nc\r\n', 'lines')).toBe('a<U+0009>b\nc<U+000D>\n');
    expect(visibleText('a\tb\nc\r\n', 'lines-and-tabs')).toBe('a\tb\nc<U+000D>\n');
  });

  it('counts the position in characters, not UTF-16 units', () => {
    expect(firstInvisible('😀机\u200bx')).toEqual({ character: '\u200b', position: 3 });
  });
});
