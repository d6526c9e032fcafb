// GET /metrics over real HTTPS on loopback, with certificates from the collector's own CA, and a real agent
// stream made by hand: an allowed system administrator's scrape returns Prometheus text whose values move
// as the stream does (connected, a heartbeat's outbox depth, findings stored, a resend, gone); no label
// names a device; without a client certificate there is no handshake; a device certificate, another role
// and a revoked system administrator are refused with 403 and the refusal is in the audit trail; an allowed
// scrape is recorded once a day, not each time; --metrics-listen serves the same without a console.
import { readFileSync } from 'node:fs';
import https from 'node:https';
import path from 'node:path';
import type * as grpc from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminClient } from '../../collector/ctl/admin-client';
import { addAdmin } from '../../collector/pki/admin-add';
import { ADMIN_IDENTITY_FILES, type AdminRole } from '../../collector/pki/identity-names';
import type { AgentMessage } from '../../proto/generated/shoumi/v1/AgentMessage';
import type { CollectorMessage__Output } from '../../proto/generated/shoumi/v1/CollectorMessage';
import { loadContract } from '../../proto/load';
import { type InProcessCollector, inProcessCollector } from '../support/in-process-collector';
import { parsePrometheusText, type Sample, sampleValue } from '../support/prometheus-text';
import type { DeviceTls } from '../support/trust-fixture';
import { wireStickFinding } from '../support/wire-findings';

interface TlsFiles {
  cert?: string;
  key?: string;
}

interface Answer {
  status: number;
  contentType: string;
  body: string;
}

function get(url: string, identity: TlsFiles): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const request = https.get(url, { ...identity, rejectUnauthorized: false, agent: false }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () =>
        resolve({
          status: response.statusCode ?? 0,
          contentType: String(response.headers['content-type']),
          body: Buffer.concat(chunks).toString('utf8'),
        }),
      );
    });
    request.on('error', reject);
  });
}

function filesIn(dir: string): TlsFiles {
  return {
    cert: readFileSync(path.join(dir, ADMIN_IDENTITY_FILES.cert), 'utf8'),
    key: readFileSync(path.join(dir, ADMIN_IDENTITY_FILES.key), 'utf8'),
  };
}

/** An agent stream by hand: hello, then whatever the test writes; answers kept in arrival order. */
function agentStream(address: string, device: DeviceTls, deviceId: string) {
  const client = new (loadContract().shoumi.v1.AgentService)(address, device.credentials);
  const call = client.Connect() as grpc.ClientDuplexStream<AgentMessage, CollectorMessage__Output>;
  const answers: CollectorMessage__Output[] = [];
  let ended = false;
  call.on('data', (message: CollectorMessage__Output) => answers.push(message));
  call.on('error', () => undefined);
  call.on('status', () => {
    ended = true;
  });
  call.write({ hello: { deviceId, agentVersion: 'test', policyVersion: '' } });
  return {
    answers,
    write: (message: AgentMessage) => call.write(message),
    acked: (seq: number) => answers.filter((answer) => answer.ack?.upToSeq === seq).length,
    get ended() {
      return ended;
    },
    end() {
      call.end();
    },
    close: () => client.close(),
  };
}

