import { execFile } from 'node:child_process';
import {
  createHash,
  createPrivateKey,
  generateKeyPairSync,
  sign,
  verify,
  type webcrypto,
  X509Certificate,
} from 'node:crypto';
import { mkdtemp, readdir, readFile, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { storeFileOf } from '../audit/verify-data-dir';
import { openSqliteStore } from '../store/sqlite/index';
import { addAdmin } from './admin-add';
import { enrolmentTokenSha256, makeEnrolmentTokens } from './enrolment-token';
import { issueAdminCertificate, signAgentCsr } from './issue-certificate';
import { createTokensLocally } from './local-tokens';
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
    expect(made.stderr).not.toContain(token);
    const many = await run(process.execPath, [...cli, 'token', 'create', '--data', dir, '--count', '3']);
    const tokens = many.stdout.trim().split('\n');
    expect(new Set([token, ...tokens]).size).toBe(4);

    const out = path.join(dir, 'admins', 'ops');
    const added = await run(process.execPath, [
      ...cli,
      'admin',
      'add',
      '--data',
      dir,
      '--name',
      'ops',
      '--role',
      'system_admin',
      '--out',
      out,
      '--validity',
      '30d',
    ]);
    expect(added.stdout).toMatch(/role: +system_admin/);
    expect(added.stdout).toContain(`shoumictl --identity ${out}`);

    const store = await openSqliteStore(storeFileOf(dir));
    try {
      // Only the hashes are stored; the database text never holds a token.
      for (const made of [token, ...tokens]) {
        expect(await store.findEnrolmentToken(enrolmentTokenSha256(made))).toMatchObject({ usedAtMs: null });
      }
      const admins = await store.listCertificates({ kind: 'admin' });
      expect(admins).toMatchObject([{ subject: 'ops', role: 'system_admin' }]);
      expect(added.stdout).toContain(admins[0]!.serial);
      const actions = (await store.listAudit({ limit: 10 })).map((entry) => entry.action);
      expect(actions).toEqual(['token.created', 'token.created', 'admin.added']);
    } finally {
      await store.close();
    }
    const database = await readFile(storeFileOf(dir));
    expect(database.includes(Buffer.from(token))).toBe(false);
    // Five real command lines at ~4 s each under tsx on a shared machine.
  }, 60_000);
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
    const short = await signAgentCsr(ca, { csrPem, deviceId: 'dev-0001', validityMs: 10 * 60_000 });
    if (!short.ok) throw new Error(short.reason);
    // notBefore is 5 minutes back for clock skew; notAfter is 10 minutes ahead.
    expect(short.cert.notAfter.getTime() - short.cert.notBefore.getTime()).toBe(15 * 60_000);
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
  it('makes 43-character base64url tokens and stores only their SHA-256', () => {
    const { made, stored } = makeEnrolmentTokens({ count: 2, ttlMs: HOUR_MS }, 1_000);
    expect(made).toHaveLength(2);
    expect(made[0]!.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(made[0]!.token).not.toBe(made[1]!.token);
    expect(stored).toEqual(
      made.map((token) => ({
        sha256: createHash('sha256').update(token.token).digest('hex'),
        deviceId: null,
        expiresAtMs: 1_000 + HOUR_MS,
      })),
    );
  });

  it('refuses a count, lifetime or device binding outside the rules, naming it', () => {
    const refusals: Array<[Parameters<typeof makeEnrolmentTokens>[0], RegExp]> = [
      [{ count: 0, ttlMs: HOUR_MS }, /^count 0: expected 1\.\.1000$/],
      [{ count: 1001, ttlMs: HOUR_MS }, /^count 1001/],
      [{ count: 1.5, ttlMs: HOUR_MS }, /^count 1.5/],
      [{ count: 1, ttlMs: 59_000 }, /^ttl 59 s: expected 60 s \.\. 30 days$/],
      [{ count: 1, ttlMs: 31 * 24 * HOUR_MS }, /^ttl/],
      [{ count: 1, ttlMs: HOUR_MS, deviceId: 'bad id' }, /device id "bad id" is not a valid device id/],
      [{ count: 2, ttlMs: HOUR_MS, deviceId: 'dev-1' }, /made one at a time/],
    ];
    for (const [request, message] of refusals) {
      expect(() => makeEnrolmentTokens(request, 0)).toThrow(message);
    }
    expect(makeEnrolmentTokens({ count: 1, ttlMs: 60_000, deviceId: 'dev-1' }, 0).stored[0]).toMatchObject({
      deviceId: 'dev-1',
    });
  });

  it('token create and admin add refuse a directory without a CA, creating nothing there', async () => {
    const empty = await freshDir();
    await expect(createTokensLocally({ dataDir: empty, ttlMs: HOUR_MS, count: 1 })).rejects.toThrow(
      /no collector CA here; make it first: shoumi-collector pki init/,
    );
    await expect(
      addAdmin({ dataDir: empty, name: 'ops', role: 'auditor', outDir: path.join(empty, 'id') }),
    ).rejects.toThrow(/no collector CA here/);
    await expect(
      createTokensLocally({ dataDir: path.join(empty, 'typo'), ttlMs: HOUR_MS, count: 1 }),
    ).rejects.toThrow(/no such directory/);
    expect(await readdir(empty)).toEqual([]);
  });

  it('--ttl accepts 30m, 24h, 7d and names the flag when it refuses', () => {
    expect(parseTokenTtl('30m')).toBe(30 * 60_000);
    expect(parseTokenTtl('24h')).toBe(24 * HOUR_MS);
    expect(parseTokenTtl('7d')).toBe(7 * 24 * HOUR_MS);
    expect(() => parseTokenTtl('1y')).toThrow('--ttl "1y": expected a positive number with s, m, h or d');
    expect(() => parseTokenTtl('0h')).toThrow('--ttl "0h"');
    expect(() => parseTokenTtl('90d')).toThrow('--ttl "90d": at most 30d');
  });
});

