// The floor bench:postgres compares the collectors with: a batch of findings as it came off the wire, into a
// copy of the store's findings table (`bare_findings`, made by the caller with LIKE findings … INCLUDING
// INDEXES) in one plain unnest INSERT, on a pool as large as one collector's store pool. No device lock, no
// duplicate decision, no current findings, no counters, no validation: only the rows.
import pg from 'pg';
import { severityFromWire, statusFromWire } from '../proto/convert';
import type { Finding__Output as WireFinding } from '../proto/generated/shoumi/v1/Finding';

/** The store's pool size (collector/store/postgres/pool.ts): the bare server gets as many connections. */
const POOL_SIZE = 10;

export const BARE_FINDINGS_TABLE =
  'CREATE TABLE bare_findings (LIKE findings INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING INDEXES)';

export function barePostgresInsert(url: string) {
  const pool = new pg.Pool({ connectionString: url, max: POOL_SIZE, application_name: 'shoumi bare insert' });
  return {
    async insert(deviceId: string, findings: readonly WireFinding[]): Promise<void> {
      if (findings.length === 0) return;
      const receivedAtMs = Date.now();
      await pool.query(
        `INSERT INTO bare_findings (device_id, seq, rule_id, clause, subject, status, severity, evidence, reason,
           observed_at_ms, sweep_id, received_at_ms, gone, reason_code, reason_params)
         SELECT * FROM unnest($1::text[], $2::bigint[], $3::text[], $4::text[], $5::text[], $6::text[],
           $7::text[], $8::text[], $9::text[], $10::bigint[], $11::text[], $12::bigint[], $13::boolean[],
           $14::text[], $15::text[])`,
        [
          findings.map(() => deviceId),
          findings.map((f) => f.seq),
          findings.map((f) => f.ruleId),
          findings.map((f) => f.clause),
          findings.map((f) => f.subject),
          findings.map((f) => statusFromWire(f.status) ?? String(f.status)),
          findings.map((f) => severityFromWire(f.severity) ?? String(f.severity)),
          findings.map((f) => f.evidenceJson),
          findings.map((f) => f.reason),
          findings.map((f) => Number(f.observedAtMs)),
          findings.map((f) => f.sweepId),
          findings.map(() => receivedAtMs),
          findings.map((f) => f.gone),
          findings.map((f) => f.reasonCode),
          findings.map((f) => JSON.stringify(f.reasonParams ?? {})),
        ],
      );
    },
    close: () => pool.end(),
  };
}
