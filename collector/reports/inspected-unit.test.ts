import { describe, expect, it } from 'vitest';
import { MAX_UNIT_CHARS, parseInspectedUnit } from './inspected-unit';

describe('the inspected unit (--unit)', () => {
  it('keeps a plain name, trimmed, and counts characters, not UTF-16 units', () => {
    expect(parseInspectedUnit('  某某研究所 保密办公室 ')).toBe('某某研究所 保密办公室');
    // 100 characters outside the BMP (200 UTF-16 units) are still 100 characters.
    const wide = '𠀀'.repeat(MAX_UNIT_CHARS);
    expect(parseInspectedUnit(wide)).toBe(wide);
  });

  it('refuses a blank name, an over-long one and control characters, naming the flag and the place', () => {
    expect(() => parseInspectedUnit('   ')).toThrow(
      "--unit: the inspected unit's name (被检查单位) must not be blank",
    );
    expect(() => parseInspectedUnit('所'.repeat(101))).toThrow('is 101 characters long; at most 100');
    expect(() => parseInspectedUnit('研究所\u0007办公室')).toThrow(
      'invisible character <U+0007> at position 4',
    );
    expect(() => parseInspectedUnit('研究所\n办公室')).toThrow('<U+000A> at position 4');
    expect(() => parseInspectedUnit('a\u202eb')).toThrow('<U+202E> at position 2');
    expect(() => parseInspectedUnit('某某\u200b研究所')).toThrow('<U+200B> at position 3');
    expect(() => parseInspectedUnit('a\u0085b')).toThrow('U+0085');
  });
});
