// Records refused for good, kept on the workstation: the collector would not store them (Ack.refused), or
// the agent would not send them because they could never be stored (a record an older agent wrote that
// breaks the finding limits). The outbox drops a record once an ack covers it; a refused record is kept
// here first, as it was, with the reason, so that what it said is not lost with it. The collector hears of
// the refusal through a finding of its own (refused-record-finding.ts).
//
// On disk, beside the outbox's segments:
//
//   <outbox>/refused/
//   ├── 00000000000000000042.json        one refused record, named by its seq
//   ├── 00000000000000000042.json.tmp    one being written; never read, deleted on open
//   └── 00000000000000000913.json
//
//   file: UTF-8 JSON {"seq":42,"refusedAtMs":…,"refusedBy":"collector"|"agent","reason":"evidence_json: …",
//                     "record":{…the finding exactly as the outbox held it…}}
//
// keep(refusal): write <seq>.json.tmp ─ fsync ─ rename to <seq>.json ─ fsync the directory ─ prune.
//   K1 before the rename: open deletes the .tmp. Nothing is kept yet, and nothing was given up either: the
//      link writes the ack that drops the record from the outbox only after keep resolved, so after a
//      restart the record is still pending and the refusal comes again (the hello's ack lists it again, or
//      the agent refuses it again before sending), and is kept then.
//   K2 after the rename, before the directory fsync: on power loss the rename may be lost: as K1.
//   K3 after the directory fsync: kept. Kept again later (the refusal came again after a crash before the
//      ack was written), the same file is replaced by the same record.
//   prune: the oldest (lowest seq) files are deleted while more than maxRecords are kept or they hold more
//      than maxBytes; the file just written is never one of them. A crash mid-prune leaves a few more files
//      than the bound, deleted by the next keep.
//
// Why bounded, and why these bounds: refused records are for an administrator who reads the error finding
// at the collector and comes to the workstation to see what was refused; the first few say what went wrong
// (a refusal comes from one defect, repeated), while a machine that keeps producing refused records must
// not fill its disk with them. The newest are kept because they show the defect as it stands now.
// 256 records and 32 MiB (half the outbox's default bound): a record the outbox could hold is at most
// 16 MiB (record-codec.ts), so the newest one always fits.

import { mkdir, open, readdir, readFile, rename, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { Finding } from '../../policies/model';
import { fsyncDirectory } from './fsync-directory';

export const REFUSED_DIR_NAME = 'refused';
const SUFFIX = '.json';
const TEMP_SUFFIX = '.json.tmp';
const DIGITS = 20;
const DEFAULT_MAX_RECORDS = 256;
const DEFAULT_MAX_BYTES = 32 * 1024 * 1024;

/** Who refused: the collector (Ack.refused), or the agent itself before sending. */
export type RefusedBy = 'collector' | 'agent';

export interface KeptRefusal {
  seq: number;
  refusedAtMs: number;
  refusedBy: RefusedBy;
  /** "field: expected …" as the collector or the agent said it. */
  reason: string;
  record: Finding;
}

export type KeepOutcome = { ok: true; file: string } | { ok: false; message: string };

export interface RefusedRecords {
  /** The directory the records are kept in (DATA/outbox/refused). */
  readonly dir: string;
  /** Writes the record durably, then prunes to the bound. */
  keep(refusal: KeptRefusal): Promise<KeepOutcome>;
  /** What is kept, oldest seq first (a file that cannot be read is left out). */
  list(): Promise<KeptRefusal[]>;
}

export interface RefusedRecordsOptions {
  maxRecords?: number;
  maxBytes?: number;
}

export const refusedFileName = (seq: number) => `${String(seq).padStart(DIGITS, '0')}${SUFFIX}`;

function seqOfFileName(name: string): number | null {
  if (name.length !== DIGITS + SUFFIX.length || !name.endsWith(SUFFIX)) return null;
  const digits = name.slice(0, DIGITS);
  if (!/^[0-9]+$/.test(digits)) return null;
  const seq = Number(digits);
  return Number.isSafeInteger(seq) && seq > 0 ? seq : null;
}

export async function openRefusedRecords(
  outboxDir: string,
  options: RefusedRecordsOptions = {},
): Promise<RefusedRecords> {
  const dir = join(outboxDir, REFUSED_DIR_NAME);
  const maxRecords = options.maxRecords ?? DEFAULT_MAX_RECORDS;
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  await mkdir(dir, { recursive: true });
  /** Bytes of each kept file, by seq. */
  const kept = new Map<number, number>();
  for (const name of await readdir(dir)) {
    if (name.endsWith(TEMP_SUFFIX)) {
      await unlink(join(dir, name)); // K1
      continue;
    }
    const seq = seqOfFileName(name);
    if (seq !== null) kept.set(seq, (await stat(join(dir, name))).size);
  }
  // One keep at a time: the index and the prune see every file the one before wrote.
  let chain: Promise<unknown> = Promise.resolve();
  const exclusive = <T>(work: () => Promise<T>): Promise<T> => {
    const result = chain.then(work);
    chain = result.catch(() => {});
    return result;
  };

  const prune = async (justWritten: number) => {
    let total = [...kept.values()].reduce((sum, bytes) => sum + bytes, 0);
    for (const seq of [...kept.keys()].sort((a, b) => a - b)) {
      if (kept.size <= maxRecords && total <= maxBytes) return;
      if (seq === justWritten) continue;
      await unlink(join(dir, refusedFileName(seq))).catch(() => {});
      total -= kept.get(seq)!;
      kept.delete(seq);
    }
  };

  return {
    dir,
    keep: (refusal) =>
      exclusive(async (): Promise<KeepOutcome> => {
        const file = join(dir, refusedFileName(refusal.seq));
        const temp = `${file.slice(0, -SUFFIX.length)}${TEMP_SUFFIX}`;
        const bytes = Buffer.from(
          JSON.stringify({
            seq: refusal.seq,
            refusedAtMs: refusal.refusedAtMs,
            refusedBy: refusal.refusedBy,
            reason: refusal.reason,
            record: refusal.record,
          }),
        );
        try {
          const handle = await open(temp, 'w');
          try {
            await handle.writeFile(bytes);
            await handle.sync();
          } finally {
            await handle.close();
          }
          await rename(temp, file);
          await fsyncDirectory(dir);
        } catch (error) {
          await unlink(temp).catch(() => {});
          return { ok: false, message: `keeping refused record ${refusal.seq}: ${(error as Error).message}` };
        }
        kept.set(refusal.seq, bytes.length);
        // Pruning is housekeeping: the record is kept whatever it finds.
        await prune(refusal.seq).catch(() => {});
        return { ok: true, file };
      }),
    async list() {
      const records: KeptRefusal[] = [];
      for (const seq of [...kept.keys()].sort((a, b) => a - b)) {
        try {
          records.push(JSON.parse(await readFile(join(dir, refusedFileName(seq)), 'utf8')) as KeptRefusal);
        } catch {
          // deleted by a prune meanwhile, or damaged: not a record we can show
        }
      }
      return records;
    },
  };
}
