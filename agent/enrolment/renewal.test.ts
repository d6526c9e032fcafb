// Renewal: the timing rules on their own, then the whole loop against a real grpc-js mTLS server on loopback
// that plays the collector's agent port (Connect answers the hello; Renew signs the CSR for the device in the
// caller's certificate, back-dating notBefore by 5 minutes as the collector does). Certificates live 3 s so
// that several renewals happen within the test.
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as grpc from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AgentMessage__Output } from '../../proto/generated/shoumi/v1/AgentMessage';
import type { CollectorMessage } from '../../proto/generated/shoumi/v1/CollectorMessage';
import type { IssuedCertificate } from '../../proto/generated/shoumi/v1/IssuedCertificate';
import type { RenewRequest__Output } from '../../proto/generated/shoumi/v1/RenewRequest';
import { loadContract } from '../../proto/load';
import { sampleFinding } from '../../test/fixtures/outbox/sample-finding';
import { agentLog } from '../agent-log';
import { startLink } from '../link/link';
import { openOutbox } from '../outbox/outbox';
import { keepAdvertisedCollectors, readAdvertisedCollectors } from './advertised-collectors';
import {
  type AgentCredentials,
  channelCredentials,
  DEVICE_URN_PREFIX,
  loadAgentCredentials,
  saveAgentCredentials,
} from './agent-credentials';
import { createAgentKeyAndCsr } from './csr';
import {
  lifetimeMs,
  type RenewCall,
  renewalPlan,
  renewCredentials,
  retryDelayMs,
  startRenewal,
} from './renewal';
import { createTestAuthority, issueTestServer, signTestCsr, type TestAuthority } from './test-authority';

const DAY = 24 * 3600_000;
const LIFETIME_MS = 3_000;
const BACKDATE_MS = 5 * 60_000;

describe('renewal timing', () => {
  it('is due when a third of the lifetime remains, measured from when the certificate arrived', () => {
    const obtained = 1_000 * DAY;
    const cert = {
      notBeforeMs: obtained - BACKDATE_MS,
      obtainedAtMs: obtained,
      notAfterMs: obtained + 90 * DAY,
    };
    expect(lifetimeMs(cert)).toBe(90 * DAY);
    expect(renewalPlan(cert, obtained)).toEqual({ due: false, inMs: 60 * DAY });
    expect(renewalPlan(cert, obtained + 60 * DAY - 1)).toEqual({ due: false, inMs: 1 });
    expect(renewalPlan(cert, obtained + 60 * DAY)).toEqual({ due: true });
    // A 30-second certificate back-dated 5 minutes is not "already a third gone" on arrival.
    const short = {
      notBeforeMs: obtained - BACKDATE_MS,
      obtainedAtMs: obtained,
      notAfterMs: obtained + 30_000,
    };
    expect(renewalPlan(short, obtained)).toEqual({ due: false, inMs: 20_000 });
    // Received before its notBefore (our clock behind): the lifetime starts at notBefore.
    const early = { notBeforeMs: obtained, obtainedAtMs: obtained - 10_000, notAfterMs: obtained + 30_000 };
    expect(renewalPlan(early, obtained)).toEqual({ due: false, inMs: 20_000 });
    // Expired, or a clock far ahead: due at once.
    expect(renewalPlan(short, obtained + 31_000)).toEqual({ due: true });
  });

  it('spreads a fleet enrolled together over a quarter to a third of the lifetime left, stable per serial', () => {
    const obtained = 1_000 * DAY;
    const times = {
      notBeforeMs: obtained - BACKDATE_MS,
      obtainedAtMs: obtained,
      notAfterMs: obtained + 90 * DAY,
    };
    const waits = Array.from({ length: 1000 }, (_, index) => {
      const plan = renewalPlan({ ...times, serial: `serial-${index}` }, obtained);
      if (plan.due) throw new Error('due at once');
      return plan.inMs;
    });
    expect(Math.min(...waits)).toBeGreaterThanOrEqual(60 * DAY);
    expect(Math.max(...waits)).toBeLessThan(67.5 * DAY);
    // Spread over the window, not bunched: every 1.5-day slice of it holds some of the thousand.
    for (let slice = 0; slice < 5; slice++) {
      const from = 60 * DAY + slice * 1.5 * DAY;
      expect(waits.filter((wait) => wait >= from && wait < from + 1.5 * DAY).length).toBeGreaterThan(100);
    }
    // An agent restarted a day later aims at the same moment: the spread comes from the serial, not a dice roll.
    const later = renewalPlan({ ...times, serial: 'serial-7' }, obtained + DAY);
    expect(later).toEqual({ due: false, inMs: waits[7]! - DAY });
  });

  it('retries at most every 30 s for long lifetimes, proportionally for short ones, and never spins', () => {
    expect(retryDelayMs(90 * DAY, 1)).toBe(30_000);
    expect(retryDelayMs(90 * DAY, 2)).toBe(60_000);
    expect(retryDelayMs(90 * DAY, 50)).toBe(600_000);
    expect(retryDelayMs(30_000, 1)).toBe(1_000);
    expect(retryDelayMs(30_000, 2)).toBe(2_000);
    expect(retryDelayMs(30_000, 9)).toBe(3_000);
    expect(retryDelayMs(0, 1)).toBe(500);
    expect(retryDelayMs(0, 40)).toBe(500);
  });
});

