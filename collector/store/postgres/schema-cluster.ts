// The cluster's shared files (collector/cluster/cluster-vault.ts), sealed under the operator key, and the
// check that recognises that key. Only sealed bytes are kept: a dump of the database opens nothing.
export const CLUSTER_SCHEMA: readonly string[] = [
  `CREATE TABLE cluster_key (
     id INTEGER PRIMARY KEY CHECK (id = 1),
     key_check TEXT NOT NULL,
     created_at_ms BIGINT NOT NULL
   )`,
  `CREATE TABLE cluster_files (
     name TEXT PRIMARY KEY,
     version BIGINT NOT NULL,
     sealed BYTEA NOT NULL,
     bytes INTEGER NOT NULL,
     updated_at_ms BIGINT NOT NULL,
     updated_by TEXT NOT NULL
   )`,
];
