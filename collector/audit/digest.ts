// The audit digest: the chain head (position, hash, algorithm, time) as a short block a person can print,
// file or read aloud. A digest kept outside the database is what exposes a whole-chain rewrite: an attacker
// who recomputes every hash keeps the chain consistent, but cannot change the paper.
import type { StoredAuditRecord } from './audit-record';

export interface AuditDigest {
  position: number;
  hash: string;
  algorithm: string;
  /** When the head record was written (UTC ms). */
  atMs: number;
  /** When this digest was made (UTC ms). */
  madeAtMs: number;
}

const TITLE = 'shoumi audit digest / 守密审计摘要';

export function digestOf(head: StoredAuditRecord, madeAtMs: number): AuditDigest {
  return {
    position: head.position,
    hash: head.hash,
    algorithm: head.algorithm,
    atMs: head.atMs,
    madeAtMs,
  };
}

/** The printable block: one "key: value" per line, times in UTC (ISO 8601). */
export function formatDigest(digest: AuditDigest): string {
  return [
    TITLE,
    `position: ${digest.position}`,
    `algorithm: ${digest.algorithm}`,
    `hash: ${digest.hash}`,
    `head-time: ${new Date(digest.atMs).toISOString()}`,
    `made: ${new Date(digest.madeAtMs).toISOString()}`,
    '',
  ].join('\n');
}

export class DigestFormatError extends Error {
  override readonly name = 'DigestFormatError';
}

const HEX_HASH = /^[0-9a-f]{64}$/;

/** Reads a digest from its printed block or its JSON form; errors name what is missing or wrong. */
export function parseDigest(text: string): AuditDigest {
  const trimmed = text.trim();
  const fields: Record<string, unknown> = trimmed.startsWith('{') ? parseJson(trimmed) : parseBlock(trimmed);
  const position = Number(fields.position);
  if (!Number.isInteger(position) || position < 1)
    throw new DigestFormatError(`digest position "${String(fields.position)}": expected a positive integer`);
  const hash = String(fields.hash ?? '').toLowerCase();
  if (!HEX_HASH.test(hash)) throw new DigestFormatError(`digest hash "${hash}": expected 64 hex digits`);
  const algorithm = String(fields.algorithm ?? '');
  if (algorithm === '') throw new DigestFormatError('digest algorithm is missing');
  return {
    position,
    hash,
    algorithm,
    atMs: timeOf(fields.atMs ?? fields['head-time']),
    madeAtMs: timeOf(fields.madeAtMs ?? fields.made),
  };
}

function parseJson(text: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(text);
    if (value === null || typeof value !== 'object') throw new Error('not an object');
    return value as Record<string, unknown>;
  } catch (error) {
    throw new DigestFormatError(`digest JSON unreadable: ${(error as Error).message}`);
  }
}

function parseBlock(text: string): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const line of text.split(/\r?\n/)) {
    const match = /^\s*([a-z-]+)\s*:\s*(.*?)\s*$/i.exec(line);
    if (match) fields[match[1]!.toLowerCase()] = match[2]!;
  }
  if (fields.position === undefined)
    throw new DigestFormatError('no "position:" line: not an audit digest (shoumictl audit digest)');
  return fields;
}

function timeOf(value: unknown): number {
  if (typeof value === 'number') return value;
  const ms = Date.parse(String(value ?? ''));
  return Number.isNaN(ms) ? 0 : ms;
}