describe('GET /metrics', () => {
  let world: InProcessCollector;
  let scrapeUrl: string;
  const systemAdmin = () => filesIn(world.trust.identityDir('system_admin'));
  const scrape = async (): Promise<Sample[]> => {
    const answer = await get(scrapeUrl, systemAdmin());
    expect(answer.status).toBe(200);
    return parsePrometheusText(answer.body);
  };
  const metricsAudit = async () =>
    (await world.collector.store.listAudit({ limit: 1000 })).filter(
      (entry) => entry.action === 'admin.call' && entry.target === 'Metrics',
    );

  beforeAll(async () => {
    world = await inProcessCollector('metrics', { consoleListen: '127.0.0.1:0' });
    scrapeUrl = new URL('/metrics', world.collector.consoleUrl!).toString();
  });
  afterAll(async () => world?.stop());

  it('shows an agent stream come and go, its outbox depth, its findings stored once, and gRPC calls by code', async () => {
    const deviceId = 'metrics-device-7f3a';
    const device = await world.trust.deviceCredentials(deviceId);
    const admin = adminClient(world.collector.adminAddress, world.trust.identity('system_admin'));
    await admin.whoAmI();
    admin.close();

    const before = await scrape();
    expect(sampleValue(before, 'shoumi_findings_stored_total')).toBe(0);
    expect(sampleValue(before, 'shoumi_agent_streams')).toBe(0);
    expect(sampleValue(before, 'shoumi_intake_budget_findings')).toBe(50_000);
    expect(sampleValue(before, 'shoumi_intake_findings_held')).toBe(0);
    expect(sampleValue(before, 'shoumi_collector_info', { version: '0.1.0-dev' })).toBe(1);
    expect(sampleValue(before, 'shoumi_job_leading', { job: 'silence-watch' })).toBe(1);
    expect(sampleValue(before, 'process_resident_memory_bytes')).toBeGreaterThan(0);
    expect(
      sampleValue(before, 'shoumi_grpc_server_handled_total', {
        grpc_service: 'shoumi.v1.AdminService',
        grpc_method: 'WhoAmI',
        grpc_code: 'OK',
      }),
    ).toBe(1);
    expect(
      sampleValue(before, 'shoumi_grpc_server_handling_seconds_count', {
        grpc_service: 'shoumi.v1.AdminService',
        grpc_method: 'WhoAmI',
      }),
    ).toBe(1);

    const agent = agentStream(world.collector.agentAddress, device, deviceId);
    await expect.poll(() => agent.acked(0)).toBe(1);
    await expect.poll(async () => sampleValue(await scrape(), 'shoumi_agent_streams')).toBe(1);

    agent.write({ heartbeat: { sentAtMs: Date.now(), outboxDepth: 7 } });
    await expect.poll(() => agent.answers.filter((answer) => answer.heartbeatReply).length).toBe(1);
    const beat = await scrape();
    expect(sampleValue(beat, 'shoumi_agent_outbox_depth_max')).toBe(7);
    expect(sampleValue(beat, 'shoumi_agent_outbox_depth_sum')).toBe(7);
    expect(sampleValue(beat, 'shoumi_agent_outbox_reporting_streams')).toBe(1);
    expect(sampleValue(beat, 'shoumi_agent_outbox_depth_reported_count')).toBe(1);
    expect(sampleValue(beat, 'shoumi_agent_outbox_depth_reported_bucket', { le: '1' })).toBe(0);
    expect(sampleValue(beat, 'shoumi_agent_outbox_depth_reported_bucket', { le: '10' })).toBe(1);

    const batch = (first: number) => ({
      findings: { findings: [first, first + 1, first + 2].map((seq) => wireStickFinding(seq)) },
    });
    agent.write(batch(1));
    agent.write(batch(4));
    await expect.poll(() => agent.acked(6)).toBe(1);
    const stored = await scrape();
    expect(sampleValue(stored, 'shoumi_findings_stored_total')).toBe(6);
    expect(sampleValue(stored, 'shoumi_findings_duplicate_total')).toBe(0);
    expect(sampleValue(stored, 'shoumi_findings_refused_total')).toBe(0);
    expect(sampleValue(stored, 'shoumi_ingest_commit_seconds_count')).toBe(2);
    expect(sampleValue(stored, 'shoumi_ingest_commit_failures_total')).toBe(0);

    // The first batch again (its ack lost, say): nothing more stored, three duplicates.
    expect(agent.acked(3)).toBe(1);
    agent.write(batch(1));
    await expect.poll(() => agent.acked(3)).toBe(2);
    const again = await scrape();
    expect(sampleValue(again, 'shoumi_findings_stored_total')).toBe(6);
    expect(sampleValue(again, 'shoumi_findings_duplicate_total')).toBe(3);
    expect(sampleValue(again, 'shoumi_ingest_commit_seconds_count')).toBe(3);

    agent.end();
    await expect.poll(() => agent.ended).toBe(true);
    agent.close();
    const gone = await scrape();
    expect(sampleValue(gone, 'shoumi_agent_streams')).toBe(0);
    expect(sampleValue(gone, 'shoumi_agent_outbox_reporting_streams')).toBe(0);
    expect(sampleValue(gone, 'shoumi_agent_outbox_depth_max')).toBe(0);
    expect(
      sampleValue(gone, 'shoumi_grpc_server_handled_total', {
        grpc_service: 'shoumi.v1.AgentService',
        grpc_method: 'Connect',
        grpc_code: 'OK',
      }),
    ).toBe(1);
    // A stream's life is not a latency: no duration is kept for it.
    expect(
      sampleValue(gone, 'shoumi_grpc_server_handling_seconds_count', {
        grpc_service: 'shoumi.v1.AgentService',
        grpc_method: 'Connect',
      }),
    ).toBeUndefined();

    // No label of any sample names the device, the device's certificate or a person.
    const labelValues = gone.flatMap((sample) => Object.values(sample.labels));
    expect(labelValues.length).toBeGreaterThan(10);
    for (const value of labelValues) {
      expect(value).not.toContain(deviceId);
      expect(value).not.toContain(device.serial);
      expect(value).not.toContain('test-system_admin');
    }
  });

  it('records an allowed scrape once a day per certificate, not at every scrape', async () => {
    await scrape();
    await scrape();
    const allowed = (await metricsAudit()).filter((entry) => entry.outcome === 'allowed');
    expect(allowed.map((entry) => [entry.actor, entry.detail.door])).toEqual([
      ['admin:test-system_admin(system_admin)', 'console'],
    ]);
  });

  it('gives no handshake to a client without a certificate', async () => {
    const failure = await get(scrapeUrl, {}).then(
      (answer) => `answered ${answer.status}`,
      (error: NodeJS.ErrnoException) => error.code ?? error.message,
    );
    expect(failure).not.toMatch(/^answered/);
  });

  it('refuses a device certificate, another role and a revoked system administrator with 403, audited', async () => {
    const device = await world.trust.deviceCredentials('metrics-refused-device');
    const asDevice = await get(scrapeUrl, { cert: device.certPem, key: device.keyPem });
    expect(asDevice.status).toBe(403);
    expect(asDevice.body).toBe('an agent certificate cannot call the admin API\n');
    expect(asDevice.body).not.toContain('shoumi_');

    const refusedRoles: AdminRole[] = ['security_admin', 'auditor'];
    for (const role of refusedRoles) {
      const answer = await get(scrapeUrl, filesIn(world.trust.identityDir(role)));
      expect(answer.status).toBe(403);
      expect(answer.body).toBe(`Metrics is for system_admin, not ${role}\n`);
    }

    const revokedDir = path.join(world.dir, 'admins', 'revoked-scraper');
    await addAdmin({
      dataDir: path.join(world.dir, 'collector'),
      name: 'revoked-scraper',
      role: 'system_admin',
      outDir: revokedDir,
    });
    expect((await get(scrapeUrl, filesIn(revokedDir))).status).toBe(200);
    await world.collector.store.revokeAdmin(
      'revoked-scraper',
      'left the unit',
      { actor: 'admin:test-system_admin(system_admin)', source: 'test' },
      Date.now(),
    );
    const asRevoked = await get(scrapeUrl, filesIn(revokedDir));
    expect(asRevoked.status).toBe(403);
    expect(asRevoked.body).toMatch(/^certificate \S+ was revoked at /);

    const refused = (await metricsAudit()).filter((entry) => entry.outcome === 'refused');
    expect(refused.map((entry) => [entry.actor, entry.detail.door])).toEqual([
      ['device:metrics-refused-device', 'console'],
      ['admin:test-security_admin(security_admin)', 'console'],
      ['admin:test-auditor(auditor)', 'console'],
      ['admin:revoked-scraper(system_admin)', 'console'],
    ]);
  });

  it('records a flood of refused scrapes one by one only at first, as refused admin calls are', async () => {
    // The device refused above, again and again within the tally's window: counted, not recorded each time.
    // At most one of the five is recorded: none within the same window, the first of a new one if the tally's
    // minute turns during the loop.
    const device = await world.trust.deviceCredentials('metrics-refused-device');
    const recorded = async () =>
      (await metricsAudit()).filter((entry) => entry.actor === 'device:metrics-refused-device').length;
    const before = await recorded();
    expect(before).toBe(1);
    for (let attempt = 0; attempt < 5; attempt++) {
      expect((await get(scrapeUrl, { cert: device.certPem, key: device.keyPem })).status).toBe(403);
    }
    expect((await recorded()) - before).toBeLessThanOrEqual(1);
  });
});

