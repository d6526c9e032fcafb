// The agent's outbox: every finding is on disk before it is sent, and leaves only when the collector has
// acknowledged it (cumulatively: "every seq <= N is durably stored, or refused for good and named in an
// Ack"; a refused record is first kept in refused/ and reported, refused-records.ts and
// ../link/settle-refusals.ts).
//
// On disk, one directory per device:
//
//   <dir>/
//   ├── 00000000000000000001.seg           segment, named by the seq of its first record
//   ├── 00000000000000004097.seg           the newest segment; appends go to its end
//   ├── acked                              "SHOA" | u32 version=1 | u64 acked seq | u32 crc32   (ack-file.ts)
//   ├── acked.tmp                          an ack being written; never read, deleted on open
//   ├── dropped                            seq ranges dropped to stay within the bound   (dropped-file.ts)
//   ├── 00000000000000000001.seg.compact   a segment being rewritten without dropped records; deleted on open
//   ├── 00000000000000009001.seg.rebase    a renumbered segment that rebase has not yet committed
//   ├── 00000000000000000001.seg.corrupt   a copy of a segment found corrupt, kept for inspection
//   └── refused/                           records refused for good, kept with the reason (refused-records.ts)
//
//   segment file:
//   ┌──────────────┬──────────────┬──────────────────────────────┬──────────────┬─────
//   │ u32 BE length│ u32 BE crc32 │ payload: finding as UTF-8    │ u32 length   │ ...
//   │ of payload   │ of payload   │ JSON, {"seq":N,...}          │              │
//   └──────────────┴──────────────┴──────────────────────────────┴──────────────┴─────
//   records hold consecutive seqs; the first one's seq is the file name          (record-codec.ts)
//
// Invariants: seqs start at 1, ascend across segments, and are never reused. They are consecutive except
// for holes the outbox made itself to stay within its bound, each listed in `dropped` before it exists on
// disk and in an overflow finding before it exists on disk (see "When full"). Memory holds every unacked
// record that was not dropped; pending() is served from it. A segment is deleted only when every record in
// it is acked, so the first segment's name - 1 never exceeds the ack.
//
// When full (append would take the unacked bytes past maxBytes, e.g. during a long partition):
//   what gives way   records superseded by a newer queued record for the same (rule, subject): pass and
//                    not_applicable first, then error, then fail, oldest first (choose-drops.ts). The newest
//                    state of every key is never dropped, nor the agent's own agent-outbox-* declarations.
//                    It frees down to 3/4 of the bound so that a long partition rewrites now and then.
//                    Only when nothing is superseded is the batch refused ('full'); the runtime then keeps
//                    its reported state and the next sweep sends the changes again.
//   how              declare ─ tell ─ rewrite:
//                    1. the ranges are added to `dropped` (tmp, fsync, rename, dir fsync)
//                       X8 before: nothing changed. After: holes there may be; recovery accepts them.
//                    2. an `agent-outbox-overflow` finding listing the ranges is appended like any finding
//                       (overflow-finding.ts), exempt from the bound (it is small)
//                       X9 after: the collector will hear of the drop even if no record is gone yet.
//                    3. each segment holding a dropped record is rewritten to <name>.compact, fsynced, renamed
//                       over its segment (atomic per segment); then one dir fsync
//                       X10 between segments: some still hold their dropped records, which are sent.
//   closing          after an ack, once unacked bytes are back under 3/4 of the bound, no overflow finding
//                    is still unacked and `dropped` lists ranges at or below the ack: a `pass` for the
//                    same rule and subject, listing those ranges as history, is appended like any finding
//                    (overflow-finding.ts), then `dropped` is rewritten without them. Also tried on open.
//                    X11 between the two: open finds them listed still and appends the pass again, which
//                    says nothing new (a current state is idempotent).
//   the seqs         survivors keep their seqs: renumbering would be wrong for records the collector may
//                    already hold (sent before the cut, never acked). The collector acks the highest seq it
//                    stored and never asks for a missing one, so holes cost it nothing; "no gap" becomes
//                    "every seq is stored or listed in an overflow finding". A listed seq may still arrive
//                    (sent before the cut, or a crash at X9/X10): listed means "may be absent".
//
// State machine, and what each crash point leaves behind (X = crash; "open" = recoverOutbox):
//
//   append(batch)   assign seqs ─ [rotate?] ─ write ─ fdatasync ─ resolve ok ─ notify listeners
//     rotate        X1 after creating the new segment, before its dir fsync or any write:
//                      open finds an empty or missing segment, deletes it; seqs continue from the last
//                      whole record.
//     write         X2 mid-write (SIGKILL between pages, or power loss before fdatasync): the newest
//                      segment ends in a partial record; open truncates it to the last whole record.
//                      Whole records of the unresolved batch may survive: they are valid, sent at least once.
//     after sync    X3 before the caller heard: the batch is durable and is sent after restart.
//     A write or fsync error truncates the segment back to its last good size and resolves {ok:false,'io'}
//     with no seq consumed; if even that fails the outbox refuses further appends until reopened.
//
//   ack(N)          write acked.tmp ─ fsync ─ rename ─ dir fsync ─ drop from memory ─ delete acked segments
//                   X4 before the rename: open deletes acked.tmp; the old ack stands; records are resent
//                      and the collector's idempotent ingest ignores them.
//                   X5 after the rename, before segments are deleted: open deletes fully acked segments.
//
//   rebase(C)       write <C+1>.seg.rebase ─ fsync ─ dir fsync ─ ack file := C (the commit point)
//                     ─ rename to .seg ─ dir fsync ─ delete old segments
//                   X6 before the ack file says C: open deletes the .rebase file; old numbering stands.
//                   X7 after it: open renames .rebase to .seg (roll forward) and deletes the old segments,
//                      which are all <= C.
//
// What open does with damage it finds in a segment (reported in `recovery`, never thrown):
//   - An unreadable record (short, bad length, bad crc, bad JSON, wrong seq) with no whole record after it in
//     the NEWEST segment is a torn tail: truncated away. A bit flip in the last record looks the same and is
//     dropped the same way; nothing can tell them apart, and that record's append may have resolved.
//   - Unreadable bytes followed by whole records, or at the end of an older segment, are corruption: the
//     readable records before and after are kept, the segment is copied to .corrupt (the first copy is kept),
//     and each unacked seq that was destroyed is replaced by a `record_lost` error finding
//     (lost-record-finding.ts) so the collector's cumulative ack never stalls on a hole. The copy in .corrupt
//     is not deleted by the outbox. The damage is found and reported again on every open until acked.
//   - A missing or corrupt ack file: the ack is taken as (first segment's seq - 1), or 0 without segments.
//     With no segments left that means seqs restart at 1; the link must rebase from the collector's last
//     seq at hello, which is what rebase is for.

