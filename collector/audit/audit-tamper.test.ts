// Tamper tests against a real SQLite file, the collector stopped: an attacker with file access opens the
// store with the sqlite3 module, drops the append-only triggers and edits, deletes, swaps or rewrites audit
// rows. Verification must name the first broken record each time; a digest printed before a consistent
// whole-chain rewrite must expose it.
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import sqlite3 from 'sqlite3';
import { describe, expect, it } from 'vitest';
import { initPki } from '../pki/pki-init';
import {
  type AuditHashAlgorithm,
  auditRecordHash,
  GENESIS_PREVIOUS_HASH,
  preferredAuditHashAlgorithm,
} from '../store/audit-hash';
import type { AuditRow } from '../store/audit-row';
import { canonicalJson } from '../store/canonical-json';
import { openSqliteStore } from '../store/sqlite';
import { digestOf, formatDigest, parseDigest } from './digest';
import { headOfDataDir, storeFileOf, verifyDataDir } from './verify-data-dir';

const RECORDS = 12;

/** A stopped collector's data directory holding RECORDS audit records. */
async function dataDirWithTrail(): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'shoumi-audit-'));
  await initPki({ dataDir: dir });
  const store = await openSqliteStore(storeFileOf(dir));
  for (let index = 1; index <= RECORDS; index++) {
    await store.appendAudit(
      {
        actor: 'admin@loopback',
        source: 'ipv4:127.0.0.1:5000',
        action: index % 2 ? 'ledger.updated' : 'medium.registered',
        target: `PC-${index}`,
        detail: { index, note: `第 ${index} 条 record` },
        outcome: 'allowed',
      },
      1_700_000_000_000 + index * 1000,
    );
  }
  await store.close();
  return dir;
}

/** The attacker: raw SQL on the file, with the append-only triggers dropped first. */
async function tamper(dir: string, sql: string, params: unknown[] = []): Promise<void> {
  const db = new sqlite3.Database(storeFileOf(dir));
  const exec = (text: string) =>
    new Promise<void>((resolve, reject) => db.exec(text, (error) => (error ? reject(error) : resolve())));
  const run = (text: string, values: unknown[]) =>
    new Promise<void>((resolve, reject) =>
      db.run(text, values, (error) => (error ? reject(error) : resolve())),
    );
  try {
    await exec('DROP TRIGGER IF EXISTS audit_no_update; DROP TRIGGER IF EXISTS audit_no_delete;');
    await run(sql, params);
  } finally {
    await new Promise<void>((resolve) => db.close(() => resolve()));
  }
}

/** A stored audit row, read straight from the file to tamper with. */
type Row = AuditRow & { algorithm: AuditHashAlgorithm };

async function allRows(dir: string): Promise<Row[]> {
  const db = new sqlite3.Database(storeFileOf(dir), sqlite3.OPEN_READONLY);
  try {
    return await new Promise<Row[]>((resolve, reject) =>
      db.all<Row>('SELECT * FROM audit ORDER BY position', (error, rows) =>
        error ? reject(error) : resolve(rows),
      ),
    );
  } finally {
    await new Promise<void>((resolve) => db.close(() => resolve()));
  }
}

