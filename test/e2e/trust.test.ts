// Who gets in, end to end over loopback against a real collector process: the TLS handshake turns away a
// client without a certificate, with one from another CA, with an expired one, and TLS below 1.2; an agent
// certificate on the admin API is refused and recorded; enrolment tokens work once and not after expiry;
// `shoumictl device revoke` cuts a live agent stream at once and refuses it from then on.
import type { webcrypto } from 'node:crypto';
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import tls from 'node:tls';
import * as grpc from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AdminClient, adminClient } from '../../collector/ctl/admin-client';
import { type AdminTlsIdentity, loadAdminIdentity } from '../../collector/ctl/admin-identity';
import { createCertificateAuthority, issueAdminCertificate } from '../../collector/pki/issue-certificate';
import { createTokensLocally } from '../../collector/pki/local-tokens';
import { loadCertificateAuthority, privateKeyToPem } from '../../collector/pki/pki-files';
import { loadContract } from '../../proto/load';
import { type Deployment, deployment } from '../support/collector-fixture';
import { eventually, REPO, type Running, run } from '../support/processes';

const ROOT = path.join(REPO, 'test', 'fixtures', 'roots', 'clean-workstation');
const DAY_MS = 86_400_000;

let world: Deployment;
let collector: Running;
const agents: Running[] = [];
const clients: AdminClient[] = [];

beforeAll(async () => {
  world = await deployment();
  collector = await world.startCollector();
});

afterAll(async () => {
  for (const client of clients) client.close();
  await Promise.all(agents.map((agent) => agent.kill('SIGKILL')));
  await collector?.kill('SIGKILL');
  world?.admin.close();
});

function clientAs(identity: AdminTlsIdentity): AdminClient {
  const client = adminClient(world.adminAddress, identity, 5000);
  clients.push(client);
  return client;
}

/** An admin certificate of `role`, signed by `authority`, valid from `now` for `validityDays`. */
async function adminIdentity(
  authority: Awaited<ReturnType<typeof loadCertificateAuthority>>,
  options: { now?: Date; validityDays?: number },
): Promise<AdminTlsIdentity> {
  const keys = (await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, [
    'sign',
    'verify',
  ])) as webcrypto.CryptoKeyPair;
  const issued = await issueAdminCertificate(authority, {
    name: 'mallory',
    role: 'auditor',
    publicKey: keys.publicKey,
    ...options,
  });
  if (!issued.ok) throw new Error(issued.reason);
  return {
    dir: '',
    caPem: world.trust.identity('auditor').caPem,
    certPem: issued.pem,
    keyPem: await privateKeyToPem(keys.privateKey),
  };
}

async function auditRecords(action: string) {
  const page = await world.admin.listAudit({ action, limit: 1000 });
  return page.records;
}

describe('the TLS handshake turns away', () => {
  it('a client without a certificate, while one with a valid certificate gets in', async () => {
    const valid = await clientAs(world.trust.identity('auditor')).whoAmI();
    expect(valid).toMatchObject({ name: 'test-auditor', role: 'auditor' });
    const whoami = await run('shoumictl', world.ctl(['whoami']));
    expect(whoami.stdout).toMatch(
      /^test-security_admin \(security_admin\), certificate \w+\nmay call: .*MarkFinding/,
    );
    // TLS with the collector's CA but no certificate of its own.
    const { AdminService } = loadContract().shoumi.v1;
    const anonymous = new AdminService(
      world.adminAddress,
      grpc.credentials.createSsl(Buffer.from(world.trust.identity('auditor').caPem)),
    );
    const code = await new Promise<grpc.status>((resolve) =>
      anonymous.WhoAmI({}, { deadline: Date.now() + 5000 }, (error) =>
        resolve(error ? error.code : grpc.status.OK),
      ),
    );
    anonymous.close();
    expect(grpc.status[code]).toBe('UNAVAILABLE');
  });

  it('a certificate from another CA', async () => {
    const other = await createCertificateAuthority();
    const stranger = await adminIdentity({ cert: other.cert, key: other.keys.privateKey }, {});
    await expect(clientAs(stranger).whoAmI()).rejects.toThrow(/cannot reach the collector/);
  });

  it('an expired certificate from our own CA', async () => {
    const ours = await loadCertificateAuthority(path.join(world.dir, 'collector'));
    const expired = await adminIdentity(ours, { now: new Date(Date.now() - 3 * DAY_MS), validityDays: 1 });
    await expect(clientAs(expired).whoAmI()).rejects.toThrow(/cannot reach the collector/);
  });

  it('TLS 1.1 and older, which the server itself refuses', async () => {
    const [host, port] = world.adminAddress.split(':');
    const outcome = await new Promise<string>((resolve) => {
      const socket = tls.connect({
        host,
        port: Number(port),
        // The client offers TLS 1.0–1.1 only, with OpenSSL's security level lowered so that the refusal,
        // if any, comes from the server and not from this client's own library.
        minVersion: 'TLSv1',
        maxVersion: 'TLSv1.1',
        ciphers: 'DEFAULT@SECLEVEL=0',
        rejectUnauthorized: false,
      });
      socket.on('secureConnect', () => {
        socket.destroy();
        resolve('connected');
      });
      socket.on('error', (error) => resolve(error.message));
    });
    expect(outcome).not.toBe('connected');
    expect(outcome).toMatch(/protocol version|unsupported protocol/i);
  });
});

