// Making certificates: the CA, the collector's server certificate, and client certificates for agents
// (from their CSR) and administrators (carrying a role). All with @peculiar/x509; no ASN.1 by hand.
//
// Lifetimes, and why:
//   CA            10 years   re-keying every workstation is an operation, not a routine.
//   server        2 years    renewed by running pki commands on the collector; it is one machine.
//   agent         90 days    renewed by the agent itself before expiry (issue 5, later step); a stolen
//                            workstation key stops working within a quarter even if revocation were lost.
//   admin         1 year     people renew these by hand; yearly matches the annual inspection cycle.
// Every notBefore is set 5 minutes in the past so that a workstation whose clock runs a little behind the
// collector's does not refuse a certificate it has just been given.
import type { webcrypto } from 'node:crypto';
import { randomSerialNumber } from './certificate-serial';
import {
  type AdminRole,
  DEVICE_URN_PREFIX,
  isAdminName,
  isAdminRole,
  isDeviceId,
  ROLE_URN_PREFIX,
} from './identity-names';
import { type CertificateAuthority, EC_P256 } from './pki-files';
import { x509 } from './x509-library';

type Certificate = InstanceType<typeof x509.X509Certificate>;

const DAY_MS = 24 * 60 * 60 * 1000;
export const CA_VALIDITY_DAYS = 3650;
export const SERVER_VALIDITY_DAYS = 730;
export const AGENT_VALIDITY_DAYS = 90;
export const ADMIN_VALIDITY_DAYS = 365;
const CLOCK_SKEW_MS = 5 * 60 * 1000;

export type Issued = { ok: true; cert: Certificate; pem: string } | { ok: false; reason: string };

export interface KeyPairAndCertificate {
  cert: Certificate;
  keys: webcrypto.CryptoKeyPair;
}

function generateP256(): Promise<webcrypto.CryptoKeyPair> {
  // extractable: the collector writes its own keys to DIR/pki (agents keep theirs; see agent/enrolment).
  return crypto.subtle.generateKey(EC_P256, true, ['sign', 'verify']) as Promise<webcrypto.CryptoKeyPair>;
}

export async function createCertificateAuthority(now = new Date()): Promise<KeyPairAndCertificate> {
  const keys = await generateP256();
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: randomSerialNumber(),
    name: [{ CN: ['shoumi collector CA 守密采集器根证书'] }, { O: ['shoumi'] }],
    notBefore: new Date(now.getTime() - CLOCK_SKEW_MS),
    notAfter: new Date(now.getTime() + CA_VALIDITY_DAYS * DAY_MS),
    signingAlgorithm: EC_P256,
    keys,
    extensions: [
      // pathLength 0: this CA signs end-entity certificates only, never another CA.
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
    ],
  });
  return { cert, keys };
}

interface EndEntity {
  commonName: string;
  subjectAltNames: { type: 'dns' | 'ip' | 'url'; value: string }[];
  extendedKeyUsage: x509.ExtendedKeyUsage | string;
  publicKey: webcrypto.CryptoKey | InstanceType<typeof x509.PublicKey>;
  validityMs: number;
  now: Date;
}

async function issueEndEntity(ca: CertificateAuthority, entity: EndEntity): Promise<Certificate> {
  return x509.X509CertificateGenerator.create({
    serialNumber: randomSerialNumber(),
    subject: [{ CN: [entity.commonName] }],
    issuer: ca.cert.subjectName,
    notBefore: new Date(entity.now.getTime() - CLOCK_SKEW_MS),
    notAfter: new Date(entity.now.getTime() + entity.validityMs),
    signingAlgorithm: EC_P256,
    publicKey: entity.publicKey,
    signingKey: ca.key,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
      new x509.ExtendedKeyUsageExtension([entity.extendedKeyUsage], false),
      new x509.SubjectAlternativeNameExtension(entity.subjectAltNames, false),
      await x509.AuthorityKeyIdentifierExtension.create(ca.cert, false),
    ],
  });
}

export async function issueServerCertificate(
  ca: CertificateAuthority,
  options: { dnsNames: string[]; ips: string[]; now?: Date },
): Promise<KeyPairAndCertificate> {
  const keys = await generateP256();
  const sans = [
    ...options.dnsNames.map((value) => ({ type: 'dns' as const, value })),
    ...options.ips.map((value) => ({ type: 'ip' as const, value })),
  ];
  const cert = await issueEndEntity(ca, {
    commonName: options.dnsNames[0] ?? options.ips[0] ?? 'shoumi-collector',
    subjectAltNames: sans,
    extendedKeyUsage: x509.ExtendedKeyUsage.serverAuth,
    publicKey: keys.publicKey,
    validityMs: SERVER_VALIDITY_DAYS * DAY_MS,
    now: options.now ?? new Date(),
  });
  return { cert, keys };
}

/** Only P-256 keys are accepted from agents: the one curve every TLS stack we meet supports (pki-init.ts). */
export function isP256(key: InstanceType<typeof x509.PublicKey>): boolean {
  const algorithm = key.algorithm as webcrypto.EcKeyAlgorithm;
  return algorithm.name === 'ECDSA' && algorithm.namedCurve === 'P-256';
}