describe('--metrics-listen', () => {
  let world: InProcessCollector;
  beforeAll(async () => {
    world = await inProcessCollector('metrics-listen', {
      metricsListen: '127.0.0.1:0',
      // Three scrapes, then one a thousand seconds: the fourth scrape of the test meets the limit.
      limits: { adminCalls: { perSecond: 0.001, burst: 3 } },
    });
  });
  afterAll(async () => world?.stop());

  it('serves /metrics without the console, behind the same certificate check', async () => {
    expect(world.collector.consoleUrl).toBeUndefined();
    const url = world.collector.metricsUrl!;
    expect(url).toMatch(/^https:\/\/127\.0\.0\.1:\d+\/metrics$/);
    const systemAdmin = filesIn(world.trust.identityDir('system_admin'));

    // A device's certificate on the admin API (gRPC): refused by authorization, counted with its code.
    const device = await world.trust.deviceCredentials('metrics-listen-device');
    // The device's certificate on the admin API: refused by authorization, counted with its code.
    const asDevice = new (loadContract().shoumi.v1.AdminService)(
      world.collector.adminAddress,
      device.credentials,
    );
    const refusedCode = await new Promise<number | undefined>((resolve) =>
      asDevice.WhoAmI({}, (error: grpc.ServiceError | null) => resolve(error?.code)),
    );
    asDevice.close();
    expect(refusedCode).toBe(7); // PERMISSION_DENIED

    const answer = await get(url, systemAdmin);
    expect(answer.status).toBe(200);
    expect(answer.contentType).toBe('text/plain; version=0.0.4; charset=utf-8');
    const samples = parsePrometheusText(answer.body);
    expect(sampleValue(samples, 'shoumi_collector_info', { version: '0.1.0-dev' })).toBe(1);
    expect(sampleValue(samples, 'shoumi_agent_streams')).toBe(0);
    expect(
      sampleValue(samples, 'shoumi_grpc_server_handled_total', {
        grpc_service: 'shoumi.v1.AdminService',
        grpc_method: 'WhoAmI',
        grpc_code: 'PERMISSION_DENIED',
      }),
    ).toBe(1);
    expect(
      sampleValue(samples, 'shoumi_grpc_server_handled_total', {
        grpc_service: 'shoumi.v1.AdminService',
        grpc_method: 'WhoAmI',
        grpc_code: 'OK',
      }),
    ).toBeUndefined();

    expect((await get(new URL('/', url).toString(), systemAdmin)).status).toBe(404);
    const auditor = await get(url, filesIn(world.trust.identityDir('auditor')));
    expect(auditor.status).toBe(403);
    const noCertificate = await get(url, {}).then(
      (refused) => `answered ${refused.status}`,
      (error: NodeJS.ErrnoException) => error.code ?? error.message,
    );
    expect(noCertificate).not.toMatch(/^answered/);

    const trail = await world.collector.store.listAudit({ limit: 1000 });
    const records = trail
      .filter((entry) => entry.action === 'admin.call' && entry.target === 'Metrics')
      .map((entry) => [entry.actor, entry.outcome, entry.detail.door]);
    expect(records).toEqual([
      ['admin:test-system_admin(system_admin)', 'allowed', 'metrics'],
      ['admin:test-auditor(auditor)', 'refused', 'metrics'],
    ]);
  });

  it('answers 429 over the admin rate limit, and records the refusal', async () => {
    const url = world.collector.metricsUrl!;
    const systemAdmin = filesIn(world.trust.identityDir('system_admin'));
    const statuses: number[] = [];
    for (let scrape = 0; scrape < 3; scrape++) statuses.push((await get(url, systemAdmin)).status);
    // The first test's scrape took one of the three.
    expect(statuses).toEqual([200, 200, 429]);
    const trail = await world.collector.store.listAudit({ limit: 1000 });
    const limited = trail.filter(
      (entry) =>
        entry.target === 'Metrics' && entry.outcome === 'refused' && entry.actor.includes('system_admin'),
    );
    expect(limited.map((entry) => String(entry.detail.reason))).toEqual([
      expect.stringMatching(
        /^more than 0.001 calls per second on average \(burst 3\) from this certificate$/,
      ),
    ]);
  });
});
