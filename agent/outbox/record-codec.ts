// One outbox record on disk: [u32 length][u32 crc32][payload], both numbers big-endian.
//
// The payload is the finding as UTF-8 JSON with its seq inside, so a record read back from any offset says
// which sequence number it holds; recovery relies on that to tell a torn tail from a hole in the middle.
// Big-endian on purpose: JSON text is printable ASCII, so four payload bytes read as a length are always
// above 0x20202020 (~538 MB) and are rejected at once while recovery scans for the next whole record.

import { crc32 } from 'node:zlib';
import { FINDING_STATUSES, type Finding, SEVERITIES, type UnsequencedFinding } from '../../policies/model';

export const RECORD_HEADER_BYTES = 8;
/** Larger lengths are read as corruption; append refuses findings that would encode larger. */
export const MAX_PAYLOAD_BYTES = 16 * 1024 * 1024;

export type RecordProblem = 'short_header' | 'bad_length' | 'short_payload' | 'bad_crc' | 'bad_json';

export type DecodedRecord =
  | { ok: true; finding: Finding; byteLength: number }
  | { ok: false; problem: RecordProblem };

/**
 * The finding's own fields as JSON, without seq. Done before a seq is assigned so that a finding which
 * cannot be JSON (a BigInt or a cycle in evidence: a bug in a check) throws in the caller's stack, not
 * inside the outbox's write queue.
 */
export function serializeUnsequenced(finding: UnsequencedFinding): string {
  const { ruleId, clause, subject, status, severity, evidence, reason, observedAtMs, sweepId } = finding;
  return JSON.stringify({
    ruleId,
    clause,
    subject,
    status,
    severity,
    evidence,
    reason,
    observedAtMs,
    sweepId,
    // Written only when set: every other record stays byte for byte what it was before `gone` existed.
    ...(finding.gone === true ? { gone: true } : {}),
    // Likewise the reason code (policies/messages/reason.ts): absent from findings that carry none.
    ...(finding.reasonCode === undefined
      ? {}
      : { reasonCode: finding.reasonCode, reasonParams: finding.reasonParams ?? {} }),
  });
}

/** The record bytes for `seq` and the finding exactly as it will read back from disk. */
export function encodeRecord(seq: number, unsequencedJson: string): { bytes: Buffer; finding: Finding } {
  // Splice seq in front of the other fields instead of stringifying again: append is the hot path.
  const payloadText = `{"seq":${seq}${unsequencedJson === '{}' ? '}' : `,${unsequencedJson.slice(1)}`}`;
  const payload = Buffer.from(payloadText, 'utf8');
  const bytes = Buffer.allocUnsafe(RECORD_HEADER_BYTES + payload.length);
  bytes.writeUInt32BE(payload.length, 0);
  bytes.writeUInt32BE(crc32(payload), 4);
  payload.copy(bytes, RECORD_HEADER_BYTES);
  // Parsing what we wrote keeps memory and disk identical (undefined fields dropped, key order, numbers).
  return { bytes, finding: Object.freeze(JSON.parse(payloadText) as Finding) };
}

export function decodeRecordAt(bytes: Buffer, offset: number): DecodedRecord {
  if (bytes.length - offset < RECORD_HEADER_BYTES) return { ok: false, problem: 'short_header' };
  const length = bytes.readUInt32BE(offset);
  if (length === 0 || length > MAX_PAYLOAD_BYTES) return { ok: false, problem: 'bad_length' };
  const payloadStart = offset + RECORD_HEADER_BYTES;
  if (bytes.length - payloadStart < length) return { ok: false, problem: 'short_payload' };
  const payload = bytes.subarray(payloadStart, payloadStart + length);
  if (crc32(payload) !== bytes.readUInt32BE(offset + 4)) return { ok: false, problem: 'bad_crc' };
  let parsed: unknown;
  try {
    parsed = JSON.parse(payload.toString('utf8'));
  } catch {
    return { ok: false, problem: 'bad_json' };
  }
  if (!isFinding(parsed)) return { ok: false, problem: 'bad_json' };
  return { ok: true, finding: Object.freeze(parsed), byteLength: RECORD_HEADER_BYTES + length };
}

function isFinding(value: unknown): value is Finding {
  if (typeof value !== 'object' || value === null) return false;
  const f = value as Record<string, unknown>;
  return (
    Number.isSafeInteger(f.seq) &&
    (f.seq as number) > 0 &&
    typeof f.ruleId === 'string' &&
    typeof f.clause === 'string' &&
    typeof f.subject === 'string' &&
    (FINDING_STATUSES as readonly unknown[]).includes(f.status) &&
    (SEVERITIES as readonly unknown[]).includes(f.severity) &&
    typeof f.evidence === 'object' &&
    f.evidence !== null &&
    typeof f.reason === 'string' &&
    typeof f.observedAtMs === 'number' &&
    typeof f.sweepId === 'string' &&
    // Records written before `gone` existed have none: they are findings about a present subject.
    (f.gone === undefined || typeof f.gone === 'boolean') &&
    // Records written before reason codes existed have neither.
    (f.reasonCode === undefined || typeof f.reasonCode === 'string') &&
    (f.reasonParams === undefined || isTextRecord(f.reasonParams))
  );
}

function isTextRecord(value: unknown): value is Record<string, string> {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    Object.values(value).every((item) => typeof item === 'string')
  );
}
