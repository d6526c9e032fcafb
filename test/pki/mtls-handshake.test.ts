// A real TLS handshake over loopback proves the PKI: a Node TLS server with the collector's server
// certificate that requires client certificates from our CA, and clients presenting certificates made from
// a CSR the agent side created (agent/enrolment/csr.ts) and the collector side signed (collector/pki).
import { X509Certificate } from 'node:crypto';
import { mkdtemp, readFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import tls from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAgentKeyAndCsr } from '../../agent/enrolment/csr';
import { createCertificateAuthority, signAgentCsr } from '../../collector/pki/issue-certificate';
import { readPeerIdentity } from '../../collector/pki/peer-identity';
import { type CertificateAuthority, loadCertificateAuthority } from '../../collector/pki/pki-files';
import { initPki } from '../../collector/pki/pki-init';

const DAY_MS = 86_400_000;

interface ClientCredentials {
  cert?: string;
  key?: string;
}

let dataDir: string;
let ca: CertificateAuthority;
let caPem: string;
let server: tls.Server;
let port: number;
const serverRefusals: string[] = [];
let accepted = 0;

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'shoumi-mtls-'));
  const init = await initPki({ dataDir });
  ca = await loadCertificateAuthority(dataDir);
  caPem = await readFile(init.paths.caCert, 'utf8');
  server = tls.createServer({
    key: await readFile(init.paths.serverKey, 'utf8'),
    cert: await readFile(init.paths.serverCert, 'utf8'),
    ca: caPem,
    requestCert: true,
    rejectUnauthorized: true,
    minVersion: 'TLSv1.2',
  });
  // An accepted client is told who the server thinks it is, read from its certificate.
  server.on('secureConnection', (socket) => {
    accepted += 1;
    readPeerIdentity(socket.getPeerCertificate(), ca.cert).then((result) => {
      socket.end(`${JSON.stringify(result)}\n`);
    });
  });
  // Node reports a missing certificate here; a certificate that fails verification is dropped silently
  // (the socket is destroyed before 'secureConnection'), so those tests also ask readPeerIdentity why.
  server.on('tlsClientError', (error: Error & { code?: string }) => {
    serverRefusals.push(`${error.code ?? ''} ${error.message}`);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

/** Connects, and answers what the server said, or the error that ended the connection. Bounded: 5 s. */
async function connect(
  client: ClientCredentials,
): Promise<{ said?: string; error?: string; serverRefusal?: string; accepted: boolean }> {
  const refusalsBefore = serverRefusals.length;
  const acceptedBefore = accepted;
  const answer = await new Promise<{ said?: string; error?: string }>((resolve) => {
    let said = '';
    const socket = tls.connect({
      host: '127.0.0.1',
      port,
      servername: 'localhost',
      ca: caPem,
      ...client,
    });
    const timer = setTimeout(() => {
      socket.destroy();
      resolve({ error: 'timeout' });
    }, 5_000);
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      said += chunk;
    });
    socket.on('error', (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      resolve({ error: error.code ?? error.message });
    });
    socket.on('close', () => {
      clearTimeout(timer);
      resolve(said ? { said } : { error: 'closed without an answer' });
    });
  });
  return {
    ...answer,
    serverRefusal: serverRefusals[refusalsBefore],
    accepted: accepted > acceptedBefore,
  };
}

async function agentCredentials(
  signer: CertificateAuthority,
  deviceId: string,
  options: { now?: Date } = {},
): Promise<ClientCredentials> {
  const { privateKeyPem, csrPem } = await createAgentKeyAndCsr(deviceId);
  const issued = await signAgentCsr(signer, { csrPem, deviceId, ...options });
  if (!issued.ok) throw new Error(issued.reason);
  return { cert: issued.pem, key: privateKeyPem };
}

/** What readPeerIdentity says about a certificate, as it would about the one a TLS peer presented. */
async function whyRefused(credentials: ClientCredentials): Promise<string> {
  const raw = new X509Certificate(credentials.cert ?? '').raw;
  const result = await readPeerIdentity({ raw }, ca.cert);
  return result.status === 'refused' ? result.reason : 'accepted';
}

describe('mTLS with the collector PKI', () => {
  it('accepts an agent certificate issued from its CSR, and reads the device id from it', async () => {
    const answer = await connect(await agentCredentials(ca, 'dev-mtls-1'));
    expect(answer.error).toBeUndefined();
    expect(answer.serverRefusal).toBeUndefined();
    expect(JSON.parse(answer.said ?? '')).toMatchObject({
      status: 'ok',
      identity: { kind: 'device', deviceId: 'dev-mtls-1' },
    });
  });

  it('refuses a certificate from another CA', async () => {
    const other = await createCertificateAuthority();
    const stranger = { cert: other.cert, key: other.keys.privateKey };
    const credentials = await agentCredentials(stranger, 'dev-mtls-1');
    const answer = await connect(credentials);
    expect(answer.said).toBeUndefined();
    expect(answer.accepted).toBe(false);
    expect(await whyRefused(credentials)).toBe('the certificate is not signed by our CA'); // same CA name, other key;
  });

  it('refuses a client without a certificate', async () => {
    const answer = await connect({});
    expect(answer.said).toBeUndefined();
    expect(answer.accepted).toBe(false);
    expect(answer.error).toBe('ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED');
    expect(answer.serverRefusal).toMatch(/peer did not return a certificate/i);
  });

  it('refuses an expired certificate', async () => {
    const longAgo = new Date(Date.now() - 100 * DAY_MS); // 90 days of validity ended 10 days ago
    const credentials = await agentCredentials(ca, 'dev-mtls-1', { now: longAgo });
    const answer = await connect(credentials);
    expect(answer.said).toBeUndefined();
    expect(answer.accepted).toBe(false);
    expect(await whyRefused(credentials)).toMatch(/^expired at /);
  });

  it('the client refuses a server whose certificate is not for the name it dialled', async () => {
    const credentials = await agentCredentials(ca, 'dev-mtls-1');
    const answer = await new Promise<string>((resolve) => {
      const socket = tls.connect({
        host: '127.0.0.1',
        port,
        servername: 'elsewhere.example',
        ca: caPem,
        ...credentials,
      });
      socket.on('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
      socket.on('secureConnect', () => {
        socket.destroy();
        resolve('connected');
      });
    });
    expect(answer).toBe('ERR_TLS_CERT_ALTNAME_INVALID');
  });
});
