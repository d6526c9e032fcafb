// Versioned, forward-only schema migrations. The version lives in PRAGMA user_version (in the database
// header, so it commits or rolls back with the migration that sets it). Each migration runs in its own
// transaction; a database from a newer version is refused rather than opened.
import { SchemaTooNewError } from '../store-errors';
import { ASSET_NUMBER_TRIGGERS_SQL } from './asset-number-triggers';
import type { SqliteConnection } from './connection';

export interface Migration {
  version: number;
  description: string;
  sql: string;
}

/** Exported for tests that build a store as an older version left it. */
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: 'devices with ledger fields and summary counters, media, findings, current findings, audit',
    sql: `
      CREATE TABLE devices (
        device_id TEXT PRIMARY KEY,
        hostname TEXT NOT NULL DEFAULT '',
        hardware TEXT,
        agent_version TEXT NOT NULL DEFAULT '',
        policy_version TEXT NOT NULL DEFAULT '',
        first_seen_ms INTEGER NOT NULL DEFAULT 0,
        last_seen_ms INTEGER NOT NULL DEFAULT 0,
        asset_number TEXT NOT NULL DEFAULT '',
        classification TEXT
          CHECK (classification IN ('top_secret', 'confidential', 'secret', 'non_classified')),
        responsible_person TEXT NOT NULL DEFAULT '',
        department TEXT NOT NULL DEFAULT '',
        location TEXT NOT NULL DEFAULT '',
        status TEXT NOT NULL DEFAULT 'in_service'
          CHECK (status IN ('in_service', 'under_repair', 'retired')),
        allowed_networks TEXT NOT NULL DEFAULT '[]',
        -- Summary kept current on ingest (triggers on current_findings) so fleet status never scans history.
        last_seq INTEGER NOT NULL DEFAULT 0,
        failing INTEGER NOT NULL DEFAULT 0,
        errors INTEGER NOT NULL DEFAULT 0,
        passing INTEGER NOT NULL DEFAULT 0,
        not_applicable INTEGER NOT NULL DEFAULT 0
      );

      CREATE TABLE ledger_history (
        change_id INTEGER PRIMARY KEY,
        device_id TEXT NOT NULL REFERENCES devices (device_id),
        at_ms INTEGER NOT NULL,
        actor TEXT NOT NULL,
        field TEXT NOT NULL,
        old_value TEXT,
        new_value TEXT,
        audit_position INTEGER NOT NULL REFERENCES audit (position)
      );
      CREATE INDEX ledger_history_by_device ON ledger_history (device_id, change_id);

      CREATE TABLE media (
        vendor_id TEXT NOT NULL,
        product_id TEXT NOT NULL,
        serial TEXT NOT NULL,
        classification TEXT NOT NULL
          CHECK (classification IN ('top_secret', 'confidential', 'secret', 'non_classified')),
        status TEXT NOT NULL CHECK (status IN ('in_use', 'retired', 'lost')),
        asset_number TEXT NOT NULL,
        responsible_person TEXT NOT NULL,
        registered_at_ms INTEGER NOT NULL,
        updated_at_ms INTEGER NOT NULL,
        PRIMARY KEY (vendor_id, product_id, serial)
      ) WITHOUT ROWID;

      -- Full history. WITHOUT ROWID: the primary key is the only B-tree, which halves the insert work.
      CREATE TABLE findings (
        device_id TEXT NOT NULL REFERENCES devices (device_id),
        seq INTEGER NOT NULL,
        rule_id TEXT NOT NULL,
        clause TEXT NOT NULL,
        subject TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('pass', 'fail', 'error', 'not_applicable')),
        severity TEXT NOT NULL,
        evidence TEXT NOT NULL,
        reason TEXT NOT NULL,
        observed_at_ms INTEGER NOT NULL,
        sweep_id TEXT NOT NULL,
        received_at_ms INTEGER NOT NULL,
        PRIMARY KEY (device_id, seq)
      ) WITHOUT ROWID;

      -- The newest finding per (device, rule, subject); the content is read from findings by (device, seq).
      CREATE TABLE current_findings (
        device_id TEXT NOT NULL REFERENCES devices (device_id),
        rule_id TEXT NOT NULL,
        subject TEXT NOT NULL,
        seq INTEGER NOT NULL,
        status TEXT NOT NULL,
        clause TEXT NOT NULL,
        PRIMARY KEY (device_id, rule_id, subject)
      ) WITHOUT ROWID;
      CREATE INDEX current_findings_by_status_clause ON current_findings (status, clause, device_id);
      CREATE INDEX current_findings_by_clause ON current_findings (clause, device_id, rule_id, subject);
      CREATE INDEX current_findings_by_rule ON current_findings (rule_id, device_id, subject);

      CREATE TRIGGER current_findings_count_insert AFTER INSERT ON current_findings BEGIN
        UPDATE devices SET
          failing = failing + (NEW.status = 'fail'),
          errors = errors + (NEW.status = 'error'),
          passing = passing + (NEW.status = 'pass'),
          not_applicable = not_applicable + (NEW.status = 'not_applicable')
        WHERE device_id = NEW.device_id;
      END;
      CREATE TRIGGER current_findings_count_update AFTER UPDATE OF status ON current_findings
      WHEN OLD.status <> NEW.status BEGIN
        UPDATE devices SET
          failing = failing + (NEW.status = 'fail') - (OLD.status = 'fail'),
          errors = errors + (NEW.status = 'error') - (OLD.status = 'error'),
          passing = passing + (NEW.status = 'pass') - (OLD.status = 'pass'),
          not_applicable = not_applicable + (NEW.status = 'not_applicable') - (OLD.status = 'not_applicable')
        WHERE device_id = NEW.device_id;
      END;
      CREATE TRIGGER current_findings_count_delete AFTER DELETE ON current_findings BEGIN
        UPDATE devices SET
          failing = failing - (OLD.status = 'fail'),
          errors = errors - (OLD.status = 'error'),
          passing = passing - (OLD.status = 'pass'),
          not_applicable = not_applicable - (OLD.status = 'not_applicable')
        WHERE device_id = OLD.device_id;
      END;

      CREATE TABLE audit (
        position INTEGER PRIMARY KEY,
        at_ms INTEGER NOT NULL,
        actor TEXT NOT NULL,
        source TEXT NOT NULL,
        action TEXT NOT NULL,
        target TEXT NOT NULL,
        detail TEXT NOT NULL,
        outcome TEXT NOT NULL CHECK (outcome IN ('allowed', 'refused')),
        algorithm TEXT NOT NULL,
        previous_hash TEXT NOT NULL,
        hash TEXT NOT NULL UNIQUE
      );
      -- Append-only: the trail is verified by its hash chain, and the database refuses edits as well.
      CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit BEGIN
        SELECT RAISE(ABORT, 'audit records are append-only');
      END;
      CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit BEGIN
        SELECT RAISE(ABORT, 'audit records are append-only');
      END;
    `,
  },
  {
    version: 2,
    description: 'fleet operations: media binding, sightings, sweeps and schedules, dispositions',
    sql: `
      -- A medium may be registered for some devices or one department only; empty means any device.
      ALTER TABLE media ADD COLUMN bound_device_ids TEXT NOT NULL DEFAULT '[]';
      ALTER TABLE media ADD COLUMN bound_department TEXT NOT NULL DEFAULT '';
      ALTER TABLE media ADD COLUMN note TEXT NOT NULL DEFAULT '';

      -- Which device's agent has reported which USB medium and network printer: the raw material of the
      -- collector's cross-use findings (3.7.4).
      CREATE TABLE medium_sightings (
        vendor_id TEXT NOT NULL,
        product_id TEXT NOT NULL,
        serial TEXT NOT NULL,
        device_id TEXT NOT NULL REFERENCES devices (device_id),
        first_seen_ms INTEGER NOT NULL,
        last_seen_ms INTEGER NOT NULL,
        PRIMARY KEY (vendor_id, product_id, serial, device_id)
      ) WITHOUT ROWID;
      CREATE INDEX medium_sightings_by_device ON medium_sightings (device_id);

      CREATE TABLE printer_sightings (
        -- The printer as the network knows it: scheme://host[:port] of the queue's device URI.
        printer TEXT NOT NULL,
        device_id TEXT NOT NULL REFERENCES devices (device_id),
        first_seen_ms INTEGER NOT NULL,
        last_seen_ms INTEGER NOT NULL,
        PRIMARY KEY (printer, device_id)
      ) WITHOUT ROWID;
      CREATE INDEX printer_sightings_by_device ON printer_sightings (device_id);

      CREATE TABLE sweep_schedules (
        schedule_id TEXT PRIMARY KEY,
        cron TEXT NOT NULL,
        timezone TEXT NOT NULL,
        rule_ids TEXT NOT NULL DEFAULT '[]',
        created_at_ms INTEGER NOT NULL,
        created_by TEXT NOT NULL,
        last_fired_ms INTEGER NOT NULL DEFAULT 0,
        last_sweep_id TEXT NOT NULL DEFAULT '',
        deleted_at_ms INTEGER NOT NULL DEFAULT 0
      );

      CREATE TABLE sweeps (
        sweep_id TEXT PRIMARY KEY,
        created_at_ms INTEGER NOT NULL,
        requested_by TEXT NOT NULL,
        schedule_id TEXT NOT NULL DEFAULT '',
        rule_ids TEXT NOT NULL DEFAULT '[]',
        completed_at_ms INTEGER NOT NULL DEFAULT 0
      );
      CREATE INDEX sweeps_by_time ON sweeps (created_at_ms);

      -- One row per device a sweep was meant for. pending: not connected when pushed (it runs the sweep
      -- when it reconnects); sent: pushed to a live stream; answered / failed: the agent's sweep result.
      CREATE TABLE sweep_targets (
        sweep_id TEXT NOT NULL REFERENCES sweeps (sweep_id),
        device_id TEXT NOT NULL REFERENCES devices (device_id),
        state TEXT NOT NULL CHECK (state IN ('pending', 'sent', 'answered', 'failed')),
        sent_at_ms INTEGER NOT NULL DEFAULT 0,
        answered_at_ms INTEGER NOT NULL DEFAULT 0,
        failed_rules INTEGER NOT NULL DEFAULT 0,
        error_rules INTEGER NOT NULL DEFAULT 0,
        error TEXT NOT NULL DEFAULT '',
        PRIMARY KEY (sweep_id, device_id)
      ) WITHOUT ROWID;
      CREATE INDEX sweep_targets_open_by_device ON sweep_targets (device_id, state);

      -- The corrective measure a security admin recorded for one (device, rule, subject), and whether it is
      -- complete (3.12.2). Every change is also an audit record.
      CREATE TABLE dispositions (
        device_id TEXT NOT NULL REFERENCES devices (device_id),
        rule_id TEXT NOT NULL,
        subject TEXT NOT NULL,
        measure TEXT NOT NULL,
        completed INTEGER NOT NULL DEFAULT 0,
        completed_at_ms INTEGER NOT NULL DEFAULT 0,
        recorded_by TEXT NOT NULL,
        recorded_at_ms INTEGER NOT NULL,
        audit_position INTEGER NOT NULL REFERENCES audit (position),
        PRIMARY KEY (device_id, rule_id, subject)
      ) WITHOUT ROWID;

      CREATE INDEX devices_by_department ON devices (department, device_id);
      CREATE INDEX devices_by_classification ON devices (classification, device_id);
      CREATE INDEX findings_by_sweep ON findings (sweep_id) WHERE sweep_id <> '';
    `,
  },
  {
    version: 3,
    description: 'sweep coverage counters; devices by last seen for the silent-agent watch',
    sql: `
      -- Coverage kept current as targets change state, so that listing sweeps and deciding completion never
      -- count a sweep's targets (100,000 per sweep in a large fleet). createSweep sets pending_targets to
      -- the rows it inserts; these triggers follow every later change of state.
      ALTER TABLE sweeps ADD COLUMN pending_targets INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE sweeps ADD COLUMN sent_targets INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE sweeps ADD COLUMN answered_targets INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE sweeps ADD COLUMN failed_targets INTEGER NOT NULL DEFAULT 0;
      CREATE TRIGGER sweep_targets_count_update AFTER UPDATE OF state ON sweep_targets
      WHEN OLD.state <> NEW.state BEGIN
        UPDATE sweeps SET
          pending_targets = pending_targets + (NEW.state = 'pending') - (OLD.state = 'pending'),
          sent_targets = sent_targets + (NEW.state = 'sent') - (OLD.state = 'sent'),
          answered_targets = answered_targets + (NEW.state = 'answered') - (OLD.state = 'answered'),
          failed_targets = failed_targets + (NEW.state = 'failed') - (OLD.state = 'failed')
        WHERE sweep_id = NEW.sweep_id;
      END;
      -- Open sweeps, for expiry.
      CREATE INDEX sweeps_open_by_time ON sweeps (created_at_ms) WHERE completed_at_ms = 0;
      -- The silent-agent watch asks "who was last heard before T" once a minute over the whole fleet.
      CREATE INDEX devices_by_last_seen ON devices (last_seen_ms);
    `,
  },
  {
    version: 4,
    description:
      'fleet summary and failures by clause kept current on ingest, for fleet status at 100k devices',
    sql: `
      -- Fleet status must answer in 100 ms over 100,000 devices; counting devices and open findings per
      -- query scanned 100,000 device rows and every open current finding. These tables are kept exact by
      -- triggers instead: on devices (whose counters the current_findings triggers already keep) and on
      -- current_findings, so agent and collector-made findings (seq < 0) are counted alike.
      CREATE TABLE fleet_summary (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        devices INTEGER NOT NULL,
        -- devices with at least one fail or error current finding
        open_devices INTEGER NOT NULL,
        never_seen INTEGER NOT NULL,
        -- never seen and open at once (a collector finding about a ledger-only device), so that
        -- compliant = devices - open_devices - (never_seen - never_seen_open)
        never_seen_open INTEGER NOT NULL
      );
      INSERT INTO fleet_summary (id, devices, open_devices, never_seen, never_seen_open)
        SELECT 1, count(*), coalesce(sum(failing + errors > 0), 0), coalesce(sum(last_seen_ms = 0), 0),
               coalesce(sum(last_seen_ms = 0 AND failing + errors > 0), 0)
          FROM devices;

      CREATE TRIGGER devices_fleet_insert AFTER INSERT ON devices BEGIN
        UPDATE fleet_summary SET devices = devices + 1,
          open_devices = open_devices + (NEW.failing + NEW.errors > 0),
          never_seen = never_seen + (NEW.last_seen_ms = 0),
          never_seen_open = never_seen_open + (NEW.last_seen_ms = 0 AND NEW.failing + NEW.errors > 0)
        WHERE id = 1;
      END;
      CREATE TRIGGER devices_fleet_delete AFTER DELETE ON devices BEGIN
        UPDATE fleet_summary SET devices = devices - 1,
          open_devices = open_devices - (OLD.failing + OLD.errors > 0),
          never_seen = never_seen - (OLD.last_seen_ms = 0),
          never_seen_open = never_seen_open - (OLD.last_seen_ms = 0 AND OLD.failing + OLD.errors > 0)
        WHERE id = 1;
      END;
      -- Heartbeats and most ingest leave both conditions as they were: the WHEN keeps them cheap.
      CREATE TRIGGER devices_fleet_update AFTER UPDATE OF failing, errors, last_seen_ms ON devices
      WHEN (OLD.failing + OLD.errors > 0) <> (NEW.failing + NEW.errors > 0)
        OR (OLD.last_seen_ms = 0) <> (NEW.last_seen_ms = 0) BEGIN
        UPDATE fleet_summary SET
          open_devices = open_devices + (NEW.failing + NEW.errors > 0) - (OLD.failing + OLD.errors > 0),
          never_seen = never_seen + (NEW.last_seen_ms = 0) - (OLD.last_seen_ms = 0),
          never_seen_open = never_seen_open
            + (NEW.last_seen_ms = 0 AND NEW.failing + NEW.errors > 0)
            - (OLD.last_seen_ms = 0 AND OLD.failing + OLD.errors > 0)
        WHERE id = 1;
      END;

      -- Open (fail or error) current findings per clause and device: a device counts once per clause.
      CREATE TABLE clause_device_open (
        clause TEXT NOT NULL,
        device_id TEXT NOT NULL,
        open_findings INTEGER NOT NULL,
        PRIMARY KEY (clause, device_id)
      ) WITHOUT ROWID;
      CREATE TABLE clause_summary (
        clause TEXT PRIMARY KEY,
        failing_devices INTEGER NOT NULL,
        failing_findings INTEGER NOT NULL
      ) WITHOUT ROWID;
      INSERT INTO clause_device_open (clause, device_id, open_findings)
        SELECT clause, device_id, count(*) FROM current_findings
         WHERE status IN ('fail', 'error') GROUP BY clause, device_id;
      INSERT INTO clause_summary (clause, failing_devices, failing_findings)
        SELECT clause, count(*), sum(open_findings) FROM clause_device_open GROUP BY clause;

      -- A finding becomes open under a clause: one more finding, and one more device if it had none there.
      CREATE TRIGGER current_findings_open_insert AFTER INSERT ON current_findings
      WHEN NEW.status IN ('fail', 'error') BEGIN
        INSERT INTO clause_summary (clause, failing_devices, failing_findings) VALUES (NEW.clause, 0, 0)
          ON CONFLICT (clause) DO NOTHING;
        UPDATE clause_summary SET failing_findings = failing_findings + 1,
          failing_devices = failing_devices + NOT EXISTS (SELECT 1 FROM clause_device_open
            WHERE clause = NEW.clause AND device_id = NEW.device_id)
        WHERE clause = NEW.clause;
        INSERT INTO clause_device_open (clause, device_id, open_findings) VALUES (NEW.clause, NEW.device_id, 1)
          ON CONFLICT (clause, device_id) DO UPDATE SET open_findings = open_findings + 1;
      END;
      CREATE TRIGGER current_findings_open_enter AFTER UPDATE OF status, clause ON current_findings
      WHEN NEW.status IN ('fail', 'error') AND NOT (OLD.status IN ('fail', 'error') AND OLD.clause = NEW.clause)
      BEGIN
        INSERT INTO clause_summary (clause, failing_devices, failing_findings) VALUES (NEW.clause, 0, 0)
          ON CONFLICT (clause) DO NOTHING;
        UPDATE clause_summary SET failing_findings = failing_findings + 1,
          failing_devices = failing_devices + NOT EXISTS (SELECT 1 FROM clause_device_open
            WHERE clause = NEW.clause AND device_id = NEW.device_id)
        WHERE clause = NEW.clause;
        INSERT INTO clause_device_open (clause, device_id, open_findings) VALUES (NEW.clause, NEW.device_id, 1)
          ON CONFLICT (clause, device_id) DO UPDATE SET open_findings = open_findings + 1;
      END;
      -- A finding stops being open under a clause (resolved, or its rule moved to another clause).
      CREATE TRIGGER current_findings_open_leave AFTER UPDATE OF status, clause ON current_findings
      WHEN OLD.status IN ('fail', 'error') AND NOT (NEW.status IN ('fail', 'error') AND NEW.clause = OLD.clause)
      BEGIN
        UPDATE clause_device_open SET open_findings = open_findings - 1
         WHERE clause = OLD.clause AND device_id = OLD.device_id;
        UPDATE clause_summary SET failing_findings = failing_findings - 1,
          failing_devices = failing_devices - EXISTS (SELECT 1 FROM clause_device_open
            WHERE clause = OLD.clause AND device_id = OLD.device_id AND open_findings = 0)
        WHERE clause = OLD.clause;
        DELETE FROM clause_device_open
         WHERE clause = OLD.clause AND device_id = OLD.device_id AND open_findings = 0;
      END;
      CREATE TRIGGER current_findings_open_delete AFTER DELETE ON current_findings
      WHEN OLD.status IN ('fail', 'error') BEGIN
        UPDATE clause_device_open SET open_findings = open_findings - 1
         WHERE clause = OLD.clause AND device_id = OLD.device_id;
        UPDATE clause_summary SET failing_findings = failing_findings - 1,
          failing_devices = failing_devices - EXISTS (SELECT 1 FROM clause_device_open
            WHERE clause = OLD.clause AND device_id = OLD.device_id AND open_findings = 0)
        WHERE clause = OLD.clause;
        DELETE FROM clause_device_open
         WHERE clause = OLD.clause AND device_id = OLD.device_id AND open_findings = 0;
      END;
    `,
  },
  {
    version: 5,
    description: 'enrolment tokens and issued certificates (mTLS identities, revocation)',
    sql: `
      -- Only the SHA-256 of a token is kept: reading the database does not let anyone enrol.
      CREATE TABLE enrolment_tokens (
        sha256 TEXT PRIMARY KEY,
        -- NULL: any device without a valid certificate; else only this device (re-enrolment).
        device_id TEXT,
        created_at_ms INTEGER NOT NULL,
        expires_at_ms INTEGER NOT NULL,
        created_by TEXT NOT NULL,
        used_at_ms INTEGER,
        used_by_device TEXT
      ) WITHOUT ROWID;
      -- Every certificate the collector issued. A presented certificate is accepted only when its serial is
      -- here and not revoked, so revocation is one indexed lookup per connection or admin call.
      CREATE TABLE certificates (
        serial TEXT PRIMARY KEY,
        kind TEXT NOT NULL CHECK (kind IN ('device', 'admin')),
        subject TEXT NOT NULL,
        role TEXT,
        sha256 TEXT NOT NULL,
        not_before_ms INTEGER NOT NULL,
        not_after_ms INTEGER NOT NULL,
        issued_at_ms INTEGER NOT NULL,
        issued_by TEXT NOT NULL,
        revoked_at_ms INTEGER,
        revoked_by TEXT,
        revoke_reason TEXT
      ) WITHOUT ROWID;
      CREATE INDEX certificates_by_subject ON certificates (kind, subject);
    `,
  },
  {
    version: 6,
    description: 'finding refusals: seqs a device sent that the collector refused for good, and why',
    sql: `
      -- A finding that breaks a limit or a rule of the contract is refused alone, not with its batch; its
      -- seq is passed over (devices.last_seq moves past it in the same transaction) and kept here, so that
      -- a hello from an agent that missed the ack naming it is told again (refusals.ts). rule_id and
      -- subject are what could be read of the finding, shortened to the finding limits.
      CREATE TABLE finding_refusals (
        device_id TEXT NOT NULL REFERENCES devices (device_id),
        seq INTEGER NOT NULL,
        rule_id TEXT NOT NULL,
        subject TEXT NOT NULL,
        reason TEXT NOT NULL,
        received_at_ms INTEGER NOT NULL,
        PRIMARY KEY (device_id, seq)
      ) WITHOUT ROWID;
    `,
  },
  {
    version: 7,
    description:
      'one current state per (device, rule, subject); gone findings; rules every device must have a verdict for',
    sql: `
      -- A finding marking its subject gone (a stick pulled out): kept in history, never a current verdict.
      ALTER TABLE findings ADD COLUMN gone INTEGER NOT NULL DEFAULT 0;
      -- Agents sent removals before the flag existed as a pass "no longer present" with evidence present: false
      -- (agent/reported-state.ts): those history rows are removals too.
      UPDATE findings SET gone = 1
       WHERE reason = 'no longer present' AND status = 'pass' AND subject <> ''
         AND CASE WHEN json_valid(evidence) THEN json_type(evidence, '$.present') END = 'false';

      -- The rules every device must hold a current verdict for before it may count as compliant: the agent-judged
      -- rules of the policy in force, replaced by the collector when its policy loads with another set
      -- (setRequiredRules recounts judged_rules then). Empty until the collector first sets it.
      CREATE TABLE required_rules (rule_id TEXT PRIMARY KEY) WITHOUT ROWID;
      -- How many required rules the device has at least one current finding for.
      ALTER TABLE devices ADD COLUMN judged_rules INTEGER NOT NULL DEFAULT 0;
      -- How many rules are required, and devices seen, not open and not judged on every required rule. With no
      -- rule required (before the collector has said which) nothing is evidence: every such device is not judged.
      ALTER TABLE fleet_summary ADD COLUMN required_rules INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE fleet_summary ADD COLUMN not_judged INTEGER NOT NULL DEFAULT 0;

      -- A required rule gains its first current row on a device, or loses its last. Only new and closed keys
      -- fire these; an ingest that replaces a current finding updates its row and touches neither.
      CREATE TRIGGER current_findings_judged_insert AFTER INSERT ON current_findings
      WHEN EXISTS (SELECT 1 FROM required_rules WHERE rule_id = NEW.rule_id)
        AND NOT EXISTS (SELECT 1 FROM current_findings c WHERE c.device_id = NEW.device_id
                          AND c.rule_id = NEW.rule_id AND c.subject <> NEW.subject) BEGIN
        UPDATE devices SET judged_rules = judged_rules + 1 WHERE device_id = NEW.device_id;
      END;
      CREATE TRIGGER current_findings_judged_delete AFTER DELETE ON current_findings
      WHEN EXISTS (SELECT 1 FROM required_rules WHERE rule_id = OLD.rule_id)
        AND NOT EXISTS (SELECT 1 FROM current_findings c WHERE c.device_id = OLD.device_id
                          AND c.rule_id = OLD.rule_id) BEGIN
        UPDATE devices SET judged_rules = judged_rules - 1 WHERE device_id = OLD.device_id;
      END;

      -- One current state per (device, rule), the part that follows from a row becoming current: an agent's
      -- whole-rule finding closes the older subject rows of its rule, a subject's finding the older whole-rule
      -- row (collector/store/one-current-state.ts; the ingest issues the other closes itself). The WHEN reads
      -- before it deletes: usually there is nothing to close, and a DELETE on this table (with its own
      -- triggers) costs far more than the look-up even when it deletes nothing. BEFORE the insert,
      -- so that the judged-rule triggers see the rule's rows as they are at each step, whatever order AFTER
      -- triggers run in; an upsert that becomes an update passes here too. Collector rows (seq < 0) number
      -- downwards and are closed by the collector's own writes.
      CREATE TRIGGER current_findings_close_subjects BEFORE INSERT ON current_findings
      WHEN NEW.subject = '' AND NEW.seq > 0
        AND EXISTS (SELECT 1 FROM current_findings WHERE device_id = NEW.device_id AND rule_id = NEW.rule_id
                      AND subject > '' AND seq < NEW.seq) BEGIN
        DELETE FROM current_findings WHERE device_id = NEW.device_id AND rule_id = NEW.rule_id
           AND subject > '' AND seq < NEW.seq;
      END;
      CREATE TRIGGER current_findings_close_whole BEFORE INSERT ON current_findings
      WHEN NEW.subject <> '' AND NEW.seq > 0
        AND EXISTS (SELECT 1 FROM current_findings WHERE device_id = NEW.device_id AND rule_id = NEW.rule_id
                      AND subject = '' AND seq < NEW.seq) BEGIN
        DELETE FROM current_findings WHERE device_id = NEW.device_id AND rule_id = NEW.rule_id
           AND subject = '' AND seq < NEW.seq;
      END;

      -- The device triggers of schema 4, with not_judged beside the other counts. A device is not judged when
      -- seen, without a fail or error, and short of a verdict on a required rule (or none is required).
      DROP TRIGGER devices_fleet_insert;
      DROP TRIGGER devices_fleet_delete;
      DROP TRIGGER devices_fleet_update;
      CREATE TRIGGER devices_fleet_insert AFTER INSERT ON devices BEGIN
        UPDATE fleet_summary SET devices = devices + 1,
          open_devices = open_devices + (NEW.failing + NEW.errors > 0),
          never_seen = never_seen + (NEW.last_seen_ms = 0),
          never_seen_open = never_seen_open + (NEW.last_seen_ms = 0 AND NEW.failing + NEW.errors > 0),
          not_judged = not_judged + (NEW.last_seen_ms > 0 AND NEW.failing + NEW.errors = 0
            AND NEW.judged_rules < max(1, required_rules))
        WHERE id = 1;
      END;
      CREATE TRIGGER devices_fleet_delete AFTER DELETE ON devices BEGIN
        UPDATE fleet_summary SET devices = devices - 1,
          open_devices = open_devices - (OLD.failing + OLD.errors > 0),
          never_seen = never_seen - (OLD.last_seen_ms = 0),
          never_seen_open = never_seen_open - (OLD.last_seen_ms = 0 AND OLD.failing + OLD.errors > 0),
          not_judged = not_judged - (OLD.last_seen_ms > 0 AND OLD.failing + OLD.errors = 0
            AND OLD.judged_rules < max(1, required_rules))
        WHERE id = 1;
      END;
      -- Heartbeats and most ingest leave every condition as it was: the WHEN keeps them cheap.
      CREATE TRIGGER devices_fleet_update AFTER UPDATE OF failing, errors, last_seen_ms, judged_rules ON devices
      WHEN (OLD.failing + OLD.errors > 0) <> (NEW.failing + NEW.errors > 0)
        OR (OLD.last_seen_ms = 0) <> (NEW.last_seen_ms = 0)
        OR OLD.judged_rules <> NEW.judged_rules BEGIN
        UPDATE fleet_summary SET
          open_devices = open_devices + (NEW.failing + NEW.errors > 0) - (OLD.failing + OLD.errors > 0),
          never_seen = never_seen + (NEW.last_seen_ms = 0) - (OLD.last_seen_ms = 0),
          never_seen_open = never_seen_open
            + (NEW.last_seen_ms = 0 AND NEW.failing + NEW.errors > 0)
            - (OLD.last_seen_ms = 0 AND OLD.failing + OLD.errors > 0),
          not_judged = not_judged
            + (NEW.last_seen_ms > 0 AND NEW.failing + NEW.errors = 0 AND NEW.judged_rules < max(1, required_rules))
            - (OLD.last_seen_ms > 0 AND OLD.failing + OLD.errors = 0 AND OLD.judged_rules < max(1, required_rules))
        WHERE id = 1;
      END;

      -- Stale current rows of the old ingest, closed now as the one-state rule would have (the count, clause and
      -- judged triggers follow the deletes). First the removals: a removal is never a current verdict.
      DELETE FROM current_findings
       WHERE status = 'pass' AND subject <> ''
         AND EXISTS (SELECT 1 FROM findings f WHERE f.device_id = current_findings.device_id
                       AND f.seq = current_findings.seq AND f.gone = 1);
      -- Then where an agent's (device, rule) holds both a whole-rule row and subject rows, the newer side stays:
      -- subject rows older than the whole-rule row close (it judged the rule after them), then the whole-rule
      -- row closes if a subject row is newer. Collector-made rows (seq < 0) never mix the two.
      DELETE FROM current_findings
       WHERE subject <> '' AND seq > 0
         AND seq < (SELECT w.seq FROM current_findings w WHERE w.device_id = current_findings.device_id
                      AND w.rule_id = current_findings.rule_id AND w.subject = '' AND w.seq > 0);
      DELETE FROM current_findings
       WHERE subject = '' AND seq > 0
         AND EXISTS (SELECT 1 FROM current_findings s WHERE s.device_id = current_findings.device_id
                       AND s.rule_id = current_findings.rule_id AND s.subject <> '' AND s.seq > current_findings.seq);

      -- No rule is required yet: every seen device without a fail or error is not judged until the collector
      -- says which rules its policy requires.
      UPDATE fleet_summary SET not_judged =
        (SELECT count(*) FROM devices WHERE last_seen_ms > 0 AND failing + errors = 0) WHERE id = 1;
    `,
  },
  {
    version: 8,
    description:
      'audit chain format 2 (the stored detail text is hashed) from a recorded position; audit seals',
    sql: `
      -- Records before canonical_from were chained by the first release (format 1: the parsed detail hashed);
      -- from it on the stored detail text itself is hashed (format 2, store/audit-hash.ts). One row, written
      -- once here: the position the next record will take.
      CREATE TABLE audit_format (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        canonical_from INTEGER NOT NULL
      );
      INSERT INTO audit_format (id, canonical_from) SELECT 1, COALESCE(MAX(position), 0) + 1 FROM audit;
      CREATE TRIGGER audit_format_no_update BEFORE UPDATE ON audit_format BEGIN
        SELECT RAISE(ABORT, 'the audit format boundary is written once');
      END;
      CREATE TRIGGER audit_format_no_delete BEFORE DELETE ON audit_format BEGIN
        SELECT RAISE(ABORT, 'the audit format boundary is written once');
      END;

      -- Signed statements of the chain head (audit/seal.ts): by an auditor (shoumictl audit seal) or by the
      -- collector's own seal key. Append-only like the trail.
      CREATE TABLE audit_seals (
        id INTEGER PRIMARY KEY,
        signer_kind TEXT NOT NULL CHECK (signer_kind IN ('auditor', 'collector')),
        position INTEGER NOT NULL,
        statement TEXT NOT NULL,
        signature TEXT NOT NULL,
        certificate TEXT NOT NULL,
        stored_at_ms INTEGER NOT NULL
      );
      CREATE INDEX audit_seals_by_position ON audit_seals (signer_kind, position);
      CREATE TRIGGER audit_seals_no_update BEFORE UPDATE ON audit_seals BEGIN
        SELECT RAISE(ABORT, 'audit seals are append-only');
      END;
      CREATE TRIGGER audit_seals_no_delete BEFORE DELETE ON audit_seals BEGIN
        SELECT RAISE(ABORT, 'audit seals are append-only');
      END;
    `,
  },
  {
    version: 9,
    description: "findings carry their reason's catalogue code and parameters",
    sql: `
      -- The reason as data (policies/messages/reason.ts), shown in the reader's language; reason stays the
      -- English text. The content of current findings is read from this table by (device_id, seq), so
      -- current and history both carry the code. Rows stored before have '' and '{}': they are shown by reason.
      ALTER TABLE findings ADD COLUMN reason_code TEXT NOT NULL DEFAULT '';
      ALTER TABLE findings ADD COLUMN reason_params TEXT NOT NULL DEFAULT '{}';
    `,
  },
  {
    version: 10,
    description: 'one asset number, one device: an index on asset numbers and triggers refusing a clash',
    // Triggers, not a UNIQUE index, so that a database already holding a clash migrates (asset-number-triggers.ts).
    sql: ASSET_NUMBER_TRIGGERS_SQL,
  },
  {
    version: 11,
    description: "the fleet's counts at the end of each day, for the console's compliance trend",
    sql: `
      -- One row per day in the collector's time zone (YYYY-MM-DD), rewritten every few minutes while the
      -- collector runs (compliance-trend-job.ts), so the last write of a day is its end-of-day figure. Days
      -- the collector did not run have no row; nothing is ever interpolated. by_clause: JSON
      -- [{"clause","failingDevices","failingFindings"}], sorted by clause (compliance-days.ts owns the format).
      CREATE TABLE compliance_days (
        day TEXT PRIMARY KEY NOT NULL,
        devices INTEGER NOT NULL,
        compliant INTEGER NOT NULL,
        failing INTEGER NOT NULL,
        not_judged INTEGER NOT NULL,
        never_seen INTEGER NOT NULL,
        silent INTEGER NOT NULL,
        by_clause TEXT NOT NULL,
        recorded_at_ms INTEGER NOT NULL
      ) WITHOUT ROWID;
    `,
  },
  {
    version: 12,
    description:
      "the device list's filters and totals at 100,000 devices: a covering index, open findings by rule",
    sql: `
      -- The console's device list counts its matches over all pages under any filter of state, last seen,
      -- status, level, department or search (ListDevices total). Without this index each count read every
      -- device row (hardware facts and all) or, by devices_by_last_seen, looked each row up at random: 0.4 s
      -- at 32,000 devices. Every column those filters read is here, so a count walks this index alone, and a
      -- page finds its device ids in it before reading those rows (sqlite/devices.ts listDevices).
      CREATE INDEX devices_listing ON devices
        (last_seen_ms, failing, errors, judged_rules, status, classification, department, asset_number, hostname,
         device_id);
      -- Devices failing a rule: its open findings only, in device order (current_findings_by_rule holds every
      -- verdict of the rule, one per device of the fleet, and would look up each one's status).
      CREATE INDEX current_findings_open_by_rule ON current_findings (rule_id, device_id)
        WHERE status IN ('fail', 'error');
    `,
  },
  {
    version: 13,
    description:
      'the audit trail read by actor or by action in position order (console and audit list filters)',
    sql: `
      -- A filter by actor or action pages by position: without these, a rare actor means a scan of the whole
      -- trail for each page (about a second at a million records). Times have no index: a range read in
      -- position order would sort the whole range; they are checked on the position scan.
      CREATE INDEX audit_by_actor ON audit (actor, position);
      CREATE INDEX audit_by_action ON audit (action, position);
    `,
  },
  {
    version: 14,
    description: 'write generations: what a collector keeps in memory is checked against the database',
    sql: `
      -- A memory of the store (the ledger slices) is kept per generation: every write that changes what it
      -- remembers increments its row in the same transaction, and each read compares one row, so a second
      -- process writing the same file (or a second collector on PostgreSQL) cannot leave it stale
      -- (write-generations.ts). IF NOT EXISTS: a database taken back to an older version by hand migrates again.
      CREATE TABLE IF NOT EXISTS write_generations (
        name TEXT PRIMARY KEY NOT NULL,
        generation INTEGER NOT NULL
      ) WITHOUT ROWID;
      INSERT OR IGNORE INTO write_generations (name, generation) VALUES ('ledger_slices', 0);
    `,
  },
  {
    version: 15,
    description:
      "current findings' device counts: a pass or a not-applicable no longer rewrites the device list's index",
    sql: `
      -- The count triggers of schema 1 set all four counters for every row that enters or leaves
      -- current_findings. SQLite rewrites an index entry whenever an UPDATE sets one of its columns, changed or
      -- not, and failing and errors are in devices_listing (schema 12, ten columns): every new pass rewrote the
      -- device's entry there, and fired devices_fleet_update's WHEN. One trigger per kind of verdict instead,
      -- each setting only its own counters: a pass or a not-applicable touches only the device row (bench:load,
      -- issue 17: at 10,000 devices an update setting all four took 2-3 times as long). Same counts.
      -- IF [NOT] EXISTS: a database taken back to an older version by hand migrates again.
      DROP TRIGGER IF EXISTS current_findings_count_insert;
      DROP TRIGGER IF EXISTS current_findings_count_delete;
      CREATE TRIGGER IF NOT EXISTS current_findings_count_insert_open AFTER INSERT ON current_findings
      WHEN NEW.status IN ('fail', 'error') BEGIN
        UPDATE devices SET
          failing = failing + (NEW.status = 'fail'),
          errors = errors + (NEW.status = 'error')
        WHERE device_id = NEW.device_id;
      END;
      CREATE TRIGGER IF NOT EXISTS current_findings_count_insert_closed AFTER INSERT ON current_findings
      WHEN NEW.status NOT IN ('fail', 'error') BEGIN
        UPDATE devices SET
          passing = passing + (NEW.status = 'pass'),
          not_applicable = not_applicable + (NEW.status = 'not_applicable')
        WHERE device_id = NEW.device_id;
      END;
      CREATE TRIGGER IF NOT EXISTS current_findings_count_delete_open AFTER DELETE ON current_findings
      WHEN OLD.status IN ('fail', 'error') BEGIN
        UPDATE devices SET
          failing = failing - (OLD.status = 'fail'),
          errors = errors - (OLD.status = 'error')
        WHERE device_id = OLD.device_id;
      END;
      CREATE TRIGGER IF NOT EXISTS current_findings_count_delete_closed AFTER DELETE ON current_findings
      WHEN OLD.status NOT IN ('fail', 'error') BEGIN
        UPDATE devices SET
          passing = passing - (OLD.status = 'pass'),
          not_applicable = not_applicable - (OLD.status = 'not_applicable')
        WHERE device_id = OLD.device_id;
      END;
    `,
  },
];

