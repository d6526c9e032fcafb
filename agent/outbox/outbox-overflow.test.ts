// The outbox at its bound: superseded records give way (never the newest state of a key, pass before fail),
// the drop is declared on disk and as an overflow finding, and reopening accepts the holes it made.
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Finding, UnsequencedFinding } from '../../policies/model';
import { sampleFinding } from '../../test/fixtures/outbox/sample-finding';
import { chooseDrops } from './choose-drops';
import { readDroppedFile, writeDroppedFile } from './dropped-file';
import { type Outbox, openOutbox } from './outbox';
import { OVERFLOW_RULE_ID } from './overflow-finding';

let dir: string;
const opened: Outbox[] = [];

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'shoumi-outbox-overflow-'));
});
afterEach(async () => {
  for (const outbox of opened.splice(0)) await outbox.close();
  await rm(dir, { recursive: true, force: true });
});

async function openTracked(maxBytes: number): Promise<Outbox> {
  const outbox = await openOutbox(dir, { maxBytes });
  opened.push(outbox);
  return outbox;
}

const withStatus = (subject: string, status: Finding['status'], padding = 200): UnsequencedFinding => ({
  ...sampleFinding(subject, padding),
  status,
});

/** Declared ranges from every overflow finding still pending. */
function declaredSeqs(findings: readonly Finding[]): Set<number> {
  const seqs = new Set<number>();
  for (const finding of findings.filter((each) => each.ruleId === OVERFLOW_RULE_ID)) {
    for (const [first, last] of (finding.evidence as { droppedRanges: [number, number][] }).droppedRanges) {
      for (let seq = first; seq <= last; seq++) seqs.add(seq);
    }
  }
  return seqs;
}

describe('chooseDrops', () => {
  const record = (seq: number, subject: string, status: Finding['status'], ruleId = 'r') => ({
    finding: { ...sampleFinding(subject), ruleId, status, seq },
    bytes: 100,
  });

  it('takes superseded pass before superseded fail, oldest first, and never the newest of a key', () => {
    const records = [
      record(1, 'a', 'fail'),
      record(2, 'b', 'pass'),
      record(3, 'a', 'pass'),
      record(4, 'b', 'fail'),
      record(5, 'a', 'fail'),
      record(6, 'c', 'pass'), // only state of c
      record(7, 'b', 'pass'),
    ];
    expect(chooseDrops(records, 100)).toEqual([2]);
    expect(chooseDrops(records, 200)).toEqual([2, 3]);
    expect(chooseDrops(records, 300)).toEqual([1, 2, 3]);
    expect(chooseDrops(records, 10_000)).toEqual([1, 2, 3, 4]);
    expect(chooseDrops(records, 0)).toEqual([]);
  });

  it('never drops the agent’s own declarations', () => {
    const records = [record(1, '', 'error', OVERFLOW_RULE_ID), record(2, '', 'error', OVERFLOW_RULE_ID)];
    expect(chooseDrops(records, 10_000)).toEqual([]);
  });
});

