// Refusals on PostgreSQL: the seqs of a device the collector refused for good, written in the same
// transaction as the findings of their batch (findings-ingest.ts), and read again when a hello shows the
// agent never heard of them.
import type pg from 'pg';
import { invalidRefusalListing, MAX_REFUSALS_LISTED } from '../findings-input';
import type { FindingRefusal, StoredRefusal } from '../store';

export interface RefusalsCall {
  deviceId: string;
  refused?: readonly FindingRefusal[];
  receivedAtMs: number;
}

/**
 * After the findings' insert, with the devices locked: records every call's refusals except those whose
 * (device, seq) is stored as a finding (a finding kept once is never taken back), and raises `lastSeq` past
 * those that stand. Resolves, per call, with its refusals that stand (one already recorded stands too).
 */
export async function recordRefusalsInTransaction(
  client: pg.ClientBase,
  calls: readonly RefusalsCall[],
  lastSeq: Map<string, number>,
): Promise<FindingRefusal[][]> {
  const devices: string[] = [];
  const seqs: number[] = [];
  for (const call of calls)
    for (const refusal of call.refused ?? []) {
      devices.push(call.deviceId);
      seqs.push(refusal.seq);
    }
  if (devices.length === 0) return calls.map(() => []);
  const stored = new Set(
    (
      await client.query<{ device_id: string; seq: number }>(
        `SELECT f.device_id, f.seq FROM unnest($1::text[], $2::bigint[]) AS r (device_id, seq)
           JOIN findings f ON f.device_id = r.device_id AND f.seq = r.seq`,
        [devices, seqs],
      )
    ).rows.map((row) => `${row.device_id}\u0000${row.seq}`),
  );
  const standing = calls.map((call) =>
    (call.refused ?? []).filter((refusal) => !stored.has(`${call.deviceId}\u0000${refusal.seq}`)),
  );
  const columns = [[], [], [], [], [], []] as [string[], number[], string[], string[], string[], number[]];
  calls.forEach((call, index) => {
    for (const refusal of standing[index]!) {
      columns[0].push(call.deviceId);
      columns[1].push(refusal.seq);
      columns[2].push(refusal.ruleId);
      columns[3].push(refusal.subject);
      columns[4].push(refusal.reason);
      columns[5].push(call.receivedAtMs);
      if (refusal.seq > (lastSeq.get(call.deviceId) ?? 0)) lastSeq.set(call.deviceId, refusal.seq);
    }
  });
  if (columns[0].length > 0) {
    await client.query(
      `INSERT INTO finding_refusals (device_id, seq, rule_id, subject, reason, received_at_ms)
       SELECT * FROM unnest($1::text[], $2::bigint[], $3::text[], $4::text[], $5::text[], $6::bigint[])
        ORDER BY 1, 2
       ON CONFLICT (device_id, seq) DO NOTHING`,
      columns,
    );
  }
  return standing;
}

export async function listRefusals(
  db: pg.Pool | pg.ClientBase,
  query: { deviceId: string; afterSeq: number; upToSeq: number; limit: number },
): Promise<StoredRefusal[]> {
  const invalid = invalidRefusalListing(query);
  if (invalid !== null) throw invalid;
  const rows = await db.query<{
    device_id: string;
    seq: number;
    rule_id: string;
    subject: string;
    reason: string;
    received_at_ms: number;
  }>(`SELECT * FROM finding_refusals WHERE device_id = $1 AND seq > $2 AND seq <= $3 ORDER BY seq LIMIT $4`, [
    query.deviceId,
    query.afterSeq,
    query.upToSeq,
    Math.min(query.limit, MAX_REFUSALS_LISTED),
  ]);
  return rows.rows.map((row) => ({
    deviceId: row.device_id,
    seq: row.seq,
    ruleId: row.rule_id,
    subject: row.subject,
    reason: row.reason,
    receivedAtMs: row.received_at_ms,
  }));
}
