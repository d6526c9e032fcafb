// A real collector over gRPC: it seals its own head at start and on its timer; the auditor seals through
// SealAudit (auditor only, their own certificate, a hash the chain holds); start-up refuses a trail cut below
// a seal, loudly, and `--new-audit-epoch` starts a recorded epoch that every later verify reports.
import { rm } from 'node:fs/promises';
import path from 'node:path';
import sqlite3 from 'sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type InProcessCollector, inProcessCollector } from '../../test/support/in-process-collector';
import { inProcessCollectorOn } from '../../test/support/sealed-trail-fixture';
import { adminClient } from '../ctl/admin-client';
import { loadAdminIdentity } from '../ctl/admin-identity';
import { addAdmin } from '../pki/admin-add';
import { makeSeal, SEAL_STATEMENT_TYPE } from './seal';
import { sealFileOf } from './seal-file';
import { AuditChainRefusedError } from './start-up-check';
import { EPOCH_ACTION } from './verify-chain';
import { storeFileOf, verifyDataDir } from './verify-data-dir';

let world: InProcessCollector;
const dataDir = () => path.join(world.dir, 'collector');

async function until(condition: () => Promise<boolean>, what: string) {
  for (let attempt = 0; attempt < 400; attempt++) {
    if (await condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`never happened: ${what}`);
}

beforeAll(async () => {
  world = await inProcessCollector('seals', { sealIntervalMs: 200 });
}, 60_000);

afterAll(async () => {
  await world?.stop();
});

describe('seals on a running collector', () => {
  it('the collector seals its head at start and again on its timer once the chain grows', async () => {
    const { store } = world.collector;
    const head = (await store.auditHead())!;
    expect(await store.newestSealPosition('collector')).toBe(head.position);
    const grown = await store.appendAudit(
      {
        actor: 'collector',
        source: 'local',
        action: 'policy.reloaded',
        target: 't',
        detail: {},
        outcome: 'allowed',
      },
      Date.now(),
    );
    await until(async () => (await store.newestSealPosition('collector')) === grown.position, 'a timer seal');
  });

  it('the auditor seals the head: stored with an audit.sealed record, then reported by verify', async () => {
    const auditor = world.trust.identity('auditor');
    const client = adminClient(world.collector.adminAddress, auditor);
    try {
      const digest = (await client.auditDigest()).digest!;
      const seal = makeSeal(
        {
          type: SEAL_STATEMENT_TYPE,
          position: digest.position,
          hash: digest.hash,
          algorithm: digest.algorithm,
          headAtMs: digest.atMs,
          sealedAtMs: Date.now(),
          signerKind: 'auditor',
          signerName: 'test-auditor',
        },
        auditor.keyPem,
        auditor.certPem,
      );
      const stored = await client.sealAudit({ seal });
      expect(stored.position).toBe(digest.position);
      const records = await client.listAudit({
        afterPosition: stored.auditPosition - 1,
        limit: 1,
        action: '',
      });
      expect(records.records[0]).toMatchObject({
        action: 'audit.sealed',
        actor: 'admin:test-auditor(auditor)',
      });
      const verdict = await client.verifyAudit({ digest: null, seals: [] });
      expect(verdict).toMatchObject({
        ok: true,
        newestAuditorSeal: { position: digest.position, signerName: 'test-auditor' },
      });

      // A seal of a hash the chain does not hold, and one signed with another auditor's certificate, are refused.
      const wrong = makeSeal(
        { ...JSON.parse(seal.statement), hash: 'cd'.repeat(32) },
        auditor.keyPem,
        auditor.certPem,
      );
      await expect(client.sealAudit({ seal: wrong })).rejects.toThrow(/INVALID_ARGUMENT.*not the sealed/);
      const otherDir = path.join(world.dir, 'admins', 'second-auditor');
      await addAdmin({ dataDir: dataDir(), name: 'second-auditor', role: 'auditor', outDir: otherDir });
      const other = loadAdminIdentity(otherDir);
      const theirs = makeSeal(
        { ...JSON.parse(seal.statement), signerName: 'second-auditor' },
        other.keyPem,
        other.certPem,
      );
      await expect(client.sealAudit({ seal: theirs })).rejects.toThrow(/another certificate/);
    } finally {
      client.close();
    }
  });

  it('SealAudit is for the auditor only', async () => {
    const security = world.trust.identity('security_admin');
    const client = adminClient(world.collector.adminAddress, security);
    try {
      const seal = makeSeal(
        {
          type: SEAL_STATEMENT_TYPE,
          position: 1,
          hash: 'ab'.repeat(32),
          algorithm: 'sm3',
          headAtMs: 0,
          sealedAtMs: Date.now(),
          signerKind: 'auditor',
          signerName: 'test-security_admin',
        },
        security.keyPem,
        security.certPem,
      );
      await expect(client.sealAudit({ seal })).rejects.toThrow(/SealAudit is for auditor/);
    } finally {
      client.close();
    }
  });
});

describe('start-up on a cut trail', () => {
  it('refuses loudly; --new-audit-epoch starts a recorded epoch that verify reports from then on', async () => {
    await world.collector.stop();
    // The attacker cuts the newest three records (and the collector seals with them) with SQL.
    const db = new sqlite3.Database(storeFileOf(dataDir()));
    await new Promise<void>((resolve, reject) =>
      db.exec(
        `DROP TRIGGER audit_no_delete;
         DELETE FROM audit WHERE position > (SELECT MAX(position) - 3 FROM audit);`,
        (error) => (error ? reject(error) : resolve()),
      ),
    );
    await new Promise<void>((resolve) => db.close(() => resolve()));

    const refused = await inProcessCollectorOn(dataDir()).then(
      () => undefined,
      (error: Error) => error,
    );
    expect(refused).toBeInstanceOf(AuditChainRefusedError);
    expect(refused!.message).toMatch(
      /审计链损坏，拒绝启动 \/ the audit trail is broken, refusing to start: seal-beyond-head/,
    );
    expect(refused!.message).toMatch(/--new-audit-epoch --reason/);

    const restarted = await inProcessCollectorOn(dataDir(), {
      newAuditEpoch: { reason: '演练：尾部被删除' },
    });
    try {
      const epochs = await restarted.store.readAuditRecords({
        afterPosition: 0,
        limit: 10,
        action: EPOCH_ACTION,
      });
      expect(epochs).toHaveLength(1);
      expect(JSON.parse(epochs[0]!.detailJson)).toMatchObject({
        reason: '演练：尾部被删除',
        finding: { kind: 'seal-beyond-head' },
      });
    } finally {
      await restarted.stop();
    }
    // A later plain start is not refused again, and verify names the epoch and what came before it.
    const again = await inProcessCollectorOn(dataDir());
    await again.stop();
    const verdict = await verifyDataDir(dataDir());
    expect(verdict.ok).toBe(true);
    expect(verdict.epochStart).toBeGreaterThan(1);
    // The seals of the cut chain now meet other records at their positions, or none: earlier-epoch findings.
    expect(verdict.earlierEpochProblems.length).toBeGreaterThan(0);
    for (const problem of verdict.earlierEpochProblems)
      expect(problem.kind).toMatch(/^seal-(mismatch|beyond-head)$/);
  }, 60_000);

  it('without the store seals and the seal file, the cut goes unseen by the collector (auditor seals are for that)', async () => {
    // Documented limit: the collector's own anchors live on its host.
    const db = new sqlite3.Database(storeFileOf(dataDir()));
    await new Promise<void>((resolve, reject) =>
      db.exec(
        `DROP TRIGGER IF EXISTS audit_no_delete; DROP TRIGGER audit_seals_no_delete;
         DELETE FROM audit WHERE position > (SELECT MAX(position) - 2 FROM audit); DELETE FROM audit_seals;`,
        (error) => (error ? reject(error) : resolve()),
      ),
    );
    await new Promise<void>((resolve) => db.close(() => resolve()));
    await rm(sealFileOf(dataDir()));
    expect((await verifyDataDir(dataDir())).ok).toBe(true);
  });
});