export const LATEST_SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]!.version;

export type MigrationOutcome =
  | { kind: 'migrated'; fromVersion: number; toVersion: number }
  | { kind: 'too-new'; error: SchemaTooNewError };

export async function migrate(connection: SqliteConnection, file: string): Promise<MigrationOutcome> {
  const fromVersion = await schemaVersion(connection);
  if (fromVersion > LATEST_SCHEMA_VERSION) {
    return { kind: 'too-new', error: new SchemaTooNewError(file, fromVersion, LATEST_SCHEMA_VERSION) };
  }
  for (const migration of MIGRATIONS) {
    if (migration.version <= fromVersion) continue;
    await connection.run('BEGIN IMMEDIATE');
    try {
      // Re-read under the write lock: another process may have migrated between our read and BEGIN.
      if ((await schemaVersion(connection)) >= migration.version) {
        await connection.run('ROLLBACK');
        continue;
      }
      await connection.exec(migration.sql);
      await connection.exec(`PRAGMA user_version = ${migration.version}`);
      await connection.run('COMMIT');
    } catch (error) {
      await connection.run('ROLLBACK').catch(() => undefined);
      throw new Error(`schema migration ${migration.version} (${migration.description}) failed`, {
        cause: error,
      });
    }
  }
  return { kind: 'migrated', fromVersion, toVersion: LATEST_SCHEMA_VERSION };
}

export async function schemaVersion(connection: SqliteConnection): Promise<number> {
  const row = await connection.get<{ user_version: number }>('PRAGMA user_version');
  return row?.user_version ?? 0;
}
