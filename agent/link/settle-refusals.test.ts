// Settling refused records (settle-refusals.ts): keep, report, unmark, in that order, and what a crash
// between the steps (S1–S4) leaves: the refusal comes again and is settled with no second report. A restart
// is the outbox, the kept records and the reported state opened again from disk.
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Finding, UnsequencedFinding } from '../../policies/model';
import { sampleFinding } from '../../test/fixtures/outbox/sample-finding';
import { agentLog } from '../agent-log';
import { type Outbox, openOutbox } from '../outbox/outbox';
import { REFUSED_RECORD_RULE_ID, reportedRefusalSeq } from '../outbox/refused-record-finding';
import { openRefusedRecords, type RefusedRecords, refusedFileName } from '../outbox/refused-records';
import { openReportedState, type ReportedState, selectChanges } from '../reported-state';
import type { Refused } from './delivery';
import { type SettleDeps, settleRefusals } from './settle-refusals';

let dir: string;
let outbox: Outbox;
let kept: RefusedRecords;
let reported: ReportedState;
let lines: string[];

const outboxDir = () => join(dir, 'outbox');
async function open() {
  outbox = await openOutbox(outboxDir());
  kept = await openRefusedRecords(outboxDir());
  reported = await openReportedState(dir);
}
/** What a crash and a new start leave: everything read again from disk. */
async function restart() {
  await outbox.close();
  await open();
}

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'shoumi-settle-'));
  lines = [];
  await open();
});
afterEach(async () => {
  await outbox.close();
  await rm(dir, { recursive: true, force: true });
});

const deps = (overrides: Partial<SettleDeps> = {}): SettleDeps => ({
  outbox,
  kept,
  markUnreported: (keys) => reported.markUnreported(keys),
  log: agentLog((line) => lines.push(line)),
  nowMs: () => 1_767_300_000_000,
  ...overrides,
});
const REASON = 'evidence_json: expected at most 32 levels of nesting';
const refusedOf = (record: Finding): Refused => ({
  outcome: 'refused',
  record,
  refusedBy: 'collector',
  reason: REASON,
});

/** Three findings in the outbox and in the reported state (the sweep that sent them committed). */
async function sweepOfThree(): Promise<Finding[]> {
  const sweep: UnsequencedFinding[] = ['a', 'b', 'c'].map((subject) => sampleFinding(subject));
  const appended = await outbox.append(sweep);
  if (!appended.ok) throw new Error(appended.message);
  const selection = selectChanges(reported.entries, sweep, {
    evaluatedRuleIds: new Set([sweep[0]!.ruleId]),
    sendAll: false,
    nowMs: 1,
    sweepId: '',
  });
  await reported.commit(selection.next);
  return appended.findings;
}
const reports = () => outbox.pending(0, 1000).filter((finding) => reportedRefusalSeq(finding) !== null);
const keyOf = (finding: Finding) => `${finding.ruleId}\u0000${finding.subject}`;

