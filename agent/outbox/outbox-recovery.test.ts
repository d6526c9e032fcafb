// Opening after damage and after a crash at each point of the state machine in outbox.ts (X1..X7).
// Crash states are built on disk the way the interrupted operation would have left them.

import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sampleFinding } from '../../test/fixtures/outbox/sample-finding';
import { ACK_TEMP_FILE_NAME, readAckFile, writeAckFile } from './ack-file';
import { LOST_RECORD_RULE_ID } from './lost-record-finding';
import { type Outbox, openOutbox } from './outbox';
import { encodeRecord, serializeUnsequenced } from './record-codec';
import { rebaseFileName, segmentFileName } from './segment-file-name';

let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'shoumi-outbox-recovery-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Writes records seq from..to (subject "s<seq>") as one segment; returns each record's start offset. */
async function writeSegment(
  from: number,
  to: number,
  inDir = dir,
): Promise<{ bytes: Buffer; offsets: number[] }> {
  const records: Buffer[] = [];
  for (let seq = from; seq <= to; seq++)
    records.push(encodeRecord(seq, serializeUnsequenced(sampleFinding(`s${seq}`))).bytes);
  const offsets = records.map((_, index) =>
    records.slice(0, index).reduce((sum, record) => sum + record.length, 0),
  );
  const bytes = Buffer.concat(records);
  await writeFile(join(inDir, segmentFileName(from)), bytes);
  return { bytes, offsets };
}

async function withOutbox<T>(use: (outbox: Outbox) => Promise<T>, inDir = dir): Promise<T> {
  const outbox = await openOutbox(inDir);
  try {
    return await use(outbox);
  } finally {
    await outbox.close();
  }
}

const pendingView = (outbox: Outbox) =>
  outbox.pending(0, 1000).map((finding) => [finding.seq, finding.subject]);
const subjects = (from: number, to: number) =>
  Array.from({ length: to - from + 1 }, (_, index) => [from + index, `s${from + index}`]);