describe('renewal over mTLS', () => {
  let ca: TestAuthority;
  let server: grpc.Server;
  let address: string;
  let refuseRenewals = false;
  const helloSerials: string[] = [];
  const helloIds: string[] = [];
  const renewCalls: { atMs: number; serial: string }[] = [];
  /** Seqs the fake collector stored: it acks the highest, and answers a hello with it. */
  const stored = new Set<number>();
  const storedUpTo = () => (stored.size === 0 ? 0 : Math.max(...stored));

  const peerCert = (call: {
    getAuthContext(): { sslPeerCertificate?: { serialNumber: string } } | undefined;
  }) => call.getAuthContext()?.sslPeerCertificate;

  beforeAll(async () => {
    ca = await createTestAuthority();
    const tlsServer = await issueTestServer(ca);
    server = new grpc.Server();
    server.addService(loadContract().shoumi.v1.AgentService.service, {
      Connect: (call: grpc.ServerDuplexStream<AgentMessage__Output, CollectorMessage>) => {
        call.on('data', (message: AgentMessage__Output) => {
          if (message.body === 'findings') {
            for (const finding of message.findings?.findings ?? []) stored.add(finding.seq);
            call.write({ ack: { upToSeq: storedUpTo() } });
            return;
          }
          if (message.body !== 'hello') return;
          helloSerials.push(peerCert(call)?.serialNumber.toLowerCase() ?? 'none');
          helloIds.push(message.hello?.deviceId ?? '');
          call.write({ ack: { upToSeq: storedUpTo() } });
        });
        call.on('end', () => call.end());
        call.on('error', () => {});
      },
      Renew: (
        call: grpc.ServerUnaryCall<RenewRequest__Output, IssuedCertificate>,
        callback: grpc.sendUnaryData<IssuedCertificate>,
      ) => {
        const peer = call.getAuthContext()?.sslPeerCertificate as {
          serialNumber: string;
          subjectaltname?: string;
        };
        renewCalls.push({ atMs: Date.now(), serial: peer.serialNumber.toLowerCase() });
        if (refuseRenewals) {
          callback({
            name: 'Error',
            message: 'device dev-renew is revoked',
            code: grpc.status.PERMISSION_DENIED,
            details: 'device dev-renew is revoked',
            metadata: new grpc.Metadata(),
          });
          return;
        }
        // The device is the caller's, from its certificate; never from the request.
        const deviceId = (peer.subjectaltname ?? '').replace(`URI:${DEVICE_URN_PREFIX}`, '');
        signTestCsr(ca, call.request.csrPem, deviceId, {
          validityMs: LIFETIME_MS,
          backdateMs: BACKDATE_MS,
        }).then((cert) =>
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
      Buffer.from(ca.certPem),
      [{ cert_chain: Buffer.from(tlsServer.chainPem), private_key: Buffer.from(tlsServer.keyPem) }],
      true,
    );
    const port = await new Promise<number>((resolve, reject) =>
      server.bindAsync('127.0.0.1:0', credentials, (error, bound) =>
        error ? reject(error) : resolve(bound),
      ),
    );
    address = `127.0.0.1:${port}`;
  });

  afterAll(() => {
    server.forceShutdown();
  });

  async function enrolled(dataDir: string): Promise<AgentCredentials> {
    const { privateKeyPem, csrPem } = await createAgentKeyAndCsr('dev-renew');
    const cert = await signTestCsr(ca, csrPem, 'dev-renew', {
      validityMs: LIFETIME_MS,
      backdateMs: BACKDATE_MS,
    });
    return saveAgentCredentials(dataDir, {
      caPem: ca.certPem,
      keyPem: privateKeyPem,
      certPem: cert.toString('pem'),
    });
  }

  async function runAgentFor(ms: number) {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'shoumi-renewal-'));
    let credentials = await enrolled(dataDir);
    const firstSerial = credentials.serial;
    const outbox = await openOutbox(path.join(dataDir, 'outbox'));
    const lines: string[] = [];
    const log = agentLog((line) => lines.push(line));
    const link = startLink({
      collector: address,
      deviceId: credentials.deviceId,
      agentVersion: 'test',
      hardware: { hostname: 'test' },
      outbox,
      policyVersion: () => 'test',
      onPolicy: () => {},
      onSweep: () => {},
      // This collector refuses nothing; a refusal would fail the run.
      settleRefused: async () => ({ ok: false, message: 'no refusal expected here' }),
      credentials: channelCredentials(credentials),
    });
    const renewal = startRenewal({
      dataDir,
      current: () => credentials,
      renew: (csrPem) => link.renew(csrPem),
      onRenewed: async (renewed) => {
        credentials = renewed;
        await link.restart(channelCredentials(renewed));
      },
      log,
    });
    // Findings keep coming while the link restarts under them: none may be lost.
    const producer = setInterval(() => void outbox.append([sampleFinding(`subject-${Date.now()}`)]), 50);
    await new Promise((resolve) => setTimeout(resolve, ms));
    clearInterval(producer);
    const drainedBy = Date.now() + 5_000;
    while (outbox.depth > 0 && Date.now() < drainedBy)
      await new Promise((resolve) => setTimeout(resolve, 50));
    const produced = outbox.lastAssignedSeq;
    renewal.stop();
    await link.stop();
    await outbox.close();
    return { dataDir, firstSerial, credentials, lines, produced };
  }

  it('renews before expiry, keeps the new set on disk, and the link reconnects with it', async () => {
    helloSerials.length = 0;
    renewCalls.length = 0;
    stored.clear();
    const run = await runAgentFor(7_000);
    // Every finding made during the run reached the collector, across every reconnect.
    expect(run.produced).toBeGreaterThan(50);
    expect([...stored].sort((a, b) => a - b)).toEqual(Array.from({ length: run.produced }, (_, i) => i + 1));
    const renewed = run.lines.filter((line) => line.includes('"certificate renewed"'));
    // 3 s certificates renewed when a third remains: about every 2 s, so 2..4 renewals in 7 s, not a loop.
    expect(renewed.length).toBeGreaterThanOrEqual(2);
    expect(renewed.length).toBeLessThanOrEqual(4);
    expect(renewCalls.length).toBe(renewed.length);
    // Each renewal was asked for with the certificate it replaces, and each new one was used to reconnect.
    expect(renewCalls[0]?.serial).toBe(run.firstSerial);
    expect(helloSerials[0]).toBe(run.firstSerial);
    expect(new Set(helloSerials).size).toBe(renewed.length + 1);
    expect(helloSerials.at(-1)).toBe(run.credentials.serial);
    expect(new Set(helloIds)).toEqual(new Set(['dev-renew']));
    // What is on disk is the last set, and it matches.
    expect((await loadAgentCredentials(run.dataDir))?.serial).toBe(run.credentials.serial);
    for (const line of run.lines) expect(line).not.toContain('PRIVATE KEY');
  }, 20_000);

  it('a refused renewal is logged with the collector message and retried with backoff, not in a loop', async () => {
    helloSerials.length = 0;
    renewCalls.length = 0;
    stored.clear();
    refuseRenewals = true;
    try {
      const run = await runAgentFor(4_000);
      // Due after ~2 s; retries every 0.5 s for a 3 s lifetime: about 4 tries in the 2 s left.
      expect(renewCalls.length).toBeGreaterThanOrEqual(2);
      expect(renewCalls.length).toBeLessThanOrEqual(6);
      for (let i = 1; i < renewCalls.length; i++) {
        expect((renewCalls[i]?.atMs ?? 0) - (renewCalls[i - 1]?.atMs ?? 0)).toBeGreaterThanOrEqual(450);
      }
      const failures = run.lines.filter((line) => line.includes('renewal failed'));
      expect(failures.length).toBe(renewCalls.length);
      expect(failures[0]).toContain('the collector refused the renewal: device dev-renew is revoked');
      expect(run.credentials.serial).toBe(run.firstSerial);
    } finally {
      refuseRenewals = false;
    }
  }, 20_000);
});

describe('renewal and the advertised collectors', () => {
  let ca: TestAuthority;
  beforeAll(async () => {
    ca = await createTestAuthority();
  });

  /** Enrolled credentials, and a list an earlier enrolment kept. */
  async function enrolledWithList(list: string[]) {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'shoumi-renewal-list-'));
    const { privateKeyPem, csrPem } = await createAgentKeyAndCsr('dev-list');
    const cert = await signTestCsr(ca, csrPem, 'dev-list', { validityMs: DAY, backdateMs: BACKDATE_MS });
    const current = await saveAgentCredentials(dataDir, {
      caPem: ca.certPem,
      keyPem: privateKeyPem,
      certPem: cert.toString('pem'),
    });
    await keepAdvertisedCollectors(dataDir, list);
    return { dataDir, current };
  }

  /** A collector whose Renew answer carries `agentAddresses`. */
  const answering =
    (agentAddresses: string[]): RenewCall =>
    async (csrPem) => {
      const cert = await signTestCsr(ca, csrPem, 'dev-list', { validityMs: DAY, backdateMs: BACKDATE_MS });
      return {
        ok: true,
        issued: {
          deviceId: 'dev-list',
          certificatePem: cert.toString('pem'),
          caPem: ca.certPem,
          notBeforeMs: cert.notBefore.getTime(),
          notAfterMs: cert.notAfter.getTime(),
          agentAddresses,
        },
      };
    };

  it('keeps the list the renewal answer carried in place of the one enrolment kept', async () => {
    const { dataDir, current } = await enrolledWithList(['a.example:7700']);
    const outcome = await renewCredentials(dataDir, current, answering(['a.example:7700', 'c.example:7700']));
    expect(outcome).toMatchObject({ ok: true, advertised: { ok: true } });
    expect(await readAdvertisedCollectors(dataDir)).toEqual({
      ok: true,
      addresses: ['a.example:7700', 'c.example:7700'],
    });
  });

  it('forgets the kept list when the renewal answer advertises none, as an enrolment answer would', async () => {
    const { dataDir, current } = await enrolledWithList(['a.example:7700']);
    expect(await renewCredentials(dataDir, current, answering([]))).toMatchObject({ ok: true });
    expect(await readAdvertisedCollectors(dataDir)).toEqual({ ok: true, addresses: [] });
  });

  it('keeps the new certificate but not a list that does not parse, and says which answer carried it', async () => {
    const { dataDir, current } = await enrolledWithList(['a.example:7700']);
    const outcome = await renewCredentials(dataDir, current, answering(['a.example:7700', 'no-port']));
    expect(outcome).toMatchObject({
      ok: true,
      advertised: { ok: false, problem: expect.stringContaining("the renewal answer's agent_addresses") },
    });
    if (!outcome.ok) throw new Error('renewal failed');
    expect((await loadAgentCredentials(dataDir))?.serial).toBe(outcome.credentials.serial);
    expect(outcome.credentials.serial).not.toBe(current.serial);
    expect(await readAdvertisedCollectors(dataDir)).toEqual({ ok: true, addresses: [] });
  });
});
