// npx tsx bench/audit-verify.ts — how long verifying the audit trail takes at start-up (and offline) on a big
// trail: BENCH_AUDIT_RECORDS (default 1,000,000) format-2 records of ~300 bytes each, written straight into a
// fresh store with the store's own hashing (one transaction, SHA-256 or SM3 as configured), a collector seal
// at the head, then the whole trail verified the way `serve` and `audit verify --data` do (verifyDataDir:
// pages of 5000, every seal checked). Prints the figures; asserts only that the verdict is ok and counted
// every record (a fast wrong answer is no answer). BENCH_AUDIT_KEEP=1 keeps the directory.
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { collectorSealer } from '../collector/audit/collector-sealer';
import { ensureCollectorSealKey } from '../collector/audit/seal-key';
import { storeFileOf, verifyDataDir } from '../collector/audit/verify-data-dir';
import { verifyTrail } from '../collector/audit/verify-trail';
import { silentLogger } from '../collector/logger';
import { loadCertificateAuthority, pkiPaths } from '../collector/pki/pki-files';
import { initPki } from '../collector/pki/pki-init';
import {
  auditRecordHash,
  configuredAuditHashAlgorithm,
  GENESIS_PREVIOUS_HASH,
} from '../collector/store/audit-hash';
import { canonicalJson } from '../collector/store/canonical-json';
import { openSqliteStore } from '../collector/store/sqlite';
import { openConnection } from '../collector/store/sqlite/connection';
import type { Store } from '../collector/store/store';

const RECORDS = Number(process.env.BENCH_AUDIT_RECORDS ?? 1_000_000);

async function withStore<T>(dir: string, work: (store: Store) => Promise<T>): Promise<T> {
  const store = await openSqliteStore(storeFileOf(dir));
  try {
    return await work(store);
  } finally {
    await store.close();
  }
}

async function main() {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'shoumi-bench-audit-'));
  await initPki({ dataDir: dir });
  await (await openSqliteStore(storeFileOf(dir))).close();
  const algorithm = configuredAuditHashAlgorithm();
  const writeStart = performance.now();
  const db = await openConnection(storeFileOf(dir), 'read-write');
  await db.run('BEGIN');
  let previousHash = GENESIS_PREVIOUS_HASH;
  for (let position = 1; position <= RECORDS; position++) {
    const content = {
      position,
      atMs: 1_700_000_000_000 + position,
      actor: 'admin:张三(security_admin)',
      source: 'ipv4:10.0.0.5:51234',
      action: 'ledger.updated',
      target: `PC-${position % 5000}`,
      detailJson: canonicalJson({
        changed: { department: ['保密办', '信息中心'], location: ['A-101', 'B-202'] },
        deviceId: `PC-${position % 5000}`,
      }),
      outcome: 'allowed' as const,
    };
    const hash = auditRecordHash(algorithm, previousHash, content);
    await db.run(
      `INSERT INTO audit (position, at_ms, actor, source, action, target, detail, outcome, algorithm,
         previous_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [
        position,
        content.atMs,
        content.actor,
        content.source,
        content.action,
        content.target,
        content.detailJson,
        content.outcome,
        algorithm,
        previousHash,
        hash,
      ],
    );
    previousHash = hash;
  }
  await db.run('COMMIT');
  await db.close();
  const writeMs = performance.now() - writeStart;
  const store = await openSqliteStore(storeFileOf(dir));
  const key = await ensureCollectorSealKey(dir, await loadCertificateAuthority(dir));
  await collectorSealer({ store, key, dataDir: dir, intervalMs: 60_000, log: silentLogger }).sealNow();
  await store.close();

  const verifyStart = performance.now();
  const verdict = await verifyDataDir(dir);
  const verifyMs = performance.now() - verifyStart;
  if (!verdict.ok || verdict.recordsChecked !== RECORDS || verdict.sealsChecked !== 2)
    throw new Error(`unexpected verdict: ${JSON.stringify(verdict)}`);
  process.stdout.write(
    `${RECORDS} records (${algorithm}): written in ${(writeMs / 1000).toFixed(1)} s; ` +
      `verified in ${(verifyMs / 1000).toFixed(1)} s (${Math.round(RECORDS / (verifyMs / 1000))} records/s), ` +
      `rss ${Math.round(process.memoryUsage().rss / 2 ** 20)} MiB\n`,
  );
  // serve's start-up path: from the newest collector seal on (audit/start-up-check.ts).
  const startUpStart = performance.now();
  const startUp = await withStore(dir, (store) =>
    verifyTrail(
      {
        readRecords: (options) => store.readAuditRecords(options),
        readSeals: (options) => store.readSeals(options),
        formatBoundary: () => store.auditFormatBoundary(),
      },
      { caPem: readFileSync(pkiPaths(dir).caCert, 'utf8'), fromNewestCollectorSeal: true },
    ),
  );
  const startUpMs = performance.now() - startUpStart;
  if (!startUp.ok) throw new Error(`unexpected start-up verdict: ${JSON.stringify(startUp)}`);
  process.stdout.write(`start-up check (from the newest collector seal): ${startUpMs.toFixed(0)} ms\n`);
  if (!process.env.BENCH_AUDIT_KEEP) await rm(dir, { recursive: true, force: true });
}

main().catch((error: Error) => {
  process.stderr.write(`${error.stack}\n`);
  process.exit(1);
});
