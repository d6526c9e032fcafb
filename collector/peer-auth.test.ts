// The peer authenticator remembers what it read from a certificate, and nothing that can change: a cached
// certificate is still refused once revoked or outside its validity window, and other bytes are read afresh.
import { X509Certificate } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { PeerCertificate } from 'node:tls';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { prepareTrust, type TrustWorld } from '../test/support/trust-fixture';
import { type CallWithPeer, peerAuthenticator } from './peer-auth';
import { readPeerIdentity } from './pki/peer-identity';
import { loadCertificateAuthority } from './pki/pki-files';
import { openSqliteStore } from './store/sqlite';
import type { Store } from './store/store';

// Counts the JavaScript certificate reads (parse + signature) the cache is there to save.
vi.mock('./pki/peer-identity', async (original) => {
  const actual = await original<typeof import('./pki/peer-identity')>();
  return { ...actual, readPeerIdentity: vi.fn(actual.readPeerIdentity) };
});
const reads = vi.mocked(readPeerIdentity);

let dir: string;
let dataDir: string;
let trust: TrustWorld;
let store: Store;
let caCert: Awaited<ReturnType<typeof loadCertificateAuthority>>['cert'];

/** The parts of tls.PeerCertificate grpc-js hands over that the authenticator reads, as Node fills them. */
const callWith = (certPem: string): CallWithPeer => {
  const cert = new X509Certificate(certPem);
  const peer = { raw: cert.raw, valid_from: cert.validFrom, valid_to: cert.validTo } as PeerCertificate;
  return { getPeer: () => 'ipv4:127.0.0.1:1', getAuthContext: () => ({ sslPeerCertificate: peer }) };
};

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'shoumi-peer-auth-'));
  dataDir = path.join(dir, 'collector');
  trust = await prepareTrust(dataDir, path.join(dir, 'admins'));
  caCert = (await loadCertificateAuthority(dataDir)).cert;
  store = await openSqliteStore(path.join(dataDir, 'collector.sqlite'));
});

afterAll(async () => {
  await store?.close();
  await rm(dir, { recursive: true, force: true });
});

beforeEach(() => reads.mockClear());

describe('peer authenticator cache', () => {
  it('reads a certificate once and answers the same from memory', async () => {
    const device = await trust.deviceCredentials('cache-once');
    const auth = peerAuthenticator({ caCert, store });
    const first = await auth.authenticate(callWith(device.certPem));
    const second = await auth.authenticate(callWith(device.certPem));
    expect(first.ok && first.identity).toEqual({
      kind: 'device',
      deviceId: 'cache-once',
      serialNumber: device.serial,
    });
    expect(second).toEqual(first);
    expect(reads).toHaveBeenCalledTimes(1);
    expect(auth.cachedCertificates).toBe(1);
  });

  it('still refuses a remembered certificate once it is revoked', async () => {
    const device = await trust.deviceCredentials('cache-revoked');
    const auth = peerAuthenticator({ caCert, store });
    expect((await auth.authenticate(callWith(device.certPem))).ok).toBe(true);
    await store.revokeDevice('cache-revoked', 'test', { actor: 'test', source: 'local' }, Date.now());
    const after = await auth.authenticate(callWith(device.certPem));
    expect(after.ok).toBe(false);
    expect(!after.ok && after.reason).toMatch(/was revoked at/);
    expect(reads).toHaveBeenCalledTimes(1);
  });

  it('refuses a remembered certificate outside its window, in the words of a fresh read', async () => {
    const device = await trust.deviceCredentials('cache-window', { validityMs: 60_000 });
    const notAfterMs = Date.parse(new X509Certificate(device.certPem).validTo);
    let nowMs = Date.now();
    const auth = peerAuthenticator({ caCert, store, now: () => nowMs });
    expect((await auth.authenticate(callWith(device.certPem))).ok).toBe(true);
    nowMs = notAfterMs + 1000;
    const cached = await auth.authenticate(callWith(device.certPem));
    const fresh = await peerAuthenticator({ caCert, store, now: () => nowMs }).authenticate(
      callWith(device.certPem),
    );
    expect(cached.ok).toBe(false);
    expect(cached).toEqual(fresh);
    expect(!cached.ok && cached.reason).toMatch(/^expired at /);
    // The first read and the fresh authenticator's; the expired call came from memory.
    expect(reads).toHaveBeenCalledTimes(2);
  });

  it('keeps at most cacheSize certificates, dropping the least recently used', async () => {
    const [a, b] = [
      await trust.deviceCredentials('cache-lru-a'),
      await trust.deviceCredentials('cache-lru-b'),
    ];
    const auth = peerAuthenticator({ caCert, store, cacheSize: 1 });
    for (const device of [a, b, a, a])
      expect((await auth.authenticate(callWith(device.certPem))).ok).toBe(true);
    // a read, b read (a dropped), a read again (b dropped), a from memory.
    expect(reads).toHaveBeenCalledTimes(3);
    expect(auth.cachedCertificates).toBe(1);
  });

  it('does not remember a refused certificate, nor take one for another', async () => {
    const auth = peerAuthenticator({ caCert, store });
    // An administrator's certificate is valid here too; a certificate not from our CA is not.
    const foreignDir = await mkdtemp(path.join(os.tmpdir(), 'shoumi-peer-auth-foreign-'));
    try {
      const foreign = await prepareTrust(path.join(foreignDir, 'collector'), path.join(foreignDir, 'admins'));
      const stranger = await foreign.deviceCredentials('cache-stranger');
      for (let attempt = 0; attempt < 2; attempt++) {
        const refused = await auth.authenticate(callWith(stranger.certPem));
        expect(refused.ok).toBe(false);
      }
      expect(reads).toHaveBeenCalledTimes(2);
      expect(auth.cachedCertificates).toBe(0);
    } finally {
      await rm(foreignDir, { recursive: true, force: true });
    }
  });
});
