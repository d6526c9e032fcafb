// Enrolment, the agent's side: from an install-time token and CA fingerprint to a client certificate.
//
//   1. fetchPinnedCa: open TLS to the enrolment port without trusting anything yet, and take from the
//      chain the server presents the certificate whose SHA-256 is the pinned fingerprint. Nothing else the
//      server says is believed at this step.
//   2. Make a key pair and CSR here (csr.ts); the private key never leaves the machine.
//   3. Call Enrol over TLS that trusts only the pinned CA, so the server certificate is checked the normal
//      way against it, host name included. Only now does the token travel.
//   4. Check the answer: a certificate for our key, signed by the pinned CA, naming a device; then save it.
// Refusals are values (EnrolOutcome), with the collector's own words; the token never appears in them.
import { createHash, X509Certificate as NodeCertificate } from 'node:crypto';
import { isIP } from 'node:net';
import tls from 'node:tls';
import * as grpc from '@grpc/grpc-js';
import { parseHostPort } from '../../proto/agent-addresses';
import { boundErrorText } from '../../proto/bounded-error-text';
import type { IssuedCertificate__Output } from '../../proto/generated/shoumi/v1/IssuedCertificate';
import { loadContract } from '../../proto/load';
import { applyTlsPolicy } from '../../proto/tls-policy';
import { type AdvertisedCollectors, keepAdvertisedFromAnswer } from './advertised-collectors';
import { type AgentCredentials, inspectCredentials, saveAgentCredentials } from './agent-credentials';

const CONNECT_TIMEOUT_MS = 10_000;
const CALL_TIMEOUT_MS = 30_000;

export type EnrolOutcome =
  /** advertised: the collectors' agent addresses the answer carried, as kept (advertised-collectors.ts). */
  | { ok: true; credentials: AgentCredentials; advertised: AdvertisedCollectors }
  | {
      ok: false;
      /** refused: the collector said no; unreachable: no answer; untrusted: pin or answer did not check out. */
      reason: 'refused' | 'unreachable' | 'untrusted' | 'bad-input';
      message: string;
    };

export interface EnrolOptions {
  /** host:port of the collector's enrolment port. */
  enrolAddress: string;
  token: string;
  /** The CA's SHA-256 fingerprint as given at install (any case, colons allowed). */
  caSha256: string;
  /** The id to ask for; a token bound to a device gets that device's id whatever is asked. */
  deviceId: string;
  dataDir: string;
  timeoutMs?: number;
}

/** "AB:cd:…" or "abcd…" → 64 lowercase hex digits; throws naming the value when it is not a SHA-256. */
export function normaliseFingerprint(text: string): string {
  const hex = text.trim().replaceAll(':', '').toLowerCase();
  if (!/^[0-9a-f]{64}$/.test(hex)) {
    throw new Error(
      `CA fingerprint "${text.slice(0, 100)}" is not a SHA-256: expected 64 hex digits, colons allowed`,
    );
  }
  return hex;
}

export { parseHostPort };

export interface PinnedCa {
  caPem: string;
  /** Fingerprints of every certificate the server presented, leaf first. */
  offered: string[];
}

/**
 * Connects to the enrolment port trusting nothing, and returns the certificate from the presented chain
 * whose SHA-256 over its DER is the pin. Throws when unreachable, or naming every fingerprint offered when
 * none matches.
 */
export async function fetchPinnedCa(
  address: string,
  sha256: string,
  timeoutMs = CONNECT_TIMEOUT_MS,
): Promise<PinnedCa> {
  const pin = normaliseFingerprint(sha256);
  const { host, port } = parseHostPort(address);
  const chain = await presentedChain(host, port, timeoutMs);
  const offered = chain.map((der) => sha256Hex(der));
  const index = offered.indexOf(pin);
  if (index < 0) {
    throw new PinMismatch(
      `the collector at ${address} presented no certificate with the pinned fingerprint ${pin}; ` +
        `it offered ${offered.join(', ') || 'none'}. Check --ca-sha256 against \`shoumi-collector pki init\``,
    );
  }
  const caPem = derToPem(chain[index] as Buffer);
  if (!new NodeCertificate(caPem).ca) {
    throw new PinMismatch(
      `the certificate with fingerprint ${pin} is not a CA certificate; pin the collector's CA, not its server certificate`,
    );
  }
  return { caPem, offered };
}