describe('outbox at its bound', () => {
  it('drops superseded states to stay within the bound and keeps the newest state of every key', async () => {
    const maxBytes = 16 * 1024;
    const outbox = await openTracked(maxBytes);
    const newest = new Map<string, Finding['status']>();
    let maxPending = 0;
    for (let round = 0; round < 60; round++) {
      const batch = ['a', 'b', 'c', 'd'].map((subject, index) =>
        withStatus(subject, (round + index) % 3 === 0 ? 'fail' : 'pass'),
      );
      const outcome = await outbox.append(batch);
      expect(outcome.ok).toBe(true);
      for (const finding of batch) newest.set(finding.subject, finding.status);
      maxPending = Math.max(maxPending, outbox.pendingBytes);
    }
    // 60 rounds of ~4 x 450 bytes is far past 16 KiB; overflow findings are the only excess allowed.
    expect(outbox.lastAssignedSeq).toBeGreaterThan(240);
    expect(maxPending).toBeLessThanOrEqual(maxBytes + 4096);

    const pending = outbox.pending(0, 100_000);
    const declared = declaredSeqs(pending);
    const pendingSeqs = new Set(pending.map((finding) => finding.seq));
    for (let seq = 1; seq <= outbox.lastAssignedSeq; seq++) {
      expect(pendingSeqs.has(seq) || declared.has(seq), `seq ${seq} neither pending nor declared`).toBe(true);
      expect(pendingSeqs.has(seq) && declared.has(seq), `seq ${seq} both pending and declared`).toBe(false);
    }
    for (const [subject, status] of newest) {
      const last = pending.filter((finding) => finding.subject === subject).at(-1);
      expect(last?.status).toBe(status);
    }
    expect(declared.size).toBeGreaterThan(0);
    expect(await readDroppedFile(dir)).not.toEqual([]);

    // Reopening reads the holes as declared, not as corruption, and serves the same records.
    await outbox.close();
    opened.splice(0);
    const reopened = await openTracked(maxBytes);
    expect(reopened.recovery.clean).toBe(true);
    expect(reopened.pending(0, 100_000)).toEqual(pending);
    expect(reopened.lastAssignedSeq).toBe(outbox.lastAssignedSeq);
  });

  it('serves pending after a seq inside a hole, and an ack across holes frees the segments', async () => {
    const outbox = await openTracked(8 * 1024);
    for (let round = 0; round < 40; round++) {
      expect((await outbox.append([withStatus('a', 'pass'), withStatus('b', 'fail')])).ok).toBe(true);
    }
    const pending = outbox.pending(0, 100_000);
    const seqs = pending.map((finding) => finding.seq);
    const hole = seqs.findIndex((seq, index) => index > 0 && seq > seqs[index - 1]! + 1);
    expect(hole).toBeGreaterThan(0);
    expect(outbox.pending(seqs[hole]! - 1, 2).map((finding) => finding.seq)).toEqual(
      seqs.slice(hole, hole + 2),
    );

    expect(await outbox.ack(outbox.lastAssignedSeq)).toEqual({ ok: true });
    // What is left is the pass that closes the overflow (see "closing an overflow" below).
    expect(outbox.pending(0, 10).map((finding) => [finding.ruleId, finding.status])).toEqual([
      [OVERFLOW_RULE_ID, 'pass'],
    ]);
    expect(await outbox.ack(outbox.lastAssignedSeq)).toEqual({ ok: true });
    expect(outbox.depth).toBe(0);
    expect(outbox.pendingBytes).toBe(0);
    expect((await readdir(dir)).filter((name) => name.endsWith('.seg'))).toEqual([]);
  });

  it('refuses a batch when nothing queued is superseded, consuming no seq', async () => {
    const outbox = await openTracked(4 * 1024);
    let refused = 0;
    for (let index = 0; index < 20; index++) {
      const outcome = await outbox.append([withStatus(`distinct-${index}`, 'fail')]);
      if (!outcome.ok) {
        expect(outcome.reason).toBe('full');
        refused++;
      }
    }
    expect(refused).toBeGreaterThan(0);
    expect(outbox.lastAssignedSeq).toBe(20 - refused);
    expect(outbox.pending(0, 100).map((finding) => finding.seq)).toEqual(
      Array.from({ length: 20 - refused }, (_, index) => index + 1),
    );
  });

  it('still reports a hole nobody declared as lost records (corruption is not mistaken for a drop)', async () => {
    const outbox = await openTracked(8 * 1024);
    for (let round = 0; round < 40; round++) {
      expect((await outbox.append([withStatus('a', 'pass'), withStatus('b', 'fail')])).ok).toBe(true);
    }
    await outbox.close();
    opened.splice(0);
    await writeFile(join(dir, 'dropped'), JSON.stringify({ version: 1, ranges: [] }));
    const reopened = await openTracked(8 * 1024);
    expect(reopened.recovery.clean).toBe(false);
    expect(reopened.recovery.lostSeqs.length).toBeGreaterThan(0);
  });

  it('deletes a segment rewrite that never replaced its segment (crash at X10) and keeps the original', async () => {
    const outbox = await openTracked(64 * 1024);
    await outbox.append([withStatus('a', 'pass'), withStatus('a', 'fail')]);
    const pending = outbox.pending(0, 10);
    await outbox.close();
    opened.splice(0);
    const [segment] = (await readdir(dir)).filter((name) => name.endsWith('.seg'));
    await writeFile(join(dir, `${segment}.compact`), (await readFile(join(dir, segment!))).subarray(0, 10));
    const reopened = await openTracked(64 * 1024);
    expect(reopened.recovery.clean).toBe(true);
    expect(reopened.pending(0, 10)).toEqual(pending);
    expect((await readdir(dir)).some((name) => name.endsWith('.compact'))).toBe(false);
  });
});