describe('outbox recovery: torn and corrupt records', () => {
  it('keeps N-1 records for every cut inside the last record (N when whole), and appends continue', async () => {
    const source = await mkdtemp(join(tmpdir(), 'shoumi-outbox-source-'));
    try {
      const { bytes, offsets } = await writeSegment(1, 5, source);
      const lastStart = offsets[4]!;
      for (let cut = lastStart; cut <= bytes.length; cut++) {
        const caseDir = join(dir, `cut-${cut}`);
        await mkdir(caseDir);
        await writeFile(join(caseDir, segmentFileName(1)), bytes.subarray(0, cut));
        const whole = cut === bytes.length;
        await withOutbox(async (outbox) => {
          expect(pendingView(outbox), `cut at ${cut}`).toEqual(subjects(1, whole ? 5 : 4));
          expect(outbox.recovery.tornTail === null, `cut at ${cut}`).toBe(whole || cut === lastStart);
          const next = await outbox.append([sampleFinding('next')]);
          expect(next.ok && next.findings[0]!.seq, `cut at ${cut}`).toBe(whole ? 6 : 5);
        }, caseDir);
        await withOutbox(async (outbox) => {
          expect(outbox.recovery.clean, `cut at ${cut}, second open`).toBe(true);
          expect(outbox.pending(0, 10).at(-1)?.subject).toBe('next');
        }, caseDir);
      }
    } finally {
      await rm(source, { recursive: true, force: true });
    }
  });

  it('drops the last record when a bit in it flips, and says so', async () => {
    const { bytes } = await writeSegment(1, 5);
    bytes[bytes.length - 10]! ^= 0x04;
    await writeFile(join(dir, segmentFileName(1)), bytes);
    await withOutbox(async (outbox) => {
      expect(pendingView(outbox)).toEqual(subjects(1, 4));
      expect(outbox.recovery.tornTail).toMatchObject({ segmentFile: segmentFileName(1), problem: 'bad_crc' });
      expect(outbox.recovery.clean).toBe(false);
    });
  });

  it('keeps the records around a corrupt middle record, stands a record_lost finding in its seq, quarantines a copy', async () => {
    const { bytes, offsets } = await writeSegment(1, 5);
    bytes[offsets[2]! + 30]! ^= 0x01; // inside record 3's payload
    await writeFile(join(dir, segmentFileName(1)), bytes);
    await withOutbox(async (outbox) => {
      const pending = outbox.pending(0, 10);
      expect(pending.map((finding) => finding.seq)).toEqual([1, 2, 3, 4, 5]);
      expect(pending.map((finding) => finding.subject)).toEqual(['s1', 's2', 'seq:3', 's4', 's5']);
      expect(pending[2]).toMatchObject({ ruleId: LOST_RECORD_RULE_ID, status: 'error' });
      expect(outbox.recovery.corruptRegions).toEqual([
        {
          segmentFile: segmentFileName(1),
          offset: offsets[2],
          bytes: offsets[3]! - offsets[2]!,
          problem: 'bad_crc',
        },
      ]);
      expect(outbox.recovery.lostSeqs).toEqual([{ first: 3, last: 3 }]);
      expect(outbox.recovery.tornTail).toBeNull();
      const next = await outbox.append([sampleFinding('next')]);
      expect(next.ok && next.findings[0]!.seq).toBe(6);
    });
    expect(await readFile(join(dir, `${segmentFileName(1)}.corrupt`))).toEqual(bytes);
    // The damage stays on disk until acked, so every open finds and reports it the same way.
    await withOutbox(async (outbox) => {
      expect(outbox.pending(0, 10).map((finding) => finding.subject)).toEqual([
        's1',
        's2',
        'seq:3',
        's4',
        's5',
        'next',
      ]);
      expect(outbox.recovery.lostSeqs).toEqual([{ first: 3, last: 3 }]);
      await outbox.ack(3);
      expect(outbox.pending(0, 10).map((finding) => finding.subject)).toEqual(['s4', 's5', 'next']);
    });
    await withOutbox(async (outbox) => {
      expect(outbox.recovery.lostSeqs).toEqual([]); // seq 3 is acked now: nothing pending was lost
      expect(outbox.pending(0, 10).map((finding) => finding.subject)).toEqual(['s4', 's5', 'next']);
    });
  });

  it('does not mistake a corrupt length in a middle record for a torn tail', async () => {
    const { bytes, offsets } = await writeSegment(1, 5);
    bytes.writeUInt32BE(0x00ff_ffff, offsets[1]!); // record 2 now claims to run past the end of the file
    await writeFile(join(dir, segmentFileName(1)), bytes);
    await withOutbox(async (outbox) => {
      expect(outbox.pending(0, 10).map((finding) => finding.subject)).toEqual([
        's1',
        'seq:2',
        's3',
        's4',
        's5',
      ]);
      expect(outbox.recovery.tornTail).toBeNull();
      expect(outbox.recovery.corruptRegions[0]).toMatchObject({
        offset: offsets[1],
        problem: 'short_payload',
      });
    });
  });

  it('fills the unreadable end of an older segment up to the next segment’s first seq', async () => {
    const { bytes, offsets } = await writeSegment(1, 4);
    await writeSegment(5, 6);
    bytes[offsets[3]! + 20]! ^= 0x10;
    await writeFile(join(dir, segmentFileName(1)), bytes);
    await withOutbox(async (outbox) => {
      expect(outbox.pending(0, 10).map((finding) => finding.subject)).toEqual([
        's1',
        's2',
        's3',
        'seq:4',
        's5',
        's6',
      ]);
      expect(outbox.recovery.lostSeqs).toEqual([{ first: 4, last: 4 }]);
      expect(outbox.recovery.tornTail).toBeNull();
    });
  });

  it('takes the ack from the first segment when the ack file is corrupt', async () => {
    await writeSegment(11, 13);
    await writeFile(join(dir, 'acked'), Buffer.from('not an ack file, twenty'));
    await withOutbox(async (outbox) => {
      expect(outbox.recovery.ackFile).toBe('corrupt');
      expect(outbox.lastAckedSeq).toBe(10);
      expect(pendingView(outbox)).toEqual(subjects(11, 13));
    });
  });
});

