// What each seal catches, on real files: a stopped collector's data directory is edited with raw SQL (the
// append-only triggers dropped first, as an attacker would), then checked offline (`audit verify --data DIR`,
// with the auditor's identity for their own seal copies) and online (a real collector started on it over
// gRPC: it refuses to start on what its start-up check sees — seals, and the chain from the newest collector
// seal on — otherwise the auditor's VerifyAudit, which walks the whole chain, is asked with their own copies). The expected table is written by hand and is the one in docs/AUDIT-TRAIL.md:
//
//   column "none"      no seal was ever made: only the chain itself speaks;
//   column "collector" the collector sealed the head (seal table + seal file); the attacker edits the audit
//                      rows with SQL but holds no seal key (and, but for the last row, leaves the seals alone);
//   column "auditor"   the auditor sealed the head and keeps a copy; the attacker is root on the collector
//                      host: every tamper also deletes every stored seal and the seal file.
import { cp, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import sqlite3 from 'sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inProcessCollectorOn } from '../../test/support/sealed-trail-fixture';
import { prepareTrust } from '../../test/support/trust-fixture';
import { adminClient } from '../ctl/admin-client';
import { loadAdminIdentity } from '../ctl/admin-identity';
import { silentLogger } from '../logger';
import { loadCertificateAuthority } from '../pki/pki-files';
import { type AuditHashAlgorithm, auditRecordHash, GENESIS_PREVIOUS_HASH } from '../store/audit-hash';
import type { AuditRow } from '../store/audit-row';
import { canonicalJson } from '../store/canonical-json';
import { openSqliteStore } from '../store/sqlite';
import { collectorSealer } from './collector-sealer';
import { readLocalSeals, writeLocalSeal } from './local-seals';
import { makeSeal, SEAL_STATEMENT_TYPE } from './seal';
import { sealFileOf } from './seal-file';
import { ensureCollectorSealKey } from './seal-key';
import { AuditChainRefusedError } from './start-up-check';
import { storeFileOf, verifyDataDirCommand } from './verify-data-dir';

type Column = 'none' | 'collector' | 'auditor';
const COLUMNS: readonly Column[] = ['none', 'collector', 'auditor'];
const RECORDS = 12;

/** A stored audit row, read straight from the file to tamper with. */
type Row = AuditRow & { algorithm: AuditHashAlgorithm };

async function withDb<T>(file: string, work: (db: sqlite3.Database) => Promise<T>): Promise<T> {
  const db = new sqlite3.Database(file);
  try {
    return await work(db);
  } finally {
    await new Promise<void>((resolve) => db.close(() => resolve()));
  }
}
const exec = (db: sqlite3.Database, sql: string) =>
  new Promise<void>((resolve, reject) => db.exec(sql, (error) => (error ? reject(error) : resolve())));
const run = (db: sqlite3.Database, sql: string, params: unknown[]) =>
  new Promise<void>((resolve, reject) => db.run(sql, params, (error) => (error ? reject(error) : resolve())));
const all = (db: sqlite3.Database, sql: string) =>
  new Promise<Row[]>((resolve, reject) =>
    db.all<Row>(sql, (error, rows) => (error ? reject(error) : resolve(rows))),
  );

/** The attacker's SQL, triggers dropped first. */
async function tamper(dataDir: string, work: (db: sqlite3.Database, rows: Row[]) => Promise<void>) {
  await withDb(storeFileOf(dataDir), async (db) => {
    await exec(
      db,
      `DROP TRIGGER IF EXISTS audit_no_update; DROP TRIGGER IF EXISTS audit_no_delete;
       DROP TRIGGER IF EXISTS audit_seals_no_update; DROP TRIGGER IF EXISTS audit_seals_no_delete;`,
    );
    await work(db, await all(db, 'SELECT * FROM audit ORDER BY position'));
  });
}

/** Rewrites every record from `from` on with recomputed hashes, as someone who knows the format would. */
async function rewriteFrom(db: sqlite3.Database, rows: Row[], from: number, change: (row: Row) => void) {
  let previousHash = from === 1 ? GENESIS_PREVIOUS_HASH : rows[from - 2]!.hash;
  for (const row of rows.slice(from - 1)) {
    change(row);
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
    await run(db, 'UPDATE audit SET detail = ?, previous_hash = ?, hash = ? WHERE position = ?', [
      row.detail,
      previousHash,
      `${hash}`,
      row.position,
    ]);
    previousHash = hash;
  }
}

const middleOf = (rows: Row[]) => rows.length - 6;
const withNote = (row: Row, note: string) => {
  row.detail = canonicalJson({ ...(JSON.parse(row.detail) as object), note });
};

/** The tampers, each a function of the directory; "wipes seals" ones also remove the collector's anchors. */
const TAMPERS: Record<string, (dataDir: string) => Promise<void>> = {
  'duplicate key': (dir) =>
    tamper(dir, async (db, rows) => {
      const row = rows[middleOf(rows) - 1]!;
      await run(db, 'UPDATE audit SET detail = ? WHERE position = ?', [
        `{"note":"nothing happened",${row.detail.slice(1)}`,
        row.position,
      ]);
    }),
  __proto__: (dir) =>
    tamper(dir, async (db, rows) => {
      const row = rows[middleOf(rows) - 1]!;
      await run(db, 'UPDATE audit SET detail = ? WHERE position = ?', [
        `{"__proto__":{"approvedBy":"保密办"},${row.detail.slice(1)}`,
        row.position,
      ]);
    }),
  edit: (dir) =>
    tamper(dir, async (db, rows) => {
      const row = rows[middleOf(rows) - 1]!;
      withNote(row, 'nothing happened');
      await run(db, 'UPDATE audit SET detail = ? WHERE position = ?', [row.detail, row.position]);
    }),
  'delete middle': (dir) =>
    tamper(dir, (db, rows) => run(db, 'DELETE FROM audit WHERE position = ?', [middleOf(rows)])),
  'delete tail': (dir) =>
    tamper(dir, (db, rows) => run(db, 'DELETE FROM audit WHERE position > ?', [rows.length - 2])),
  'delete all': (dir) => tamper(dir, (db) => run(db, 'DELETE FROM audit', [])),
  'rewrite from the middle': (dir) =>
    tamper(dir, (db, rows) =>
      rewriteFrom(db, rows, middleOf(rows), (row) => {
        if (row.position === middleOf(rows)) withNote(row, 'rewritten');
      }),
    ),
  'rewrite all': (dir) =>
    tamper(dir, (db, rows) =>
      rewriteFrom(db, rows, 1, (row) => {
        if (row.position === middleOf(rows)) withNote(row, 'rewritten');
      }),
    ),
  'forged append': (dir) =>
    tamper(dir, async (db, rows) => {
      const last = rows.at(-1)!;
      const forged = {
        position: last.position + 1,
        atMs: last.at_ms + 1,
        actor: 'admin:test-auditor(auditor)',
        source: 'local',
        action: 'ledger.updated',
        target: 'PC-1',
        detailJson: canonicalJson({ note: 'forged' }),
        outcome: 'allowed' as const,
      };
      const hash = auditRecordHash(last.algorithm, last.hash, forged);
      await run(
        db,
        `INSERT INTO audit (position, at_ms, actor, source, action, target, detail, outcome, algorithm,
           previous_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        [
          forged.position,
          forged.atMs,
          forged.actor,
          forged.source,
          forged.action,
          forged.target,
          forged.detailJson,
          forged.outcome,
          last.algorithm,
          last.hash,
          hash,
        ],
      );
    }),
  'delete tail, seals and seal file': async (dir) => {
    await TAMPERS['delete tail']!(dir);
    await wipeSeals(dir);
  },
};

async function wipeSeals(dataDir: string) {
  await tamper(dataDir, (db) => run(db, 'DELETE FROM audit_seals', []));
  await rm(sealFileOf(dataDir), { force: true });
}

// Caught? — written by hand, as the kind of the first problem offline verify names (— : not caught), for no
// seal, a collector seal, an auditor seal.
const NOT = undefined;
const EXPECTED: Record<string, [string | undefined, string | undefined, string | undefined]> = {
  'duplicate key': ['non-canonical-detail', 'non-canonical-detail', 'non-canonical-detail'],
  __proto__: ['non-canonical-detail', 'non-canonical-detail', 'non-canonical-detail'],
  edit: ['hash-mismatch', 'hash-mismatch', 'hash-mismatch'],
  'delete middle': ['gap', 'gap', 'gap'],
  'delete tail': [NOT, 'seal-beyond-head', 'seal-beyond-head'],
  'delete all': [NOT, 'seal-beyond-head', 'seal-beyond-head'],
  'rewrite from the middle': [NOT, 'seal-mismatch', 'seal-mismatch'],
  'rewrite all': [NOT, 'seal-mismatch', 'seal-mismatch'],
  'forged append': [NOT, NOT, NOT],
  'delete tail, seals and seal file': [NOT, NOT, 'seal-beyond-head'],
};

let root: string;
const templates = new Map<Column, string>();

/** A stopped collector's directory: PKI and admins, RECORDS records, and the column's seals. */
async function template(column: Column): Promise<string> {
  const dir = path.join(root, `template-${column}`);
  const dataDir = path.join(dir, 'collector');
  const trust = await prepareTrust(dataDir, path.join(dir, 'admins'));
  const store = await openSqliteStore(storeFileOf(dataDir));
  try {
    for (let index = 1; index <= RECORDS; index++) {
      await store.appendAudit(
        {
          actor: 'admin:test-security_admin(security_admin)',
          source: 'ipv4:127.0.0.1:5000',
          action: index % 2 ? 'ledger.updated' : 'medium.registered',
          target: `PC-${index}`,
          detail: { index, note: `第 ${index} 条 record` },
          outcome: 'allowed',
        },
        1_700_000_000_000 + index * 1000,
      );
    }
    if (column === 'collector') {
      const key = await ensureCollectorSealKey(dataDir, await loadCertificateAuthority(dataDir));
      await collectorSealer({ store, key, dataDir, intervalMs: 60_000, log: silentLogger }).sealNow();
    }
    if (column === 'auditor') {
      const identity = trust.identity('auditor');
      const head = (await store.auditHead())!;
      const seal = makeSeal(
        {
          type: SEAL_STATEMENT_TYPE,
          position: head.position,
          hash: head.hash,
          algorithm: head.algorithm,
          headAtMs: head.atMs,
          sealedAtMs: Date.now(),
          signerKind: 'auditor',
          signerName: 'test-auditor',
        },
        identity.keyPem,
        identity.certPem,
      );
      await writeLocalSeal(identity.dir, seal);
      await store.appendSeal(
        seal,
        { signerKind: 'auditor', position: head.position },
        {
          actor: 'admin:test-auditor(auditor)',
          source: 'local',
          action: 'audit.sealed',
          target: `audit:${head.position}`,
          detail: { position: head.position },
          outcome: 'allowed',
        },
        Date.now(),
      );
    }
  } finally {
    await store.close();
  }
  return dir;
}

async function copyOf(column: Column, name: string): Promise<{ dataDir: string; identityDir: string }> {
  const dir = path.join(root, `${column}-${name.replace(/\W+/g, '-')}`);
  await cp(templates.get(column)!, dir, { recursive: true });
  return { dataDir: path.join(dir, 'collector'), identityDir: path.join(dir, 'admins', 'auditor') };
}

/** Online: a real collector on the directory; refused at start, or the auditor's VerifyAudit over gRPC. */
async function caughtOnline(dataDir: string, identityDir: string): Promise<{ caught: boolean; how: string }> {
  let running: Awaited<ReturnType<typeof inProcessCollectorOn>>;
  try {
    running = await inProcessCollectorOn(dataDir);
  } catch (error) {
    if (error instanceof AuditChainRefusedError)
      return { caught: true, how: `start refused: ${error.message}` };
    throw error;
  }
  const client = adminClient(running.adminAddress, loadAdminIdentity(identityDir));
  try {
    const local = await readLocalSeals(identityDir);
    const verdict = await client.verifyAudit({ digest: null, seals: local.map(({ seal }) => seal) });
    return {
      caught: !verdict.ok,
      how: verdict.problem ? `${verdict.problem.kind}: ${verdict.problem.message}` : 'ok',
    };
  } finally {
    client.close();
    await running.stop();
  }
}

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'shoumi-seal-tamper-'));
  for (const column of COLUMNS) templates.set(column, await template(column));
}, 120_000);

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('tamper × seal: caught offline and online exactly as the table says', () => {
  it('every untouched template verifies, offline and online', async () => {
    for (const column of COLUMNS) {
      const { dataDir, identityDir } = await copyOf(column, 'untouched');
      const verdict = await verifyDataDirCommand(dataDir, { identityDir });
      expect(verdict.ok, `${column}: ${verdict.problem?.message}`).toBe(true);
      expect(verdict.unsealedRecords).toBe(
        column === 'none' ? verdict.headPosition : column === 'auditor' ? 1 : 0,
      );
      if (column === 'auditor') expect(verdict.newestAuditorSeal?.signerName).toBe('test-auditor');
      if (column === 'collector') expect(verdict.newestCollectorSeal?.position).toBe(verdict.headPosition);
      expect(await caughtOnline(dataDir, identityDir)).toMatchObject({ caught: false });
    }
  }, 120_000);

  for (const [name, expected] of Object.entries(EXPECTED)) {
    const said = (kind: string | undefined) => kind ?? 'not caught';
    it(`${name}: without seals ${said(expected[0])}; collector seal ${said(expected[1])}; auditor seal ${said(expected[2])}`, async () => {
      for (const [index, column] of COLUMNS.entries()) {
        const { dataDir, identityDir } = await copyOf(column, name);
        await TAMPERS[name]!(dataDir);
        if (column === 'auditor') await wipeSeals(dataDir);
        const offline = await verifyDataDirCommand(dataDir, { identityDir });
        expect(
          offline.problem?.kind,
          `${name} / ${column} offline: ${offline.problem?.message ?? 'ok'}`,
        ).toBe(expected[index]);
        if (name === 'forged append') expect(offline.unsealedRecords).toBeGreaterThanOrEqual(1);
        const online = await caughtOnline(dataDir, identityDir);
        expect(online.caught, `${name} / ${column} online: ${online.how}`).toBe(expected[index] !== NOT);
        if (expected[index] !== NOT)
          expect(online.how).toMatch(/refused|seal-|non-canonical|hash-mismatch|gap/);
      }
    }, 120_000);
  }
});
