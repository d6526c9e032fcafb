// Known-answer vectors for the two canonical forms, every expected text written by hand: a change of
// canonicalisation (key order, escaping, number form, nesting) cannot pass silently. The legacy form's
// faults are pinned too, because every format-1 hash ever written depends on them.
import { describe, expect, it } from 'vitest';
import { canonicalJson } from './canonical-json';
import { legacyCanonicalJson } from './legacy-audit-hash';

describe('canonicalJson (format 2, stored audit details)', () => {
  it.each([
    ['keys sorted', { b: 1, a: 2 }, '{"a":2,"b":1}'],
    ['integer-like keys sorted as text, not numerically', { a: 3, 9: 2, 10: 1 }, '{"10":1,"9":2,"a":3}'],
    ['keys by UTF-16 code unit: z < é < 中', { 中: 3, é: 1, z: 2 }, '{"z":2,"é":1,"中":3}'],
    ['a surrogate pair (U+1F600) sorts before U+FF46', { ｆ: 1, '😀': 2 }, '{"😀":2,"ｆ":1}'],
    ['non-ASCII kept as is, quotes and newline escaped', { s: '中"\n' }, '{"s":"中\\"\\n"}'],
    ['control characters as \\u escapes', { s: '\u0001' }, '{"s":"\\u0001"}'],
    ['a lone surrogate escaped', { s: '\ud800' }, '{"s":"\\ud800"}'],
    [
      'numbers as ECMAScript writes them',
      { a: 1e21, b: 0.1, c: -0, d: 1.5e-7, e: 100 },
      '{"a":1e+21,"b":0.1,"c":0,"d":1.5e-7,"e":100}',
    ],
    ['non-finite numbers become null', { a: Number.NaN, b: Number.POSITIVE_INFINITY }, '{"a":null,"b":null}'],
    [
      'nesting: objects inside arrays inside objects',
      { b: [{ d: 1, c: 2 }, [3, 'x']], a: { y: null, x: true } },
      '{"a":{"x":true,"y":null},"b":[{"c":2,"d":1},[3,"x"]]}',
    ],
    [
      'undefined members dropped, undefined in arrays null',
      { a: undefined, b: [undefined, 1] },
      '{"b":[null,1]}',
    ],
    ['empty containers', { a: {}, b: [] }, '{"a":{},"b":[]}'],
  ])('%s', (_name, value, expected) => {
    expect(canonicalJson(value)).toBe(expected);
  });

  it('keeps a "__proto__" member as a member (JSON.parse makes it one)', () => {
    const parsed: unknown = JSON.parse('{"z":1,"__proto__":{"x":2}}');
    expect(canonicalJson(parsed)).toBe('{"__proto__":{"x":2},"z":1}');
  });

  it('a Date becomes its ISO text, as JSON.stringify writes it', () => {
    expect(canonicalJson({ at: new Date(Date.UTC(2026, 0, 2, 3, 4, 5)) })).toBe(
      '{"at":"2026-01-02T03:04:05.000Z"}',
    );
  });
});

describe('legacyCanonicalJson (format 1, the first release: frozen)', () => {
  it('sorted keys, as before', () => {
    expect(legacyCanonicalJson({ b: 1, a: { d: 2, c: 3 } })).toBe('{"a":{"c":3,"d":2},"b":1}');
  });

  it('integer-like keys come out in numeric order (the object it builds reorders them)', () => {
    expect(legacyCanonicalJson({ a: 3, 10: 1, 9: 2 })).toBe('{"9":2,"10":1,"a":3}');
  });

  it('a "__proto__" member vanishes (why verify refuses one in a format-1 record)', () => {
    expect(legacyCanonicalJson(JSON.parse('{"__proto__":{"x":1},"a":1}'))).toBe('{"a":1}');
  });
});
