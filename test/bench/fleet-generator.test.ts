// The fleet generator behind `npm run bench:fleet`, at 200 devices: what it says it wrote is what the
// store answers, so the benchmark's figures are about a fleet whose counts are known.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { deviceIdOf, generateFleet } from '../../bench/fleet-generator';
import { openSqliteStore } from '../../collector/store/sqlite';
import type { StoredFinding } from '../../collector/store/store';

describe('fleet generator', () => {
  let directory: string;
  beforeEach(async () => {
    directory = await mkdtemp(path.join(os.tmpdir(), 'shoumi-fleet-gen-'));
  });
  afterEach(async () => {
    await rm(directory, { recursive: true, force: true });
  });

  it('writes 200 devices × 34 rules whose counts the store answers exactly', async () => {
    const file = path.join(directory, 'collector.sqlite');
    const fleet = await generateFleet(file, { devices: 200, seed: 11 });
    const store = await openSqliteStore(file);
    try {
      expect(await store.fleetCounts()).toEqual(fleet.expected);
      // A realistic mix, not an empty or uniform one.
      expect(fleet.expected.failing).toBeGreaterThan(5);
      expect(fleet.expected.compliant).toBeGreaterThan(150);
      expect(fleet.expected.notJudged).toBeGreaterThan(0);
      expect(fleet.expected.byClause.map((row) => row.clause)).toEqual(
        expect.arrayContaining(['3.7.4', '3.7.5', '3.7.8']),
      );

      const current: StoredFinding[] = [];
      let pageToken = '';
      do {
        const page = await store.listFindings({ limit: 1000, pageToken });
        current.push(...page.findings);
        pageToken = page.nextPageToken;
      } while (pageToken !== '');
      expect(current).toHaveLength(fleet.currentFindings);
      const seen = fleet.expected.devices - fleet.expected.neverSeen;
      // 34 agent rules per seen device (the baseline's 30 of issue 14 and the four password rules of issue
      // 15; 33 on those not yet judged, which pass all they sent), plus the collector's own findings (seq < 0)
      // on a few.
      const collectorMade = current.filter((finding) => finding.origin === 'collector').length;
      expect(current.length - collectorMade).toBe(seen * 34 - fleet.expected.notJudged);
      expect(new Set(current.map((finding) => finding.ruleId)).size).toBeGreaterThanOrEqual(34);

      // Each device's summary counters agree with its current findings, and last_seq is the agent's.
      const device = await store.getDevice(deviceIdOf(17));
      const own = current.filter((finding) => finding.deviceId === deviceIdOf(17));
      if (device?.lastSeenMs === 0) expect(own).toEqual([]);
      else {
        expect(device?.counts.fail).toBe(own.filter((finding) => finding.status === 'fail').length);
        expect(device?.counts.pass).toBe(own.filter((finding) => finding.status === 'pass').length);
        expect(device?.lastSeq).toBe(34);
      }
      // The same seed gives the same fleet.
      const again = await generateFleet(path.join(directory, 'again.sqlite'), { devices: 200, seed: 11 });
      expect(again.expected).toEqual(fleet.expected);
    } finally {
      await store.close();
    }
  });
});
