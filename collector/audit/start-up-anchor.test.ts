// serve's start-up check walks the chain only from the newest valid collector seal on: an edit after that
// seal is refused at start; an edit before it is not seen there (audit verify, which walks everything,
// names it). Real store file, real seal key, raw SQL edits.
import { mkdtemp, readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { silentLogger } from '../logger';
import { loadCertificateAuthority, pkiPaths } from '../pki/pki-files';
import { initPki } from '../pki/pki-init';
import { openSqliteStore } from '../store/sqlite';
import { openConnection } from '../store/sqlite/connection';
import { collectorSealer } from './collector-sealer';
import { ensureCollectorSealKey } from './seal-key';
import { AuditChainRefusedError, type AuditStartCheckScope, checkTrailAtStart } from './start-up-check';
import { storeFileOf, verifyDataDir } from './verify-data-dir';

/** Ten records, sealed by the collector at 6, then four more unsealed. */
async function sealedAtSix(): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'shoumi-anchor-'));
  await initPki({ dataDir: dir });
  const store = await openSqliteStore(storeFileOf(dir));
  const append = (index: number) =>
    store.appendAudit(
      {
        actor: 'collector',
        source: 'local',
        action: 'ledger.updated',
        target: `PC-${index}`,
        detail: { index },
        outcome: 'allowed',
      },
      1_700_000_000_000 + index,
    );
  for (let index = 1; index <= 6; index++) await append(index);
  const key = await ensureCollectorSealKey(dir, await loadCertificateAuthority(dir));
  expect(
    await collectorSealer({ store, key, dataDir: dir, intervalMs: 60_000, log: silentLogger }).sealNow(),
  ).toBe(6);
  for (let index = 7; index <= 10; index++) await append(index);
  await store.close();
  return dir;
}

async function edit(dir: string, position: number) {
  const db = await openConnection(storeFileOf(dir), 'read-write');
  await db.exec('DROP TRIGGER IF EXISTS audit_no_update');
  await db.run(`UPDATE audit SET detail = '{"index":0}' WHERE position = ?`, [position]);
  await db.close();
}

async function startUp(dir: string, scope?: AuditStartCheckScope) {
  const store = await openSqliteStore(storeFileOf(dir));
  try {
    return await checkTrailAtStart({
      store,
      dataDir: dir,
      caPem: await readFile(pkiPaths(dir).caCert, 'utf8'),
      log: silentLogger,
      ...(scope ? { scope } : {}),
    });
  } finally {
    await store.close();
  }
}

describe('start-up check', () => {
  it('by default walks the whole chain: an edit before the newest collector seal is refused too', async () => {
    const dir = await sealedAtSix();
    await edit(dir, 3);
    await expect(startUp(dir)).rejects.toThrow(AuditChainRefusedError);
    await expect(startUp(dir)).rejects.toThrow(/hash-mismatch at record 3/);
  });
});

describe('start-up check from the newest collector seal (--audit-start-check sealed)', () => {
  it('refuses an edit after the seal', async () => {
    const dir = await sealedAtSix();
    await edit(dir, 8);
    await expect(startUp(dir, 'sealed')).rejects.toThrow(AuditChainRefusedError);
    await expect(startUp(dir, 'sealed')).rejects.toThrow(/hash-mismatch at record 8/);
  });

  it('does not walk before it (audit verify does): the documented division of work', async () => {
    const dir = await sealedAtSix();
    await edit(dir, 3);
    expect((await startUp(dir, 'sealed')).verdict.ok).toBe(true);
    expect((await verifyDataDir(dir)).problem).toMatchObject({ position: 3, kind: 'hash-mismatch' });
  });

  it('walks the whole chain when the sealed record no longer matches, and names it', async () => {
    const dir = await sealedAtSix();
    await edit(dir, 6);
    await expect(startUp(dir, 'sealed')).rejects.toThrow(/hash-mismatch at record 6/);
  });
});