describe('outbox recovery: crash points of the state machine', () => {
  it('X1: a new segment created but never written is removed and seqs continue', async () => {
    await writeSegment(1, 3);
    await writeFile(join(dir, segmentFileName(4)), Buffer.alloc(0));
    await withOutbox(async (outbox) => {
      expect(pendingView(outbox)).toEqual(subjects(1, 3));
      const next = await outbox.append([sampleFinding('next')]);
      expect(next.ok && next.findings[0]!.seq).toBe(4);
    });
  });

  it('X2: a batch cut mid-write keeps its whole records and drops the partial one', async () => {
    const { bytes, offsets } = await writeSegment(1, 6); // records 4..6 stand for a batch being written
    await writeFile(join(dir, segmentFileName(1)), bytes.subarray(0, offsets[5]! + 9));
    await withOutbox(async (outbox) => {
      expect(pendingView(outbox)).toEqual(subjects(1, 5));
      expect(outbox.recovery.tornTail).toMatchObject({ offset: offsets[5], droppedBytes: 9 });
    });
  });

  it('X3: a batch that became durable but was never reported to the caller is there after reopen', async () => {
    const outbox = await openOutbox(dir);
    await outbox.append([sampleFinding('s1'), sampleFinding('s2')]);
    // No close: the process dies with the handle open.
    await withOutbox(async (reopened) => {
      expect(pendingView(reopened)).toEqual(subjects(1, 2));
      expect(reopened.recovery.clean).toBe(true);
    });
    await outbox.close();
  });

  it('X4: an ack written to the temp file but not renamed is discarded; the old ack stands', async () => {
    await writeSegment(1, 5);
    await writeAckFile(dir, 2);
    await writeFile(join(dir, ACK_TEMP_FILE_NAME), Buffer.from('half an ack'));
    await withOutbox(async (outbox) => {
      expect(outbox.lastAckedSeq).toBe(2);
      expect(pendingView(outbox)).toEqual(subjects(3, 5));
    });
    expect(await readdir(dir)).not.toContain(ACK_TEMP_FILE_NAME);
  });

  it('X5: an ack committed before its segments were deleted deletes them on open', async () => {
    await writeSegment(1, 3);
    await writeSegment(4, 6);
    await writeSegment(7, 8);
    await writeAckFile(dir, 6);
    await withOutbox(async (outbox) => {
      expect(outbox.lastAckedSeq).toBe(6);
      expect(pendingView(outbox)).toEqual(subjects(7, 8));
    });
    expect((await readdir(dir)).filter((name) => name.endsWith('.seg'))).toEqual([segmentFileName(7)]);
  });

  it('X6: a rebase whose renumbered segment was written but not committed is undone', async () => {
    await writeSegment(1, 3);
    await writeAckFile(dir, 1);
    const renumbered = [2, 3].map(
      (old, index) => encodeRecord(101 + index, serializeUnsequenced(sampleFinding(`s${old}`))).bytes,
    );
    await writeFile(join(dir, rebaseFileName(101)), Buffer.concat(renumbered));
    await withOutbox(async (outbox) => {
      expect(outbox.recovery.rebase).toBe('rolled_back');
      expect(outbox.lastAckedSeq).toBe(1);
      expect(pendingView(outbox)).toEqual(subjects(2, 3));
    });
    expect(await readdir(dir)).not.toContain(rebaseFileName(101));
  });

  it('X7: a committed rebase interrupted before the rename is finished on open', async () => {
    await writeSegment(1, 3);
    const renumbered = [2, 3].map(
      (old, index) => encodeRecord(101 + index, serializeUnsequenced(sampleFinding(`s${old}`))).bytes,
    );
    await writeFile(join(dir, rebaseFileName(101)), Buffer.concat(renumbered));
    await writeAckFile(dir, 100);
    await withOutbox(async (outbox) => {
      expect(outbox.recovery.rebase).toBe('rolled_forward');
      expect(outbox.lastAckedSeq).toBe(100);
      expect(pendingView(outbox)).toEqual([
        [101, 's2'],
        [102, 's3'],
      ]);
      const next = await outbox.append([sampleFinding('next')]);
      expect(next.ok && next.findings[0]!.seq).toBe(103);
    });
    expect((await readdir(dir)).filter((name) => name.includes('.seg')).sort()).toEqual([
      segmentFileName(101),
    ]);
    expect(await readAckFile(dir)).toEqual({ state: 'ok', ackedSeq: 100 });
  });
});
