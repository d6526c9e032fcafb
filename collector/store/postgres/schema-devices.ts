// Tables of the devices role: the media ledger, which device saw which medium and printer, and the write
// generations that keep collectors' memories true (../ledger-slice-cache.ts). The devices and ledger_history
// tables themselves are core (schema-core.ts); the search indexes on devices are this role's (its listing).
import { ASCII_LOWER, ASCII_UPPER } from '../device-filter-rules';

export const DEVICES_SCHEMA: readonly string[] = [
  `CREATE TABLE media (
     vendor_id TEXT NOT NULL,
     product_id TEXT NOT NULL,
     serial TEXT NOT NULL,
     classification TEXT NOT NULL
       CHECK (classification IN ('top_secret', 'confidential', 'secret', 'non_classified')),
     status TEXT NOT NULL CHECK (status IN ('in_use', 'retired', 'lost')),
     asset_number TEXT NOT NULL,
     responsible_person TEXT NOT NULL,
     bound_device_ids TEXT NOT NULL DEFAULT '[]',
     bound_department TEXT NOT NULL DEFAULT '',
     note TEXT NOT NULL DEFAULT '',
     registered_at_ms BIGINT NOT NULL,
     updated_at_ms BIGINT NOT NULL,
     PRIMARY KEY (vendor_id, product_id, serial)
   )`,
  `CREATE TABLE medium_sightings (
     vendor_id TEXT NOT NULL,
     product_id TEXT NOT NULL,
     serial TEXT NOT NULL,
     device_id TEXT NOT NULL REFERENCES devices (device_id),
     first_seen_ms BIGINT NOT NULL,
     last_seen_ms BIGINT NOT NULL,
     PRIMARY KEY (vendor_id, product_id, serial, device_id)
   )`,
  // A device's media newest first (its page, the hello's cross-use re-judgement): read in index order.
  'CREATE INDEX medium_sightings_by_device ON medium_sightings (device_id, last_seen_ms)',
  `CREATE TABLE printer_sightings (
     -- The printer as the network knows it: scheme://host[:port] of the queue's device URI.
     printer TEXT NOT NULL,
     device_id TEXT NOT NULL REFERENCES devices (device_id),
     first_seen_ms BIGINT NOT NULL,
     last_seen_ms BIGINT NOT NULL,
     PRIMARY KEY (printer, device_id)
   )`,
  'CREATE INDEX printer_sightings_by_device ON printer_sightings (device_id)',
  // A row per memory a collector keeps of the store, incremented in the transaction of every write that
  // changes what it holds; each collector compares it before answering from memory (write-generations.ts).
  `CREATE TABLE write_generations (
     name TEXT PRIMARY KEY,
     generation BIGINT NOT NULL
   )`,
  "INSERT INTO write_generations (name, generation) VALUES ('ledger_slices', 0)",
  // The device list's search (part of an asset number or hostname, ASCII letters folded: device-filter.ts)
  // at 100,000 devices: without an index each page and each count folds and scans every row (2 s measured,
  // bench/ledger-slice-postgres.ts). Trigram indexes over the folded text answer LIKE '%…%' of 3 or more
  // characters. pg_trgm is one of PostgreSQL's own modules (Debian ships it with the server) and trusted: the
  // database's owner may create it.
  'CREATE EXTENSION IF NOT EXISTS pg_trgm',
  `CREATE INDEX devices_search_asset_number ON devices
     USING gin (translate(asset_number, '${ASCII_UPPER}', '${ASCII_LOWER}') gin_trgm_ops)`,
  `CREATE INDEX devices_search_hostname ON devices
     USING gin (translate(hostname, '${ASCII_UPPER}', '${ASCII_LOWER}') gin_trgm_ops)`,
];