import { type FileHandle, open, rename, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { Finding, UnsequencedFinding } from '../../policies/model';
import { writeAckFile } from './ack-file';
import { chooseDrops } from './choose-drops';
import { mergeRanges, rangesOf, readDroppedFile, type SeqRange, writeDroppedFile } from './dropped-file';
import { fsyncDirectory } from './fsync-directory';
import { OVERFLOW_RULE_ID, overflowClosedFinding, overflowFinding } from './overflow-finding';
import { encodeRecord, MAX_PAYLOAD_BYTES, RECORD_HEADER_BYTES, serializeUnsequenced } from './record-codec';
import {
  type OutboxRecovery,
  type PendingRecord,
  type RecoveredSegment,
  recoverOutbox,
} from './recover-outbox';
import { rebaseFileName, segmentFileName } from './segment-file-name';

export type { OutboxRecovery } from './recover-outbox';

export interface OutboxOptions {
  /** Bound on the encoded size of unacked records; past it superseded records are dropped (header, "When
   *  full"). Default 64 MiB: memory mirrors every unacked record (pending() is served from it), so the bound
   *  is also the agent's worst-case heap beyond its idle 60 MB; and with superseded states dropped, 64 MiB
   *  (~100k findings of ~600 bytes) outlasts weeks of changes on one machine. */
  maxBytes?: number;
  /** A new segment is started when the next batch would take the current one past this. Default 4 MiB,
   *  or maxBytes / 8 when that is smaller (compaction rewrites whole segments). */
  segmentBytes?: number;
}

export type AppendOutcome =
  | { ok: true; findings: Finding[] }
  | { ok: false; reason: 'full' | 'io'; message: string };

/** ack and rebase resolve with this; callers that ignore it lose nothing but the message. */
export type OutboxWriteOutcome = { ok: true } | { ok: false; reason: 'io'; message: string };

export interface Outbox {
  /** Gives each finding the next seq, writes them all, fsyncs once; resolves when durable. Concurrent calls
   *  are grouped into one write and one fsync, with seqs in call order. */
  append(findings: UnsequencedFinding[]): Promise<AppendOutcome>;
  /** Unacked findings with seq > afterSeq, in order, at most `limit` (served from memory). */
  pending(afterSeq: number, limit: number): Finding[];
  /** Durably records that everything <= upToSeq is acknowledged; frees whole segments. Ignores stale acks;
   *  an ack beyond lastAssignedSeq is clamped to it (that situation is rebase's, decided at hello). */
  ack(upToSeq: number): Promise<OutboxWriteOutcome>;
  /** The collector holds seqs up to `collectorLastSeq` but we assigned fewer (our outbox was lost or reset):
   *  renumber pending records above it and continue from there. No-op when collectorLastSeq <= lastAssigned. */
  rebase(collectorLastSeq: number): Promise<OutboxWriteOutcome>;
  readonly lastAssignedSeq: number;
  readonly lastAckedSeq: number;
  /** Pending record count. */
  readonly depth: number;
  readonly pendingBytes: number;
  /** What opening found and repaired; log it, and raise it as a finding when `clean` is false. */
  readonly recovery: OutboxRecovery;
  /** Called after each durable append (the link wakes up to send). Returns an unsubscribe function. */
  onAppend(listener: () => void): () => void;
  close(): Promise<void>;
}

const DEFAULT_MAX_BYTES = 64 * 1024 * 1024;
const DEFAULT_SEGMENT_BYTES = 4 * 1024 * 1024;
/** When full, drop down to this share of the bound. */
const COMPACT_TO = 0.75;
/** Ranges listed in one overflow finding: keeps it far below the collector's message size. */
const RANGES_PER_OVERFLOW_FINDING = 1000;
/** Upper bound on the bytes `{"seq":N,` adds to a serialized finding. */
const SEQ_FIELD_BYTES = 24;
const COMPACT_SUFFIX = '.compact';

export async function openOutbox(dir: string, options: OutboxOptions = {}): Promise<Outbox> {
  const recovered = await recoverOutbox(dir, Date.now());
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  if (!Number.isFinite(maxBytes) || maxBytes <= 0) {
    throw new Error(`outbox maxBytes must be a positive number of bytes, not ${maxBytes}`);
  }
  const outbox = new FileOutbox(
    dir,
    maxBytes,
    options.segmentBytes ?? Math.min(DEFAULT_SEGMENT_BYTES, Math.ceil(maxBytes / 8)),
    recovered.ackedSeq,
    recovered.lastAssignedSeq,
    recovered.segments,
    recovered.pending,
    recovered.recovery,
    // Read again (recoverOutbox read it too) to know which drops a pass has not closed yet.
    await readDroppedFile(dir),
  );
  await outbox.openNewestSegment();
  await outbox.closeOverflowIfDone();
  return outbox;
}

interface AppendRequest {
  serialized: string[];
  resolve: (outcome: AppendOutcome) => void;
}

interface ActiveSegment {
  segment: RecoveredSegment;
  handle: FileHandle;
}

class FileOutbox implements Outbox {
  private readonly listeners = new Set<() => void>();
  /** Unacked records from index `head` on, ascending by seq (with holes where records were dropped). */
  private records: PendingRecord[];
  private head = 0;
  private pendingByteCount: number;
  private active: ActiveSegment | null = null;
  /** Every disk mutation runs on this chain, one at a time. */
  private chain: Promise<unknown> = Promise.resolve();
  private waitingAppends: AppendRequest[] = [];
  private flushScheduled = false;
  /** Set when the disk no longer matches memory in a way only reopening can repair. */
  private brokenReason: string | null = null;
  private closed = false;

  constructor(
    private readonly dir: string,
    private readonly maxBytes: number,
    private readonly segmentBytes: number,
    private acked: number,
    private assigned: number,
    private segments: RecoveredSegment[],
    pending: PendingRecord[],
    readonly recovery: OutboxRecovery,
    /** What `dropped` lists: declared drops, those at or below the ack awaiting their closing pass. */
    private declared: SeqRange[],
  ) {
    this.records = pending;
    this.pendingByteCount = pending.reduce((sum, record) => sum + record.bytes, 0);
  }

  get lastAssignedSeq(): number {
    return this.assigned;
  }
  get lastAckedSeq(): number {
    return this.acked;
  }
  get depth(): number {
    return this.records.length - this.head;
  }
  get pendingBytes(): number {
    return this.pendingByteCount;
  }

  async openNewestSegment(): Promise<void> {
    const newest = this.segments.at(-1);
    if (newest !== undefined) this.active = { segment: newest, handle: await open(this.path(newest), 'r+') };
  }

  append(findings: UnsequencedFinding[]): Promise<AppendOutcome> {
    const serialized = findings.map(serializeUnsequenced);
    return new Promise((resolve) => {
      this.waitingAppends.push({ serialized, resolve });
      if (!this.flushScheduled) {
        this.flushScheduled = true;
        void this.exclusive(() => this.flushAppends());
      }
    });
  }

  pending(afterSeq: number, limit: number): Finding[] {
    // Binary search: seqs ascend but may have holes (dropped records).
    let start = this.head;
    let high = this.records.length;
    while (start < high) {
      const middle = (start + high) >>> 1;
      if (this.records[middle]!.finding.seq <= afterSeq) start = middle + 1;
      else high = middle;
    }
    const end = Math.min(this.records.length, start + Math.max(0, limit));
    const findings: Finding[] = [];
    for (let index = start; index < end; index++) findings.push(this.records[index]!.finding);
    return findings;
  }

  ack(upToSeq: number): Promise<OutboxWriteOutcome> {
    return this.exclusive(async () => {
      const target = Math.min(upToSeq, this.assigned);
      if (this.closed) return { ok: false, reason: 'io', message: 'outbox is closed' };
      if (target <= this.acked) return { ok: true };
      try {
        await writeAckFile(this.dir, target);
      } catch (error) {
        // Nothing changed: the records stay pending and are sent again, which ingest tolerates.
        return { ok: false, reason: 'io', message: `writing ack ${target}: ${describe(error)}` };
      }
      this.dropAckedFromMemory(target);
      // Not fatal if this fails or is lost to a crash: open deletes fully acked segments again (X5).
      try {
        await this.deleteAckedSegments();
      } catch {}
      await this.closeOverflowIfDone();
      return { ok: true };
    });
  }

  rebase(collectorLastSeq: number): Promise<OutboxWriteOutcome> {
    return this.exclusive(async () => {
      if (this.closed) return { ok: false, reason: 'io', message: 'outbox is closed' };
      if (collectorLastSeq <= this.assigned) return { ok: true };
      if (this.brokenReason !== null) return { ok: false, reason: 'io', message: this.brokenReason };
      const firstSeq = collectorLastSeq + 1;
      const renumbered = this.records.slice(this.head).map((record, index) => {
        const { seq: _oldSeq, ...rest } = record.finding;
        return encodeRecord(firstSeq + index, JSON.stringify(rest));
      });
      const rebasePath = join(this.dir, rebaseFileName(firstSeq));
      const segmentPath = join(this.dir, segmentFileName(firstSeq));
      try {
        if (renumbered.length > 0) {
          const handle = await open(rebasePath, 'w');
          try {
            await handle.writeFile(Buffer.concat(renumbered.map((record) => record.bytes)));
            await handle.datasync();
          } finally {
            await handle.close();
          }
          await fsyncDirectory(this.dir);
        }
      } catch (error) {
        await unlink(rebasePath).catch(() => {});
        return { ok: false, reason: 'io', message: `writing renumbered segment: ${describe(error)}` };
      }
      try {
        await writeAckFile(this.dir, collectorLastSeq); // commit point X6/X7
      } catch (error) {
        await unlink(rebasePath).catch(() => {});
        return { ok: false, reason: 'io', message: `committing rebase: ${describe(error)}` };
      }
      const firstSegment = { firstSeq, fileName: segmentFileName(firstSeq), size: 0 };
      let handle: FileHandle | null = null;
      try {
        await this.closeActive();
        if (renumbered.length > 0) {
          await rename(rebasePath, segmentPath);
          await fsyncDirectory(this.dir);
          handle = await open(segmentPath, 'r+');
        }
        for (const segment of this.segments) await unlink(this.path(segment));
      } catch (error) {
        await handle?.close();
        // Committed on disk but not finished: reopening rolls it forward (X7).
        this.brokenReason = `rebase to ${collectorLastSeq} committed but not finished (reopen to finish): ${describe(error)}`;
        return { ok: false, reason: 'io', message: this.brokenReason };
      }
      this.acked = collectorLastSeq;
      this.assigned = collectorLastSeq + renumbered.length;
      this.records = renumbered.map(({ bytes, finding }) => ({ finding, bytes: bytes.length }));
      this.head = 0;
      this.pendingByteCount = this.records.reduce((sum, record) => sum + record.bytes, 0);
      firstSegment.size = this.pendingByteCount;
      this.segments = handle === null ? [] : [firstSegment];
      this.active = handle === null ? null : { segment: firstSegment, handle };
      return { ok: true };
    });
  }

  onAppend(listener: () => void): () => void {
    // Wrapped so that the same function subscribed twice gets two independent subscriptions.
    const subscription = () => listener();
    this.listeners.add(subscription);
    return () => {
      this.listeners.delete(subscription);
    };
  }

  close(): Promise<void> {
    return this.exclusive(async () => {
      if (this.closed) return;
      this.closed = true;
      await this.closeActive();
    });
  }

  private exclusive<T>(operation: () => Promise<T>): Promise<T> {
    const result = this.chain.then(operation);
    this.chain = result.catch(() => {});
    return result;
  }

  /** Takes every append waiting right now: one write, one fdatasync (group commit). */
  private async flushAppends(): Promise<void> {
    const requests = this.waitingAppends;
    this.waitingAppends = [];
    this.flushScheduled = false;
    const refusal = this.closed ? 'outbox is closed' : this.brokenReason;
    if (refusal !== null) {
      for (const request of requests) request.resolve({ ok: false, reason: 'io', message: refusal });
      return;
    }

    const incomingBytes = requests.reduce(
      (sum, request) =>
        sum +
        request.serialized.reduce(
          (bytes, json) => bytes + RECORD_HEADER_BYTES + SEQ_FIELD_BYTES + Buffer.byteLength(json),
          0,
        ),
      0,
    );
    let declaredDrops = false;
    if (this.pendingByteCount + incomingBytes > this.maxBytes)
      declaredDrops = await this.makeRoom(incomingBytes);

    const accepted: { request: AppendRequest; records: ReturnType<typeof encodeRecord>[] }[] = [];
    let nextSeq = this.assigned + 1;
    let batchBytes = 0;
    for (const request of requests) {
      const records = request.serialized.map((json, index) => encodeRecord(nextSeq + index, json));
      const bytes = records.reduce((sum, record) => sum + record.bytes.length, 0);
      const oversized = records.find(
        (record) => record.bytes.length - RECORD_HEADER_BYTES > MAX_PAYLOAD_BYTES,
      );
      if (oversized !== undefined || this.pendingByteCount + batchBytes + bytes > this.maxBytes) {
        // makeRoom found nothing superseded to drop: refuse, and the caller keeps what it would have sent.
        request.resolve({
          ok: false,
          reason: 'full',
          message:
            oversized !== undefined
              ? `a finding encodes to ${oversized.bytes.length} bytes, over the ${MAX_PAYLOAD_BYTES}-byte record limit`
              : `outbox holds ${this.pendingByteCount + batchBytes} of ${this.maxBytes} bytes; this batch needs ${bytes}`,
        });
        continue;
      }
      accepted.push({ request, records });
      nextSeq += records.length;
      batchBytes += bytes;
    }
    if (accepted.length === 0) {
      if (declaredDrops) for (const listener of this.listeners) queueMicrotask(listener);
      return;
    }

    const written = await this.writeDurably(
      Buffer.concat(accepted.flatMap((entry) => entry.records.map((record) => record.bytes))),
    );
    if (!written.ok) {
      for (const { request } of accepted) request.resolve(written);
      return;
    }
    for (const { request, records } of accepted) {
      for (const { bytes, finding } of records) this.records.push({ finding, bytes: bytes.length });
      this.assigned += records.length;
      this.pendingByteCount += records.reduce((sum, record) => sum + record.bytes.length, 0);
      request.resolve({ ok: true, findings: records.map((record) => record.finding) });
    }
    // Listeners run after this write completes and cannot break the outbox; their exceptions surface as bugs.
    for (const listener of this.listeners) queueMicrotask(listener);
  }

  /**
   * Drops superseded records until the unacked bytes plus `incomingBytes` fit in COMPACT_TO of the bound
   * (header, "When full"). True when an overflow finding was appended (there is something new to send).
   */
  private async makeRoom(incomingBytes: number): Promise<boolean> {
    const goal = Math.floor(this.maxBytes * COMPACT_TO) - incomingBytes;
    const live = this.records.slice(this.head);
    // Earlier overflow findings still queued are folded into the new one (it lists their ranges and their
    // own seqs), or during a long partition the declarations alone would fill the bound. A closing pass
    // still queued is left alone: it is small, and folding it would declare its history dropped again.
    const earlierNotices = live.filter(
      ({ finding }) => finding.ruleId === OVERFLOW_RULE_ID && finding.status === 'error',
    );
    const noticeBytes = earlierNotices.reduce((sum, record) => sum + record.bytes, 0);
    const chosen = chooseDrops(live, this.pendingByteCount - goal - noticeBytes);
    if (chosen.length === 0) return false;
    const droppedByStatus = { pass: 0, fail: 0, error: 0, not_applicable: 0 };
    const chosenSet = new Set(chosen);
    for (const { finding } of live) if (chosenSet.has(finding.seq)) droppedByStatus[finding.status]++;
    const dropped = [...chosen, ...earlierNotices.map(({ finding }) => finding.seq)].sort((a, b) => a - b);
    const dropping = new Set(dropped);
    const ranges = mergeRanges([...rangesOf(dropped), ...earlierNotices.flatMap(declaredRanges)]);
    const freedBytes = live.reduce(
      (sum, record) => sum + (dropping.has(record.finding.seq) ? record.bytes : 0),
      0,
    );

    // 1. Declare: from here on recovery accepts these holes (X8).
    try {
      const earlier = (await readDroppedFile(this.dir)).filter(([, last]) => last > this.acked);
      await writeDroppedFile(this.dir, [...earlier, ...ranges]);
      this.declared = mergeRanges([...earlier, ...ranges]);
    } catch {
      return false; // nothing dropped; the bound check refuses the batch instead
    }

    // 2. Tell: the overflow finding is durable before any record is gone (X9).
    const nowMs = Date.now();
    const notices: ReturnType<typeof encodeRecord>[] = [];
    for (let index = 0; index < ranges.length; index += RANGES_PER_OVERFLOW_FINDING) {
      const part = ranges.slice(index, index + RANGES_PER_OVERFLOW_FINDING);
      const finding = overflowFinding(
        {
          droppedRanges: part,
          droppedByStatus,
          freedBytes,
          maxBytes: this.maxBytes,
          pendingBytesBefore: this.pendingByteCount,
        },
        nowMs,
      );
      notices.push(encodeRecord(this.assigned + 1 + notices.length, serializeUnsequenced(finding)));
    }
    const written = await this.writeDurably(Buffer.concat(notices.map((notice) => notice.bytes)));
    if (!written.ok) return false;
    for (const { bytes, finding } of notices) this.records.push({ finding, bytes: bytes.length });
    this.assigned += notices.length;
    this.pendingByteCount += notices.reduce((sum, notice) => sum + notice.bytes.length, 0);

    // 3. Rewrite each segment that holds a dropped record, one atomic rename each (X10).
    const survivorsOf = new Map<RecoveredSegment, PendingRecord[]>();
    const records = this.records.slice(this.head);
    for (let index = 0; index < this.segments.length; index++) {
      const segment = this.segments[index]!;
      const nextFirst = this.segments[index + 1]?.firstSeq ?? Number.POSITIVE_INFINITY;
      const inSegment = records.filter(
        ({ finding }) => finding.seq >= segment.firstSeq && finding.seq < nextFirst,
      );
      if (!inSegment.some(({ finding }) => dropping.has(finding.seq))) continue;
      const survivors = inSegment
        .filter(({ finding }) => !dropping.has(finding.seq))
        .map(({ finding }) => {
          const { seq, ...rest } = finding;
          return encodeRecord(seq, serializeUnsequenced(rest));
        });
      try {
        await this.rewriteSegment(segment, Buffer.concat(survivors.map((survivor) => survivor.bytes)));
      } catch {
        break; // the segments not rewritten keep their records, which are sent; the declaration stands
      }
      survivorsOf.set(
        segment,
        survivors.map(({ bytes, finding }) => ({ finding, bytes: bytes.length })),
      );
    }
    try {
      await fsyncDirectory(this.dir);
    } catch {}

    // Memory follows what is on disk: records of rewritten segments as re-encoded, the rest as they were.
    const rewritten = [...survivorsOf.keys()];
    const segmentOf = (seq: number) =>
      rewritten.find((segment) => {
        const index = this.segments.indexOf(segment);
        const nextFirst = this.segments[index + 1]?.firstSeq ?? Number.POSITIVE_INFINITY;
        return seq >= segment.firstSeq && seq < nextFirst;
      });
    const next: PendingRecord[] = [];
    const emitted = new Set<RecoveredSegment>();
    for (const record of records) {
      const segment = segmentOf(record.finding.seq);
      if (segment === undefined) next.push(record);
      else if (!emitted.has(segment)) {
        emitted.add(segment);
        next.push(...survivorsOf.get(segment)!);
      }
    }
    this.records = next;
    this.head = 0;
    this.pendingByteCount = next.reduce((sum, record) => sum + record.bytes, 0);
    return true;
  }

  /**
   * Closes an overflow once it is over (header, "closing"): a pass listing the acknowledged drops, then
   * `dropped` without them. Runs inside exclusive() (ack) or before the outbox is shared (open). A failure
   * leaves things as they were, to be tried at the next ack.
   */
  async closeOverflowIfDone(): Promise<void> {
    if (this.closed || this.brokenReason !== null) return;
    const history = this.declared.filter(([, last]) => last <= this.acked);
    if (history.length === 0) return;
    if (this.pendingByteCount > Math.floor(this.maxBytes * COMPACT_TO)) return;
    for (let index = this.head; index < this.records.length; index++) {
      const { finding } = this.records[index]!;
      if (finding.ruleId === OVERFLOW_RULE_ID && finding.status === 'error') return;
    }
    const nowMs = Date.now();
    const passes: ReturnType<typeof encodeRecord>[] = [];
    for (let index = 0; index < history.length; index += RANGES_PER_OVERFLOW_FINDING) {
      const finding = overflowClosedFinding(
        {
          droppedRanges: history.slice(index, index + RANGES_PER_OVERFLOW_FINDING),
          maxBytes: this.maxBytes,
          pendingBytes: this.pendingByteCount,
        },
        nowMs,
      );
      passes.push(encodeRecord(this.assigned + 1 + passes.length, serializeUnsequenced(finding)));
    }
    const written = await this.writeDurably(Buffer.concat(passes.map((pass) => pass.bytes)));
    if (!written.ok) return;
    for (const { bytes, finding } of passes) this.records.push({ finding, bytes: bytes.length });
    this.assigned += passes.length;
    this.pendingByteCount += passes.reduce((sum, pass) => sum + pass.bytes.length, 0);
    for (const listener of this.listeners) queueMicrotask(listener);
    // X11. Memory forgets the closed drops even if the file cannot be rewritten: one pass per run is enough.
    const open = this.declared.filter(([, last]) => last > this.acked);
    this.declared = open;
    try {
      await writeDroppedFile(this.dir, open);
    } catch {}
  }

  /** Replaces a segment's contents atomically (write aside, fsync, rename over); the caller fsyncs the dir. */
  private async rewriteSegment(segment: RecoveredSegment, bytes: Buffer): Promise<void> {
    const tempPath = `${this.path(segment)}${COMPACT_SUFFIX}`;
    const handle = await open(tempPath, 'w');
    try {
      await handle.writeFile(bytes);
      await handle.datasync();
    } finally {
      await handle.close();
    }
    const wasActive = this.active?.segment === segment;
    if (wasActive) await this.closeActive();
    await rename(tempPath, this.path(segment));
    segment.size = bytes.length;
    if (wasActive) this.active = { segment, handle: await open(this.path(segment), 'r+') };
  }

  private async writeDurably(
    bytes: Buffer,
  ): Promise<{ ok: true } | { ok: false; reason: 'io'; message: string }> {
    let active: ActiveSegment;
    try {
      active = await this.segmentFor(bytes.length);
    } catch (error) {
      return { ok: false, reason: 'io', message: `starting a segment: ${describe(error)}` };
    }
    const { segment, handle } = active;
    try {
      let offset = 0;
      while (offset < bytes.length) {
        const { bytesWritten } = await handle.write(
          bytes,
          offset,
          bytes.length - offset,
          segment.size + offset,
        );
        offset += bytesWritten;
      }
      await handle.datasync();
      segment.size += bytes.length;
      return { ok: true };
    } catch (error) {
      const message = `writing ${bytes.length} bytes to ${segment.fileName}: ${describe(error)}`;
      try {
        // Cut off the partial write so the next append does not land after garbage (mid-segment corruption).
        await handle.truncate(segment.size);
        await handle.datasync();
      } catch (truncateError) {
        this.brokenReason = `${message}; could not truncate back: ${describe(truncateError)} (reopen to recover)`;
      }
      return { ok: false, reason: 'io', message };
    }
  }

  /** The segment the next batch goes to, starting a new one when the batch would overfill the newest. */
  private async segmentFor(batchBytes: number): Promise<ActiveSegment> {
    if (
      this.active !== null &&
      (this.active.segment.size === 0 || this.active.segment.size + batchBytes <= this.segmentBytes)
    ) {
      return this.active;
    }
    await this.closeActive();
    const firstSeq = this.assigned + 1;
    const segment = { firstSeq, fileName: segmentFileName(firstSeq), size: 0 };
    // 'wx': a file already named for a seq we have not assigned would be a broken invariant, never overwritten.
    const handle = await open(this.path(segment), 'wx');
    try {
      await fsyncDirectory(this.dir); // X1: without this, power loss could drop the file but keep the ack
    } catch (error) {
      await handle.close();
      await unlink(this.path(segment)).catch(() => {});
      throw error;
    }
    this.segments.push(segment);
    this.active = { segment, handle };
    return this.active;
  }

  private dropAckedFromMemory(target: number): void {
    while (this.head < this.records.length && this.records[this.head]!.finding.seq <= target) {
      this.pendingByteCount -= this.records[this.head]!.bytes;
      this.head++;
    }
    this.acked = target;
    // Compact now and then instead of shifting the array on every ack.
    if (this.head > 1024 && this.head * 2 > this.records.length) {
      this.records = this.records.slice(this.head);
      this.head = 0;
    }
  }

  private async deleteAckedSegments(): Promise<void> {
    while (this.segments.length > 0) {
      const [first, second] = this.segments;
      const lastSeq = second !== undefined ? second.firstSeq - 1 : this.assigned;
      if (lastSeq > this.acked) return;
      if (this.active?.segment === first) await this.closeActive();
      await unlink(this.path(first!));
      this.segments.shift();
    }
  }

  private async closeActive(): Promise<void> {
    const active = this.active;
    this.active = null;
    if (active !== null) await active.handle.close();
  }

  private path(segment: RecoveredSegment): string {
    return join(this.dir, segment.fileName);
  }
}

/** The ranges an earlier overflow finding listed (as it reads back from disk: plain JSON). */
function declaredRanges(record: PendingRecord): SeqRange[] {
  const ranges = (record.finding.evidence as { droppedRanges?: unknown }).droppedRanges;
  if (!Array.isArray(ranges)) return [];
  return ranges.filter(
    (range): range is SeqRange =>
      Array.isArray(range) && Number.isSafeInteger(range[0]) && Number.isSafeInteger(range[1]),
  );
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