describe('admin add', () => {
  it('writes ca.crt, admin.crt and a 0600 key in a 0700 directory, records and audits the certificate', async () => {
    const dataDir = await freshDir();
    await initPki({ dataDir });
    const outDir = path.join(dataDir, 'identity');
    const added = await addAdmin({
      dataDir,
      name: '李四',
      role: 'auditor',
      outDir,
      validityMs: 7 * 24 * HOUR_MS,
    });
    expect((await readdir(outDir)).sort()).toEqual(['admin.crt', 'admin.key', 'ca.crt']);
    expect((await stat(outDir)).mode & 0o777).toBe(0o700);
    expect((await stat(path.join(outDir, 'admin.key'))).mode & 0o777).toBe(0o600);

    const ca = await loadCertificateAuthority(dataDir);
    const cert = new x509.X509Certificate(await readFile(path.join(outDir, 'admin.crt'), 'utf8'));
    expect(cert.serialNumber).toBe(added.serial);
    expect(Math.round((cert.notAfter.getTime() - Date.now()) / (24 * HOUR_MS))).toBe(7);
    expect(await readPeerIdentity({ raw: Buffer.from(cert.rawData) }, ca.cert)).toMatchObject({
      status: 'ok',
      identity: { kind: 'admin', name: '李四', role: 'auditor' },
    });
    // The key on disk is the one the certificate is for: sign with it, verify with the certificate.
    const key = createPrivateKey(await readFile(path.join(outDir, 'admin.key'), 'utf8'));
    const signature = sign('sha256', Buffer.from('hello'), key);
    expect(
      verify(
        'sha256',
        Buffer.from('hello'),
        new X509Certificate(Buffer.from(cert.rawData)).publicKey,
        signature,
      ),
    ).toBe(true);
    expect(new x509.X509Certificate(await readFile(path.join(outDir, 'ca.crt'), 'utf8')).equal(ca.cert)).toBe(
      true,
    );

    const store = await openSqliteStore(storeFileOf(dataDir));
    try {
      expect(await store.certificateStanding(added.serial)).toMatchObject({
        status: 'valid',
        record: {
          kind: 'admin',
          subject: '李四',
          role: 'auditor',
          issuedBy: expect.stringMatching(/^local:/),
        },
      });
      expect((await store.listAudit({ limit: 5 })).at(-1)).toMatchObject({
        action: 'admin.added',
        target: 'admin:李四',
        detail: { role: 'auditor', serial: added.serial },
      });
    } finally {
      await store.close();
    }
    await expect(addAdmin({ dataDir, name: 'x', role: 'auditor', outDir })).rejects.toThrow(
      /already exists: refusing to overwrite/,
    );
    await expect(
      addAdmin({ dataDir, name: 'x', role: 'root', outDir: path.join(dataDir, 'other') }),
    ).rejects.toThrow('--role root: expected system_admin, security_admin or auditor');
  });
});
