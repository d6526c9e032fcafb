// The tables every role of the PostgreSQL store stands on: devices (one row per device: the agent's facts,
// the ledger fields, per-device counters), their history, the required rules and the audit chain. Other roles' tables are in their own
// schema-*.ts files; migrations.ts applies them in order.
export const CORE_SCHEMA: readonly string[] = [
  `CREATE TABLE devices (
     device_id TEXT PRIMARY KEY,
     hostname TEXT NOT NULL DEFAULT '',
     hardware TEXT,
     agent_version TEXT NOT NULL DEFAULT '',
     policy_version TEXT NOT NULL DEFAULT '',
     first_seen_ms BIGINT NOT NULL DEFAULT 0,
     last_seen_ms BIGINT NOT NULL DEFAULT 0,
     asset_number TEXT NOT NULL DEFAULT '',
     classification TEXT CHECK (classification IN ('top_secret', 'confidential', 'secret', 'non_classified')),
     responsible_person TEXT NOT NULL DEFAULT '',
     department TEXT NOT NULL DEFAULT '',
     location TEXT NOT NULL DEFAULT '',
     status TEXT NOT NULL DEFAULT 'in_service' CHECK (status IN ('in_service', 'under_repair', 'retired')),
     allowed_networks TEXT NOT NULL DEFAULT '[]',
     last_seq BIGINT NOT NULL DEFAULT 0,
     failing INTEGER NOT NULL DEFAULT 0,
     errors INTEGER NOT NULL DEFAULT 0,
     passing INTEGER NOT NULL DEFAULT 0,
     not_applicable INTEGER NOT NULL DEFAULT 0,
     judged_rules INTEGER NOT NULL DEFAULT 0
   )`,
  'CREATE INDEX devices_by_department ON devices (department, device_id)',
  'CREATE INDEX devices_by_classification ON devices (classification, device_id)',
  'CREATE INDEX devices_by_last_seen ON devices (last_seen_ms)',
  // One asset number, one device: the database refuses the second, whichever collector writes it.
  `CREATE UNIQUE INDEX devices_asset_number_unique ON devices (asset_number) WHERE asset_number <> ''`,
  // One row per changed ledger field or hardware fact, pointing at the audit record that says who and why.
  `CREATE TABLE ledger_history (
     change_id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
     device_id TEXT NOT NULL REFERENCES devices (device_id),
     at_ms BIGINT NOT NULL,
     actor TEXT NOT NULL,
     field TEXT NOT NULL,
     old_value TEXT,
     new_value TEXT,
     audit_position BIGINT NOT NULL
   )`,
  'CREATE INDEX ledger_history_by_device ON ledger_history (device_id, change_id)',
  // The rules every device must hold a current verdict for before it may count as compliant.
  'CREATE TABLE required_rules (rule_id TEXT PRIMARY KEY)',
  `CREATE TABLE audit (
     position BIGINT PRIMARY KEY,
     at_ms BIGINT NOT NULL,
     actor TEXT NOT NULL,
     source TEXT NOT NULL,
     action TEXT NOT NULL,
     target TEXT NOT NULL,
     detail TEXT NOT NULL,
     outcome TEXT NOT NULL CHECK (outcome IN ('allowed', 'refused')),
     algorithm TEXT NOT NULL,
     previous_hash TEXT NOT NULL,
     hash TEXT NOT NULL UNIQUE
   )`,
  'CREATE INDEX audit_by_actor ON audit (actor, position)',
  'CREATE INDEX audit_by_action ON audit (action, position)',
  // Every record of a PostgreSQL trail is chain format 2 (audit-hash.ts): the boundary is position 1.
  `CREATE TABLE audit_format (
     id INTEGER PRIMARY KEY CHECK (id = 1),
     canonical_from BIGINT NOT NULL
   )`,
  'INSERT INTO audit_format (id, canonical_from) VALUES (1, 1)',
  // Append-only, as on SQLite: an UPDATE or DELETE of a record is refused by the database itself.
  `CREATE FUNCTION shoumi_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
   BEGIN
     RAISE EXCEPTION '% is append-only', TG_TABLE_NAME;
   END
   $$`,
  `CREATE TRIGGER audit_append_only BEFORE UPDATE OR DELETE ON audit
     FOR EACH ROW EXECUTE FUNCTION shoumi_refuse_change()`,
  `CREATE TRIGGER audit_format_fixed BEFORE UPDATE OR DELETE ON audit_format
     FOR EACH ROW EXECUTE FUNCTION shoumi_refuse_change()`,
];
