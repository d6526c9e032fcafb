// The ingest write on PostgreSQL: one group commit's transaction (several callers, several streams, maybe
// two of one device) in a fixed number of statements, whatever the group's size:
//   1. the required rules' lock, shared (device-counters.ts);
//   2. the group's devices locked in id order (SELECT … ORDER BY device_id FOR UPDATE): every writer of a
//      device's findings takes this lock first and in this order, so two collectors ingesting overlapping
//      devices queue instead of deadlocking, and each device's writes below are this transaction's alone;
//   3. the findings, ordered by (device, seq), INSERT … ON CONFLICT DO NOTHING RETURNING: the primary key
//      says which (device, seq) were new, whoever stored the others — no remembered last seq;
//   4. the refusals of seqs not stored as findings (refusals.ts);
//   5. the current findings under the one-state rule (../one-current-state.ts, current-findings.ts);
//   6. the devices' counters recounted, last seq and last seen moved (device-counters.ts).
import type pg from 'pg';
import type { Finding } from '../../../policies/model';
import { evidenceText, reasonParamsText } from '../collector-judgement';
import { invalidAgentFinding } from '../findings-input';
import type { JobOutcome } from '../group-commit';
import { currentStateChange } from '../one-current-state';
import type { FindingRefusal, IngestResult } from '../store';
import { type InvalidStoreInputError, UnknownDeviceError } from '../store-errors';
import { invalidRefusal } from '../validate-refusal';
import { applyCurrentStateChanges, type CurrentCandidate } from './current-findings';
import { holdRequiredRulesShared, recountDevicesInTransaction } from './device-counters';
import { recordRefusalsInTransaction } from './refusals';

export interface FindingsCall {
  deviceId: string;
  findings: Finding[];
  receivedAtMs: number;
  refused?: readonly FindingRefusal[];
  /** The first invalid finding or refusal, found when the call was queued (prepareFindingsCall). */
  invalid?: InvalidStoreInputError | null;
}

/** Validates a call when it is queued, outside the group's transaction (pure). */
export function prepareFindingsCall<Call extends FindingsCall>(call: Call): Call {
  let invalid: InvalidStoreInputError | null = null;
  for (const finding of call.findings) {
    invalid = invalidAgentFinding(call.deviceId, finding);
    if (invalid !== null) break;
  }
  for (const refusal of call.refused ?? []) {
    if (invalid !== null) break;
    invalid = invalidRefusal(call.deviceId, refusal);
  }
  return { ...call, invalid };
}

/** Seqs per device: a Set of numbers per device id is cheaper than a string key per finding. */
function seqsOf(byDevice: Map<string, Set<number>>, deviceId: string): Set<number> {
  let seqs = byDevice.get(deviceId);
  if (seqs === undefined) {
    seqs = new Set();
    byDevice.set(deviceId, seqs);
  }
  return seqs;
}

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Locks the devices that have said hello among `deviceIds`, in id order; their last seq. */
export async function lockHelloedDevices(
  client: pg.ClientBase,
  deviceIds: readonly string[],
): Promise<Map<string, number>> {
  const rows = await client.query<{ device_id: string; last_seq: number }>(
    `SELECT device_id, last_seq FROM devices WHERE device_id = ANY($1::text[]) AND first_seen_ms > 0
      ORDER BY device_id FOR UPDATE`,
    [[...deviceIds].sort(byText)],
  );
  return new Map(rows.rows.map((row) => [row.device_id, row.last_seq]));
}

