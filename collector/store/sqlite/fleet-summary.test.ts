// The fleet summary of schema 4 (fleet_summary, clause_device_open, clause_summary, kept by triggers)
// against the truth counted from devices and current_findings themselves, through random ingest with
// statuses flipping, rules moving clause, repeated keys and several devices in one group commit, and
// collector-made findings; through groups that fail half-way; and built right by the migration from a
// database that already holds a fleet.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Finding, FindingStatus } from '../../../policies/model';
import type { FleetCounts, Store, StoredFinding } from '../store';
import { findingOf, helloFor } from '../store-fixtures';
import { openConnection } from './connection';
import { openSqliteStore } from './index';
import { MIGRATIONS } from './migrations';

async function allHistory(store: Store): Promise<StoredFinding[]> {
  const findings: StoredFinding[] = [];
  let pageToken = '';
  do {
    const page = await store.listFindings({ limit: 1000, history: true, pageToken });
    findings.push(...page.findings);
    pageToken = page.nextPageToken;
  } while (pageToken !== '');
  return findings;
}

/**
 * Counted the slow way, straight from the rows the summaries are derived from: devices, current_findings and
 * required_rules, never the summary columns (judged_rules included) themselves.
 */
async function countedFromRows(file: string): Promise<FleetCounts> {
  const connection = await openConnection(file, 'read-only');
  try {
    const totals = await connection.get<{
      devices: number;
      compliant: number;
      failing: number;
      never_seen: number;
      not_judged: number;
    }>(
      `WITH required AS (SELECT count(*) AS n FROM required_rules),
            per_device AS (
              SELECT d.device_id, d.last_seen_ms > 0 AS seen,
                     (SELECT count(*) FROM current_findings c WHERE c.device_id = d.device_id
                        AND c.status IN ('fail', 'error')) > 0 AS open,
                     (SELECT count(DISTINCT c.rule_id) FROM current_findings c WHERE c.device_id = d.device_id
                        AND c.rule_id IN (SELECT rule_id FROM required_rules)) AS judged
                FROM devices d)
       SELECT count(*) AS devices,
              coalesce(sum(seen AND NOT open AND required.n > 0 AND judged = required.n), 0) AS compliant,
              coalesce(sum(open), 0) AS failing,
              coalesce(sum(NOT seen), 0) AS never_seen,
              coalesce(sum(seen AND NOT open AND (required.n = 0 OR judged < required.n)), 0) AS not_judged
         FROM per_device, required`,
    );
    const byClause = await connection.all<{ clause: string; d: number; f: number }>(
      `SELECT clause, count(DISTINCT device_id) AS d, count(*) AS f FROM current_findings
        WHERE status IN ('fail', 'error') GROUP BY clause ORDER BY clause`,
    );
    // The per-device counters themselves must agree with current_findings too.
    const drift = await connection.all<{ device_id: string }>(
      `SELECT device_id FROM devices d WHERE (d.failing, d.errors, d.passing, d.not_applicable, d.judged_rules) IS NOT
        (SELECT coalesce(sum(status = 'fail'), 0), coalesce(sum(status = 'error'), 0),
                coalesce(sum(status = 'pass'), 0), coalesce(sum(status = 'not_applicable'), 0),
                count(DISTINCT CASE WHEN rule_id IN (SELECT rule_id FROM required_rules) THEN rule_id END)
           FROM current_findings c WHERE c.device_id = d.device_id)`,
    );
    expect(drift, 'devices whose counters differ from their current findings').toEqual([]);
    // ...and so must the open findings per clause and device, with no row left at zero.
    const openRows = `SELECT clause, device_id, open_findings FROM clause_device_open ORDER BY clause, device_id`;
    const openCounted = `SELECT clause, device_id, count(*) AS open_findings FROM current_findings
       WHERE status IN ('fail', 'error') GROUP BY clause, device_id ORDER BY clause, device_id`;
    expect(await connection.all(openRows)).toEqual(await connection.all(openCounted));
    // One current state per (device, rule): never a whole-rule row beside subject rows, never a removal.
    expect(
      await connection.all(
        `SELECT device_id, rule_id FROM current_findings GROUP BY device_id, rule_id
          HAVING sum(subject = '') > 0 AND sum(subject <> '') > 0`,
      ),
      'rules current both as a whole and for subjects',
    ).toEqual([]);
    expect(
      await connection.all(
        `SELECT c.device_id, c.seq FROM current_findings c
           JOIN findings f ON f.device_id = c.device_id AND f.seq = c.seq WHERE f.gone = 1`,
      ),
      'removals standing as current findings',
    ).toEqual([]);
    return {
      devices: totals!.devices,
      compliant: totals!.compliant,
      failing: totals!.failing,
      neverSeen: totals!.never_seen,
      notJudged: totals!.not_judged,
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

/**
 * The oracle for current findings: the one-state rule replayed in seq order, one finding at a time, exactly
 * as it is worded (a subject's finding closes the whole-rule row, a whole-rule finding closes every subject
 * row, a removal closes its own row and is not current). "device|rule|subject|seq", sorted.
 */
function replayed(deviceId: string, findings: ReadonlyMap<number, Finding>): string[] {
  const current = new Map<string, Map<string, number>>();
  for (const finding of [...findings.values()].sort((a, b) => a.seq - b.seq)) {
    const rows = current.get(finding.ruleId) ?? new Map<string, number>();
    current.set(finding.ruleId, rows);
    if (finding.gone === true) {
      rows.delete(finding.subject);
      continue;
    }
    for (const subject of [...rows.keys()])
      if ((subject === '') !== (finding.subject === '')) rows.delete(subject);
    rows.set(finding.subject, finding.seq);
  }
  return [...current].flatMap(([ruleId, rows]) =>
    [...rows].map(([subject, seq]) => `${deviceId}|${ruleId}|${subject}|${seq}`),
  );
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

  it('stays exact through random flips, clause moves, late seqs, removals, required-rule changes and collector findings', async () => {
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
      // What each device has stored, first copy of each seq kept: the oracle replays it (below).
      const stored = new Map<string, Map<number, Finding>>(devices.map((device) => [device, new Map()]));
      for (const device of devices) await store.recordHello(helloFor(device), 1);
      await store.updateLedger('ledger-only', { assetNumber: 'A-1' }, { actor: 'admin', source: 'test' });
      // Required rules change three times: a rule no agent sends (nobody can be compliant), then a smaller
      // set, then one more rule.
      const requiredSets: Record<number, string[]> = {
        0: ['rule-0', 'rule-1', 'rule-2', 'rule-3', 'rule-9'],
        15: ['rule-0', 'rule-1', 'rule-2'],
        28: ['rule-0', 'rule-1', 'rule-2', 'rule-4'],
      };
      let checks = 0;
      let sawOpen = false;
      let sawCompliant = false;
      let sawNotJudged = false;
      let groupsWithRepeats = 0;
      let lateFindings = 0;
      for (let round = 0; round < 40; round++) {
        if (requiredSets[round]) await store.setRequiredRules(requiredSets[round]!);
        // One to four calls submitted in the same tick share one group commit: several devices, and now
        // and then one device twice (two streams), so keys repeat across calls as well as within one.
        const calls = Array.from({ length: 1 + next(4) }, () => {
          const device = devices[next(devices.length)]!;
          const finding = (seq: number) => {
            const rule = next(5);
            // Rule 4 moves between clauses now and then, as a policy update may move it.
            const clause = rule === 4 ? `3.7.${4 + next(2)}` : `3.7.${4 + rule}`;
            // The rule as a whole or one of two subjects; now and then a subject's removal.
            const subject = ['', 's-0', 's-1'][next(3)]!;
            const gone = subject !== '' && next(5) === 0;
            return findingOf(seq, {
              ruleId: `rule-${rule}`,
              clause,
              subject,
              status: gone ? 'pass' : statuses[next(4)]!,
              ...(gone ? { gone: true } : {}),
            });
          };
          const batch = Array.from({ length: 1 + next(8) }, () => {
            const seq = (seqs.get(device) ?? 0) + 1 + next(3);
            seqs.set(device, seq);
            return finding(seq);
          });
          // Seqs leave gaps; a late finding fills one, below seqs already stored (two streams racing).
          if (next(3) === 0) {
            const gap = 1 + next(seqs.get(device)!);
            if (!stored.get(device)!.has(gap) && !batch.some((f) => f.seq === gap)) {
              batch.push(finding(gap));
              lateFindings += 1;
            }
          }
          return { device, batch };
        });
        // Now and then a finding far ahead, or a resend of an old seq (a duplicate unless a gap).
        if (round % 7 === 3)
          calls[0]!.batch.push(findingOf(1_000_000 + round, { ruleId: 'rule-0', status: 'pass' }));
        if (round % 7 === 4) calls[0]!.batch.push(findingOf(round, { ruleId: 'rule-1', status: 'fail' }));
        const keys = calls.flatMap(({ device, batch }) =>
          batch.map((finding) => `${device}/${finding.ruleId}/${finding.subject}`),
        );
        if (new Set(keys).size < keys.length) groupsWithRepeats += 1;
        for (const { device, batch } of calls) {
          for (const finding of batch)
            if (!stored.get(device)!.has(finding.seq)) stored.get(device)!.set(finding.seq, finding);
        }
        const outcomes = await Promise.allSettled(
          calls.map(({ device, batch }) => store.recordFindings(device, batch, 10 + round)),
        );
        expect(outcomes.map((outcome) => outcome.status)).not.toContain('rejected');
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
        // The current agent findings are what replaying each device's stored findings in seq order gives.
        const current = await store.listFindings({ limit: 1000 });
        expect(
          current.findings
            .filter((finding) => finding.origin === 'agent')
            .map((finding) => `${finding.deviceId}|${finding.ruleId}|${finding.subject}|${finding.seq}`),
          `current findings after round ${round}`,
        ).toEqual(devices.flatMap((device) => replayed(device, stored.get(device)!)).sort());
        if (truth.byClause.length > 1) sawOpen = true;
        if (truth.compliant > 0) sawCompliant = true;
        if (truth.notJudged > 0) sawNotJudged = true;
        checks += 1;
      }
      expect(checks).toBe(40);
      expect(sawOpen).toBe(true);
      expect(sawCompliant).toBe(true);
      expect(sawNotJudged).toBe(true);
      expect(groupsWithRepeats).toBeGreaterThan(10);
      expect(lateFindings).toBeGreaterThan(10);
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

  it('closes the stale current rows an older ingest left, and keeps every summary exact (schema 7)', async () => {
    // A store at schema 5, built by that version's migrations, with rows written as the ingest of that
    // version wrote them (its SQL, copied here): every finding into history, the newest per (device, rule,
    // subject) current, whatever else stood for the rule. The current_findings triggers of schema 4 kept the
    // counters then as now.
    const old = await openConnection(file, 'read-write');
    for (const migration of MIGRATIONS.filter((m) => m.version <= 5)) await old.exec(migration.sql);
    await old.exec('PRAGMA user_version = 5');
    const hello = async (deviceId: string) =>
      old.run('INSERT INTO devices (device_id, hostname, first_seen_ms, last_seen_ms) VALUES (?, ?, 1, 1)', [
        deviceId,
        `host-${deviceId}`,
      ]);
    const ingest = async (deviceId: string, findings: Finding[]) => {
      for (const f of findings) {
        await old.run(
          `INSERT INTO findings (device_id, seq, rule_id, clause, subject, status, severity, evidence, reason,
             observed_at_ms, sweep_id, received_at_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
          [
            deviceId,
            f.seq,
            f.ruleId,
            f.clause,
            f.subject,
            f.status,
            f.severity,
            JSON.stringify(f.evidence),
            f.reason,
            f.observedAtMs,
            f.sweepId,
            2,
          ],
        );
        await old.run(
          `INSERT INTO current_findings (device_id, rule_id, subject, seq, status, clause) VALUES (?, ?, ?, ?, ?, ?)
           ON CONFLICT (device_id, rule_id, subject) DO UPDATE SET
             seq = excluded.seq, status = excluded.status, clause = excluded.clause
           WHERE excluded.seq > current_findings.seq`,
          [deviceId, f.ruleId, f.subject, f.seq, f.status, f.clause],
        );
      }
      await old.run('UPDATE devices SET last_seq = ? WHERE device_id = ?', [
        Math.max(...findings.map((f) => f.seq)),
        deviceId,
      ]);
    };
    const wifi = (seq: number, subject: string, status: FindingStatus) =>
      findingOf(seq, { ruleId: 'wifi-radio-absent', clause: '3.7.8', subject, status });
    const usb = (seq: number, subject: string, status: FindingStatus) =>
      findingOf(seq, { ruleId: 'usb-storage-registered', clause: '3.7.4', subject, status });
    // What the agent sent for a vanished subject before `gone` existed (agent/reported-state.ts then).
    const removal = (seq: number, ruleId: string, clause: string, subject: string) =>
      findingOf(seq, {
        ruleId,
        clause,
        subject,
        status: 'pass',
        reason: 'no longer present',
        evidence: { present: false, checkedAtMs: 1_780_000_000_000 + seq },
      });
    for (const id of ['ws-1', 'ws-2', 'ws-3', 'ws-4']) await hello(id);
    await old.run("INSERT INTO devices (device_id, asset_number) VALUES ('ledger-only', 'A-1')");
    // ws-1: the tester's contradiction (a whole-rule PASS beside two FAILs) and a stick pulled out.
    await ingest('ws-1', [
      wifi(1, '', 'pass'),
      wifi(2, 'phy0', 'fail'),
      wifi(3, 'phy1', 'fail'),
      usb(4, 'stick-1', 'fail'),
      removal(5, 'usb-storage-registered', '3.7.4', 'stick-1'),
      usb(6, 'stick-2', 'fail'),
      findingOf(7, { ruleId: 'screen-lock', clause: '3.7.6', subject: '', status: 'pass' }),
    ]);
    // ws-2: a stick pulled out, the rule reported whole in the same sweep; and a "no longer present" pass
    // that is not a removal's shape (evidence says present), which stays.
    await ingest('ws-2', [
      usb(1, 'stick-9', 'fail'),
      usb(2, '', 'pass'),
      removal(3, 'usb-storage-registered', '3.7.4', 'stick-9'),
      wifi(4, '', 'pass'),
      findingOf(5, {
        ruleId: 'antivirus-approved',
        clause: '3.7.7',
        subject: 'odd',
        status: 'pass',
        reason: 'no longer present',
        evidence: { present: true },
      }),
    ]);
    // ws-3: subjects before and after a whole-rule pass: the newer side (the subject at 4) stays, and the
    // subject older than the whole-rule pass closes with it.
    const peer = (seq: number, subject: string, status: FindingStatus) =>
      findingOf(seq, { ruleId: 'network-egress-peers', clause: '3.7.9', subject, status });
    await ingest('ws-3', [peer(1, 'peer-a', 'fail'), peer(3, '', 'pass'), peer(4, 'peer-b', 'fail')]);
    // ws-4: a radio, then the rule passing whole (the radio removed): the whole-rule row is newer.
    await ingest('ws-4', [wifi(1, 'phy0', 'fail'), wifi(2, '', 'pass')]);
    await old.close();

    const store = await openSqliteStore(file);
    try {
      const current = async (deviceId: string) =>
        (await store.listFindings({ limit: 100, deviceId })).findings.map(
          (f) => `${f.ruleId}|${f.subject}|${f.seq}|${f.status}`,
        );
      expect(await current('ws-1')).toEqual([
        'screen-lock||7|pass',
        'usb-storage-registered|stick-2|6|fail',
        'wifi-radio-absent|phy0|2|fail',
        'wifi-radio-absent|phy1|3|fail',
      ]);
      expect(await current('ws-2')).toEqual([
        'antivirus-approved|odd|5|pass',
        'usb-storage-registered||2|pass',
        'wifi-radio-absent||4|pass',
      ]);
      expect(await current('ws-3')).toEqual(['network-egress-peers|peer-b|4|fail']);
      expect(await current('ws-4')).toEqual(['wifi-radio-absent||2|pass']);
      // The removals are marked in history; the odd pass is not one.
      const gone = (await allHistory(store))
        .filter((f) => f.gone === true)
        .map((f) => `${f.deviceId}#${f.seq}`);
      expect(gone).toEqual(['ws-1#5', 'ws-2#3']);

      expect(await store.fleetCounts()).toEqual(await countedFromRows(file));
      await store.setRequiredRules(['usb-storage-registered', 'wifi-radio-absent']);
      const counts = await store.fleetCounts();
      expect(counts).toEqual(await countedFromRows(file));
      // ws-1 and ws-3 fail; ws-2 has both verdicts and passes; ws-4 has no USB verdict; one ledger entry.
      expect(counts).toEqual({
        devices: 5,
        compliant: 1,
        failing: 2,
        neverSeen: 1,
        notJudged: 1,
        byClause: [
          { clause: '3.7.4', failingDevices: 1, failingFindings: 1 },
          { clause: '3.7.8', failingDevices: 1, failingFindings: 2 },
          { clause: '3.7.9', failingDevices: 1, failingFindings: 1 },
        ],
      });
      expect((await store.getDevice('ws-1'))?.counts).toEqual({
        pass: 1,
        fail: 3,
        error: 0,
        not_applicable: 0,
      });
      expect((await store.getDevice('ws-4'))?.judgement).toEqual({
        state: 'not_judged',
        rulesWithoutVerdict: 1,
      });
      // And ingest carries on from there under the new rule.
      await store.recordFindings('ws-4', [usb(3, '', 'pass')], 3);
      expect((await store.getDevice('ws-4'))?.judgement.state).toBe('compliant');
      expect(await store.fleetCounts()).toEqual(await countedFromRows(file));
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
    await store.setRequiredRules(['usb']);
    const before = await store.fleetCounts();
    await store.close();
    expect(before).toEqual(await countedFromRows(file));
    expect(before).toMatchObject({ devices: 4, compliant: 1, failing: 2, neverSeen: 1, notJudged: 0 });

    // Back to schema 3 as it was: no summary tables, no summary triggers, none of schema 7.
    const connection = await openConnection(file, 'read-write');
    await connection.exec(`
      DROP INDEX devices_listing; DROP INDEX current_findings_open_by_rule;
      DROP TABLE compliance_days; DROP INDEX audit_by_actor; DROP INDEX audit_by_action;
      DROP TRIGGER current_findings_judged_insert; DROP TRIGGER current_findings_judged_delete;
      DROP TRIGGER current_findings_close_subjects; DROP TRIGGER current_findings_close_whole;
      DROP TRIGGER devices_fleet_insert; DROP TRIGGER devices_fleet_delete; DROP TRIGGER devices_fleet_update;
      DROP TABLE required_rules; ALTER TABLE devices DROP COLUMN judged_rules;
      ALTER TABLE findings DROP COLUMN gone;
      ALTER TABLE findings DROP COLUMN reason_code; ALTER TABLE findings DROP COLUMN reason_params;
      DROP TRIGGER current_findings_open_insert; DROP TRIGGER current_findings_open_enter;
      DROP TRIGGER current_findings_open_leave; DROP TRIGGER current_findings_open_delete;
      DROP TABLE fleet_summary; DROP TABLE clause_device_open; DROP TABLE clause_summary;
      DROP TABLE enrolment_tokens; DROP TABLE certificates;
      DROP TABLE finding_refusals;
      DROP TABLE audit_format; DROP TABLE audit_seals;
      PRAGMA user_version = 3;`);
    await connection.close();

    const reopened = await openSqliteStore(file);
    try {
      // Until the collector says which rules are required, no device is claimed compliant.
      expect(await reopened.fleetCounts()).toEqual({ ...before, compliant: 0, notJudged: 1 });
      expect(await reopened.fleetCounts()).toEqual(await countedFromRows(file));
      await reopened.setRequiredRules(['usb']);
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
