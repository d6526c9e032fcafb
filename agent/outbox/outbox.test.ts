import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sampleFinding } from '../../test/fixtures/outbox/sample-finding';
import { readAckFile } from './ack-file';
import { type Outbox, openOutbox } from './outbox';

let dir: string;
const opened: Outbox[] = [];

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'shoumi-outbox-'));
});
afterEach(async () => {
  for (const outbox of opened.splice(0)) await outbox.close();
  await rm(dir, { recursive: true, force: true });
});

async function openTracked(options?: Parameters<typeof openOutbox>[1]): Promise<Outbox> {
  const outbox = await openOutbox(dir, options);
  opened.push(outbox);
  return outbox;
}

async function appendSubjects(outbox: Outbox, ...subjects: string[]): Promise<number[]> {
  const outcome = await outbox.append(subjects.map((subject) => sampleFinding(subject)));
  if (!outcome.ok) throw new Error(outcome.message);
  return outcome.findings.map((finding) => finding.seq);
}

const segmentFiles = async () => (await readdir(dir)).filter((name) => name.endsWith('.seg')).sort();
const subjectsOf = (outbox: Outbox) => outbox.pending(0, 1000).map((finding) => finding.subject);
const seqsOf = (outbox: Outbox) => outbox.pending(0, 1000).map((finding) => finding.seq);

