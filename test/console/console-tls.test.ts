// The console's TLS door without a browser (node's https client): the certificate it serves is the
// collector's, issued by the collector's CA; the handshake demands a client certificate from that CA; a
// certificate that passes the handshake but is not an administrator's in good standing (a device's, a
// revoked administrator's) gets the refusal page, and the refusal is in the audit trail, as it would be for
// the same certificate on the gRPC admin API. Every response carries the console's CSP.
import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import https from 'node:https';
import path from 'node:path';
import type { TLSSocket } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../../collector/console/console-server';
import { ADMIN_IDENTITY_FILES } from '../../collector/pki/identity-names';
import { type InProcessCollector, inProcessCollector } from '../support/in-process-collector';

let world: InProcessCollector;
let consoleUrl: string;

beforeAll(async () => {
  world = await inProcessCollector('console-tls', {
    consoleListen: '127.0.0.1:0',
    timeZone: 'Asia/Shanghai',
  });
  consoleUrl = world.collector.consoleUrl!;
});
afterAll(async () => world?.stop());

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  serverCertificate: X509Certificate;
}

function get(pathname: string, identity: { cert?: string; key?: string }): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const request = https.get(
      new URL(pathname, consoleUrl),
      { ...identity, rejectUnauthorized: false, agent: false },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () =>
          resolve({
            status: response.statusCode ?? 0,
            headers: response.headers,
            body: Buffer.concat(chunks).toString('utf8'),
            serverCertificate: new X509Certificate((response.socket as TLSSocket).getPeerCertificate().raw),
          }),
        );
      },
    );
    request.on('error', reject);
  });
}

const adminFiles = (role: 'security_admin' | 'system_admin' | 'auditor') => {
  const dir = world.trust.identityDir(role);
  return {
    cert: readFileSync(path.join(dir, ADMIN_IDENTITY_FILES.cert), 'utf8'),
    key: readFileSync(path.join(dir, ADMIN_IDENTITY_FILES.key), 'utf8'),
    ca: readFileSync(path.join(dir, ADMIN_IDENTITY_FILES.ca), 'utf8'),
  };
};

describe('the console over TLS', () => {
  it('serves the collector certificate, issued by the CA an administrator identity holds, with the CSP', async () => {
    const admin = adminFiles('security_admin');
    const answer = await get('/', admin);
    expect(answer.status).toBe(200);
    expect(answer.serverCertificate.checkIssued(new X509Certificate(admin.ca))).toBe(true);
    expect(answer.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
    expect(answer.headers['content-security-policy']).toContain("script-src 'self'");
    expect(answer.body).toContain('<html lang="zh-CN">');
  });

  it('refuses the handshake to a client without a certificate', async () => {
    const failure = await get('/', {}).then(
      (answer) => `answered ${answer.status}`,
      (error: NodeJS.ErrnoException) => error.code ?? error.message,
    );
    expect(failure).not.toMatch(/^answered/);
  });

  it('refuses a device certificate and a revoked administrator, and audits both', async () => {
    const device = await world.trust.deviceCredentials('console-tls-device');
    const asDevice = await get('/devices', { cert: device.certPem, key: device.keyPem });
    expect(asDevice.status).toBe(403);
    expect(asDevice.body).toContain('an agent certificate cannot use the console');

    const auditor = adminFiles('auditor');
    await world.collector.store.revokeAdmin(
      'test-auditor',
      'left the unit',
      { actor: 'admin:test-system_admin(system_admin)', source: 'test' },
      Date.now(),
    );
    const asRevoked = await get('/audit', auditor);
    expect(asRevoked.status).toBe(403);
    expect(asRevoked.body).toMatch(/was revoked at/);

    const trail = await world.collector.store.listAudit({ limit: 1000 });
    const refused = trail.filter((entry) => entry.action === 'admin.call' && entry.outcome === 'refused');
    expect(refused.map((entry) => [entry.actor, entry.detail.door])).toEqual([
      ['device:console-tls-device', 'console'],
      ['admin:test-auditor(auditor)', 'console'],
    ]);
  });
});
