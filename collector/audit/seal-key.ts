// The collector's own seal key, made on first need and kept with its PKI:
//
//   DIR/pki/seal.key   P-256 private key, PKCS#8 PEM, 0600
//   DIR/pki/seal.crt   issued by the CA: CN "shoumi collector audit seal", URI SAN urn:shoumi:seal:collector,
//                      EKU documentSigning (it cannot be used as a TLS client or server)
//
// A certificate within 30 days of its end is replaced with a new key; seals made with the old one keep their
// certificate inside them and stay checkable.
import type { webcrypto } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { COLLECTOR_SEAL_COMMON_NAME, issueCollectorSealCertificate } from '../pki/issue-certificate';
import {
  type CertificateAuthority,
  EC_P256,
  pkiPaths,
  privateKeyToPem,
  writeFileAtomic,
} from '../pki/pki-files';
import { x509 } from '../pki/x509-library';

export interface SealKey {
  keyPem: string;
  certificatePem: string;
  signerName: string;
}

const RENEW_BEFORE_MS = 30 * 24 * 60 * 60 * 1000;

export async function ensureCollectorSealKey(
  dataDir: string,
  authority: CertificateAuthority,
  nowMs = Date.now(),
): Promise<SealKey> {
  const dir = pkiPaths(dataDir).dir;
  const keyFile = path.join(dir, 'seal.key');
  const certFile = path.join(dir, 'seal.crt');
  const existing = await Promise.all([readFile(keyFile, 'utf8'), readFile(certFile, 'utf8')]).catch(
    () => undefined,
  );
  if (existing) {
    const cert = new x509.X509Certificate(existing[1]);
    if (cert.notAfter.getTime() - nowMs > RENEW_BEFORE_MS)
      return { keyPem: existing[0], certificatePem: existing[1], signerName: COLLECTOR_SEAL_COMMON_NAME };
  }
  const keys = (await crypto.subtle.generateKey(EC_P256, true, [
    'sign',
    'verify',
  ])) as webcrypto.CryptoKeyPair;
  const cert = await issueCollectorSealCertificate(authority, {
    publicKey: keys.publicKey,
    now: new Date(nowMs),
  });
  const keyPem = await privateKeyToPem(keys.privateKey);
  const certificatePem = cert.toString('pem');
  // Key first: a certificate on disk without its key would be a seal key nobody can use.
  await writeFileAtomic(keyFile, keyPem, 0o600);
  // 0600 like every file of the data directory (data-dir.ts): nobody else has business in it.
  await writeFileAtomic(certFile, `${certificatePem.trim()}\n`, 0o600);
  return { keyPem, certificatePem, signerName: COLLECTOR_SEAL_COMMON_NAME };
}