/**
 * Signs an agent's CSR. The device id comes from the collector (the enrolment token says which device),
 * never from the CSR: whatever subject or extensions the CSR asks for are ignored, only its public key is
 * used, and only after its self-signature proves the agent holds the private key.
 */
export async function signAgentCsr(
  ca: CertificateAuthority,
  request: {
    csrPem: string;
    deviceId: string;
    now?: Date;
    validityDays?: number;
    /** Wins over validityDays: tests and --agent-cert-validity ask for minutes. */
    validityMs?: number;
  },
): Promise<Issued> {
  if (!isDeviceId(request.deviceId)) {
    return { ok: false, reason: `device id "${request.deviceId.slice(0, 64)}" is not a valid device id` };
  }
  let csr: InstanceType<typeof x509.Pkcs10CertificateRequest>;
  try {
    csr = new x509.Pkcs10CertificateRequest(request.csrPem);
  } catch (error) {
    return { ok: false, reason: `the CSR cannot be parsed: ${(error as Error).message}` };
  }
  if (!isP256(csr.publicKey)) {
    return {
      ok: false,
      reason: `the CSR's key is ${describeKey(csr.publicKey)}; only ECDSA P-256 keys are accepted`,
    };
  }
  const signedByItsKey = await csr.verify().catch(() => false);
  if (!signedByItsKey) return { ok: false, reason: 'the CSR is not signed by the key it carries' };
  const cert = await issueEndEntity(ca, {
    commonName: request.deviceId,
    subjectAltNames: [{ type: 'url', value: `${DEVICE_URN_PREFIX}${request.deviceId}` }],
    extendedKeyUsage: x509.ExtendedKeyUsage.clientAuth,
    publicKey: csr.publicKey,
    validityMs: request.validityMs ?? (request.validityDays ?? AGENT_VALIDITY_DAYS) * DAY_MS,
    now: request.now ?? new Date(),
  });
  return { ok: true, cert, pem: cert.toString('pem') };
}

/** Issues an administrator's certificate: CN = the admin's name, URI SAN urn:shoumi:role:<role>. */
export async function issueAdminCertificate(
  ca: CertificateAuthority,
  request: {
    name: string;
    role: string;
    publicKey: webcrypto.CryptoKey | InstanceType<typeof x509.PublicKey>;
    now?: Date;
    validityDays?: number;
    validityMs?: number;
  },
): Promise<Issued> {
  if (!isAdminRole(request.role)) {
    return {
      ok: false,
      reason: `role "${request.role}" is not one of system_admin, security_admin, auditor`,
    };
  }
  if (!isAdminName(request.name)) {
    return {
      ok: false,
      reason: `admin name "${request.name.slice(0, 64)}": expected 1..64 letters, digits, space or ._@-`,
    };
  }
  const publicKey =
    request.publicKey instanceof x509.PublicKey
      ? request.publicKey
      : await x509.PublicKey.create(request.publicKey);
  if (!isP256(publicKey)) {
    return { ok: false, reason: `the key is ${describeKey(publicKey)}; only ECDSA P-256 keys are accepted` };
  }
  const role: AdminRole = request.role;
  const cert = await issueEndEntity(ca, {
    commonName: request.name,
    subjectAltNames: [{ type: 'url', value: `${ROLE_URN_PREFIX}${role}` }],
    extendedKeyUsage: x509.ExtendedKeyUsage.clientAuth,
    publicKey,
    validityMs: request.validityMs ?? (request.validityDays ?? ADMIN_VALIDITY_DAYS) * DAY_MS,
    now: request.now ?? new Date(),
  });
  return { ok: true, cert, pem: cert.toString('pem') };
}

/** id-kp-documentSigning (RFC 9336): the collector's seal key signs statements, never a TLS handshake. */
const DOCUMENT_SIGNING_OID = '1.3.6.1.5.5.7.3.36';
export const COLLECTOR_SEAL_COMMON_NAME = 'shoumi collector audit seal';
export const COLLECTOR_SEAL_VALIDITY_DAYS = 730;

/** The collector's audit seal certificate (audit/seal-key.ts): URI SAN urn:shoumi:seal:collector. */
export async function issueCollectorSealCertificate(
  ca: CertificateAuthority,
  request: { publicKey: webcrypto.CryptoKey; now?: Date },
): Promise<KeyPairAndCertificate['cert']> {
  return issueEndEntity(ca, {
    commonName: COLLECTOR_SEAL_COMMON_NAME,
    subjectAltNames: [{ type: 'url', value: 'urn:shoumi:seal:collector' }],
    extendedKeyUsage: DOCUMENT_SIGNING_OID,
    publicKey: request.publicKey,
    validityMs: COLLECTOR_SEAL_VALIDITY_DAYS * DAY_MS,
    now: request.now ?? new Date(),
  });
}

function describeKey(key: InstanceType<typeof x509.PublicKey>): string {
  const algorithm = key.algorithm as webcrypto.EcKeyAlgorithm & webcrypto.RsaHashedKeyAlgorithm;
  return [algorithm.name, algorithm.namedCurve ?? algorithm.modulusLength].filter(Boolean).join(' ');
}