describe('settling refused records', () => {
  it('keeps the record, reports it under its own rule and subject, and marks the key unreported', async () => {
    const [, refused] = await sweepOfThree();
    const before = reported.entries.get(keyOf(refused!));
    let exclusiveRuns = 0;
    const outcome = await settleRefusals(
      deps({
        exclusive: (work) => {
          exclusiveRuns += 1;
          return work();
        },
      }),
    )([refusedOf(refused!)]);
    expect(outcome).toEqual({ ok: true });
    expect(await readdir(kept.dir)).toEqual([refusedFileName(2)]);
    expect(reports()).toEqual([
      expect.objectContaining({
        seq: 4,
        ruleId: refused!.ruleId,
        subject: 'b',
        status: 'error',
        evidence: {
          refusedRecord: expect.objectContaining({ seq: 2, reason: REASON, originalStatus: 'fail' }),
        },
      }),
    ]);
    expect(before).toMatch(/^[\w-]{22}$/);
    expect(reported.entries.get(keyOf(refused!))).toBe('unreported');
    // (b) and (c) ran in the runtime's commit order.
    expect(exclusiveRuns).toBe(1);
    // The next sweep finding the same verdict sends it again.
    const next = selectChanges(
      reported.entries,
      ['a', 'b', 'c'].map((subject) => sampleFinding(subject)),
      {
        evaluatedRuleIds: new Set([refused!.ruleId]),
        sendAll: false,
        nowMs: 2,
        sweepId: '',
      },
    );
    expect(next.toSend.map((finding) => finding.subject)).toEqual(['b']);
    expect(lines.some((line) => line.includes('"message":"finding refused for good"'))).toBe(true);
  });

  it('S1: a record that cannot be kept is not reported, nor its key marked; settled later, once', async () => {
    const [, refused] = await sweepOfThree();
    const broken: RefusedRecords = { ...kept, keep: async () => ({ ok: false, message: 'EIO: i/o error' }) };
    expect(await settleRefusals(deps({ kept: broken }))([refusedOf(refused!)])).toEqual({
      ok: false,
      message: 'EIO: i/o error',
    });
    expect(outbox.lastAssignedSeq).toBe(3);
    expect(reported.entries.get(keyOf(refused!))).not.toBe('unreported');
    await restart();
    expect(await settleRefusals(deps())([refusedOf(outbox.pending(1, 1)[0]!)])).toEqual({ ok: true });
    expect(reports().map(reportedRefusalSeq)).toEqual([2]);
  });

  it('S2: kept before a crash, the refusal that comes again is kept again and reported once', async () => {
    const [, refused] = await sweepOfThree();
    await kept.keep({ seq: 2, refusedAtMs: 1, refusedBy: 'collector', reason: REASON, record: refused! });
    await restart();
    expect(await settleRefusals(deps())([refusedOf(outbox.pending(1, 1)[0]!)])).toEqual({ ok: true });
    expect(reports().map(reportedRefusalSeq)).toEqual([2]);
    expect(await readdir(kept.dir)).toEqual([refusedFileName(2)]);
    expect(reported.entries.get(keyOf(refused!))).toBe('unreported');
  });

  it('S3: reported before a crash, not marked: again, it is marked, and not reported twice', async () => {
    const [, refused] = await sweepOfThree();
    const failedMark = await settleRefusals(
      deps({
        markUnreported: async () => {
          throw new Error('ENOSPC: no space left on device');
        },
      }),
    )([refusedOf(refused!)]);
    expect(failedMark).toEqual({
      ok: false,
      message: 'marking refused keys unreported: ENOSPC: no space left on device',
    });
    expect(reports().map(reportedRefusalSeq)).toEqual([2]);
    await restart();
    expect(await settleRefusals(deps())([refusedOf(outbox.pending(1, 1)[0]!)])).toEqual({ ok: true });
    expect(reports().map(reportedRefusalSeq)).toEqual([2]);
    expect(reported.entries.get(keyOf(refused!))).toBe('unreported');
  });

  it('S4: settled before a crash, the ack never written: settled again changes nothing', async () => {
    const [, refused] = await sweepOfThree();
    await settleRefusals(deps())([refusedOf(refused!)]);
    const after = { depth: outbox.depth, entries: new Map(reported.entries) };
    await restart();
    expect(await settleRefusals(deps())([refusedOf(outbox.pending(1, 1)[0]!)])).toEqual({ ok: true });
    expect(outbox.depth).toBe(after.depth);
    expect(reported.entries).toEqual(after.entries);
    expect(reports().map(reportedRefusalSeq)).toEqual([2]);
  });

  it('reports a record whose rule cannot carry a finding as a notice, and never a refused report', async () => {
    const appended = await outbox.append([{ ...sampleFinding('odd'), clause: 'A.5' }]);
    if (!appended.ok) throw new Error(appended.message);
    await settleRefusals(deps())([refusedOf(appended.findings[0]!)]);
    const [notice] = reports();
    expect(notice).toMatchObject({ ruleId: REFUSED_RECORD_RULE_ID, subject: 'seq:1', status: 'error' });
    // The notice refused in its turn: kept and logged, nothing appended, nothing marked.
    const depth = outbox.depth;
    const entries = new Map(reported.entries);
    expect(await settleRefusals(deps())([refusedOf(notice!)])).toEqual({ ok: true });
    expect(outbox.depth).toBe(depth);
    expect(reported.entries).toEqual(entries);
    expect(await readdir(kept.dir)).toEqual([refusedFileName(1), refusedFileName(notice!.seq)]);
    expect(lines.at(-1)).toContain('"reportedAs":"none"');
  });

  it('leaves a key alone when a newer finding of it already follows the refused one', async () => {
    const [, refused] = await sweepOfThree();
    const newer = await outbox.append([{ ...sampleFinding('b'), status: 'pass' }]);
    if (!newer.ok) throw new Error(newer.message);
    const before = reported.entries.get(keyOf(refused!));
    expect(await settleRefusals(deps())([refusedOf(refused!)])).toEqual({ ok: true });
    const [report] = reports();
    expect(report).toMatchObject({ seq: 5, ruleId: REFUSED_RECORD_RULE_ID, subject: 'seq:2' });
    expect(reported.entries.get(keyOf(refused!))).toBe(before);
  });

  it('does not hold up the ack when the outbox is too full to take the report: kept, marked, logged', async () => {
    await outbox.close();
    outbox = await openOutbox(outboxDir(), { maxBytes: 1500 });
    const appended = await outbox.append(['a', 'b', 'c'].map((subject) => sampleFinding(subject)));
    if (!appended.ok) throw new Error(appended.message);
    const refused = appended.findings[1]!;
    expect(await settleRefusals(deps())([refusedOf(refused)])).toEqual({ ok: true });
    expect(reports()).toEqual([]);
    expect(await readdir(kept.dir)).toEqual([refusedFileName(2)]);
    expect(reported.entries.get(keyOf(refused))).toBe('unreported');
    expect(lines.at(-1)).toContain('"message":"refusals kept but not reported: the outbox is full"');
  });
});