describe('audit chain verification on a real SQLite file', () => {
  it('an untouched trail verifies: every record checked, the head named', async () => {
    const dir = await dataDirWithTrail();
    const verdict = await verifyDataDir(dir);
    expect(verdict).toMatchObject({ ok: true, recordsChecked: RECORDS, headPosition: RECORDS });
    expect(verdict.headAlgorithm).toBe(preferredAuditHashAlgorithm());
    expect(verdict.headHash).toBe((await allRows(dir)).at(-1)!.hash);
    expect(verdict.problem).toBeUndefined();
  });

  it('the triggers refuse edits as long as they are there (the attacker must drop them)', async () => {
    const dir = await dataDirWithTrail();
    const db = new sqlite3.Database(storeFileOf(dir));
    const error = await new Promise<Error | null>((resolve) =>
      db.run("UPDATE audit SET target = 'x' WHERE position = 3", (failure) => resolve(failure)),
    );
    await new Promise<void>((resolve) => db.close(() => resolve()));
    expect(error?.message).toMatch(/append-only/);
  });

  it('one edited detail: verify names that position, content edited', async () => {
    const dir = await dataDirWithTrail();
    await tamper(dir, 'UPDATE audit SET detail = ? WHERE position = 5', [
      '{"index":5,"note":"nothing happened"}',
    ]);
    const verdict = await verifyDataDir(dir);
    expect(verdict.ok).toBe(false);
    expect(verdict.problem).toMatchObject({ position: 5, kind: 'hash-mismatch' });
    expect(verdict.problem!.message).toMatch(/record 5: hash does not match its content/);
    expect(verdict.recordsChecked).toBe(4);
  });

  it('one deleted row: verify names the position after the gap', async () => {
    const dir = await dataDirWithTrail();
    await tamper(dir, 'DELETE FROM audit WHERE position = 7');
    const verdict = await verifyDataDir(dir);
    expect(verdict.problem).toMatchObject({ position: 8, kind: 'gap' });
    expect(verdict.problem!.message).toMatch(/record\(s\) 7 missing before position 8/);
  });

  it('the first row deleted: the chain no longer starts at 1', async () => {
    const dir = await dataDirWithTrail();
    await tamper(dir, 'DELETE FROM audit WHERE position = 1');
    expect((await verifyDataDir(dir)).problem).toMatchObject({ position: 2, kind: 'gap' });
  });

  it('two rows deleted and the rest renumbered down: the broken link is named', async () => {
    const dir = await dataDirWithTrail();
    await tamper(dir, 'DELETE FROM audit WHERE position IN (4, 5)');
    await tamper(dir, 'UPDATE audit SET position = position - 2 WHERE position > 5');
    const verdict = await verifyDataDir(dir);
    // Position 4 now holds old record 6: its previous_hash points at the deleted record 5.
    expect(verdict.problem).toMatchObject({ position: 4, kind: 'previous-hash-mismatch' });
  });

  it("two rows' contents swapped: verify names the first of them", async () => {
    const dir = await dataDirWithTrail();
    const rows = await allRows(dir);
    const columns = [
      'at_ms',
      'actor',
      'source',
      'action',
      'target',
      'detail',
      'outcome',
      'algorithm',
      'previous_hash',
      'hash',
    ] as const;
    // hash is UNIQUE: park row 9 out of the way first, as an attacker would.
    await tamper(dir, "UPDATE audit SET hash = 'parked' WHERE position = 9");
    const assign = columns.map((column) => `${column} = ?`).join(', ');
    const valuesOf = (row: Row) => columns.map((column) => row[column]);
    await tamper(dir, `UPDATE audit SET ${assign} WHERE position = 3`, valuesOf(rows[8]!));
    await tamper(dir, `UPDATE audit SET ${assign} WHERE position = 9`, valuesOf(rows[2]!));
    const verdict = await verifyDataDir(dir);
    expect(verdict.problem).toMatchObject({ position: 3, kind: 'previous-hash-mismatch' });
    expect(verdict.problem!.message).toMatch(/swapped or reordered/);
  });

  it('an unknown algorithm is named', async () => {
    const dir = await dataDirWithTrail();
    await tamper(dir, "UPDATE audit SET algorithm = 'md5' WHERE position = 6");
    expect((await verifyDataDir(dir)).problem).toMatchObject({ position: 6, kind: 'unknown-algorithm' });
  });

  it('a whole chain rewritten consistently passes alone, but not against a digest printed before', async () => {
    const dir = await dataDirWithTrail();
    const printed = formatDigest(digestOf((await headOfDataDir(dir))!, Date.now()));
    const digest = parseDigest(printed);
    expect(digest.position).toBe(RECORDS);
    expect((await verifyDataDir(dir, { digest })).ok).toBe(true);

    // The attacker rewrites record 4's detail and recomputes every hash from the start.
    const rows = await allRows(dir);
    rows[3]!.detail = canonicalJson({ index: 4, note: 'rewritten' });
    let previousHash = GENESIS_PREVIOUS_HASH;
    await tamper(dir, 'DELETE FROM audit');
    for (const row of rows) {
      const hash = auditRecordHash(row.algorithm, previousHash, {
        position: row.position,
        atMs: row.at_ms,
        actor: row.actor,
        source: row.source,
        action: row.action,
        target: row.target,
        detailJson: row.detail,
        outcome: row.outcome,
      });
      await tamper(
        dir,
        `INSERT INTO audit (position, at_ms, actor, source, action, target, detail, outcome, algorithm,
           previous_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        [
          row.position,
          row.at_ms,
          row.actor,
          row.source,
          row.action,
          row.target,
          row.detail,
          row.outcome,
          row.algorithm,
          previousHash,
          hash,
        ],
      );
      previousHash = hash;
    }

    expect(await verifyDataDir(dir)).toMatchObject({ ok: true, recordsChecked: RECORDS });
    const against = await verifyDataDir(dir, { digest });
    expect(against.ok).toBe(false);
    expect(against.problem).toMatchObject({ position: RECORDS, kind: 'digest-mismatch' });
    expect(against.problem!.message).toMatch(/the chain was rewritten/);
  });

  it('records cut from the end are caught by an earlier digest', async () => {
    const dir = await dataDirWithTrail();
    const digest = digestOf((await headOfDataDir(dir))!, Date.now());
    await tamper(dir, `DELETE FROM audit WHERE position > ${RECORDS - 2}`);
    expect((await verifyDataDir(dir)).ok).toBe(true);
    expect((await verifyDataDir(dir, { digest })).problem).toMatchObject({
      position: RECORDS,
      kind: 'digest-beyond-head',
    });
  });
});
