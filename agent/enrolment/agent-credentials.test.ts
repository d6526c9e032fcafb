import { mkdtemp, readFile, rename, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { type CredentialPems, loadAgentCredentials, saveAgentCredentials } from './agent-credentials';
import { createAgentKeyAndCsr } from './csr';
import { createTestAuthority, signTestCsr, type TestAuthority } from './test-authority';

let ca: TestAuthority;

beforeAll(async () => {
  ca = await createTestAuthority();
});

async function issuedSet(deviceId: string): Promise<CredentialPems> {
  const { privateKeyPem, csrPem } = await createAgentKeyAndCsr(deviceId);
  const cert = await signTestCsr(ca, csrPem, deviceId);
  return { caPem: ca.certPem, keyPem: privateKeyPem, certPem: cert.toString('pem') };
}

const tempDir = () => mkdtemp(path.join(tmpdir(), 'shoumi-creds-'));

describe('agent credentials on disk', () => {
  it('is undefined before enrolment, and a saved set reads back with the id from the certificate', async () => {
    const dataDir = await tempDir();
    expect(await loadAgentCredentials(dataDir)).toBeUndefined();
    const pems = await issuedSet('dev-files-1');
    const saved = await saveAgentCredentials(dataDir, pems);
    const loaded = await loadAgentCredentials(dataDir);
    expect(loaded).toEqual(saved);
    expect(loaded).toMatchObject({ deviceId: 'dev-files-1', keyPem: pems.keyPem, certPem: pems.certPem });
    expect(loaded?.notAfterMs).toBeGreaterThan(Date.now());
    expect(loaded?.serial).toMatch(/^[0-9a-f]+$/);
    const tls = path.join(dataDir, 'tls');
    expect((await stat(tls)).mode & 0o777).toBe(0o700);
    expect((await stat(path.join(tls, 'agent.key'))).mode & 0o777).toBe(0o600);
  });

  it('names the missing file of a partial set and the broken file of a damaged one', async () => {
    const dataDir = await tempDir();
    await saveAgentCredentials(dataDir, await issuedSet('dev-files-2'));
    const cert = path.join(dataDir, 'tls', 'agent.crt');
    await writeFile(cert, 'not a certificate');
    await expect(loadAgentCredentials(dataDir)).rejects.toThrow(`${cert} is not a readable PEM certificate`);
    await rename(cert, `${cert}.gone`);
    await expect(loadAgentCredentials(dataDir)).rejects.toThrow(`incomplete: ${cert} missing`);
  });

  it('refuses a certificate that is not for the stored key, or not from the stored CA', async () => {
    const dataDir = await tempDir();
    const first = await issuedSet('dev-files-3');
    const second = await issuedSet('dev-files-3');
    await expect(saveAgentCredentials(dataDir, { ...first, certPem: second.certPem })).rejects.toThrow(
      'the new certificate is not the certificate for the key in the new key',
    );
    const other = await createTestAuthority('another CA');
    await expect(saveAgentCredentials(dataDir, { ...first, caPem: other.certPem })).rejects.toThrow(
      'not signed by the CA',
    );
    // Nothing was written by the refused saves.
    expect(await loadAgentCredentials(dataDir)).toBeUndefined();
  });

  it('after a crash before the renames, keeps the old matching set', async () => {
    const dataDir = await tempDir();
    const old = await issuedSet('dev-files-4');
    await saveAgentCredentials(dataDir, old);
    const fresh = await issuedSet('dev-files-4');
    const tls = path.join(dataDir, 'tls');
    // A save that died after writing its *.new files (the certificate not yet written fully).
    await writeFile(path.join(tls, 'agent.key.new'), fresh.keyPem);
    await writeFile(path.join(tls, 'agent.crt.new'), fresh.certPem.slice(0, 40));
    const loaded = await loadAgentCredentials(dataDir);
    expect(loaded?.certPem).toBe(old.certPem);
    expect(loaded?.keyPem).toBe(old.keyPem);
    await expect(stat(path.join(tls, 'agent.crt.new'))).rejects.toThrow('ENOENT');
  });

  it('after a crash between the key and certificate renames, finishes the save', async () => {
    const dataDir = await tempDir();
    await saveAgentCredentials(dataDir, await issuedSet('dev-files-5'));
    const fresh = await issuedSet('dev-files-5');
    const tls = path.join(dataDir, 'tls');
    // The new key is in place, the new certificate still waits under its temporary name.
    await writeFile(path.join(tls, 'agent.key'), fresh.keyPem);
    await writeFile(path.join(tls, 'agent.crt.new'), fresh.certPem);
    const loaded = await loadAgentCredentials(dataDir);
    expect(loaded?.keyPem).toBe(fresh.keyPem);
    expect(loaded?.certPem).toBe(fresh.certPem);
    expect(await readFile(path.join(tls, 'agent.crt'), 'utf8')).toBe(fresh.certPem);
  });
});
