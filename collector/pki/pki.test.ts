import { execFile } from 'node:child_process';
import { createHash, generateKeyPairSync, type webcrypto, X509Certificate } from 'node:crypto';
import { mkdtemp, readdir, readFile, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { consumeEnrolmentToken, createEnrolmentToken } from './enrolment-tokens';
import { issueAdminCertificate, signAgentCsr } from './issue-certificate';
import { parseTokenTtl } from './parse-ttl';
import { readPeerIdentity } from './peer-identity';
import { type CertificateAuthority, loadCertificateAuthority } from './pki-files';
import { initPki, type PkiInitResult } from './pki-init';
import { x509 } from './x509-library';

const run = promisify(execFile);
const HOUR_MS = 3_600_000;

async function freshDir() {
  return mkdtemp(path.join(tmpdir(), 'shoumi-pki-'));
}

async function csrFor(name: string, algorithm: webcrypto.EcKeyGenParams | webcrypto.RsaHashedKeyGenParams) {
  const keys = (await crypto.subtle.generateKey(algorithm, false, [
    'sign',
    'verify',
  ])) as webcrypto.CryptoKeyPair;
  const signingAlgorithm = { ...algorithm, hash: 'SHA-256' };
  const csr = await x509.Pkcs10CertificateRequestGenerator.create({
    name,
    keys,
    signingAlgorithm,
    extensions: [
      // A greedy CSR: asks for another device's identity. The collector must ignore all of it.
      new x509.SubjectAlternativeNameExtension([{ type: 'url', value: 'urn:shoumi:device:dev-victim' }]),
    ],
  });
  return { keys, csrPem: csr.toString('pem') };
}

describe('pki init', () => {
  let dataDir: string;
  let init: PkiInitResult;
  beforeAll(async () => {
    dataDir = await freshDir();
    init = await initPki({ dataDir, hostnames: ['collector.example'], ips: ['10.0.0.5'] });
  });

  it('writes the CA and server certificate with private modes, and a fingerprint of the CA DER', async () => {
    expect((await readdir(init.paths.dir)).sort()).toEqual(['ca.crt', 'ca.key', 'server.crt', 'server.key']);
    expect((await stat(init.paths.dir)).mode & 0o777).toBe(0o700);
    expect((await stat(init.paths.caKey)).mode & 0o777).toBe(0o600);
    expect((await stat(init.paths.serverKey)).mode & 0o777).toBe(0o600);

    const ca = new X509Certificate(await readFile(init.paths.caCert));
    expect(ca.ca).toBe(true);
    expect(init.caSha256).toBe(createHash('sha256').update(ca.raw).digest('hex'));
    expect(ca.fingerprint256.replaceAll(':', '').toLowerCase()).toBe(init.caSha256);
    expect(ca.publicKey.asymmetricKeyDetails?.namedCurve).toBe('prime256v1');

    const server = new X509Certificate(await readFile(init.paths.serverCert));
    expect(server.checkIssued(ca)).toBe(true);
    expect(server.verify(ca.publicKey)).toBe(true);
    expect(server.subjectAltName).toBe(
      'DNS:localhost, DNS:collector.example, IP Address:127.0.0.1, IP Address:10.0.0.5',
    );
    expect(server.checkHost('collector.example')).toBe('collector.example');
    expect(server.checkIP('10.0.0.5')).toBe('10.0.0.5');
    expect(server.keyUsage).toEqual(['1.3.6.1.5.5.7.3.1']); // serverAuth only
  });

  it('refuses to overwrite an existing CA, leaving it as it was', async () => {
    const before = await readFile(init.paths.caCert, 'utf8');
    await expect(initPki({ dataDir })).rejects.toThrow(/a CA already exists .*refusing to overwrite/);
    expect(await readFile(init.paths.caCert, 'utf8')).toBe(before);
  });

  it('refuses a bad --hostname or --ip before writing anything', async () => {
    const empty = await freshDir();
    await expect(initPki({ dataDir: empty, hostnames: ['bad name'] })).rejects.toThrow(
      '--hostname "bad name" is not a DNS name',
    );
    await expect(initPki({ dataDir: empty, ips: ['10.0.0.300'] })).rejects.toThrow(
      '--ip "10.0.0.300" is not an IPv4 or IPv6 address',
    );
    expect(await readdir(empty)).toEqual([]);
  });

  it('the command prints the fingerprint, refuses a second init with exit 2, and makes tokens', async () => {
    const dir = await freshDir();
    // Node with tsx's loader: the real command line, without waiting for a bundle build.
    const cli = ['--import', 'tsx', 'collector/main.ts'];
    const first = await run(process.execPath, [...cli, 'pki', 'init', '--data', dir, '--ip', '192.0.2.7']);
    const fingerprint = first.stdout.trim().split('\n').at(-1);
    const ca = new X509Certificate(await readFile(path.join(dir, 'pki', 'ca.crt')));
    expect(fingerprint).toBe(createHash('sha256').update(ca.raw).digest('hex'));
    expect(ca.fingerprint256).toBeTruthy();
    const second = await run(process.execPath, [...cli, 'pki', 'init', '--data', dir]).catch(
      (error) => error,
    );
    expect(second.code).toBe(2);
    expect(second.stderr).toMatch(/a CA already exists/);

    const made = await run(process.execPath, [...cli, 'token', 'create', '--data', dir, '--ttl', '2h']);
    const token = made.stdout.trim();
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const stored = await readFile(path.join(dir, 'pki', 'tokens.json'), 'utf8');
    expect(stored).not.toContain(token);
    expect((await stat(path.join(dir, 'pki', 'tokens.json'))).mode & 0o777).toBe(0o600);
    expect(await consumeEnrolmentToken(dir, token)).toBe('ok');
  }, 20_000);
});

describe('certificates from the CA', () => {
  let ca: CertificateAuthority;
  beforeAll(async () => {
    const dataDir = await freshDir();
    await initPki({ dataDir });
    ca = await loadCertificateAuthority(dataDir);
  });

  it('signs an agent CSR with the device id the collector gives, ignoring the names in the CSR', async () => {
    const { csrPem } = await csrFor('CN=dev-victim', { name: 'ECDSA', namedCurve: 'P-256' });
    const issued = await signAgentCsr(ca, { csrPem, deviceId: 'dev-0001' });
    if (!issued.ok) throw new Error(issued.reason);
    const cert = new X509Certificate(issued.pem);
    expect(cert.subject).toBe('CN=dev-0001');
    expect(cert.subjectAltName).toBe('URI:urn:shoumi:device:dev-0001');
    expect(cert.keyUsage).toEqual(['1.3.6.1.5.5.7.3.2']); // clientAuth
    const days = (Date.parse(cert.validTo) - Date.parse(cert.validFrom)) / (24 * HOUR_MS);
    expect(Math.round(days)).toBe(90);
    const identity = await readPeerIdentity({ raw: cert.raw }, ca.cert);
    expect(identity).toMatchObject({ status: 'ok', identity: { kind: 'device', deviceId: 'dev-0001' } });
  });

  it('gives every certificate a different random serial of 126 bits', async () => {
    const { csrPem } = await csrFor('CN=x', { name: 'ECDSA', namedCurve: 'P-256' });
    const serials = new Set<string>();
    for (let i = 0; i < 5; i++) {
      const issued = await signAgentCsr(ca, { csrPem, deviceId: 'dev-0001' });
      if (!issued.ok) throw new Error(issued.reason);
      expect(issued.cert.serialNumber).toMatch(/^[4-7][0-9a-f]{31}$/);
      serials.add(issued.cert.serialNumber);
    }
    expect(serials.size).toBe(5);
  });

  it('refuses a CSR with another key type, a broken signature, garbage, or a bad device id', async () => {
    const p384 = await csrFor('CN=x', { name: 'ECDSA', namedCurve: 'P-384' });
    expect(await signAgentCsr(ca, { csrPem: p384.csrPem, deviceId: 'dev-1' })).toEqual({
      ok: false,
      reason: "the CSR's key is ECDSA P-384; only ECDSA P-256 keys are accepted",
    });
    const rsa = await csrFor('CN=x', {
      name: 'RSASSA-PKCS1-v1_5',
      modulusLength: 2048,
      publicExponent: new Uint8Array([1, 0, 1]),
      hash: 'SHA-256',
    });
    expect(await signAgentCsr(ca, { csrPem: rsa.csrPem, deviceId: 'dev-1' })).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/RSASSA-PKCS1-v1_5 2048; only ECDSA P-256/),
    });

    // Flip one bit of the signature (the last byte of the DER): the key no longer vouches for the request.
    const good = await csrFor('CN=x', { name: 'ECDSA', namedCurve: 'P-256' });
    const der = Buffer.from(x509.PemConverter.decodeFirst(good.csrPem));
    der[der.length - 1] = (der[der.length - 1] ?? 0) ^ 1;
    const tampered = x509.PemConverter.encode(der, 'CERTIFICATE REQUEST');
    expect(await signAgentCsr(ca, { csrPem: tampered, deviceId: 'dev-1' })).toEqual({
      ok: false,
      reason: 'the CSR is not signed by the key it carries',
    });

    expect(await signAgentCsr(ca, { csrPem: 'not a csr', deviceId: 'dev-1' })).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/^the CSR cannot be parsed/),
    });
    expect(await signAgentCsr(ca, { csrPem: good.csrPem, deviceId: 'dev 1,CN=x' })).toEqual({
      ok: false,
      reason: 'device id "dev 1,CN=x" is not a valid device id',
    });
  });

  it('issues admin certificates carrying one of the three roles, and reads name and role back', async () => {
    const { keys } = await csrFor('CN=x', { name: 'ECDSA', namedCurve: 'P-256' });
    const issued = await issueAdminCertificate(ca, {
      name: '张三',
      role: 'auditor',
      publicKey: keys.publicKey,
    });
    if (!issued.ok) throw new Error(issued.reason);
    expect(new X509Certificate(issued.pem).subjectAltName).toBe('URI:urn:shoumi:role:auditor');
    expect(await readPeerIdentity({ raw: Buffer.from(issued.cert.rawData) }, ca.cert)).toMatchObject({
      status: 'ok',
      identity: { kind: 'admin', name: '张三', role: 'auditor' },
    });
    expect(
      await issueAdminCertificate(ca, { name: 'root', role: 'superuser', publicKey: keys.publicKey }),
    ).toEqual({ ok: false, reason: 'role "superuser" is not one of system_admin, security_admin, auditor' });
    expect(
      await issueAdminCertificate(ca, { name: 'a,CN=b', role: 'auditor', publicKey: keys.publicKey }),
    ).toMatchObject({ ok: false, reason: expect.stringMatching(/^admin name "a,CN=b"/) });
  });

  it('reading a peer refuses no certificate, garbage, a server certificate, and a not-yet-valid one', async () => {
    expect(await readPeerIdentity(undefined, ca.cert)).toEqual({
      status: 'refused',
      reason: 'no client certificate',
    });
    expect(await readPeerIdentity({ raw: Buffer.alloc(0) }, ca.cert)).toEqual({
      status: 'refused',
      reason: 'no client certificate',
    });
    expect(await readPeerIdentity({ raw: Buffer.from('garbage') }, ca.cert)).toMatchObject({
      status: 'refused',
      reason: expect.stringMatching(/^the client certificate cannot be parsed/),
    });
    const { csrPem } = await csrFor('CN=x', { name: 'ECDSA', namedCurve: 'P-256' });
    const future = await signAgentCsr(ca, {
      csrPem,
      deviceId: 'dev-1',
      now: new Date(Date.now() + 48 * HOUR_MS),
    });
    if (!future.ok) throw new Error(future.reason);
    expect(await readPeerIdentity({ raw: Buffer.from(future.cert.rawData) }, ca.cert)).toMatchObject({
      status: 'refused',
      reason: expect.stringMatching(/^not valid before /),
    });
    // The CA certificate itself is ours but not a client certificate.
    expect(await readPeerIdentity({ raw: Buffer.from(ca.cert.rawData) }, ca.cert)).toEqual({
      status: 'refused',
      reason: 'the certificate is not for client authentication',
    });
  });

  it('a key made by Node (not WebCrypto) is accepted for an admin when it is P-256', async () => {
    const { publicKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
    const spki = publicKey.export({ type: 'spki', format: 'der' });
    const issued = await issueAdminCertificate(ca, {
      name: 'ops',
      role: 'system_admin',
      publicKey: new x509.PublicKey(spki),
    });
    expect(issued.ok).toBe(true);
  });
});