/** Inserts findings (each (device, seq) once in `rows`); resolves with the keys that were new. */
export async function insertFindings(
  client: pg.ClientBase,
  rows: ReadonlyArray<{ deviceId: string; finding: Finding; receivedAtMs: number }>,
): Promise<Map<string, Set<number>>> {
  const inserted = new Map<string, Set<number>>();
  if (rows.length === 0) return inserted;
  const columns = {
    device: [] as string[],
    seq: [] as number[],
    rule: [] as string[],
    clause: [] as string[],
    subject: [] as string[],
    status: [] as string[],
    severity: [] as string[],
    evidence: [] as string[],
    reason: [] as string[],
    observed: [] as number[],
    sweep: [] as string[],
    received: [] as number[],
    gone: [] as boolean[],
    code: [] as string[],
    params: [] as string[],
  };
  for (const { deviceId, finding, receivedAtMs } of rows) {
    columns.device.push(deviceId);
    columns.seq.push(finding.seq);
    columns.rule.push(finding.ruleId);
    columns.clause.push(finding.clause);
    columns.subject.push(finding.subject);
    columns.status.push(finding.status);
    columns.severity.push(finding.severity);
    columns.evidence.push(evidenceText(finding));
    columns.reason.push(finding.reason);
    columns.observed.push(finding.observedAtMs);
    columns.sweep.push(finding.sweepId);
    columns.received.push(receivedAtMs);
    columns.gone.push(finding.gone === true);
    columns.code.push(finding.reasonCode ?? '');
    columns.params.push(reasonParamsText(finding));
  }
  const result = await client.query<{ device_id: string; seq: number }>(
    `INSERT INTO findings (device_id, seq, rule_id, clause, subject, status, severity, evidence, reason,
       observed_at_ms, sweep_id, received_at_ms, gone, reason_code, reason_params)
     SELECT * FROM unnest($1::text[], $2::bigint[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[],
       $8::text[], $9::text[], $10::bigint[], $11::text[], $12::bigint[], $13::boolean[], $14::text[], $15::text[])
      ORDER BY 1, 2
     ON CONFLICT (device_id, seq) DO NOTHING
     RETURNING device_id, seq`,
    Object.values(columns),
  );
  for (const row of result.rows) {
    seqsOf(inserted, row.device_id).add(row.seq);
  }
  return inserted;
}

/** The findings of one (device, rule) a group stored, and the lowest seq among them. */
interface RuleGroup {
  deviceId: string;
  ruleId: string;
  findings: CurrentCandidate[];
  lowestSeq: number;
}

/**
 * Brings current_findings up to date with the stored findings (one-current-state.ts). A (device, rule) whose
 * new findings are all above the device's last seq before the group is decided from them alone; one with a
 * late finding from every stored finding of it from the lowest late seq on, read in one statement.
 */
async function updateCurrentFindings(
  client: pg.ClientBase,
  stored: ReadonlyArray<{ deviceId: string; finding: Finding }>,
  lastSeqBefore: ReadonlyMap<string, number>,
): Promise<void> {
  const groups = new Map<string, RuleGroup>();
  for (const { deviceId, finding } of stored) {
    const key = `${deviceId}\u0000${finding.ruleId}`;
    const group = groups.get(key);
    if (group === undefined)
      groups.set(key, { deviceId, ruleId: finding.ruleId, findings: [finding], lowestSeq: finding.seq });
    else {
      group.findings.push(finding);
      group.lowestSeq = Math.min(group.lowestSeq, finding.seq);
    }
  }
  const late = [...groups.values()].filter((group) => group.lowestSeq <= lastSeqBefore.get(group.deviceId)!);
  if (late.length > 0) {
    for (const group of late) group.findings = [];
    const rows = await client.query<{
      device_id: string;
      rule_id: string;
      seq: number;
      subject: string;
      status: CurrentCandidate['status'];
      clause: string;
      gone: boolean;
    }>(
      `SELECT f.device_id, f.rule_id, f.seq, f.subject, f.status, f.clause, f.gone
         FROM unnest($1::text[], $2::text[], $3::bigint[]) AS late (device_id, rule_id, low)
         JOIN findings f ON f.device_id = late.device_id AND f.seq >= late.low AND f.rule_id = late.rule_id`,
      [late.map((g) => g.deviceId), late.map((g) => g.ruleId), late.map((g) => g.lowestSeq)],
    );
    for (const row of rows.rows) {
      groups.get(`${row.device_id}\u0000${row.rule_id}`)!.findings.push({
        seq: row.seq,
        subject: row.subject,
        status: row.status,
        clause: row.clause,
        gone: row.gone,
      });
    }
  }
  await applyCurrentStateChanges(
    client,
    [...groups.values()].map((group) => ({
      deviceId: group.deviceId,
      ruleId: group.ruleId,
      change: currentStateChange(group.findings),
    })),
    'ascending',
  );
}

