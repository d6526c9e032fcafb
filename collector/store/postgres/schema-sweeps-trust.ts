// Tables of the sweeps, seals and trust role: sweep schedules, sweeps with their per-state counters,
// targets, audit seals (append-only like the trail), enrolment tokens (their SHA-256 only) and certificates.
// The counters are moved by the role's statements (sweeps.ts, by ../../sweeps/sweep-states.ts), not by
// row triggers: one UPDATE per sweep per statement, however many targets it moved.
export const SWEEPS_TRUST_SCHEMA: readonly string[] = [
  `CREATE TABLE sweep_schedules (
     schedule_id TEXT PRIMARY KEY,
     cron TEXT NOT NULL,
     timezone TEXT NOT NULL,
     rule_ids TEXT NOT NULL DEFAULT '[]',
     created_at_ms BIGINT NOT NULL,
     created_by TEXT NOT NULL,
     last_fired_ms BIGINT NOT NULL DEFAULT 0,
     last_sweep_id TEXT NOT NULL DEFAULT '',
     deleted_at_ms BIGINT NOT NULL DEFAULT 0
   )`,
  `CREATE TABLE sweeps (
     sweep_id TEXT PRIMARY KEY,
     created_at_ms BIGINT NOT NULL,
     requested_by TEXT NOT NULL,
     schedule_id TEXT NOT NULL DEFAULT '',
     rule_ids TEXT NOT NULL DEFAULT '[]',
     completed_at_ms BIGINT NOT NULL DEFAULT 0,
     pending_targets INTEGER NOT NULL DEFAULT 0 CHECK (pending_targets >= 0),
     sent_targets INTEGER NOT NULL DEFAULT 0 CHECK (sent_targets >= 0),
     answered_targets INTEGER NOT NULL DEFAULT 0 CHECK (answered_targets >= 0),
     failed_targets INTEGER NOT NULL DEFAULT 0 CHECK (failed_targets >= 0)
   )`,
  'CREATE INDEX sweeps_by_time ON sweeps (created_at_ms, sweep_id)',
  'CREATE INDEX sweeps_open_by_time ON sweeps (created_at_ms) WHERE completed_at_ms = 0',
  `CREATE TABLE sweep_targets (
     sweep_id TEXT NOT NULL REFERENCES sweeps (sweep_id),
     device_id TEXT NOT NULL REFERENCES devices (device_id),
     state TEXT NOT NULL CHECK (state IN ('pending', 'sent', 'answered', 'failed')),
     sent_at_ms BIGINT NOT NULL DEFAULT 0,
     answered_at_ms BIGINT NOT NULL DEFAULT 0,
     failed_rules INTEGER NOT NULL DEFAULT 0,
     error_rules INTEGER NOT NULL DEFAULT 0,
     error TEXT NOT NULL DEFAULT '',
     PRIMARY KEY (sweep_id, device_id)
   )`,
  'CREATE INDEX sweep_targets_by_device ON sweep_targets (device_id, sweep_id)',
  // What every hello asks (has this device anything open?): a small index, only open targets in it.
  `CREATE INDEX sweep_targets_open_by_device ON sweep_targets (device_id) WHERE state IN ('pending', 'sent')`,
  `CREATE TABLE audit_seals (
     id BIGINT PRIMARY KEY,
     signer_kind TEXT NOT NULL CHECK (signer_kind IN ('auditor', 'collector')),
     position BIGINT NOT NULL,
     statement TEXT NOT NULL,
     signature TEXT NOT NULL,
     certificate TEXT NOT NULL,
     stored_at_ms BIGINT NOT NULL
   )`,
  'CREATE INDEX audit_seals_by_position ON audit_seals (signer_kind, position)',
  `CREATE TRIGGER audit_seals_append_only BEFORE UPDATE OR DELETE ON audit_seals
     FOR EACH ROW EXECUTE FUNCTION shoumi_refuse_change()`,
  `CREATE TABLE enrolment_tokens (
     sha256 TEXT PRIMARY KEY,
     device_id TEXT,
     created_at_ms BIGINT NOT NULL,
     expires_at_ms BIGINT NOT NULL,
     created_by TEXT NOT NULL,
     used_at_ms BIGINT,
     used_by_device TEXT
   )`,
  `CREATE TABLE certificates (
     serial TEXT PRIMARY KEY,
     kind TEXT NOT NULL CHECK (kind IN ('device', 'admin')),
     subject TEXT NOT NULL,
     role TEXT,
     sha256 TEXT NOT NULL,
     not_before_ms BIGINT NOT NULL,
     not_after_ms BIGINT NOT NULL,
     issued_at_ms BIGINT NOT NULL,
     issued_by TEXT NOT NULL,
     revoked_at_ms BIGINT,
     revoked_by TEXT,
     revoke_reason TEXT
   )`,
  'CREATE INDEX certificates_by_subject ON certificates (kind, subject)',
];
