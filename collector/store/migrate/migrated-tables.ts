// Which table of a SQLite collector store becomes which table of the PostgreSQL store, and why every other
// table of either side is not copied: the one home of that correspondence (`shoumi-collector migrate`).
//
// Columns are matched by name at run time (PRAGMA table_info against pg_attribute): a column present on one
// side only makes the migration refuse, naming it, rather than drop or invent a value. Keys come from
// SQLite's own primary keys. A table of either side that is named nowhere below makes it refuse too, so a
// schema change on one side cannot be forgotten here silently.

export interface CopiedTable {
  /** The same name on both sides. */
  table: string;
  /** Columns that are 0/1 INTEGERs on SQLite and BOOLEAN on PostgreSQL. */
  booleans?: readonly string[];
}

/**
 * Copied row for row, in this order (referenced tables before those that reference them: dispositions and
 * sweep_targets name audit positions, devices and sweeps). The audit chain is copied as stored, hashes and
 * all: it is verified on the other side, never re-chained.
 */
export const COPIED_TABLES: readonly CopiedTable[] = [
  { table: 'audit' },
  { table: 'audit_seals' },
  { table: 'devices' },
  { table: 'ledger_history' },
  { table: 'required_rules' },
  { table: 'media' },
  { table: 'medium_sightings' },
  { table: 'printer_sightings' },
  { table: 'findings', booleans: ['gone'] },
  { table: 'current_findings' },
  { table: 'finding_refusals' },
  { table: 'dispositions', booleans: ['completed'] },
  { table: 'compliance_days' },
  { table: 'sweep_schedules' },
  { table: 'sweeps' },
  { table: 'sweep_targets' },
  { table: 'enrolment_tokens' },
  { table: 'certificates' },
];

/** On both sides, but one row each that is carried over by its own rule, not by the row copy. */
export const CARRIED_BY_RULE: Readonly<Record<string, string>> = {
  audit_format:
    "the first position of chain format 2: PostgreSQL's migration writes 1 (a new trail); a store begun by " +
    "the first release recorded a later one, and that boundary is written over it, or the old records' " +
    'format-1 hashes would not verify',
  write_generations:
    "a counter per memory a collector keeps of the store: PostgreSQL's starts at 0 and no collector has " +
    'remembered anything of the new database yet, so nothing is carried',
};

/** On SQLite only: kept by triggers there, counted at read time on PostgreSQL (postgres/fleet-counts.ts). */
export const SQLITE_ONLY: Readonly<Record<string, string>> = {
  fleet_summary:
    'the fleet totals: PostgreSQL sums device_state_counts (kept by triggers on devices) when asked (no hot row)',
  clause_device_open: 'open findings per clause and device: PostgreSQL reads its partial index of open rows',
  clause_summary: 'failing devices per clause: PostgreSQL counts them from the open current findings',
};

/** On PostgreSQL only: rebuilt from what was copied, or must still be empty. */
export const POSTGRES_ONLY: Readonly<Record<string, string>> = {
  collector_finding_seqs:
    "rebuilt: each device's lowest collector-made seq, which SQLite reads as min(seq) of its findings",
  device_state_counts:
    'devices per state, sharded per connection: kept by triggers on devices, so filled as the devices are copied and recounted',
  cluster_key: 'the operator key check: written by `cluster upload` after the migration',
  cluster_files: 'the sealed CA, policy and settings: written by `cluster upload` after the migration',
  coordination_slots: "run-once slots of running collectors' jobs: none ran on the new database yet",
  collectors: 'collectors alive on the database: none may run on it during the migration',
  live_streams: "agents' streams held by collectors: none yet",
  schema_migrations: "PostgreSQL's schema version, written by its migrations",
};

/** Where PostgreSQL's migration leaves rows of its own: not shoumi data, and not a reason to refuse. */
export const SEEDED_BY_SCHEMA = ['audit_format', 'write_generations', 'schema_migrations'] as const;

/** Every PostgreSQL table that must hold nothing before the copy: all but those seeded by the schema. */
export function tablesThatMustBeEmpty(): string[] {
  const seeded = new Set<string>(SEEDED_BY_SCHEMA);
  return [
    ...COPIED_TABLES.map((copied) => copied.table),
    ...Object.keys(CARRIED_BY_RULE),
    ...Object.keys(POSTGRES_ONLY),
  ].filter((table) => !seeded.has(table));
}

/** Tables of one side that this module does not name: the migration refuses while there are any. */
export function unknownTables(side: 'sqlite' | 'postgres', tables: readonly string[]): string[] {
  const known = new Set<string>([
    ...COPIED_TABLES.map((copied) => copied.table),
    ...Object.keys(CARRIED_BY_RULE),
    ...Object.keys(side === 'sqlite' ? SQLITE_ONLY : POSTGRES_ONLY),
  ]);
  return tables.filter((table) => !known.has(table)).sort();
}
