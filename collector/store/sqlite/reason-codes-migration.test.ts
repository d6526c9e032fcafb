// Schema 9 on a database schema 8 left: every finding stored before keeps its English reason and reads back
// with no code (shown by that reason); findings stored after carry theirs.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { findingOf } from '../store-fixtures';
import { openConnection } from './connection';
import { openSqliteStore } from './index';
import { LATEST_SCHEMA_VERSION, MIGRATIONS } from './migrations';

describe('schema 9: reason codes', () => {
  let directory: string;
  let file: string;
  beforeEach(async () => {
    directory = await mkdtemp(join(tmpdir(), 'shoumi-reason-codes-'));
    file = join(directory, 'collector.db');
  });
  afterEach(async () => {
    await rm(directory, { recursive: true, force: true });
  });

  it('keeps the rows of a version-8 database, with no code, and stores codes from then on', async () => {
    const old = await openConnection(file, 'read-write');
    for (const migration of MIGRATIONS.filter((m) => m.version <= 8)) await old.exec(migration.sql);
    await old.exec('PRAGMA user_version = 8');
    // A device and one finding as schema 8's ingest wrote them (its columns, by hand).
    await old.run(
      "INSERT INTO devices (device_id, hostname, first_seen_ms, last_seen_ms) VALUES ('dev-a', 'ws-1', 1, 1)",
    );
    await old.run(
      `INSERT INTO findings (device_id, seq, rule_id, clause, subject, status, severity, evidence, reason,
         observed_at_ms, sweep_id, received_at_ms, gone)
       VALUES ('dev-a', 1, 'usb', '3.7.4', 'stick', 'fail', 'high', '{}', 'unregistered stick', 5, '', 6, 0)`,
    );
    await old.run(
      `INSERT INTO current_findings (device_id, rule_id, subject, seq, status, clause)
       VALUES ('dev-a', 'usb', 'stick', 1, 'fail', '3.7.4')`,
    );
    await old.run("UPDATE devices SET last_seq = 1 WHERE device_id = 'dev-a'");
    await old.close();

    const store = await openSqliteStore(file);
    try {
      const oldRow = {
        seq: 1,
        ruleId: 'usb',
        subject: 'stick',
        status: 'fail',
        reason: 'unregistered stick',
        receivedAtMs: 6,
      };
      const current = await store.listFindings({ deviceId: 'dev-a', limit: 10 });
      const history = await store.listFindings({ deviceId: 'dev-a', history: true, limit: 10 });
      for (const page of [current, history]) {
        expect(page.findings).toHaveLength(1);
        expect(page.findings[0]).toMatchObject(oldRow);
        expect('reasonCode' in page.findings[0]!).toBe(false);
      }

      await store.recordFindings(
        'dev-a',
        [
          findingOf(2, {
            ruleId: 'usb',
            subject: 'stick',
            reason: 'unregistered stick',
            reasonCode: 'usb.unregistered-medium',
            reasonParams: { device: 'stick' },
          }),
        ],
        10,
      );
      const after = await store.listFindings({ deviceId: 'dev-a', limit: 10 });
      expect(after.findings).toMatchObject([
        { seq: 2, reasonCode: 'usb.unregistered-medium', reasonParams: { device: 'stick' } },
      ]);
    } finally {
      await store.close();
    }

    const reader = await openConnection(file, 'read-only');
    try {
      expect((await reader.get<{ user_version: number }>('PRAGMA user_version'))?.user_version).toBe(
        LATEST_SCHEMA_VERSION,
      );
      // As stored: the old row with the columns' defaults, the new one with its code and JSON parameters.
      expect(await reader.all('SELECT seq, reason_code, reason_params FROM findings ORDER BY seq')).toEqual([
        { seq: 1, reason_code: '', reason_params: '{}' },
        { seq: 2, reason_code: 'usb.unregistered-medium', reason_params: '{"device":"stick"}' },
      ]);
    } finally {
      await reader.close();
    }
  });
});
