import { describe, expect, it } from 'vitest';
import { RECORD_EVERY_MS, scrapeRecord } from './scrape-record';

const DAY = 24 * 60 * 60 * 1000;
const T0 = Date.parse('2026-12-07T08:00:00Z');

describe('which allowed scrapes are recorded', () => {
  it('is a day', () => {
    expect(RECORD_EVERY_MS).toBe(DAY);
  });

  it('records the first scrape of each certificate, then none until a day after the last recorded one', () => {
    const scrapes = scrapeRecord();
    expect(scrapes.due('01AB', T0)).toBe(true);
    scrapes.recorded('01AB', T0);
    expect(scrapes.due('01AB', T0 + 15_000)).toBe(false);
    expect(scrapes.due('01AB', T0 + DAY - 1)).toBe(false);
    expect(scrapes.due('02CD', T0 + 15_000)).toBe(true);
    expect(scrapes.due('01AB', T0 + DAY)).toBe(true);
  });

  it('stays due until the record is written (a failed write is tried again at the next scrape)', () => {
    const scrapes = scrapeRecord();
    expect(scrapes.due('01AB', T0)).toBe(true);
    expect(scrapes.due('01AB', T0 + 15_000)).toBe(true);
  });

  it('records again when the clock went back (never fewer records)', () => {
    const scrapes = scrapeRecord();
    scrapes.recorded('01AB', T0);
    expect(scrapes.due('01AB', T0 - 60_000)).toBe(true);
  });
});
