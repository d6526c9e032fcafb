// Opening the outbox directory: finish or undo whatever a crash interrupted, verify every record, and
// say what was found. The decisions (which tail is torn, which hole is corruption) are in outbox.ts's
// header; this file carries them out.

import { constants, copyFile, mkdir, open, readdir, readFile, rename, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { Finding } from '../../policies/model';
import { ACK_TEMP_FILE_NAME, readAckFile } from './ack-file';
import { DROPPED_TEMP_FILE_NAME, holeIsDeclared, readDroppedFile } from './dropped-file';
import { fsyncDirectory } from './fsync-directory';
import { lostRecordFinding } from './lost-record-finding';
import { decodeRecordAt, RECORD_HEADER_BYTES, type RecordProblem } from './record-codec';
import {
  parseSegmentFileName,
  QUARANTINE_SUFFIX,
  REBASE_SUFFIX,
  rebaseFileName,
  segmentFileName,
} from './segment-file-name';

/** Why a record could not be taken: the codec's verdict, or a whole record out of sequence. */
export type DamageKind = RecordProblem | 'unexpected_seq';

/** What opening the outbox found and did; the agent logs it and raises anything but `clean` as a finding. */
export interface OutboxRecovery {
  ackFile: 'ok' | 'missing' | 'corrupt';
  /** A rebase was interrupted: committed ones are finished, uncommitted ones undone. */
  rebase: 'none' | 'rolled_forward' | 'rolled_back';
  /** The last segment ended in a partial or unreadable record (a write cut short); it was truncated away. */
  tornTail: { segmentFile: string; offset: number; droppedBytes: number; problem: DamageKind } | null;
  /** Unreadable bytes followed by readable records, or the unreadable end of a segment that is not last. */
  corruptRegions: { segmentFile: string; offset: number; bytes: number; problem: DamageKind }[];
  /** Unacknowledged seqs whose records were destroyed; each is pending as a `record_lost` finding. */
  lostSeqs: { first: number; last: number }[];
  /** Copies of segments with corrupt regions, kept for inspection and never read or deleted by the outbox. */
  quarantinedFiles: string[];
  clean: boolean;
}

export interface RecoveredSegment {
  firstSeq: number;
  fileName: string;
  /** Bytes of whole records; the next append goes here. */
  size: number;
}

export interface PendingRecord {
  finding: Finding;
  /** Encoded size on disk, for the pendingBytes bound. */
  bytes: number;
}

export interface RecoveredOutbox {
  ackedSeq: number;
  lastAssignedSeq: number;
  /** In seq order; the last one is where appends continue. Fully acked segments are already deleted. */
  segments: RecoveredSegment[];
  /** Exactly the seqs ackedSeq+1 .. lastAssignedSeq, in order. */
  pending: PendingRecord[];
  recovery: OutboxRecovery;
}

export async function recoverOutbox(dir: string, nowMs: number): Promise<RecoveredOutbox> {
  await mkdir(dir, { recursive: true });
  const recovery: OutboxRecovery = {
    ackFile: 'ok',
    rebase: 'none',
    tornTail: null,
    corruptRegions: [],
    lostSeqs: [],
    quarantinedFiles: [],
    clean: true,
  };
  let directoryChanged = false;

  // An ack temp file is an ack that was never committed; the committed `acked` file still stands. The same
  // for a dropped list never renamed, and a segment rewrite never renamed over its segment (outbox.ts X10).
  for (const name of await readdir(dir)) {
    if (name === ACK_TEMP_FILE_NAME || name === DROPPED_TEMP_FILE_NAME || name.endsWith('.seg.compact')) {
      await unlink(join(dir, name));
      directoryChanged = true;
    }
  }
  const droppedRanges = await readDroppedFile(dir);

  const ack = await readAckFile(dir);
  recovery.ackFile = ack.state;
  let ackedSeq = ack.state === 'ok' ? ack.ackedSeq : 0;

  // Rebase commits by writing the ack file: acked == first seq of the rebase file - 1 means committed.
  for (const name of await readdir(dir)) {
    const firstSeq = parseSegmentFileName(name, REBASE_SUFFIX);
    if (firstSeq === null) continue;
    if (ack.state === 'ok' && ackedSeq === firstSeq - 1) {
      await rename(join(dir, name), join(dir, segmentFileName(firstSeq)));
      recovery.rebase = 'rolled_forward';
    } else {
      await unlink(join(dir, rebaseFileName(firstSeq)));
      recovery.rebase = 'rolled_back';
    }
    directoryChanged = true;
  }

  const segments = (await readdir(dir))
    .map((fileName) => ({ fileName, firstSeq: parseSegmentFileName(fileName) }))
    .filter((entry): entry is { fileName: string; firstSeq: number } => entry.firstSeq !== null)
    .sort((a, b) => a.firstSeq - b.firstSeq)
    .map((entry) => ({ ...entry, size: 0 }));

  // Segments are deleted only once every record in them is acked, so the first one bounds the ack from
  // below even when the ack file is missing or corrupt.
  if (segments.length > 0) ackedSeq = Math.max(ackedSeq, segments[0]!.firstSeq - 1);

  const pending: PendingRecord[] = [];
  const keepIfPending = (record: PendingRecord) => {
    if (record.finding.seq > ackedSeq) pending.push(record);
  };
  const markLost = (first: number, last: number, segmentFile: string, offset: number) => {
    for (let seq = Math.max(first, ackedSeq + 1); seq <= last; seq++) {
      const finding = lostRecordFinding(seq, segmentFile, offset, nowMs);
      keepIfPending({ finding, bytes: RECORD_HEADER_BYTES + Buffer.byteLength(JSON.stringify(finding)) });
    }
    if (last > ackedSeq) recovery.lostSeqs.push({ first: Math.max(first, ackedSeq + 1), last });
  };

  let nextSeq = segments.length > 0 ? segments[0]!.firstSeq : ackedSeq + 1;
  for (let index = 0; index < segments.length; index++) {
    const segment = segments[index]!;
    const isLast = index === segments.length - 1;
    const endSeq = isLast ? Number.POSITIVE_INFINITY : segments[index + 1]!.firstSeq; // exclusive
    const path = join(dir, segment.fileName);
    const bytes = await readFile(path);
    let expected = segment.firstSeq;
    let offset = 0;
    let corrupt = false;
    while (offset < bytes.length) {
      const decoded = decodeRecordAt(bytes, offset);
      if (
        decoded.ok &&
        decoded.finding.seq >= expected &&
        decoded.finding.seq < endSeq &&
        (decoded.finding.seq === expected ||
          holeIsDeclared(expected, decoded.finding.seq - 1, ackedSeq, droppedRanges))
      ) {
        keepIfPending({ finding: decoded.finding, bytes: decoded.byteLength });
        offset += decoded.byteLength;
        expected = decoded.finding.seq + 1;
        continue;
      }
      const problem: DamageKind = decoded.ok ? 'unexpected_seq' : decoded.problem;
      const resume = findNextRecord(bytes, offset + 1, expected, endSeq);
      if (resume === null && isLast) {
        // Nothing readable follows: the end of the newest segment, where a write cut short leaves its mark.
        await truncateDurably(path, offset);
        recovery.tornTail = {
          segmentFile: segment.fileName,
          offset,
          droppedBytes: bytes.length - offset,
          problem,
        };
        break;
      }
      const regionEnd = resume?.offset ?? bytes.length;
      recovery.corruptRegions.push({
        segmentFile: segment.fileName,
        offset,
        bytes: regionEnd - offset,
        problem,
      });
      corrupt = true;
      if (resume === null) break;
      markLost(expected, resume.seq - 1, segment.fileName, offset);
      expected = resume.seq;
      offset = resume.offset;
    }
    segment.size = Math.min(offset, bytes.length);
    if (!isLast && expected < endSeq && !holeIsDeclared(expected, endSeq - 1, ackedSeq, droppedRanges))
      markLost(expected, endSeq - 1, segment.fileName, segment.size);
    nextSeq = isLast ? expected : endSeq;
    if (corrupt) {
      const quarantined = await quarantine(dir, segment.fileName);
      recovery.quarantinedFiles.push(quarantined);
    }
  }
  const lastAssignedSeq = Math.max(ackedSeq, nextSeq - 1);

  // Delete what the collector already holds, and empty segments (the next append makes a fresh one).
  const kept: RecoveredSegment[] = [];
  for (let index = 0; index < segments.length; index++) {
    const segment = segments[index]!;
    const lastSeq = index + 1 < segments.length ? segments[index + 1]!.firstSeq - 1 : lastAssignedSeq;
    if (lastSeq <= ackedSeq || segment.size === 0) {
      await unlink(join(dir, segment.fileName));
      directoryChanged = true;
    } else {
      kept.push({ firstSeq: segment.firstSeq, fileName: segment.fileName, size: segment.size });
    }
  }
  if (directoryChanged) await fsyncDirectory(dir);

  pending.sort((a, b) => a.finding.seq - b.finding.seq);
  // Every seq acked+1..lastAssigned is pending, or a hole the outbox declared when it dropped records.
  let previousSeq = ackedSeq;
  for (const record of [...pending, null]) {
    const seq = record?.finding.seq ?? lastAssignedSeq + 1;
    if (
      seq <= previousSeq ||
      (seq > previousSeq + 1 && !holeIsDeclared(previousSeq + 1, seq - 1, ackedSeq, droppedRanges))
    ) {
      throw new Error(
        `outbox recovery broke contiguity at seq ${seq} (after ${previousSeq}, acked ${ackedSeq})`,
      );
    }
    previousSeq = seq;
  }
  // No ack file is normal until the first ack; it is news only when segments show that acks happened.
  recovery.clean = recovery.ackFile === 'ok' || (recovery.ackFile === 'missing' && ackedSeq === 0);
  recovery.clean &&= recovery.tornTail === null && recovery.corruptRegions.length === 0;
  recovery.clean &&= recovery.lostSeqs.length === 0 && recovery.rebase === 'none';
  return { ackedSeq, lastAssignedSeq, segments: kept, pending, recovery };
}

/**
 * The next offset at which a whole record with a plausible seq starts. A crc32 match plus a parseable
 * finding with the right kind of seq does not happen by chance inside other records' bytes.
 */
function findNextRecord(
  bytes: Buffer,
  from: number,
  minSeq: number,
  endSeq: number,
): { offset: number; seq: number } | null {
  for (let offset = from; offset + RECORD_HEADER_BYTES < bytes.length; offset++) {
    const decoded = decodeRecordAt(bytes, offset);
    if (decoded.ok && decoded.finding.seq >= minSeq && decoded.finding.seq < endSeq) {
      return { offset, seq: decoded.finding.seq };
    }
  }
  return null;
}

async function truncateDurably(path: string, length: number): Promise<void> {
  const handle = await open(path, 'r+');
  try {
    await handle.truncate(length);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Keeps a copy of the segment as found; the first copy is the evidence, later opens leave it alone. */
async function quarantine(dir: string, fileName: string): Promise<string> {
  const copyName = `${fileName}${QUARANTINE_SUFFIX}`;
  try {
    await copyFile(join(dir, fileName), join(dir, copyName), constants.COPYFILE_EXCL);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  return copyName;
}
