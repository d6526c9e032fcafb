// Refused records kept on disk (refused-records.ts): the file as written, what open does with a crash's
// leftovers (K1), replacing a record kept twice (K3), and the bound (newest kept, the one just written never
// pruned). Crash states are built on disk as the interrupted keep would have left them.
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sampleFinding } from '../../test/fixtures/outbox/sample-finding';
import { openOutbox } from './outbox';
import { type KeptRefusal, openRefusedRecords, REFUSED_DIR_NAME, refusedFileName } from './refused-records';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'shoumi-refused-records-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const refusal = (seq: number, paddingBytes = 0): KeptRefusal => ({
  seq,
  refusedAtMs: 1_767_225_600_000 + seq,
  refusedBy: 'collector',
  reason: 'evidence_json: expected at most 65536 bytes',
  record: { seq, ...sampleFinding(`s${seq}`, paddingBytes) },
});
const keptSeqs = async () => (await readdir(join(dir, REFUSED_DIR_NAME))).sort();

describe('refused records', () => {
  it('keeps the record exactly as it was, with the reason, in refused/<seq>.json', async () => {
    const kept = await openRefusedRecords(dir);
    const outcome = await kept.keep(refusal(42));
    expect(outcome).toEqual({ ok: true, file: join(dir, 'refused', '00000000000000000042.json') });
    expect(JSON.parse(await readFile(join(dir, 'refused', '00000000000000000042.json'), 'utf8'))).toEqual({
      seq: 42,
      refusedAtMs: 1_767_225_600_042,
      refusedBy: 'collector',
      reason: 'evidence_json: expected at most 65536 bytes',
      record: {
        seq: 42,
        ruleId: 'usb.unregistered_medium',
        clause: '3.7.8',
        subject: 's42',
        status: 'fail',
        severity: 'high',
        evidence: { vendorId: '0781', productId: '5581', busPath: '1-2.3', padding: '' },
        reason: '未登记的移动存储介质 / unregistered removable medium',
        observedAtMs: 1_767_225_600_000,
        sweepId: '',
      },
    });
    // A second open finds it.
    expect(await (await openRefusedRecords(dir)).list()).toEqual([refusal(42)]);
  });

  it('K1: a record being written when the agent died is deleted on open; what was kept stays', async () => {
    const kept = await openRefusedRecords(dir);
    await kept.keep(refusal(7));
    await writeFile(join(dir, REFUSED_DIR_NAME, '00000000000000000009.json.tmp'), '{"seq":9,"refu');
    const reopened = await openRefusedRecords(dir);
    expect(await keptSeqs()).toEqual([refusedFileName(7)]);
    expect((await reopened.list()).map((record) => record.seq)).toEqual([7]);
  });

  it('K3: kept again (the refusal came again after a crash before the ack), the file holds it once', async () => {
    const kept = await openRefusedRecords(dir);
    await kept.keep(refusal(5));
    await kept.keep({ ...refusal(5), refusedAtMs: 1_767_300_000_000 });
    expect(await keptSeqs()).toEqual([refusedFileName(5)]);
    expect(await kept.list()).toEqual([{ ...refusal(5), refusedAtMs: 1_767_300_000_000 }]);
  });

  it('keeps the newest records within the count bound', async () => {
    const kept = await openRefusedRecords(dir, { maxRecords: 3 });
    for (const seq of [1, 2, 3, 4, 5]) await kept.keep(refusal(seq));
    expect(await keptSeqs()).toEqual([3, 4, 5].map(refusedFileName));
    // The bound holds across opens: the index is read from the directory.
    const reopened = await openRefusedRecords(dir, { maxRecords: 3 });
    await reopened.keep(refusal(6));
    expect(await keptSeqs()).toEqual([4, 5, 6].map(refusedFileName));
  });

  it('keeps the newest records within the byte bound, and never prunes the one just written', async () => {
    const kept = await openRefusedRecords(dir, { maxBytes: 11_000 });
    for (const seq of [1, 2, 3]) await kept.keep(refusal(seq, 3_000)); // ~3.3 KB each
    expect(await keptSeqs()).toEqual([1, 2, 3].map(refusedFileName));
    await kept.keep(refusal(4, 3_000));
    expect(await keptSeqs()).toEqual([2, 3, 4].map(refusedFileName));
    // One larger than the whole bound is kept alone.
    await kept.keep(refusal(5, 20_000));
    expect(await keptSeqs()).toEqual([refusedFileName(5)]);
  });

  it('lives beside the segments without disturbing the outbox', async () => {
    const outbox = await openOutbox(dir);
    await outbox.append([sampleFinding('a')]);
    await (await openRefusedRecords(dir)).keep(refusal(1));
    await outbox.close();
    const reopened = await openOutbox(dir);
    expect(reopened.recovery.clean).toBe(true);
    expect(reopened.pending(0, 10).map((finding) => finding.subject)).toEqual(['a']);
    await reopened.close();
  });

  it('answers a write it cannot do with a value naming the record, not an exception', async () => {
    const kept = await openRefusedRecords(dir);
    await rm(join(dir, REFUSED_DIR_NAME), { recursive: true });
    const outcome = await kept.keep(refusal(3));
    expect(outcome.ok).toBe(false);
    expect(outcome.ok ? '' : outcome.message).toMatch(/^keeping refused record 3: ENOENT/);
  });
});