/**
 * Writes several callers' findings in the caller's transaction. Unknown devices and invalid input fail only
 * their own call; anything PostgreSQL refuses throws and fails the whole transaction (which pool.ts runs
 * again after a deadlock: nothing here changes anything outside the database).
 */
export async function writeFindingsInTransaction(
  client: pg.ClientBase,
  calls: readonly FindingsCall[],
): Promise<Array<JobOutcome<IngestResult>>> {
  await holdRequiredRulesShared(client);
  const lastSeqBefore = await lockHelloedDevices(client, [...new Set(calls.map((call) => call.deviceId))]);
  const outcomes: Array<JobOutcome<IngestResult> | null> = calls.map((call) => {
    if (!lastSeqBefore.has(call.deviceId)) return { ok: false, error: new UnknownDeviceError(call.deviceId) };
    const invalid = call.invalid === undefined ? prepareFindingsCall(call).invalid : call.invalid;
    return invalid === null || invalid === undefined ? null : { ok: false, error: invalid };
  });
  const accepted = calls.filter((_, index) => outcomes[index] === null);

  // Each (device, seq) once, carried by the first call that brings it (two streams of one device resending).
  const carried = new Map<string, Set<number>>();
  const rows: Array<{ deviceId: string; finding: Finding; receivedAtMs: number }> = [];
  for (const call of accepted) {
    const seqs = seqsOf(carried, call.deviceId);
    for (const finding of call.findings) {
      if (seqs.has(finding.seq)) continue;
      seqs.add(finding.seq);
      rows.push({ deviceId: call.deviceId, finding, receivedAtMs: call.receivedAtMs });
    }
  }
  const inserted = await insertFindings(client, rows);

  const lastSeq = new Map(lastSeqBefore);
  const storedRows: Array<{ deviceId: string; finding: Finding }> = [];
  const storedCounts = accepted.map((call) => {
    const insertedSeqs = inserted.get(call.deviceId);
    let stored = 0;
    for (const finding of call.findings) {
      if (insertedSeqs?.delete(finding.seq) !== true) continue;
      stored += 1;
      storedRows.push({ deviceId: call.deviceId, finding });
      if (finding.seq > lastSeq.get(call.deviceId)!) lastSeq.set(call.deviceId, finding.seq);
    }
    return stored;
  });
  const standing = await recordRefusalsInTransaction(client, accepted, lastSeq);
  await updateCurrentFindings(client, storedRows, lastSeqBefore);

  const seenAt = new Map<string, number>();
  for (const call of accepted)
    seenAt.set(call.deviceId, Math.max(seenAt.get(call.deviceId) ?? 0, call.receivedAtMs));
  await recountDevicesInTransaction(
    client,
    [...seenAt].map(([deviceId, seenAtMs]) => ({ deviceId, seenAtMs, lastSeq: lastSeq.get(deviceId)! })),
  );

  let acceptedIndex = 0;
  return calls.map((call, index) => {
    const refused = outcomes[index];
    if (refused !== null && refused !== undefined) return refused;
    const stored = storedCounts[acceptedIndex]!;
    const standingOfCall = standing[acceptedIndex++]!;
    return {
      ok: true,
      value: {
        stored,
        duplicates: call.findings.length - stored,
        lastSeq: lastSeq.get(call.deviceId)!,
        ...(call.refused === undefined ? {} : { refused: standingOfCall }),
      },
    };
  });
}