/** The server answered, but not with the pinned CA: a wrong --ca-sha256 or the wrong server. */
export class PinMismatch extends Error {}

function presentedChain(host: string, port: number, timeoutMs: number): Promise<Buffer[]> {
  return new Promise((resolve, reject) => {
    const socket = tls.connect({
      host,
      port,
      // Nothing is trusted yet: the pin decides below. SNI only for names (an IP literal is not allowed).
      rejectUnauthorized: false,
      servername: isIP(host) ? undefined : host,
      ALPNProtocols: ['h2'],
      timeout: timeoutMs,
    });
    const fail = (message: string) => {
      socket.destroy();
      reject(new Error(`cannot reach the collector's enrolment port at ${host}:${port}: ${message}`));
    };
    socket.once('timeout', () => fail(`no TLS handshake within ${timeoutMs} ms`));
    socket.once('error', (error) => fail(error.message));
    socket.once('secureConnect', () => {
      const chain: Buffer[] = [];
      const seen = new Set<string>();
      let cert: tls.DetailedPeerCertificate | undefined = socket.getPeerCertificate(true);
      // The issuer links end at a self-signed certificate, which points at itself.
      while (cert?.raw && !seen.has(cert.fingerprint256)) {
        seen.add(cert.fingerprint256);
        chain.push(cert.raw);
        cert = cert.issuerCertificate;
      }
      socket.end();
      resolve(chain);
    });
  });
}

function sha256Hex(der: Buffer): string {
  return createHash('sha256').update(der).digest('hex');
}

function derToPem(der: Buffer): string {
  const lines = der.toString('base64').match(/.{1,64}/g) ?? [];
  return `-----BEGIN CERTIFICATE-----\n${lines.join('\n')}\n-----END CERTIFICATE-----\n`;
}

export async function enrol(options: EnrolOptions): Promise<EnrolOutcome> {
  applyTlsPolicy();
  const redact = (text: string) => (options.token ? text.replaceAll(options.token, '<token>') : text);
  if (!options.token.trim())
    return { ok: false, reason: 'bad-input', message: 'the enrolment token is empty' };
  let pinned: PinnedCa;
  try {
    normaliseFingerprint(options.caSha256);
    parseHostPort(options.enrolAddress);
  } catch (error) {
    return { ok: false, reason: 'bad-input', message: (error as Error).message };
  }
  try {
    pinned = await fetchPinnedCa(options.enrolAddress, options.caSha256, options.timeoutMs);
  } catch (error) {
    const reason = error instanceof PinMismatch ? 'untrusted' : 'unreachable';
    return { ok: false, reason, message: redact((error as Error).message) };
  }
  // Loaded here, not at the top: csr.ts brings @peculiar/x509, which a running agent needs only to renew.
  const { createAgentKeyAndCsr } = await import('./csr');
  const { privateKeyPem, csrPem } = await createAgentKeyAndCsr(options.deviceId);
  const answer = await callEnrol(options, pinned.caPem, csrPem);
  if (!answer.ok) return { ...answer, message: redact(answer.message) };
  const checked = checkIssued(answer.issued, pinned.caPem, privateKeyPem);
  if (!checked.ok) return checked;
  const credentials = await saveAgentCredentials(options.dataDir, {
    caPem: pinned.caPem,
    keyPem: privateKeyPem,
    certPem: answer.issued.certificatePem,
  });
  const advertised = await keepAdvertisedFromAnswer(
    options.dataDir,
    answer.issued.agentAddresses,
    'enrolment',
  );
  return { ok: true, credentials, advertised };
}

type CallOutcome =
  | { ok: true; issued: IssuedCertificate__Output }
  | { ok: false; reason: 'refused' | 'unreachable'; message: string };

function callEnrol(options: EnrolOptions, caPem: string, csrPem: string): Promise<CallOutcome> {
  const contract = loadContract();
  const client = new contract.shoumi.v1.EnrolmentService(
    options.enrolAddress,
    grpc.credentials.createSsl(Buffer.from(caPem)),
  );
  const deadline = Date.now() + (options.timeoutMs ?? CALL_TIMEOUT_MS);
  return new Promise((resolve) => {
    client.Enrol(
      { token: options.token, csrPem, deviceId: options.deviceId },
      { deadline },
      (error, issued) => {
        client.close();
        if (error || !issued) resolve(describeCallError('enrolment', options.enrolAddress, error));
        else resolve({ ok: true, issued });
      },
    );
  });
}