describe('certificates that pass the handshake but not the collector', () => {
  it('refuses an agent certificate on the admin API, and records who tried', async () => {
    const device = await world.trust.deviceCredentials('trust-agent-on-admin');
    const asAgent = clientAs({
      dir: '',
      caPem: device.caPem,
      certPem: device.certPem,
      keyPem: device.keyPem,
    });
    await expect(asAgent.fleetStatus()).rejects.toThrow(
      /this is an agent certificate, which cannot call the admin API/,
    );
    const refused = (await auditRecords('admin.call')).filter(
      (record) => record.actor === 'device:trust-agent-on-admin',
    );
    expect(refused.map((record) => [record.target, record.outcome])).toEqual([['GetFleetStatus', 'refused']]);
    expect(refused[0]!.source).toMatch(/127\.0\.0\.1/);
  });

  it('refuses a certificate signed by our CA that the collector never recorded issuing', async () => {
    const ours = await loadCertificateAuthority(path.join(world.dir, 'collector'));
    const forged = await adminIdentity(ours, {});
    await expect(clientAs(forged).whoAmI()).rejects.toThrow(
      /refused this identity's certificate: certificate \w+ is not one this collector issued/,
    );
  });
});

describe('enrolment', () => {
  const enrol = async (token: string, name: string, extra: string[] = []) =>
    run('shoumi-agent', [
      'enrol',
      '--collector',
      world.enrolAddress,
      '--token',
      token,
      '--ca-sha256',
      world.trust.caSha256,
      '--data',
      path.join(world.dir, name),
      '--device-id',
      name,
      ...extra,
    ]);

  it('takes a token once: a second enrolment with it is refused', async () => {
    const token = world.trust.token();
    const first = await enrol(token, 'trust-enrol-once');
    expect(first.code, first.stderr).toBe(0);
    const second = await enrol(token, 'trust-enrol-twice');
    expect(second.code).toBe(2);
    expect(second.stderr).toMatch(/used/i);
    const refusals = await auditRecords('device.enrol_refused');
    expect(refusals.some((record) => record.detailJson.includes('used'))).toBe(true);
    // The token itself is in no audit record.
    const everything = await world.admin.listAudit({ limit: 1000 });
    expect(everything.records.some((record) => record.detailJson.includes(token))).toBe(false);
  });

  it('refuses an expired token', async () => {
    // What `shoumi-collector token create --ttl 1m` does, as if run 59.5 s ago: the token expires in 0.5 s.
    const [made] = await createTokensLocally({
      dataDir: path.join(world.dir, 'collector'),
      ttlMs: 60_000,
      count: 1,
      now: () => Date.now() - 59_500,
    });
    const token = made!.token;
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const late = await enrol(token, 'trust-enrol-late');
    expect(late.code).toBe(2);
    expect(late.stderr).toMatch(/expired/i);
  });

  it('refuses to talk to a collector whose CA is not the pinned one, before sending the token', async () => {
    const token = world.trust.token();
    const wrongPin = await run('shoumi-agent', [
      'enrol',
      '--collector',
      world.enrolAddress,
      '--token',
      token,
      '--ca-sha256',
      'ab'.repeat(32),
      '--data',
      await mkdtemp(path.join(os.tmpdir(), 'shoumi-pin-')),
    ]);
    expect(wrongPin.code).toBe(2);
    // It names the fingerprint it was told to pin and the one the collector offered.
    expect(wrongPin.stderr).toContain('ab'.repeat(32));
    expect(wrongPin.stderr.toLowerCase().replaceAll(':', '')).toContain(world.trust.caSha256);
    // The token was never presented, so it still works.
    expect((await enrol(token, 'trust-enrol-after-pin')).code).toBe(0);
  });
});

describe('revocation', () => {
  it('cuts the live stream at once and refuses the certificate from then on', async () => {
    const agent = world.startAgent('trust-revoked', [
      '--root',
      ROOT,
      '--interval',
      '1h',
      '--device-id',
      'trust-revoked',
    ]);
    agents.push(agent);
    await eventually(async () => {
      const page = await world.admin.listDevices({ limit: 100 });
      return page.devices.find((device) => device.deviceId === 'trust-revoked' && device.connected);
    }, 'the agent connected');

    const revoke = await run(
      'shoumictl',
      world.ctl([
        'device',
        'revoke',
        'trust-revoked',
        '--reason',
        '工作站丢失 / workstation reported stolen',
      ]),
    );
    expect(revoke.code, revoke.stderr).toBe(0);
    // By the time shoumictl has its answer the stream is already cut: the collector ends it inside the call.
    const device = (await world.admin.listDevices({ limit: 100 })).devices.find(
      (entry) => entry.deviceId === 'trust-revoked',
    );
    expect(device?.connected).toBe(false);
    await eventually(
      async () => (/UNAUTHENTICATED: certificate revoked/.test(agent.output()) ? true : undefined),
      'the agent told why its stream ended',
    );

    // The agent tries again and is refused each time; the trail records the refusal.
    await eventually(
      async () =>
        (await auditRecords('agent.refused')).find(
          (record) => record.actor === 'device:trust-revoked' && record.detailJson.includes('revoked'),
        ),
      'a refused reconnection in the audit trail',
    );
    const certificates = await world.admin.listCertificates({ kind: 'device', subject: 'trust-revoked' });
    expect(certificates.certificates.every((certificate) => certificate.revokedAtMs > 0)).toBe(true);
    expect((await auditRecords('device.revoked')).map((record) => record.target)).toContain(
      'device:trust-revoked',
    );
  });
});

