// Every code of the collector's and the outbox's families has both texts, every placeholder it uses is one
// its English text uses too (or its own-language twin, `usesZh` beside `uses`), and a code a FAIL or ERROR
// carries says what to do.
import { describe, expect, it } from 'vitest';
import { REASON_CATALOGUE } from '../reason-catalogue';
import { COLLECTOR_REASONS } from './collector';
import { OUTBOX_REASONS } from './outbox';

const placeholders = (text: string) =>
  new Set([...text.matchAll(/\{([A-Za-z][A-Za-z0-9_]*)\}/g)].map((m) => m[1]));

// The codes only a FAIL or ERROR carries, by hand from the findings that use them.
const PROBLEM_CODES = [
  'collector.silence.silent',
  'collector.cross-use.medium-levels',
  'collector.cross-use.medium-on-unclassified',
  'collector.cross-use.printer-levels',
  'outbox.overflow',
  'outbox.record-lost',
  'outbox.record-refused',
  'outbox.record-unsendable',
  'outbox.record-refused-newer',
  'outbox.record-unsendable-newer',
  'outbox.record-refused-unusable',
  'outbox.record-unsendable-unusable',
];

describe('the collector and outbox reason families', () => {
  const entries = Object.entries({ ...COLLECTOR_REASONS, ...OUTBOX_REASONS });

  it.each(entries)('%s has a zh and an en text naming the same parameters', (code, text) => {
    expect(REASON_CATALOGUE.get(code)).toBe(text);
    expect(text.zh.trim()).not.toBe('');
    expect(text.en.trim()).not.toBe('');
    const zh = [...placeholders(text.zh)].map((name) => name!.replace(/Zh$/, ''));
    expect(new Set(zh)).toEqual(placeholders(text.en));
  });

  it.each(PROBLEM_CODES)('%s says what to do, in both languages', (code) => {
    const remediation = REASON_CATALOGUE.get(code)?.remediation;
    expect(remediation?.zh).toBeTruthy();
    expect(remediation?.en).toBeTruthy();
  });
});
