// The fleet summary of schema 4 (fleet_summary, clause_device_open, clause_summary, kept by triggers)
// against the truth counted from devices and current_findings themselves, through random ingest with
// statuses flipping, rules moving clause, repeated keys and several devices in one group commit, and
// collector-made findings; through groups that fail half-way; and built right by the migration from a
// database that already holds a fleet.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FindingStatus } from '../../../policies/model';
import type { FleetCounts } from '../store';
import { findingOf, helloFor } from '../store-fixtures';
import { openConnection } from './connection';
import { openSqliteStore } from './index';

/** Counted the slow way, straight from the rows the summaries are derived from. */
async function countedFromRows(file: string): Promise<FleetCounts> {
  const connection = await openConnection(file, 'read-only');
  try {
    const totals = await connection.get<{
      devices: number;
      compliant: number;
      failing: number;
      never_seen: number;
    }>(
      `SELECT count(*) AS devices,
              coalesce(sum(last_seen_ms > 0 AND failing + errors = 0), 0) AS compliant,
              coalesce(sum(failing + errors > 0), 0) AS failing,
              coalesce(sum(last_seen_ms = 0), 0) AS never_seen
         FROM devices`,
    );
    const byClause = await connection.all<{ clause: string; d: number; f: number }>(
      `SELECT clause, count(DISTINCT device_id) AS d, count(*) AS f FROM current_findings
        WHERE status IN ('fail', 'error') GROUP BY clause ORDER BY clause`,
    );
    // The per-device counters themselves must agree with current_findings too.
    const drift = await connection.all<{ device_id: string }>(
      `SELECT device_id FROM devices d WHERE (d.failing, d.errors, d.passing, d.not_applicable) IS NOT
        (SELECT coalesce(sum(status = 'fail'), 0), coalesce(sum(status = 'error'), 0),
                coalesce(sum(status = 'pass'), 0), coalesce(sum(status = 'not_applicable'), 0)
           FROM current_findings c WHERE c.device_id = d.device_id)`,
    );
    expect(drift, 'devices whose counters differ from their current findings').toEqual([]);
    // ...and so must the open findings per clause and device, with no row left at zero.
    const openRows = `SELECT clause, device_id, open_findings FROM clause_device_open ORDER BY clause, device_id`;
    const openCounted = `SELECT clause, device_id, count(*) AS open_findings FROM current_findings
       WHERE status IN ('fail', 'error') GROUP BY clause, device_id ORDER BY clause, device_id`;
    expect(await connection.all(openRows)).toEqual(await connection.all(openCounted));
    return {
      devices: totals!.devices,
      compliant: totals!.compliant,
      failing: totals!.failing,
      neverSeen: totals!.never_seen,
      byClause: byClause.map((row) => ({
        clause: row.clause,
        failingDevices: row.d,
        failingFindings: row.f,
      })),
    };
  } finally {
    await connection.close();
  }
}

