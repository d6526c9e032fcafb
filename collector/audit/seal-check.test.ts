// A seal is accepted only when every part of it holds: statement canonical, certificate from this CA and of
// the kind claimed, made within its validity, signature over the exact bytes, and — for the auditor's own
// copies — made by the pinned key. Real certificates from a real `pki init` and `admin add`.
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { prepareTrust, type TrustWorld } from '../../test/support/trust-fixture';
import { loadAdminIdentity } from '../ctl/admin-identity';
import { addAdmin } from '../pki/admin-add';
import { loadCertificateAuthority } from '../pki/pki-files';
import { initPki } from '../pki/pki-init';
import { makeSeal, SEAL_STATEMENT_TYPE, type SealStatement } from './seal';
import { checkSeal } from './seal-check';
import { ensureCollectorSealKey } from './seal-key';

const STATEMENT: SealStatement = {
  type: SEAL_STATEMENT_TYPE,
  position: 7,
  hash: 'ab'.repeat(32),
  algorithm: 'sm3',
  headAtMs: 1_700_000_000_000,
  sealedAtMs: Date.now(),
  signerKind: 'auditor',
  signerName: 'test-auditor',
};

let dataDir: string;
let trust: TrustWorld;
let caPem: string;

beforeAll(async () => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'shoumi-seal-check-'));
  dataDir = path.join(dir, 'collector');
  trust = await prepareTrust(dataDir, path.join(dir, 'admins'));
  caPem = trust.identity('auditor').caPem;
}, 60_000);

describe('checkSeal', () => {
  it("accepts an auditor's seal signed with their key, and a collector seal with the collector's", async () => {
    const auditor = trust.identity('auditor');
    expect(checkSeal(makeSeal(STATEMENT, auditor.keyPem, auditor.certPem), 'given', { caPem })).toMatchObject(
      {
        ok: true,
        statement: { position: 7, signerName: 'test-auditor' },
      },
    );
    const key = await ensureCollectorSealKey(dataDir, await loadCertificateAuthority(dataDir));
    const collectorSeal = makeSeal(
      { ...STATEMENT, signerKind: 'collector', signerName: key.signerName },
      key.keyPem,
      key.certificatePem,
    );
    expect(checkSeal(collectorSeal, 'store', { caPem }).ok).toBe(true);
  });

  it('refuses a changed statement, a statement re-serialised, and a signature from another key', () => {
    const auditor = trust.identity('auditor');
    const seal = makeSeal(STATEMENT, auditor.keyPem, auditor.certPem);
    const moved = { ...seal, statement: seal.statement.replace('"position":7', '"position":8') };
    expect(checkSeal(moved, 'given', { caPem })).toMatchObject({
      ok: false,
      message: /signature does not match/,
    });
    const padded = { ...seal, statement: seal.statement.replace('{', '{ ') };
    expect(checkSeal(padded, 'given', { caPem })).toMatchObject({ ok: false, message: /canonical form/ });
    const other = trust.identity('security_admin');
    const signedByOther = { ...seal, signature: makeSeal(STATEMENT, other.keyPem, other.certPem).signature };
    expect(checkSeal(signedByOther, 'given', { caPem })).toMatchObject({ ok: false, message: /signature/ });
  });

  it("refuses an auditor seal made with a security administrator's certificate, and a collector seal with an auditor's", () => {
    const security = trust.identity('security_admin');
    const asAuditor = makeSeal(
      { ...STATEMENT, signerName: 'test-security_admin' },
      security.keyPem,
      security.certPem,
    );
    expect(checkSeal(asAuditor, 'given', { caPem })).toMatchObject({
      ok: false,
      message: /not an auditor's/,
    });
    const auditor = trust.identity('auditor');
    const asCollector = makeSeal({ ...STATEMENT, signerKind: 'collector' }, auditor.keyPem, auditor.certPem);
    expect(checkSeal(asCollector, 'given', { caPem })).toMatchObject({
      ok: false,
      message: /not the collector's seal certificate/,
    });
  });

  it('refuses a seal whose certificate another CA issued', async () => {
    const elsewhere = path.join(await mkdtemp(path.join(os.tmpdir(), 'shoumi-other-ca-')), 'collector');
    const otherTrust = await prepareTrust(elsewhere, path.join(elsewhere, '..', 'admins'));
    const foreign = otherTrust.identity('auditor');
    const seal = makeSeal(STATEMENT, foreign.keyPem, foreign.certPem);
    expect(checkSeal(seal, 'given', { caPem })).toMatchObject({
      ok: false,
      message: /not issued by this collector's CA/,
    });
  }, 60_000);

  it('pinned: an "auditor" minted later by whoever holds the CA key is refused for the auditor\'s own copies', async () => {
    // Root on the collector host can run admin add with the CA key: a valid auditor certificate, same name.
    const mintedDir = path.join(dataDir, '..', 'minted-auditor');
    await addAdmin({ dataDir, name: 'test-auditor', role: 'auditor', outDir: mintedDir });
    const minted = loadAdminIdentity(mintedDir);
    const forged = makeSeal(STATEMENT, minted.keyPem, minted.certPem);
    expect(checkSeal(forged, 'given', { caPem }).ok).toBe(true);
    const own = trust.identity('auditor');
    expect(checkSeal(forged, 'local-copy', { caPem, pinnedCertificatePem: own.certPem })).toMatchObject({
      ok: false,
      message: /not signed by your own key/,
    });
    const genuine = makeSeal(STATEMENT, own.keyPem, own.certPem);
    expect(checkSeal(genuine, 'local-copy', { caPem, pinnedCertificatePem: own.certPem }).ok).toBe(true);
  });

  it('refuses a seal dated outside its certificate', () => {
    const auditor = trust.identity('auditor');
    const late = makeSeal(
      { ...STATEMENT, sealedAtMs: Date.now() + 2 * 365 * 86_400_000 },
      auditor.keyPem,
      auditor.certPem,
    );
    expect(checkSeal(late, 'given', { caPem })).toMatchObject({
      ok: false,
      message: /outside its certificate's validity/,
    });
  });

  it('the pki init CA alone has no seal key until the collector makes one', async () => {
    const fresh = path.join(await mkdtemp(path.join(os.tmpdir(), 'shoumi-fresh-')), 'collector');
    await initPki({ dataDir: fresh });
    const key = await ensureCollectorSealKey(fresh, await loadCertificateAuthority(fresh));
    const again = await ensureCollectorSealKey(fresh, await loadCertificateAuthority(fresh));
    expect(again.certificatePem.trim()).toBe(key.certificatePem.trim());
  });
});