describe('enrolment tokens', () => {
  it('is consumed once, then is used; an expired one is expired; an unknown one is unknown', async () => {
    const dataDir = await freshDir();
    const now = new Date('2026-11-30T08:00:00Z');
    const { token, expiresAt } = await createEnrolmentToken(dataDir, { ttlMs: 24 * HOUR_MS, now });
    expect(expiresAt.toISOString()).toBe('2026-12-01T08:00:00.000Z');
    const stored = await readFile(path.join(dataDir, 'pki', 'tokens.json'), 'utf8');
    expect(stored).not.toContain(token);
    expect(stored).toContain(createHash('sha256').update(token).digest('hex'));

    // Two enrolments racing with the same token: exactly one wins.
    const raced = await Promise.all([
      consumeEnrolmentToken(dataDir, token, now),
      consumeEnrolmentToken(dataDir, token, now),
    ]);
    expect(raced.sort()).toEqual(['ok', 'used']);
    expect(await consumeEnrolmentToken(dataDir, token, now)).toBe('used');

    const late = await createEnrolmentToken(dataDir, { ttlMs: HOUR_MS, now });
    expect(await consumeEnrolmentToken(dataDir, late.token, new Date(now.getTime() + HOUR_MS))).toBe(
      'expired',
    );
    expect(await consumeEnrolmentToken(dataDir, 'made-up', now)).toBe('unknown');
  });

  it('--ttl accepts 30m, 24h, 7d and names the flag when it refuses', () => {
    expect(parseTokenTtl('30m')).toBe(30 * 60_000);
    expect(parseTokenTtl('24h')).toBe(24 * HOUR_MS);
    expect(parseTokenTtl('7d')).toBe(7 * 24 * HOUR_MS);
    expect(() => parseTokenTtl('1y')).toThrow('--ttl "1y": expected a positive number with m, h or d');
    expect(() => parseTokenTtl('0h')).toThrow('--ttl "0h"');
    expect(() => parseTokenTtl('90d')).toThrow('--ttl "90d": at most 30d');
  });
});
