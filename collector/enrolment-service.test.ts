// Enrol and Renew at handler level: a real CA, a real SQLite store, calls shaped as grpc-js makes them.
// (Over real TLS, with real agents, they are exercised by the end-to-end suite.)
import type { webcrypto } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as grpc from '@grpc/grpc-js';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { IssuedCertificate__Output } from '../proto/generated/shoumi/v1/IssuedCertificate';
import { renewHandler } from './agent-renewal';
import { enrolmentServiceHandlers, peerAddress } from './enrolment-service';
import type { PeerAuthenticator } from './peer-auth';
import { makeEnrolmentTokens } from './pki/enrolment-token';
import { readPeerIdentity } from './pki/peer-identity';
import { type CertificateAuthority, loadCertificateAuthority } from './pki/pki-files';
import { initPki } from './pki/pki-init';
import { x509 } from './pki/x509-library';
import { rateLimiter } from './rate-limit';
import { openSqliteStore } from './store/sqlite';
import type { Store } from './store/store';

const silent = { info() {}, warn() {}, error() {} };
const PEER = 'ipv4:10.0.0.7:40001';
const ADMIN = { actor: 'admin:ops(system_admin)', source: 'local' };

async function newCsr(): Promise<string> {
  const algorithm = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };
  const keys = (await crypto.subtle.generateKey(algorithm, false, [
    'sign',
    'verify',
  ])) as webcrypto.CryptoKeyPair;
  const csr = await x509.Pkcs10CertificateRequestGenerator.create({
    name: 'CN=ignored',
    keys,
    signingAlgorithm: algorithm,
  });
  return csr.toString('pem');
}

type Answer = { error: grpc.ServiceError | null; value?: IssuedCertificate__Output };

