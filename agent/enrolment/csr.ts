// The agent's half of enrolment: a key pair made on this workstation and a certificate signing request
// (PKCS#10) for the collector to sign. The private key never leaves the machine: only the CSR (public key
// plus a self-signature proving possession) is sent. ECDSA P-256, the only key type the collector accepts
// (collector/pki/pki-init.ts says why). The subject is a hint for people; the collector ignores it and
// puts the device id it knows from the enrolment token into the certificate.
import type { webcrypto } from 'node:crypto';
import { x509 } from './x509-library';

const EC_P256 = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;

export interface AgentKeyAndCsr {
  /** PKCS#8 PEM; store with mode 0600 in the agent's data directory, never send it. */
  privateKeyPem: string;
  csrPem: string;
}

export async function createAgentKeyAndCsr(deviceId: string): Promise<AgentKeyAndCsr> {
  // Extractable only so the agent can keep the key on its own disk across restarts.
  const keys = (await crypto.subtle.generateKey(EC_P256, true, [
    'sign',
    'verify',
  ])) as webcrypto.CryptoKeyPair;
  const csr = await x509.Pkcs10CertificateRequestGenerator.create({
    name: [{ CN: [deviceId] }],
    keys,
    signingAlgorithm: EC_P256,
  });
  const pkcs8 = await crypto.subtle.exportKey('pkcs8', keys.privateKey);
  return {
    privateKeyPem: x509.PemConverter.encode(pkcs8, 'PRIVATE KEY'),
    csrPem: csr.toString('pem'),
  };
}
