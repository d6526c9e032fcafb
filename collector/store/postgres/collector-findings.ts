// Findings the collector judges itself, on PostgreSQL, numbered -1, -2, … per device (sqlite's header says
// why). The number comes from collector_finding_seqs by one atomic upsert in the writing transaction, so two
// collectors judging one device at once get distinct numbers; the device is locked first, as every writer
// of its findings does (findings-ingest.ts), so its counters are recounted from rows no one else writes.
import type pg from 'pg';
import type { FindingStatus } from '../../../policies/model';
import { repeatsCurrent, type StoredJudgement } from '../collector-judgement';
import { invalidCollectorFinding } from '../findings-input';
import { currentStateChange } from '../one-current-state';
import type { CollectorFinding } from '../store';
import { UnknownDeviceError } from '../store-errors';
import { applyCurrentStateChanges } from './current-findings';
import { holdRequiredRulesShared, recountDevicesInTransaction } from './device-counters';
import { insertFindings } from './findings-ingest';

/** Validates every finding before anything is written; throws the first problem. */
export function assertCollectorFindings(findings: readonly CollectorFinding[]): void {
  for (const finding of findings) {
    const invalid = invalidCollectorFinding(finding);
    if (invalid !== null) throw invalid;
  }
}

export async function recordCollectorFindingsInTransaction(
  client: pg.ClientBase,
  findings: readonly CollectorFinding[],
  atMs: number,
): Promise<CollectorFinding[]> {
  if (findings.length === 0) return [];
  await holdRequiredRulesShared(client);
  const deviceIds = [...new Set(findings.map((finding) => finding.deviceId))];
  // Every device, known or not yet helloed (a ledger-only device may be judged too), locked in id order.
  const locked = await client.query<{ device_id: string; last_seq: number }>(
    'SELECT device_id, last_seq FROM devices WHERE device_id = ANY($1::text[]) ORDER BY device_id FOR UPDATE',
    [deviceIds],
  );
  const lastSeq = new Map(locked.rows.map((row) => [row.device_id, row.last_seq]));
  const stored: CollectorFinding[] = [];
  // One at a time: a later finding of the same key must see the one before it as current.
  for (const finding of findings) {
    if (!lastSeq.has(finding.deviceId)) throw new UnknownDeviceError(finding.deviceId);
    const current = await client.query<StoredJudgement>(
      `SELECT f.status, f.evidence, f.reason, f.reason_code, f.reason_params FROM current_findings c
         JOIN findings f ON f.device_id = c.device_id AND f.seq = c.seq
        WHERE c.device_id = $1 AND c.rule_id = $2 AND c.subject = $3`,
      [finding.deviceId, finding.ruleId, finding.subject],
    );
    if (repeatsCurrent(current.rows[0], finding)) continue;
    const numbered = await client.query<{ lowest_seq: number }>(
      `INSERT INTO collector_finding_seqs (device_id, lowest_seq) VALUES ($1, -1)
       ON CONFLICT (device_id) DO UPDATE SET lowest_seq = collector_finding_seqs.lowest_seq - 1
       RETURNING lowest_seq`,
      [finding.deviceId],
    );
    const { deviceId, ...unsequenced } = finding;
    const sequenced = { ...unsequenced, seq: numbered.rows[0]!.lowest_seq };
    await insertFindings(client, [{ deviceId, finding: sequenced, receivedAtMs: atMs }]);
    await applyCurrentStateChanges(
      client,
      [{ deviceId, ruleId: finding.ruleId, change: currentStateChange([sequenced]) }],
      'descending',
    );
    stored.push(finding);
  }
  await recountDevicesInTransaction(
    client,
    [...new Set(stored.map((finding) => finding.deviceId))].map((deviceId) => ({
      deviceId,
      lastSeq: lastSeq.get(deviceId)!,
      seenAtMs: 0,
    })),
  );
  return stored;
}

/** The current status of collector-made findings of (rule, subject) on these devices, where one exists. */
export async function collectorFindingStatuses(
  db: pg.Pool | pg.ClientBase,
  ruleId: string,
  subject: string,
  deviceIds: readonly string[],
): Promise<Map<string, FindingStatus>> {
  const rows = await db.query<{ device_id: string; status: FindingStatus }>(
    `SELECT device_id, status FROM current_findings
      WHERE device_id = ANY($1::text[]) AND rule_id = $2 AND subject = $3 AND seq < 0`,
    [[...new Set(deviceIds)], ruleId, subject],
  );
  return new Map(rows.rows.map((row) => [row.device_id, row.status]));
}
