// The evidence text kept from the wire: stored as received when it can be, written out when it cannot, and
// invisible to everything that reads the evidence as an object.
import { describe, expect, it } from 'vitest';
import { evidenceText, keepReceivedText } from './evidence-text';

describe('evidence text', () => {
  it('is the text as received, spacing and all, for evidence parsed from it', () => {
    const text = '{ "ids": "0951:1666",  "serial": "AA01" }';
    const evidence = keepReceivedText(JSON.parse(text), text);
    expect(evidenceText(evidence)).toBe(text);
    expect(JSON.parse(evidenceText(evidence))).toEqual({ ids: '0951:1666', serial: 'AA01' });
  });

  it('is written out for evidence not parsed from text, and for the empty text that stands for {}', () => {
    expect(evidenceText({ b: 1, a: [true] })).toBe('{"b":1,"a":[true]}');
    expect(evidenceText(keepReceivedText({}, ''))).toBe('{}');
  });

  it('is written out when the text holds a surrogate, so a lone one is stored escaped', () => {
    const lone = '{"serial":"\ud800"}';
    expect(evidenceText(keepReceivedText(JSON.parse(lone), lone))).toBe('{"serial":"\\ud800"}');
    const pair = '{"name":"😀"}';
    expect(evidenceText(keepReceivedText(JSON.parse(pair), pair))).toBe('{"name":"😀"}');
  });

  it('is seen by no reader of the object: JSON, keys, spreads and copies pass it over', () => {
    const text = '{"a": 1}';
    const evidence = keepReceivedText(JSON.parse(text), text);
    expect(JSON.stringify(evidence)).toBe('{"a":1}');
    expect(Object.keys(evidence)).toEqual(['a']);
    expect(Reflect.ownKeys({ ...evidence })).toEqual(['a']);
    // A copy changed after the door is written out from what it holds, never stored as the old text.
    expect(evidenceText({ ...evidence, a: 2 })).toBe('{"a":2}');
  });
});