describe('outbox', () => {
  it('gives seqs from 1, serves pending from memory, acks, and reads back the same after reopen', async () => {
    const outbox = await openTracked();
    expect(outbox.recovery.clean).toBe(true);
    expect(await appendSubjects(outbox, 'a', 'b', 'c')).toEqual([1, 2, 3]);
    expect(outbox.depth).toBe(3);
    expect(outbox.pendingBytes).toBeGreaterThan(3 * 200);
    const before = outbox.pending(0, 10);
    expect(before.map((finding) => finding.subject)).toEqual(['a', 'b', 'c']);
    expect(before[0]).toMatchObject({ ...sampleFinding('a'), seq: 1 });

    expect(await outbox.ack(2)).toEqual({ ok: true });
    expect(outbox.lastAckedSeq).toBe(2);
    expect(outbox.depth).toBe(1);
    expect(seqsOf(outbox)).toEqual([3]);
    const bytesAfterAck = outbox.pendingBytes;
    await outbox.close();

    const reopened = await openTracked();
    expect(reopened.recovery.clean).toBe(true);
    expect(reopened.lastAckedSeq).toBe(2);
    expect(reopened.lastAssignedSeq).toBe(3);
    expect(reopened.pendingBytes).toBe(bytesAfterAck);
    expect(reopened.pending(0, 10)).toEqual(before.slice(2));
    expect(await appendSubjects(reopened, 'd')).toEqual([4]);
  });

  it('continues seqs after reopen even when everything was acked and no segment is left', async () => {
    const outbox = await openTracked();
    await appendSubjects(outbox, 'a', 'b');
    await outbox.ack(2);
    expect(await segmentFiles()).toEqual([]);
    await outbox.close();

    const reopened = await openTracked();
    expect(reopened.lastAssignedSeq).toBe(2);
    expect(reopened.depth).toBe(0);
    expect(await appendSubjects(reopened, 'c')).toEqual([3]);
  });

  it('windows pending by afterSeq and limit, never below the ack', async () => {
    const outbox = await openTracked();
    await appendSubjects(outbox, 'a', 'b', 'c', 'd', 'e');
    await outbox.ack(1);
    expect(outbox.pending(2, 2).map((finding) => finding.seq)).toEqual([3, 4]);
    expect(outbox.pending(0, 2).map((finding) => finding.seq)).toEqual([2, 3]);
    expect(outbox.pending(5, 10)).toEqual([]);
    expect(outbox.pending(3, 0)).toEqual([]);
  });

  it('rotates segments named by their first seq and deletes a segment only when all of it is acked', async () => {
    const outbox = await openTracked({ segmentBytes: 1000 });
    for (let index = 0; index < 10; index++) await appendSubjects(outbox, `f${index}`);
    const files = await segmentFiles();
    expect(files.length).toBeGreaterThan(2);
    expect(files[0]).toBe('00000000000000000001.seg');
    const secondFirstSeq = Number(files[1]!.slice(0, 20));

    await outbox.ack(secondFirstSeq - 2);
    expect(await segmentFiles()).toEqual(files);
    await outbox.ack(secondFirstSeq - 1);
    expect(await segmentFiles()).toEqual(files.slice(1));
    await outbox.ack(10);
    expect(await segmentFiles()).toEqual([]);
    expect(await appendSubjects(outbox, 'after')).toEqual([11]);
    expect(await segmentFiles()).toEqual(['00000000000000000011.seg']);
    await outbox.close();

    const reopened = await openTracked({ segmentBytes: 1000 });
    expect(subjectsOf(reopened)).toEqual(['after']);
  });

  it('ignores a stale ack and clamps an ack beyond what was assigned', async () => {
    const outbox = await openTracked();
    await appendSubjects(outbox, 'a', 'b', 'c', 'd', 'e');
    await outbox.ack(4);
    await outbox.ack(2);
    expect(outbox.lastAckedSeq).toBe(4);
    expect(seqsOf(outbox)).toEqual([5]);
    expect(await readAckFile(dir)).toEqual({ state: 'ok', ackedSeq: 4 });

    await outbox.ack(99);
    expect(outbox.lastAckedSeq).toBe(5);
    expect(await readAckFile(dir)).toEqual({ state: 'ok', ackedSeq: 5 });
    expect(await appendSubjects(outbox, 'f')).toEqual([6]);
  });

  it('rebases pending records above the collector’s last seq, durably', async () => {
    const outbox = await openTracked();
    await appendSubjects(outbox, 'a', 'b', 'c');
    await outbox.ack(1);
    expect(await outbox.rebase(2)).toEqual({ ok: true }); // we already assigned 3: nothing to do
    expect(seqsOf(outbox)).toEqual([2, 3]);

    expect(await outbox.rebase(100)).toEqual({ ok: true });
    expect(outbox.lastAckedSeq).toBe(100);
    expect(outbox.lastAssignedSeq).toBe(102);
    expect(outbox.pending(0, 10).map((finding) => [finding.seq, finding.subject])).toEqual([
      [101, 'b'],
      [102, 'c'],
    ]);
    expect(await appendSubjects(outbox, 'd')).toEqual([103]);
    expect(await segmentFiles()).toEqual(['00000000000000000101.seg']);
    await outbox.close();

    const reopened = await openTracked();
    expect(reopened.recovery.clean).toBe(true);
    expect(reopened.lastAckedSeq).toBe(100);
    expect(reopened.pending(0, 10).map((finding) => [finding.seq, finding.subject])).toEqual([
      [101, 'b'],
      [102, 'c'],
      [103, 'd'],
    ]);
  });

  it('rebases an empty outbox by moving the ack, so the next append continues above the collector', async () => {
    const outbox = await openTracked();
    expect(await outbox.rebase(41)).toEqual({ ok: true });
    expect(await appendSubjects(outbox, 'a')).toEqual([42]);
  });

  it('refuses a batch that would pass maxBytes without consuming a seq, and accepts again after an ack', async () => {
    const outbox = await openTracked({ maxBytes: 1500 });
    await appendSubjects(outbox, 'a', 'b', 'c');
    const refused = await outbox.append([sampleFinding('d', 1000)]);
    expect(refused).toMatchObject({ ok: false, reason: 'full' });
    expect(outbox.lastAssignedSeq).toBe(3);
    await outbox.ack(3);
    expect(outbox.pendingBytes).toBe(0);
    const accepted = await outbox.append([sampleFinding('d', 1000)]);
    expect(accepted.ok && accepted.findings[0]!.seq).toBe(4);
  });

  it('keeps call order and contiguous seqs for concurrent appends', async () => {
    const outbox = await openTracked();
    const outcomes = await Promise.all(
      Array.from({ length: 20 }, (_, index) =>
        outbox.append([sampleFinding(`x${index}`), sampleFinding(`y${index}`)]),
      ),
    );
    const seqs = outcomes.flatMap((outcome) =>
      outcome.ok ? outcome.findings.map((finding) => finding.seq) : [],
    );
    expect(seqs).toEqual(Array.from({ length: 40 }, (_, index) => index + 1));
    expect(subjectsOf(outbox).slice(0, 4)).toEqual(['x0', 'y0', 'x1', 'y1']);
  });

  it('tells listeners after a durable append, until they unsubscribe', async () => {
    const outbox = await openTracked();
    const calls: number[] = [];
    const unsubscribe = outbox.onAppend(() => calls.push(outbox.lastAssignedSeq));
    await appendSubjects(outbox, 'a');
    await Promise.resolve();
    expect(calls).toEqual([1]);
    unsubscribe();
    await appendSubjects(outbox, 'b');
    await Promise.resolve();
    expect(calls).toEqual([1]);
  });

  it('refuses appends after close as an outcome', async () => {
    const outbox = await openOutbox(dir);
    await outbox.close();
    expect(await outbox.append([sampleFinding('late')])).toMatchObject({ ok: false, reason: 'io' });
  });

  it('throws in the caller for a finding that cannot be JSON (a bug in a check), and stays usable', async () => {
    const outbox = await openTracked();
    const broken = { ...sampleFinding('bad'), evidence: { size: 1n } };
    expect(() => outbox.append([broken])).toThrow(/BigInt/);
    expect(await appendSubjects(outbox, 'good')).toEqual([1]);
  });
});
