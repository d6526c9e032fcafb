// A trail written by the first release (chain format 1: the parsed detail hashed, the detail stored as
// JSON.stringify of it) still verifies after the upgrade, continued by format-2 records from the boundary
// migration 8 recorded. What format 1 can and cannot show, pinned: a repeated key, a "__proto__" member or
// padding in a format-1 record is refused (its text is not JSON.stringify of its own parse, or the member
// vanished from the old hash); a reordered key is NOT caught there — the old hash never covered key order —
// and docs/AUDIT-TRAIL.md says so. The previous release's store is built with its own migrations and its
// own hashing (legacy-audit-hash.ts is that code, frozen).
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { initPki } from '../pki/pki-init';
import { GENESIS_PREVIOUS_HASH } from '../store/audit-hash';
import { legacyAuditRecordHash } from '../store/legacy-audit-hash';
import { openSqliteStore } from '../store/sqlite';
import { openConnection } from '../store/sqlite/connection';
import { MIGRATIONS } from '../store/sqlite/migrations';
import { storeFileOf, verifyDataDir } from './verify-data-dir';

const LEGACY_RECORDS = 5;

/** A data directory as release 1 left it: schema 7, five format-1 records. */
async function releaseOneDataDir(): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'shoumi-legacy-'));
  await initPki({ dataDir: dir });
  const old = await openConnection(storeFileOf(dir), 'read-write');
  for (const migration of MIGRATIONS.filter((m) => m.version <= 7)) await old.exec(migration.sql);
  await old.exec('PRAGMA user_version = 7');
  let previousHash = GENESIS_PREVIOUS_HASH;
  for (let position = 1; position <= LEGACY_RECORDS; position++) {
    const content = {
      position,
      atMs: 1_700_000_000_000 + position,
      actor: 'collector',
      source: 'local',
      action: 'ledger.updated',
      target: `PC-${position}`,
      // Written in insertion order, not sorted: release 1 stored JSON.stringify of the detail as built.
      detail: { note: `第 ${position} 条`, changed: ['department'], index: position },
      outcome: 'allowed' as const,
    };
    const hash = legacyAuditRecordHash('sha256', previousHash, content);
    await old.run(
      `INSERT INTO audit (position, at_ms, actor, source, action, target, detail, outcome, algorithm,
         previous_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [
        position,
        content.atMs,
        content.actor,
        content.source,
        content.action,
        content.target,
        JSON.stringify(content.detail),
        content.outcome,
        'sha256',
        previousHash,
        hash,
      ],
    );
    previousHash = hash;
  }
  await old.close();
  return dir;
}

async function upgradedWithNewRecords(): Promise<string> {
  const dir = await releaseOneDataDir();
  const store = await openSqliteStore(storeFileOf(dir));
  try {
    expect(await store.auditFormatBoundary()).toBe(LEGACY_RECORDS + 1);
    for (let index = 0; index < 3; index++) {
      await store.appendAudit(
        {
          actor: 'collector',
          source: 'local',
          action: 'collector.started',
          target: dir,
          detail: { z: 1, a: index },
          outcome: 'allowed',
        },
        1_800_000_000_000 + index,
      );
    }
  } finally {
    await store.close();
  }
  return dir;
}

async function setDetail(dir: string, position: number, detail: string) {
  const db = await openConnection(storeFileOf(dir), 'read-write');
  await db.exec('DROP TRIGGER IF EXISTS audit_no_update');
  await db.run('UPDATE audit SET detail = ? WHERE position = ?', [detail, position]);
  await db.close();
}

const LEGACY_TEXT_3 = '{"note":"第 3 条","changed":["department"],"index":3}';

describe('a release-1 trail after the upgrade', () => {
  it('verifies: format 1 up to the boundary, format 2 (canonical text) after it', async () => {
    const dir = await upgradedWithNewRecords();
    expect(await verifyDataDir(dir)).toMatchObject({ ok: true, recordsChecked: LEGACY_RECORDS + 3 });
  });

  it.each([
    ['a repeated key', '{"note":"nothing happened","note":"第 3 条","changed":["department"],"index":3}'],
    ['a "__proto__" member', '{"__proto__":{"x":1},"note":"第 3 条","changed":["department"],"index":3}'],
    ['padding', '{"note": "第 3 条","changed":["department"],"index":3}'],
  ])('refuses %s in a format-1 record', async (_name, text) => {
    const dir = await upgradedWithNewRecords();
    await setDetail(dir, 3, text);
    expect((await verifyDataDir(dir)).problem).toMatchObject({ position: 3, kind: 'non-canonical-detail' });
  });

  it('cannot see a reordered key in a format-1 record (the old hash never covered order): documented', async () => {
    const dir = await upgradedWithNewRecords();
    await setDetail(dir, 3, '{"index":3,"note":"第 3 条","changed":["department"]}');
    expect((await verifyDataDir(dir)).ok).toBe(true);
    // The same reorder in a format-2 record is caught.
    await setDetail(dir, LEGACY_RECORDS + 1, '{"z":1,"a":0}');
    expect((await verifyDataDir(dir)).problem).toMatchObject({
      position: LEGACY_RECORDS + 1,
      kind: 'non-canonical-detail',
    });
  });

  it('a format-1 record text is what release 1 wrote', async () => {
    const dir = await upgradedWithNewRecords();
    const store = await openSqliteStore(storeFileOf(dir));
    try {
      const [third] = await store.readAuditRecords({ afterPosition: 2, limit: 1 });
      expect(third!.detailJson).toBe(LEGACY_TEXT_3);
    } finally {
      await store.close();
    }
  });
});
