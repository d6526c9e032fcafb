// Which allowed metrics scrapes go into the audit trail: the first of each certificate in a day, not each.
//
// Why not each: Prometheus scrapes every 15 s, which is 5,760 records a day per scraper and per collector,
// each one hash-chained and kept for years. They would outnumber everything the auditor reads (the changes
// to the ledger, the media, the sweeps, the refusals) many times over, and say nothing new after the first:
// a scrape reads counts over the whole collector, names no device, and changes nothing. Why not none: who
// holds a certificate that reads the collector's figures is for the trail to show, and a scraper that
// starts using another certificate must appear there. So one record per certificate per RECORD_EVERY_MS
// (a few records a day for a unit's one or two scrapers), and every refusal recorded as any refused admin
// call is, through authorization's refusal path and its flood bound (admin/refusal-tally.ts).
//
// Held in memory: a restart records the next scrape again, which errs on the side of one record more.

/** One allowed scrape per certificate is recorded in this window. */
export const RECORD_EVERY_MS = 24 * 60 * 60 * 1000;

/** Certificates remembered; beyond this the oldest is forgotten (and so recorded again: never fewer records). */
const REMEMBERED_CERTIFICATES = 1000;

export interface ScrapeRecord {
  /** Whether an allowed scrape by this certificate at `atMs` is to be recorded. */
  due(serialNumber: string, atMs: number): boolean;
  /** The scrape's record was written. */
  recorded(serialNumber: string, atMs: number): void;
}

export function scrapeRecord(everyMs = RECORD_EVERY_MS): ScrapeRecord {
  const lastRecorded = new Map<string, number>();
  return {
    due(serialNumber, atMs) {
      const last = lastRecorded.get(serialNumber);
      return last === undefined || atMs - last >= everyMs || atMs < last;
    },
    recorded(serialNumber, atMs) {
      lastRecorded.delete(serialNumber);
      lastRecorded.set(serialNumber, atMs);
      if (lastRecorded.size > REMEMBERED_CERTIFICATES)
        lastRecorded.delete(lastRecorded.keys().next().value as string);
    },
  };
}
