// Refusals on SQLite: the seqs of a device the collector refused for good (collector/agent-service.ts), each
// with what could be read of the finding and why. Written in the same transaction as the findings of their
// batch, so the device's last seq never moves past a refused seq without the refusal being kept; read again
// when a hello shows the agent never heard of some of them (its ack was lost).

import { invalidRefusalListing, MAX_REFUSALS_LISTED } from '../findings-input';
import type { FindingRefusal, StoredRefusal } from '../store';
import type { SqliteConnection, SqlValue } from './connection';

/** What one findings call brings of refusals (findings.ts FindingsCall carries them). */
export interface RefusalsCall {
  deviceId: string;
  refused?: readonly FindingRefusal[];
  receivedAtMs: number;
}

const MAX_VARIABLES_PER_STATEMENT = 30_000;
const REFUSAL_COLUMNS = 6;

/**
 * Inside the findings' write transaction, after their insert: records every call's refusals except those
 * whose (device, seq) is stored as a finding (a finding kept once is never taken back: a collector that
 * refuses now what an older one stored, the ack of which was lost, must not undo it), and raises
 * `lastSeqByDevice` past those that stand. Resolves, per call, with its refusals that stand; a refusal
 * already recorded (a resend after a lost ack) stands and is not written again.
 */
export async function recordRefusalsInTransaction(
  transaction: SqliteConnection,
  calls: readonly RefusalsCall[],
  lastSeqByDevice: Map<string, number>,
): Promise<FindingRefusal[][]> {
  const keys: SqlValue[][] = [];
  for (const call of calls) for (const refusal of call.refused ?? []) keys.push([call.deviceId, refusal.seq]);
  if (keys.length === 0) return calls.map(() => []);

  const stored = new Set<string>();
  for (const chunk of chunked(keys, Math.floor(MAX_VARIABLES_PER_STATEMENT / 2))) {
    const rows = await transaction.all<{ device_id: string; seq: number }>(
      `SELECT f.device_id, f.seq FROM (VALUES ${placeholders(chunk.length, 2)}) AS refused
         JOIN findings f ON f.device_id = refused.column1 AND f.seq = refused.column2`,
      chunk.flat(),
    );
    for (const row of rows) stored.add(`${row.device_id}\u0000${row.seq}`);
  }

  const standing = calls.map((call) =>
    (call.refused ?? []).filter((refusal) => !stored.has(`${call.deviceId}\u0000${refusal.seq}`)),
  );
  const rows: SqlValue[][] = [];
  calls.forEach((call, index) => {
    for (const refusal of standing[index]!) {
      rows.push([
        call.deviceId,
        refusal.seq,
        refusal.ruleId,
        refusal.subject,
        refusal.reason,
        call.receivedAtMs,
      ]);
      if (refusal.seq > (lastSeqByDevice.get(call.deviceId) ?? 0))
        lastSeqByDevice.set(call.deviceId, refusal.seq);
    }
  });
  for (const chunk of chunked(rows, Math.floor(MAX_VARIABLES_PER_STATEMENT / REFUSAL_COLUMNS))) {
    await transaction.run(
      `INSERT INTO finding_refusals (device_id, seq, rule_id, subject, reason, received_at_ms)
       VALUES ${placeholders(chunk.length, REFUSAL_COLUMNS)}
       ON CONFLICT (device_id, seq) DO NOTHING`,
      chunk.flat(),
    );
  }
  return standing;
}

interface RefusalRow {
  device_id: string;
  seq: number;
  rule_id: string;
  subject: string;
  reason: string;
  received_at_ms: number;
}

export async function listRefusals(
  reader: SqliteConnection,
  query: { deviceId: string; afterSeq: number; upToSeq: number; limit: number },
): Promise<StoredRefusal[]> {
  const invalid = invalidRefusalListing(query);
  if (invalid !== null) throw invalid;
  // The primary key (device_id, seq) is the range's index.
  const rows = await reader.all<RefusalRow>(
    `SELECT * FROM finding_refusals WHERE device_id = ? AND seq > ? AND seq <= ? ORDER BY seq LIMIT ?`,
    [query.deviceId, query.afterSeq, query.upToSeq, Math.min(query.limit, MAX_REFUSALS_LISTED)],
  );
  return rows.map((row) => ({
    deviceId: row.device_id,
    seq: row.seq,
    ruleId: row.rule_id,
    subject: row.subject,
    reason: row.reason,
    receivedAtMs: row.received_at_ms,
  }));
}

function placeholders(rows: number, columns: number): string {
  const row = `(${'?, '.repeat(columns).slice(0, -2)})`;
  return `${row}, `.repeat(rows).slice(0, -2);
}

function chunked<T>(items: readonly T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let start = 0; start < items.length; start += size) chunks.push(items.slice(start, start + size));
  return chunks;
}