describe('sqlite fleet summary', () => {
  let directory: string;
  let file: string;
  beforeEach(async () => {
    directory = await mkdtemp(join(tmpdir(), 'shoumi-fleet-summary-'));
    file = join(directory, 'collector.sqlite');
  });
  afterEach(async () => {
    await rm(directory, { recursive: true, force: true });
  });

  it('stays exact through random flips, clause moves, late seqs and collector findings', async () => {
    const store = await openSqliteStore(file);
    try {
      // mulberry32, in 32-bit integer arithmetic: the LCG it replaces lost precision above 2^53 and its low
      // bits cycled, so that no group it drew held the same key twice.
      let state = 7;
      const next = (n: number) => {
        state = (state + 0x6d2b79f5) >>> 0;
        let t = Math.imul(state ^ (state >>> 15), state | 1);
        t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
        return ((((t ^ (t >>> 14)) >>> 0) / 4_294_967_296) * n) >>> 0;
      };
      const statuses: FindingStatus[] = ['pass', 'fail', 'error', 'not_applicable'];
      const devices = ['d0', 'd1', 'd2', 'd3', 'd4', 'd5'];
      const seqs = new Map<string, number>();
      for (const device of devices) await store.recordHello(helloFor(device), 1);
      await store.updateLedger('ledger-only', { assetNumber: 'A-1' }, { actor: 'admin', source: 'test' });
      let checks = 0;
      let sawOpen = false;
      let groupsWithRepeats = 0;
      for (let round = 0; round < 40; round++) {
        // One to four calls submitted in the same tick share one group commit: several devices, and now
        // and then one device twice (two streams), so keys repeat across calls as well as within one.
        const calls = Array.from({ length: 1 + next(4) }, () => {
          const device = devices[next(devices.length)]!;
          const batch = Array.from({ length: 1 + next(8) }, () => {
            const seq = (seqs.get(device) ?? 0) + 1 + next(3);
            seqs.set(device, seq);
            const rule = next(5);
            // Rule 4 moves between clauses now and then, as a policy update may move it.
            const clause = rule === 4 ? `3.7.${4 + next(2)}` : `3.7.${4 + rule}`;
            return findingOf(seq, {
              ruleId: `rule-${rule}`,
              clause,
              subject: `s-${next(2)}`,
              status: statuses[next(4)]!,
            });
          });
          return { device, batch };
        });
        // Now and then a late finding with an old seq: stored in history, never current.
        if (round % 7 === 3)
          calls[0]!.batch.push(findingOf(1_000_000 + round, { ruleId: 'rule-0', status: 'pass' }));
        if (round % 7 === 4) calls[0]!.batch.push(findingOf(round, { ruleId: 'rule-1', status: 'fail' }));
        const keys = calls.flatMap(({ device, batch }) =>
          batch.map((finding) => `${device}/${finding.ruleId}/${finding.subject}`),
        );
        if (new Set(keys).size < keys.length) groupsWithRepeats += 1;
        await Promise.all(
          calls.map(({ device, batch }) =>
            store.recordFindings(device, batch, 10 + round).catch(() => undefined),
          ),
        );
        if (round % 5 === 0) {
          await store.recordCollectorFindings(
            [
              {
                deviceId: devices[next(devices.length)]!,
                ruleId: 'media-cross-use-absent',
                clause: '3.7.4',
                subject: 'usb:0781:5581:SN1',
                status: next(2) === 0 ? 'fail' : 'pass',
                severity: 'critical',
                evidence: {},
                reason: `round ${round}`,
                observedAtMs: round,
                sweepId: '',
              },
            ],
            round,
          );
        }
        const truth = await countedFromRows(file);
        expect(await store.fleetCounts(), `after round ${round}`).toEqual(truth);
        if (truth.byClause.length > 1) sawOpen = true;
        checks += 1;
      }
      expect(checks).toBe(40);
      expect(sawOpen).toBe(true);
      expect(groupsWithRepeats).toBeGreaterThan(10);
    } finally {
      await store.close();
    }
  });

  it('leaves the summaries exact when a group fails half-way', async () => {
    const store = await openSqliteStore(file);
    try {
      for (const device of ['a', 'b', 'c']) await store.recordHello(helloFor(device), 1);
      await store.recordFindings(
        'a',
        [
          findingOf(1, { ruleId: 'usb', clause: '3.7.4', status: 'fail' }),
          findingOf(2, { ruleId: 'av', clause: '3.7.5', status: 'pass' }),
        ],
        2,
      );
      await store.recordFindings('b', [findingOf(1, { ruleId: 'usb', clause: '3.7.4', status: 'fail' })], 2);
      const before = await store.fleetCounts();
      expect(before).toEqual(await countedFromRows(file));

      // Each saboteur fails the group at another point: at the current-finding upsert, inside the summary
      // triggers at the device counters, and at the clause summary.
      const saboteurs = [
        "CREATE TRIGGER sabotage BEFORE INSERT ON current_findings WHEN NEW.rule_id = 'poison' BEGIN SELECT RAISE(ABORT, 'poisoned upsert'); END;",
        "CREATE TRIGGER sabotage BEFORE UPDATE OF failing ON devices WHEN NEW.device_id = 'c' BEGIN SELECT RAISE(ABORT, 'poisoned counters'); END;",
        "CREATE TRIGGER sabotage BEFORE INSERT ON clause_summary WHEN NEW.clause = '9.9' BEGIN SELECT RAISE(ABORT, 'poisoned clause'); END;",
      ];
      let seq = 10;
      for (const sabotage of saboteurs) {
        const saboteur = await openConnection(file, 'read-write');
        await saboteur.exec(sabotage);
        await saboteur.close();
        // Several devices and a repeated key in one group; the poisoned rows come last.
        seq += 10;
        const outcomes = await Promise.allSettled([
          store.recordFindings(
            'a',
            [
              findingOf(seq, { ruleId: 'usb', clause: '3.7.4', status: 'pass' }),
              findingOf(seq + 1, { ruleId: 'av', clause: '3.7.5', status: 'error' }),
              findingOf(seq + 2, { ruleId: 'usb', clause: '3.7.4', status: 'pass' }),
            ],
            3,
          ),
          store.recordFindings('b', [findingOf(seq, { ruleId: 'wifi', clause: '3.7.8', status: 'fail' })], 3),
          store.recordFindings(
            'c',
            [
              findingOf(seq, { ruleId: 'usb', clause: '3.7.4', status: 'fail' }),
              findingOf(seq + 1, { ruleId: 'poison', clause: '9.9', status: 'error' }),
            ],
            3,
          ),
        ]);
        expect(
          outcomes.map((outcome) => outcome.status),
          sabotage,
        ).toEqual(['rejected', 'rejected', 'rejected']);
        expect(await store.fleetCounts(), sabotage).toEqual(before);
        expect(await countedFromRows(file), sabotage).toEqual(before);
        const cleaner = await openConnection(file, 'read-write');
        await cleaner.exec('DROP TRIGGER sabotage');
        await cleaner.close();
      }
      // The next group and a collector-made finding count from the summaries the failed groups left.
      await store.recordFindings(
        'c',
        [findingOf(100, { ruleId: 'usb', clause: '3.7.4', status: 'fail' })],
        4,
      );
      await store.recordCollectorFindings(
        [
          {
            deviceId: 'a',
            ruleId: 'media-cross-use-absent',
            clause: '3.7.4',
            subject: 'usb:0781:5581:SN1',
            status: 'fail',
            severity: 'critical',
            evidence: {},
            reason: 'after the failed groups',
            observedAtMs: 5,
            sweepId: '',
          },
        ],
        5,
      );
      const after = await store.fleetCounts();
      expect(after).toEqual(await countedFromRows(file));
      expect(after.byClause).toContainEqual({ clause: '3.7.4', failingDevices: 3, failingFindings: 4 });
    } finally {
      await store.close();
    }
  });

  it('builds the summary from the rows already stored when an older database is migrated', async () => {
    const store = await openSqliteStore(file);
    for (const device of ['a', 'b', 'c']) await store.recordHello(helloFor(device), 1);
    await store.updateLedger('ledger-only', { department: '一处' }, { actor: 'admin', source: 'test' });
    await store.recordFindings(
      'a',
      [
        findingOf(1, { ruleId: 'usb', clause: '3.7.4', status: 'fail' }),
        findingOf(2, { ruleId: 'av', clause: '3.7.5', status: 'error' }),
        findingOf(3, { ruleId: 'wifi', clause: '3.7.8', status: 'pass' }),
      ],
      2,
    );
    await store.recordFindings('b', [findingOf(1, { ruleId: 'usb', clause: '3.7.4', status: 'fail' })], 2);
    await store.recordFindings('c', [findingOf(1, { ruleId: 'usb', clause: '3.7.4', status: 'pass' })], 2);
    const before = await store.fleetCounts();
    await store.close();
    expect(before).toEqual(await countedFromRows(file));
    expect(before).toMatchObject({ devices: 4, compliant: 1, failing: 2, neverSeen: 1 });

    // Back to schema 3 as it was: no summary tables, no summary triggers.
    const connection = await openConnection(file, 'read-write');
    await connection.exec(`
      DROP TRIGGER devices_fleet_insert; DROP TRIGGER devices_fleet_delete; DROP TRIGGER devices_fleet_update;
      DROP TRIGGER current_findings_open_insert; DROP TRIGGER current_findings_open_enter;
      DROP TRIGGER current_findings_open_leave; DROP TRIGGER current_findings_open_delete;
      DROP TABLE fleet_summary; DROP TABLE clause_device_open; DROP TABLE clause_summary;
      DROP TABLE enrolment_tokens; DROP TABLE certificates;
      DROP TABLE finding_refusals;
      PRAGMA user_version = 3;`);
    await connection.close();

    const reopened = await openSqliteStore(file);
    try {
      expect(await reopened.fleetCounts()).toEqual(before);
      // ...and it keeps them from then on.
      await reopened.recordFindings(
        'b',
        [findingOf(2, { ruleId: 'usb', clause: '3.7.4', status: 'pass' })],
        3,
      );
      expect(await reopened.fleetCounts()).toEqual(await countedFromRows(file));
      expect((await reopened.fleetCounts()).byClause).toEqual([
        { clause: '3.7.4', failingDevices: 1, failingFindings: 1 },
        { clause: '3.7.5', failingDevices: 1, failingFindings: 1 },
      ]);
    } finally {
      await reopened.close();
    }
  });
});