describe('administrator revocation', () => {
  it('refuses a revoked administrator from the next call on; only a system administrator may revoke', async () => {
    const out = path.join(world.dir, 'admins', 'leaver');
    const added = await run('shoumi-collector', [
      'admin',
      'add',
      '--data',
      path.join(world.dir, 'collector'),
      '--name',
      'leaver',
      '--role',
      'security_admin',
      '--out',
      out,
    ]);
    expect(added.code, added.stderr).toBe(0);
    const leaver = clientAs(loadAdminIdentity(out));
    expect((await leaver.whoAmI()).name).toBe('leaver');

    // A security administrator cannot revoke anyone (三员分立: certificates are the system administrator's).
    const asSecurity = await run(
      'shoumictl',
      world.ctlAs('security_admin', ['admin', 'revoke', 'leaver', '--reason', 'x']),
    );
    // Exit 5, naming the command and the role that may run it (the README's exit-code table).
    expect(asSecurity.code).toBe(5);
    expect(asSecurity.stderr).toMatch(/not allowed to run shoumictl admin revoke: it is for .*system/);
    expect((await leaver.whoAmI()).name).toBe('leaver');

    const unknown = await run('shoumictl', world.ctl(['admin', 'revoke', 'nobody', '--reason', 'typo']));
    expect(unknown.stderr).toContain('no certificate was ever issued to an administrator named "nobody"');

    const revoke = await run(
      'shoumictl',
      world.ctl(['admin', 'revoke', 'leaver', '--reason', '调离 / left the unit']),
    );
    expect(revoke.code, revoke.stderr).toBe(0);
    expect(revoke.stdout).toContain('revoked administrator leaver: 1 valid certificate(s)');
    // The same client, the same TLS identity: refused on its very next call.
    await expect(leaver.whoAmI()).rejects.toThrow(/refused this identity's certificate|not allowed/);
    const [record] = await auditRecords('admin.revoked');
    expect(record).toMatchObject({ target: 'admin:leaver', actor: 'admin:test-system_admin(system_admin)' });
    expect(record!.detailJson).toContain('left the unit');
  });
});

describe('renewal', () => {
  let short: Deployment;
  let shortCollector: Running;
  afterAll(async () => {
    await shortCollector?.kill('SIGKILL');
    short?.admin.close();
  });

  it('renews the agent certificate before it expires, with nobody involved, and keeps streaming', async () => {
    short = await deployment();
    // 15 s certificates: the agent renews when a third of the lifetime is left, about 10 s in.
    shortCollector = await short.startCollector(['--agent-cert-validity', '15s']);
    const args = ['--root', ROOT, '--interval', '1h', '--heartbeat', '1s', '--device-id', 'trust-renewing'];
    const agent = short.startAgent('trust-renewing', args);
    agents.push(agent);
    await agent.waitForLog('enrolled');
    const first = await short.admin.listCertificates({ kind: 'device', subject: 'trust-renewing' });
    expect(first.certificates).toHaveLength(1);
    const firstExpiry = first.certificates[0]!.notAfterMs;

    await agent.waitForLog('certificate renewed', 20_000);
    const both = await short.admin.listCertificates({ kind: 'device', subject: 'trust-renewing' });
    expect(both.certificates).toHaveLength(2);
    const renewed = both.certificates.find(
      (certificate) => certificate.serial !== first.certificates[0]!.serial,
    )!;
    expect(renewed.notAfterMs).toBeGreaterThan(firstExpiry);
    const renewals = await short.admin.listAudit({ action: 'certificate.renewed', limit: 10 });
    expect(renewals.records.map((record) => record.actor)).toEqual(['device:trust-renewing']);

    // Past the first certificate's expiry the agent still streams (heartbeats move last_seen), and a restart
    // connects with the renewed certificate from its data directory: no token is needed any more.
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, firstExpiry - Date.now() + 1000)));
    await agent.kill('SIGTERM');
    const restarted = short.startAgent('trust-renewing', args);
    agents.push(restarted);
    const seenAfterRestart = Date.now();
    await eventually(async () => {
      const device = (await short.admin.listDevices({ limit: 10 })).devices.find(
        (entry) => entry.deviceId === 'trust-renewing',
      );
      return device?.connected && device.lastSeenMs > seenAfterRestart ? device : undefined;
    }, 'the restarted agent connected with its renewed certificate');
    expect(restarted.output()).not.toMatch(/"message":"enrolled"/);
  }, 60_000);
});