describe('closing an overflow', () => {
  /** Fills an outbox past its bound with superseded states; returns the ranges the errors declared. */
  async function overflowed(outbox: Outbox): Promise<{ ranges: [number, number][]; lastErrorSeq: number }> {
    for (let round = 0; round < 40; round++) {
      expect((await outbox.append([withStatus('a', 'pass'), withStatus('b', 'fail')])).ok).toBe(true);
    }
    const errors = outbox
      .pending(0, 100_000)
      .filter((finding) => finding.ruleId === OVERFLOW_RULE_ID && finding.status === 'error');
    expect(errors.length).toBeGreaterThan(0);
    const ranges = errors.flatMap(
      (finding) => (finding.evidence as { droppedRanges: [number, number][] }).droppedRanges,
    );
    return { ranges, lastErrorSeq: errors.at(-1)!.seq };
  }

  const overflowFindings = (outbox: Outbox) =>
    outbox.pending(0, 100_000).filter((finding) => finding.ruleId === OVERFLOW_RULE_ID);

  it('passes once the collector has acknowledged the drops, listing them as history', async () => {
    const outbox = await openTracked(8 * 1024);
    const { ranges, lastErrorSeq } = await overflowed(outbox);
    const woken: number[] = [];
    outbox.onAppend(() => woken.push(outbox.lastAssignedSeq));

    // The error itself not yet acknowledged: the overflow stays open.
    expect(await outbox.ack(lastErrorSeq - 1)).toEqual({ ok: true });
    expect(overflowFindings(outbox).map((finding) => finding.status)).toEqual(['error']);

    const before = outbox.lastAssignedSeq;
    expect(await outbox.ack(before)).toEqual({ ok: true });
    const [pass, ...more] = outbox.pending(0, 100);
    expect(more).toEqual([]);
    expect(pass).toMatchObject({
      seq: before + 1,
      ruleId: OVERFLOW_RULE_ID,
      clause: '3.7.5',
      subject: '',
      status: 'pass',
      evidence: { droppedRanges: ranges, maxBytes: 8 * 1024, pendingBytes: 0 },
    });
    const dropped = ranges.reduce((sum, [first, last]) => sum + last - first + 1, 0);
    expect((pass!.evidence as { dropped: number }).dropped).toBe(dropped);
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(woken).toEqual([before + 1]);
    // `dropped` no longer lists what the pass closed, so neither an ack nor a reopen passes again.
    expect(await readDroppedFile(dir)).toEqual([]);
    expect(await outbox.ack(before + 1)).toEqual({ ok: true });
    await outbox.close();
    opened.splice(0);
    const reopened = await openTracked(8 * 1024);
    expect(reopened.recovery.clean).toBe(true);
    expect(reopened.depth).toBe(0);
    expect(reopened.lastAssignedSeq).toBe(before + 1);
  });

  it('after a crash between the pass and rewriting `dropped` (X11), passes again on open', async () => {
    const outbox = await openTracked(8 * 1024);
    const { ranges } = await overflowed(outbox);
    const listed = await readDroppedFile(dir);
    await outbox.ack(outbox.lastAssignedSeq);
    await outbox.close();
    opened.splice(0);
    await writeDroppedFile(dir, listed); // as if the rewrite after the pass never happened

    const reopened = await openTracked(8 * 1024);
    expect(reopened.recovery.clean).toBe(true);
    // The first pass, still unacknowledged, and the one open appended: the same state said twice.
    const passes = overflowFindings(reopened);
    expect(passes.map((finding) => finding.status)).toEqual(['pass', 'pass']);
    for (const pass of passes) {
      expect((pass.evidence as { droppedRanges: unknown }).droppedRanges).toEqual(ranges);
    }
    expect(await readDroppedFile(dir)).toEqual([]);
    await reopened.ack(reopened.lastAssignedSeq);
    expect(reopened.depth).toBe(0);
  });

  it('a later overflow keeps the queued pass and declares only new drops', async () => {
    const outbox = await openTracked(8 * 1024);
    const first = await overflowed(outbox);
    await outbox.ack(outbox.lastAssignedSeq);
    const [pass] = overflowFindings(outbox);
    expect(pass?.status).toBe('pass');

    const second = await overflowed(outbox);
    const queued = overflowFindings(outbox);
    expect(queued[0]).toEqual(pass);
    expect(queued.slice(1).every((finding) => finding.status === 'error')).toBe(true);
    const firstSeqs = new Set(
      first.ranges.flatMap(([a, b]) => Array.from({ length: b - a + 1 }, (_, i) => a + i)),
    );
    for (const [a, b] of second.ranges) {
      for (let seq = a; seq <= b; seq++) expect(firstSeqs.has(seq), `seq ${seq} declared twice`).toBe(false);
    }
    expect(second.ranges.some(([a, b]) => a <= pass!.seq && pass!.seq <= b)).toBe(false);

    // And that one closes in turn once acknowledged.
    await outbox.ack(outbox.lastAssignedSeq);
    const closing = overflowFindings(outbox);
    expect(closing.map((finding) => finding.status)).toEqual(['pass']);
    expect((closing[0]!.evidence as { droppedRanges: unknown }).droppedRanges).toEqual(second.ranges);
  });
});
