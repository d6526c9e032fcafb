// The fleet summary of schema 4 (fleet_summary, clause_device_open, clause_summary, kept by triggers)
// against the truth counted from devices and current_findings themselves, through random ingest with
// statuses flipping, rules moving clause and collector-made findings; and built right by the migration
// from a database that already holds a fleet.
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
    const drift = await connection.get<{ n: number }>(
      `SELECT count(*) AS n FROM devices d WHERE d.failing <> (SELECT count(*) FROM current_findings c
          WHERE c.device_id = d.device_id AND c.status = 'fail')
        OR d.errors <> (SELECT count(*) FROM current_findings c
          WHERE c.device_id = d.device_id AND c.status = 'error')`,
    );
    expect(drift?.n).toBe(0);
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
      let state = 7;
      const next = (n: number) => {
        state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
        return state % n;
      };
      const statuses: FindingStatus[] = ['pass', 'fail', 'error', 'not_applicable'];
      const devices = ['d0', 'd1', 'd2', 'd3', 'd4', 'd5'];
      const seqs = new Map<string, number>();
      for (const device of devices) await store.recordHello(helloFor(device), 1);
      await store.updateLedger('ledger-only', { assetNumber: 'A-1' }, { actor: 'admin', source: 'test' });
      let checks = 0;
      let sawOpen = false;
      for (let round = 0; round < 40; round++) {
        const device = devices[next(devices.length)]!;
        const batch = Array.from({ length: 1 + next(6) }, () => {
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
        // Now and then a late finding with an old seq: stored in history, never current.
        if (round % 7 === 3) batch.push(findingOf(1_000_000 + round, { ruleId: 'rule-0', status: 'pass' }));
        if (round % 7 === 4) batch.push(findingOf(round, { ruleId: 'rule-1', status: 'fail' }));
        await store.recordFindings(device, batch, 10 + round).catch(() => undefined);
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