/** A failed Enrol or Renew call in words an operator can act on, with the collector's own message. */
export function describeCallError(
  what: 'enrolment' | 'renewal',
  address: string,
  error: grpc.ServiceError | null | undefined,
): { ok: false; reason: 'refused' | 'unreachable'; message: string } {
  // The collector's own words, bounded: they are printed to the operator and logged.
  const said = boundErrorText(error?.details || error?.message || 'no answer');
  switch (error?.code) {
    case grpc.status.PERMISSION_DENIED:
    case grpc.status.UNAUTHENTICATED:
      return { ok: false, reason: 'refused', message: `the collector refused the ${what}: ${said}` };
    case grpc.status.ALREADY_EXISTS:
      return {
        ok: false,
        reason: 'refused',
        message: `the collector refused the ${what}: the device is already enrolled (${said})`,
      };
    case grpc.status.FAILED_PRECONDITION:
      // The collector knows this device id (revoked, expired, replaced, or entered in the ledger before it
      // enrolled): only a token an administrator bound to it will do, and the operator must ask for one.
      return {
        ok: false,
        reason: 'refused',
        message: `the collector refused the ${what}; it needs a token bound to this device id: ${said}`,
      };
    case grpc.status.INVALID_ARGUMENT:
      return { ok: false, reason: 'refused', message: `the collector refused the ${what} request: ${said}` };
    case grpc.status.RESOURCE_EXHAUSTED:
      return {
        ok: false,
        reason: 'refused',
        message: `the collector is limiting ${what} requests, try again later: ${said}`,
      };
    case grpc.status.UNIMPLEMENTED:
      return { ok: false, reason: 'refused', message: `the collector at ${address} does not offer ${what}` };
    case grpc.status.UNAVAILABLE:
    case grpc.status.DEADLINE_EXCEEDED:
      return {
        ok: false,
        reason: 'unreachable',
        message: `cannot reach the collector at ${address} for ${what}: ${said}`,
      };
    default:
      return {
        ok: false,
        reason: 'refused',
        message: `${what} failed at ${address}: ${grpc.status[error?.code ?? grpc.status.UNKNOWN]}: ${said}`,
      };
  }
}

/**
 * The collector's answer is believed only if it is a certificate for the key we hold, signed by the CA we
 * pinned, naming the device the answer says; the CA it sends back, if any, must be that same CA.
 */
export function checkIssued(
  issued: IssuedCertificate__Output,
  caPem: string,
  keyPem: string,
): { ok: true; deviceId: string } | { ok: false; reason: 'untrusted'; message: string } {
  let deviceId: string;
  try {
    deviceId = inspectCredentials(
      { caPem, keyPem, certPem: issued.certificatePem },
      { ca: 'the pinned CA', key: 'our new key', cert: "the collector's certificate" },
      Date.now(),
    ).deviceId;
  } catch (error) {
    return { ok: false, reason: 'untrusted', message: (error as Error).message };
  }
  if (deviceId !== issued.deviceId) {
    return {
      ok: false,
      reason: 'untrusted',
      message: `the collector said device "${issued.deviceId}" but its certificate names "${deviceId}"`,
    };
  }
  if (issued.caPem.trim() && !sameCertificate(issued.caPem, caPem)) {
    return {
      ok: false,
      reason: 'untrusted',
      message: 'the collector sent back a CA other than the pinned one',
    };
  }
  return { ok: true, deviceId };
}

function sameCertificate(a: string, b: string): boolean {
  try {
    return new NodeCertificate(a).raw.equals(new NodeCertificate(b).raw);
  } catch {
    return false;
  }
}

/** The enrolment port beside an agent port: the same host, port 7702 (the collector's default). */
export const DEFAULT_ENROL_PORT = 7702;

export function defaultEnrolAddress(collector: string): string {
  const { host } = parseHostPort(collector);
  return `${host.includes(':') ? `[${host}]` : host}:${DEFAULT_ENROL_PORT}`;
}
