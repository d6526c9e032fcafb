// TLS 1.2 only with AEAD suites, TLS 1.3 as is: on the collector's three listeners (the built bundle, as
// operators run it) and in shoumictl's and the agent's clients. Before proto/tls-policy.ts, Node's default list
// ("HIGH:…") let a TLS 1.2 client settle on ECDHE-ECDSA-AES128-SHA (CBC with SHA-1) on every listener.
// The collector's keys are ECDSA P-256, so the suites below are the ECDSA ones; the RSA ones could never be
// chosen with this certificate whatever the list said.
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import tls from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { channelCredentials } from '../../agent/enrolment/agent-credentials';
import { adminClient } from '../../collector/ctl/admin-client';
import { pkiPaths } from '../../collector/pki/pki-files';
import { loadContract } from '../../proto/load';
import { type Deployment, deployment } from '../support/collector-fixture';
import type { Running } from '../support/processes';

let world: Deployment;
let collector: Running;

beforeAll(async () => {
  world = await deployment();
  collector = await world.startCollector();
});

afterAll(async () => {
  await collector?.kill();
});

type Handshake = { ok: true; protocol: string; cipher: string } | { ok: false; error: string };

/** One TLS handshake as a client with the given suite list (and an administrator's certificate for mTLS). */
function handshake(address: string, options: tls.ConnectionOptions): Promise<Handshake> {
  const [host, port] = address.split(':');
  const identity = world.trust.identity('auditor');
  return new Promise((resolve) => {
    const socket = tls.connect({
      host,
      port: Number(port),
      ca: identity.caPem,
      cert: identity.certPem,
      key: identity.keyPem,
      ALPNProtocols: ['h2'],
      ...options,
    });
    socket.once('secureConnect', () => {
      resolve({ ok: true, protocol: socket.getProtocol() ?? '', cipher: socket.getCipher().name });
      socket.destroy();
    });
    socket.once('error', (error) => resolve({ ok: false, error: error.message }));
  });
}

const LISTENERS = ['agent', 'enrolment', 'admin'] as const;
const addressOf = (listener: (typeof LISTENERS)[number]) =>
  ({ agent: world.agentAddress, enrolment: world.enrolAddress, admin: world.adminAddress })[listener];

// Written out by hand from OpenSSL's names: CBC suites with SHA-1 and SHA-2 MACs, and the AEAD ones.
const REFUSED_TLS12 = [
  'ECDHE-ECDSA-AES128-SHA',
  'ECDHE-ECDSA-AES256-SHA',
  'ECDHE-ECDSA-AES128-SHA256',
  'ECDHE-ECDSA-AES256-SHA384',
];
const ACCEPTED_TLS12 = [
  'ECDHE-ECDSA-AES128-GCM-SHA256',
  'ECDHE-ECDSA-AES256-GCM-SHA384',
  'ECDHE-ECDSA-CHACHA20-POLY1305',
];

describe.each(LISTENERS)('the %s listener', (listener) => {
  it.each(REFUSED_TLS12)('refuses a TLS 1.2 client that offers only %s', async (cipher) => {
    const outcome = await handshake(addressOf(listener), { ciphers: cipher, maxVersion: 'TLSv1.2' });
    expect(outcome).toMatchObject({
      ok: false,
      error: expect.stringMatching(/handshake failure|no shared cipher/i),
    });
  });

  it.each(ACCEPTED_TLS12)('accepts a TLS 1.2 client that offers only %s', async (cipher) => {
    const outcome = await handshake(addressOf(listener), { ciphers: cipher, maxVersion: 'TLSv1.2' });
    expect(outcome).toEqual({ ok: true, protocol: 'TLSv1.2', cipher });
  });

  it('speaks TLS 1.3 to a client that offers it', async () => {
    const outcome = await handshake(addressOf(listener), { minVersion: 'TLSv1.3' });
    expect(outcome).toMatchObject({ ok: true, protocol: 'TLSv1.3' });
  });
});

describe('the clients', () => {
  /** A TLS 1.2 server with the collector's own certificate that speaks only a CBC suite; what it sees. */
  async function cbcOnlyServer() {
    const paths = pkiPaths(path.join(world.dir, 'collector'));
    const errors: string[] = [];
    let handshakes = 0;
    const server = tls.createServer({
      cert: readFileSync(paths.serverCert),
      key: readFileSync(paths.serverKey),
      ciphers: 'ECDHE-ECDSA-AES128-SHA',
      maxVersion: 'TLSv1.2',
      ALPNProtocols: ['h2'],
    });
    server.on('secureConnection', (socket) => {
      handshakes++;
      socket.destroy();
    });
    server.on('tlsClientError', (error) => errors.push(error.message));
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    return {
      address: `127.0.0.1:${(server.address() as AddressInfo).port}`,
      seen: () => ({ handshakes, errors }),
      close: () => new Promise((resolve) => server.close(resolve)),
    };
  }

  it('shoumictl does not settle on a CBC suite a server offers', async () => {
    const server = await cbcOnlyServer();
    const client = adminClient(server.address, world.trust.identity('auditor'), 3000);
    await expect(client.whoAmI()).rejects.toThrow();
    client.close();
    await server.close();
    expect(server.seen().handshakes).toBe(0);
    expect(server.seen().errors.join('\n')).toMatch(/no shared cipher/i);
  });

  it('the agent does not settle on a CBC suite a server offers', async () => {
    const server = await cbcOnlyServer();
    const identity = world.trust.identity('auditor');
    const credentials = channelCredentials({
      deviceId: 'tls-suites',
      caPem: identity.caPem,
      certPem: identity.certPem,
      keyPem: identity.keyPem,
      notBeforeMs: 0,
      notAfterMs: 0,
      serial: '00',
      obtainedAtMs: 0,
    });
    const client = new (loadContract().shoumi.v1.AgentService)(server.address, credentials);
    const call = client.Connect();
    const [error] = (await once(call, 'error')) as [Error];
    client.close();
    await server.close();
    expect(error.message).toMatch(/UNAVAILABLE|14/);
    expect(server.seen().handshakes).toBe(0);
    expect(server.seen().errors.join('\n')).toMatch(/no shared cipher/i);
  });
});
