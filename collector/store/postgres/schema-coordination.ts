// Tables of the coordination port on PostgreSQL (collector/coordination/postgres-coordination.ts): what
// several collectors on one database must agree on and what no collector may keep only in its memory.
// Times are the database's clock (epoch ms): collectors on different hosts judge each other's heartbeats
// by one clock, never by their own.
export const COORDINATION_SCHEMA: readonly string[] = [
  // Run-once slots of fleet jobs (a schedule's fire at one instant): the first INSERT wins, the row stays so
  // that a restarted collector does not fire the slot again; pruned after the retention.
  `CREATE TABLE coordination_slots (
     job TEXT NOT NULL,
     slot TEXT NOT NULL,
     collector_id TEXT NOT NULL,
     claimed_at_ms BIGINT NOT NULL,
     PRIMARY KEY (job, slot)
   )`,
  'CREATE INDEX coordination_slots_by_age ON coordination_slots (claimed_at_ms)',
  // The collectors alive now: a row whose heartbeat is older than the lease is a collector presumed gone.
  `CREATE TABLE collectors (
     collector_id TEXT PRIMARY KEY,
     started_at_ms BIGINT NOT NULL,
     heartbeat_at_ms BIGINT NOT NULL
   )`,
  // Which collector holds each device's live stream (one per device across collectors: the newest claim
  // wins). superseded_collector_id is whom the last claim took the stream from, so that the claim and the
  // reading of the previous holder are one statement (two collectors claiming at once cannot both miss it).
  `CREATE TABLE live_streams (
     device_id TEXT PRIMARY KEY,
     collector_id TEXT NOT NULL,
     claimed_at_ms BIGINT NOT NULL,
     superseded_collector_id TEXT
   )`,
  'CREATE INDEX live_streams_by_collector ON live_streams (collector_id)',
];
