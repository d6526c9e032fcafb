// Enrolment against a real grpc-js TLS server on loopback that plays the collector's enrolment port: its
// certificate chain is server + CA (as the collector sends), and a fake EnrolmentService signs the CSR with a
// throwaway CA, or refuses as the test says.
import { createHash, X509Certificate } from 'node:crypto';
import { mkdtemp, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as grpc from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EnrolRequest__Output } from '../../proto/generated/shoumi/v1/EnrolRequest';
import type { IssuedCertificate } from '../../proto/generated/shoumi/v1/IssuedCertificate';
import { loadContract } from '../../proto/load';
import { agentLog } from '../agent-log';
import { loadAgentCredentials } from './agent-credentials';
import { defaultEnrolAddress, enrol, fetchPinnedCa, normaliseFingerprint, parseHostPort } from './enrol';
import { ensureEnrolled } from './ensure-enrolled';
import { createTestAuthority, issueTestServer, signTestCsr, type TestAuthority } from './test-authority';

const GOOD_TOKEN = 'tok-6f1d2c3b4a5968777a8b9c0d';
const USED_TOKEN = 'tok-used-9a8b7c6d5e4f';

let ca: TestAuthority;
let caSha256: string;
let serverSha256: string;
let server: grpc.Server;
let address: string;
const requests: EnrolRequest__Output[] = [];

function fail(code: grpc.status, details: string): grpc.ServiceError {
  return Object.assign(new Error(details), { code, details, metadata: new grpc.Metadata() });
}

beforeAll(async () => {
  ca = await createTestAuthority();
  caSha256 = createHash('sha256').update(new Uint8Array(ca.cert.rawData)).digest('hex');
  const tlsServer = await issueTestServer(ca);
  serverSha256 = createHash('sha256').update(new X509Certificate(tlsServer.chainPem).raw).digest('hex');
  server = new grpc.Server();
  server.addService(loadContract().shoumi.v1.EnrolmentService.service, {
    Enrol: (
      call: grpc.ServerUnaryCall<EnrolRequest__Output, IssuedCertificate>,
      callback: grpc.sendUnaryData<IssuedCertificate>,
    ) => {
      const request = call.request;
      requests.push(request);
      if (request.token === USED_TOKEN) {
        callback(fail(grpc.status.PERMISSION_DENIED, 'enrolment token already used'));
        return;
      }
      if (request.token !== GOOD_TOKEN) {
        // A careless collector that repeats the token: the agent must not pass it on.
        callback(fail(grpc.status.PERMISSION_DENIED, `unknown token ${request.token}`));
        return;
      }
      // A token bound to another device wins over what the agent asks for.
      const deviceId = request.deviceId === 'dev-ask' ? 'dev-bound' : request.deviceId;
      signTestCsr(ca, request.csrPem, deviceId).then((cert) =>
        callback(null, {
          deviceId,
          certificatePem: cert.toString('pem'),
          caPem: ca.certPem,
          notBeforeMs: cert.notBefore.getTime(),
          notAfterMs: cert.notAfter.getTime(),
        }),
      );
    },
  });
  const credentials = grpc.ServerCredentials.createSsl(
    null,
    [{ cert_chain: Buffer.from(tlsServer.chainPem), private_key: Buffer.from(tlsServer.keyPem) }],
    false,
  );
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync('127.0.0.1:0', credentials, (error, bound) => (error ? reject(error) : resolve(bound))),
  );
  address = `127.0.0.1:${port}`;
});

afterAll(() => {
  server.forceShutdown();
});

const tempDir = () => mkdtemp(path.join(tmpdir(), 'shoumi-enrol-'));

describe('input', () => {
  it('accepts a fingerprint in any case and with colons, and names a malformed one', () => {
    const colons = caSha256.toUpperCase().match(/../g)?.join(':') ?? '';
    expect(normaliseFingerprint(colons)).toBe(caSha256);
    expect(() => normaliseFingerprint('abc123')).toThrow('"abc123" is not a SHA-256');
  });

  it('reads host:port and [v6]:port, and names an address without a port', () => {
    expect(parseHostPort('[::1]:7702')).toEqual({ host: '::1', port: 7702 });
    expect(parseHostPort('collector.example:7702')).toEqual({ host: 'collector.example', port: 7702 });
    expect(() => parseHostPort('collector.example')).toThrow('"collector.example" is not HOST:PORT');
    expect(defaultEnrolAddress('collector.example:7700')).toBe('collector.example:7702');
    expect(defaultEnrolAddress('[::1]:7700')).toBe('[::1]:7702');
  });
});