describe('enrolment and renewal handlers', () => {
  let pkiDir: string;
  let authority: CertificateAuthority;
  let csrPem: string;
  let directory: string;
  let store: Store;
  let handlers: ReturnType<typeof enrolmentServiceHandlers>;

  beforeAll(async () => {
    pkiDir = await mkdtemp(join(tmpdir(), 'shoumi-enrol-pki-'));
    await initPki({ dataDir: pkiDir });
    authority = await loadCertificateAuthority(pkiDir);
    csrPem = await newCsr();
  });
  beforeEach(async () => {
    directory = await mkdtemp(join(tmpdir(), 'shoumi-enrol-'));
    store = await openSqliteStore(join(directory, 'collector.db'));
    handlers = enrolmentServiceHandlers({
      store,
      authority,
      log: silent,
      agentCertificateValidityMs: 3_600_000,
    });
  });
  afterEach(async () => {
    await store.close();
    await rm(directory, { recursive: true, force: true });
  });

  async function tokens(count: number, deviceId?: string): Promise<string[]> {
    const { made, stored } = makeEnrolmentTokens({ count, ttlMs: 3_600_000, deviceId }, Date.now());
    await store.createEnrolmentTokens(stored, ADMIN, Date.now());
    return made.map((token) => token.token);
  }

  function enrol(request: { token: string; csrPem?: string; deviceId?: string }, peer = PEER) {
    return new Promise<Answer>((resolve) =>
      handlers.Enrol(
        {
          request: { csrPem, deviceId: '', ...request },
          getPeer: () => peer,
        } as unknown as Parameters<typeof handlers.Enrol>[0],
        (error, value) =>
          resolve({ error: error as grpc.ServiceError | null, value: value as IssuedCertificate__Output }),
      ),
    );
  }

  const lastAudit = async () => (await store.listAudit({ limit: 100 })).at(-1);

  it('enrols with a token: a certificate for the claimed id, recorded, with the pinned CA', async () => {
    const [token] = await tokens(1);
    const { error, value } = await enrol({ token: token!, deviceId: 'dev-a' });
    expect(error).toBeNull();
    expect(value).toMatchObject({ deviceId: 'dev-a', caPem: authority.cert.toString('pem') });
    const cert = new x509.X509Certificate(value!.certificatePem);
    expect(value!.notAfterMs - value!.notBeforeMs).toBe(3_600_000 + 5 * 60_000);
    expect(await readPeerIdentity({ raw: Buffer.from(cert.rawData) }, authority.cert)).toMatchObject({
      status: 'ok',
      identity: { kind: 'device', deviceId: 'dev-a' },
    });
    expect(await store.certificateStanding(cert.serialNumber)).toMatchObject({ status: 'valid' });
    expect(await lastAudit()).toMatchObject({
      action: 'device.enrolled',
      actor: 'device:dev-a',
      source: PEER,
    });
    expect(JSON.stringify(await store.listAudit({ limit: 100 }))).not.toContain(token);
  });

  it('refuses a used, an unknown and another device’s token with PERMISSION_DENIED, each audited', async () => {
    const [token] = await tokens(1);
    await enrol({ token: token!, deviceId: 'dev-a' });
    const again = await enrol({ token: token!, deviceId: 'dev-b' });
    expect(again.error?.code).toBe(grpc.status.PERMISSION_DENIED);
    expect(again.error?.details).toMatch(/already used/);
    expect(await lastAudit()).toMatchObject({
      action: 'device.enrol_refused',
      detail: { reason: 'token-used' },
    });

    const unknown = await enrol({ token: 'x'.repeat(43), deviceId: 'dev-b' });
    expect(unknown.error?.code).toBe(grpc.status.PERMISSION_DENIED);
    expect(unknown.error?.details).toBe('enrolment token unknown');
    expect(await lastAudit()).toMatchObject({
      action: 'device.enrol_refused',
      outcome: 'refused',
      source: PEER,
      detail: { reason: 'token-unknown' },
    });
    expect(JSON.stringify(await lastAudit())).not.toContain('x'.repeat(43));
    expect(await store.listCertificates({})).toHaveLength(1);
  });

  it('a bound token decides the device id; an unbound one cannot re-enrol (ALREADY_EXISTS)', async () => {
    const [first] = await tokens(1);
    await enrol({ token: first!, deviceId: 'dev-a' });
    const [second] = await tokens(1);
    const refused = await enrol({ token: second!, deviceId: 'dev-a' });
    expect(refused.error?.code).toBe(grpc.status.ALREADY_EXISTS);
    expect(refused.error?.details).toMatch(/token create --device dev-a/);

    const [bound] = await tokens(1, 'dev-a');
    // The agent asks for another id: the token's binding wins.
    const { error, value } = await enrol({ token: bound!, deviceId: 'dev-victim' });
    expect(error).toBeNull();
    expect(value?.deviceId).toBe('dev-a');
    const devA = await store.listCertificates({ subject: 'dev-a' });
    expect(devA.map((record) => record.revokeReason)).toEqual(['replaced by re-enrolment', null]);
    expect(await store.listCertificates({ subject: 'dev-victim' })).toEqual([]);
  });

  it('refuses malformed requests with INVALID_ARGUMENT naming the field, consuming no token', async () => {
    const [token] = await tokens(1);
    const cases: Array<[Parameters<typeof enrol>[0], RegExp]> = [
      [{ token: '' }, /^token is required$/],
      [{ token: 't'.repeat(101) }, /^token: at most 100 characters$/],
      [{ token: token!, csrPem: '' }, /^csr_pem is required$/],
      [{ token: token!, csrPem: 'x'.repeat(16 * 1024 + 1) }, /^csr_pem: at most 16384 bytes$/],
      [{ token: token!, deviceId: 'dev a' }, /^device_id "dev a" is not a valid device id$/],
      [{ token: token! }, /^device_id is required/],
      [{ token: token!, deviceId: 'dev-a', csrPem: 'not a csr' }, /^csr_pem: the CSR cannot be parsed/],
    ];
    for (const [request, message] of cases) {
      const { error } = await enrol(request);
      expect(error?.code).toBe(grpc.status.INVALID_ARGUMENT);
      expect(error?.details).toMatch(message);
    }
    expect(await store.listCertificates({})).toEqual([]);
    expect((await enrol({ token: token!, deviceId: 'dev-a' })).error).toBeNull();
  });

  it('limits attempts per source address with RESOURCE_EXHAUSTED, not audited', async () => {
    handlers = enrolmentServiceHandlers({
      store,
      authority,
      log: silent,
      rateLimiter: rateLimiter({ perSecond: 0.001, burst: 2 }),
    });
    const codes: Array<grpc.status | undefined> = [];
    for (let attempt = 0; attempt < 3; attempt++) {
      codes.push(
        (await enrol({ token: 'unknown', deviceId: 'dev-a' }, `ipv4:10.0.0.9:${5000 + attempt}`)).error?.code,
      );
    }
    expect(codes).toEqual([
      grpc.status.PERMISSION_DENIED,
      grpc.status.PERMISSION_DENIED,
      grpc.status.RESOURCE_EXHAUSTED,
    ]);
    // Another address has its own bucket.
    expect((await enrol({ token: 'unknown', deviceId: 'dev-a' }, 'ipv6:[::1]:5000')).error?.code).toBe(
      grpc.status.PERMISSION_DENIED,
    );
    expect(
      (await store.listAudit({ limit: 10 })).filter((e) => e.action === 'device.enrol_refused'),
    ).toHaveLength(3);
  });

  it('reads the address out of grpc-js peers', () => {
    expect(peerAddress('ipv4:10.0.0.7:5000')).toBe('10.0.0.7');
    expect(peerAddress('ipv6:[::1]:5000')).toBe('::1');
    expect(peerAddress('10.0.0.7:5000')).toBe('10.0.0.7');
    expect(peerAddress('unix:/tmp/s')).toBe('unix:/tmp/s');
  });

  describe('Renew', () => {
    const authenticatorFor = (
      identity: Awaited<ReturnType<PeerAuthenticator['authenticate']>>,
    ): PeerAuthenticator => ({
      authenticate: async () => identity,
    });

    function renew(
      authenticator: PeerAuthenticator,
      request = { csrPem },
      advertisedAgentAddresses?: readonly string[],
    ) {
      const handler = renewHandler({
        store,
        authority,
        authenticator,
        log: silent,
        advertisedAgentAddresses,
      });
      return new Promise<Answer>((resolve) =>
        handler(
          { request, getPeer: () => PEER } as unknown as Parameters<typeof handler>[0],
          (error, value) =>
            resolve({ error: error as grpc.ServiceError | null, value: value as IssuedCertificate__Output }),
        ),
      );
    }

    it('signs a new certificate for the device in the certificate presented, recorded and audited', async () => {
      const [token] = await tokens(1);
      const enrolled = await enrol({ token: token!, deviceId: 'dev-a' });
      const oldSerial = new x509.X509Certificate(enrolled.value!.certificatePem).serialNumber;
      const standing = await store.certificateStanding(oldSerial);
      if (standing.status !== 'valid') throw new Error('not enrolled');
      const { error, value } = await renew(
        authenticatorFor({
          ok: true,
          identity: { kind: 'device', deviceId: 'dev-a', serialNumber: oldSerial },
          record: standing.record,
        }),
      );
      expect(error).toBeNull();
      expect(value?.deviceId).toBe('dev-a');
      const newSerial = new x509.X509Certificate(value!.certificatePem).serialNumber;
      expect(newSerial).not.toBe(oldSerial);
      // Both valid: the old one until it expires.
      expect(await store.certificateStanding(newSerial)).toMatchObject({
        status: 'valid',
        record: { issuedBy: 'renewal' },
      });
      expect(await store.certificateStanding(oldSerial)).toMatchObject({ status: 'valid' });
      expect(await lastAudit()).toMatchObject({
        action: 'certificate.renewed',
        actor: 'device:dev-a',
        detail: { oldSerial, newSerial },
      });
    });

    it('tells the agent the advertised collector addresses with its new certificate, none when none are', async () => {
      const [token] = await tokens(1);
      const enrolled = await enrol({ token: token!, deviceId: 'dev-a' });
      const serialNumber = new x509.X509Certificate(enrolled.value!.certificatePem).serialNumber;
      const standing = await store.certificateStanding(serialNumber);
      if (standing.status !== 'valid') throw new Error('not enrolled');
      const device = authenticatorFor({
        ok: true,
        identity: { kind: 'device', deviceId: 'dev-a', serialNumber },
        record: standing.record,
      });
      const advertised = await renew(device, { csrPem }, ['b.example:7700', 'a.example:7700']);
      expect(advertised.error).toBeNull();
      expect(advertised.value?.agentAddresses).toEqual(['b.example:7700', 'a.example:7700']);
      const none = await renew(device, { csrPem: await newCsr() });
      expect(none.error).toBeNull();
      expect(none.value?.agentAddresses).toEqual([]);
    });

    it('refuses an administrator, an unauthenticated peer, and a bad CSR', async () => {
      const admin = await renew(
        authenticatorFor({
          ok: true,
          identity: { kind: 'admin', name: 'ops', role: 'system_admin', serialNumber: 'aa' },
          record: {} as never,
        }),
      );
      expect(admin.error?.code).toBe(grpc.status.PERMISSION_DENIED);
      const revoked = await renew(
        authenticatorFor({
          ok: false,
          code: grpc.status.UNAUTHENTICATED,
          reason: 'certificate aa was revoked',
        }),
      );
      expect(revoked.error).toMatchObject({
        code: grpc.status.UNAUTHENTICATED,
        details: 'certificate aa was revoked',
      });
      const device = authenticatorFor({
        ok: true,
        identity: { kind: 'device', deviceId: 'dev-a', serialNumber: 'aa' },
        record: {} as never,
      });
      const bad = await renew(device, { csrPem: 'garbage' });
      expect(bad.error?.code).toBe(grpc.status.INVALID_ARGUMENT);
      expect(bad.error?.details).toMatch(/^csr_pem: /);
      expect(await store.listCertificates({})).toEqual([]);
    });
  });
});