describe('fetchPinnedCa', () => {
  it('takes the CA with the pinned fingerprint from the chain the server presents', async () => {
    const pinned = await fetchPinnedCa(address, caSha256.toUpperCase().match(/../g)?.join(':') ?? '');
    expect(pinned.caPem.replace(/\s/g, '')).toBe(ca.certPem.replace(/\s/g, ''));
    expect(pinned.offered).toEqual([serverSha256, caSha256]);
  });

  it('refuses a wrong pin, naming what the server offered', async () => {
    const wrong = 'ab'.repeat(32);
    await expect(fetchPinnedCa(address, wrong)).rejects.toThrow(
      `no certificate with the pinned fingerprint ${wrong}; it offered ${serverSha256}, ${caSha256}`,
    );
  });

  it('refuses a pin of the server certificate: it is not a CA', async () => {
    await expect(fetchPinnedCa(address, serverSha256)).rejects.toThrow('is not a CA certificate');
  });

  it('says when nothing listens', async () => {
    await expect(fetchPinnedCa('127.0.0.1:1', caSha256)).rejects.toThrow(
      "cannot reach the collector's enrolment port at 127.0.0.1:1",
    );
  });
});

describe('enrol', () => {
  it('with the right pin: enrolled, the files written 0600/0700, the id the collector chose', async () => {
    const dataDir = await tempDir();
    const outcome = await enrol({
      enrolAddress: address,
      token: GOOD_TOKEN,
      caSha256,
      deviceId: 'dev-ask',
      dataDir,
    });
    if (!outcome.ok) throw new Error(outcome.message);
    expect(outcome.credentials.deviceId).toBe('dev-bound');
    expect(requests.at(-1)).toMatchObject({ token: GOOD_TOKEN, deviceId: 'dev-ask' });
    const loaded = await loadAgentCredentials(dataDir);
    expect(loaded?.deviceId).toBe('dev-bound');
    expect(loaded?.caPem.replace(/\s/g, '')).toBe(ca.certPem.replace(/\s/g, ''));
    // The key on disk is the one the certificate is for, and only its owner may read it.
    expect(loaded?.keyPem).toContain('PRIVATE KEY');
    expect((await stat(path.join(dataDir, 'tls'))).mode & 0o777).toBe(0o700);
    expect((await stat(path.join(dataDir, 'tls', 'agent.key'))).mode & 0o777).toBe(0o600);
  });

  it('with a wrong pin: refused before the token is sent, naming the fingerprints', async () => {
    const dataDir = await tempDir();
    const before = requests.length;
    const outcome = await enrol({
      enrolAddress: address,
      token: GOOD_TOKEN,
      caSha256: 'cd'.repeat(32),
      deviceId: 'dev-x',
      dataDir,
    });
    expect(outcome).toMatchObject({ ok: false, reason: 'untrusted' });
    expect(!outcome.ok && outcome.message).toContain(caSha256);
    expect(requests.length).toBe(before);
    expect(await loadAgentCredentials(dataDir)).toBeUndefined();
  });

  it("a refusal carries the collector's message and never the token", async () => {
    const dataDir = await tempDir();
    const used = await enrol({
      enrolAddress: address,
      token: USED_TOKEN,
      caSha256,
      deviceId: 'dev-y',
      dataDir,
    });
    expect(used).toEqual({
      ok: false,
      reason: 'refused',
      message: 'the collector refused the enrolment: enrolment token already used',
    });
    const secret = 'tok-secret-0123456789';
    const echoed = await enrol({
      enrolAddress: address,
      token: secret,
      caSha256,
      deviceId: 'dev-y',
      dataDir,
    });
    expect(echoed).toMatchObject({ ok: false, reason: 'refused' });
    expect(!echoed.ok && echoed.message).toBe('the collector refused the enrolment: unknown token <token>');
    expect(await loadAgentCredentials(dataDir)).toBeUndefined();
  });
});

describe('ensureEnrolled (run)', () => {
  it('without a certificate or a token says what is missing; with a token it enrols, then keeps what it has', async () => {
    const dataDir = await tempDir();
    const lines: string[] = [];
    const log = agentLog((line) => lines.push(line));
    let asked = 0;
    const requestedDeviceId = async () => {
      asked += 1;
      return 'dev-run-1';
    };
    await expect(ensureEnrolled({ dataDir, enrolment: { address }, requestedDeviceId, log })).rejects.toThrow(
      'holds no certificate, and enrolling needs --token and --ca-sha256',
    );
    expect(asked).toBe(0);
    const first = await ensureEnrolled({
      dataDir,
      enrolment: { address, token: GOOD_TOKEN, caSha256 },
      requestedDeviceId,
      log,
    });
    expect(first.deviceId).toBe('dev-run-1');
    const before = requests.length;
    const again = await ensureEnrolled({
      dataDir,
      enrolment: { address, token: USED_TOKEN, caSha256 },
      requestedDeviceId,
      log,
    });
    expect(again.serial).toBe(first.serial);
    expect(requests.length).toBe(before);
    expect(lines.filter((line) => line.includes('"enrolled"'))).toHaveLength(1);
    for (const line of lines) expect(line).not.toContain(GOOD_TOKEN);
  });
});
