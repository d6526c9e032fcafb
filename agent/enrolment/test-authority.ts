// Tests only: a throwaway CA that plays the collector's part (server certificate, signing agent CSRs), made
// with @peculiar/x509 so the agent's tests do not depend on the collector's code.
import type { webcrypto } from 'node:crypto';
import { randomBytes } from 'node:crypto';
import { DEVICE_URN_PREFIX } from './agent-credentials';
import { x509 } from './x509-library';

const EC_P256 = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;

type Certificate = InstanceType<typeof x509.X509Certificate>;

export interface TestAuthority {
  cert: Certificate;
  certPem: string;
  keys: webcrypto.CryptoKeyPair;
}

async function keyPair(): Promise<webcrypto.CryptoKeyPair> {
  return (await crypto.subtle.generateKey(EC_P256, true, ['sign', 'verify'])) as webcrypto.CryptoKeyPair;
}

function serial(): string {
  // Positive: the top bit clear.
  const bytes = randomBytes(16);
  bytes[0] = (bytes[0] as number) & 0x7f;
  return bytes.toString('hex');
}

export async function createTestAuthority(name = 'test CA'): Promise<TestAuthority> {
  const keys = await keyPair();
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: serial(),
    name: `CN=${name}`,
    notBefore: new Date(Date.now() - 60_000),
    notAfter: new Date(Date.now() + 24 * 3600_000),
    signingAlgorithm: EC_P256,
    keys,
    extensions: [
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign, true),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
    ],
  });
  return { cert, certPem: cert.toString('pem'), keys };
}

async function pkcs8Pem(key: webcrypto.CryptoKey): Promise<string> {
  return x509.PemConverter.encode(await crypto.subtle.exportKey('pkcs8', key), 'PRIVATE KEY');
}

/** A server certificate for localhost and 127.0.0.1; the chain is server then CA, as the collector sends. */
export async function issueTestServer(ca: TestAuthority): Promise<{ chainPem: string; keyPem: string }> {
  const keys = await keyPair();
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: serial(),
    subject: 'CN=localhost',
    issuer: ca.cert.subjectName,
    notBefore: new Date(Date.now() - 60_000),
    notAfter: new Date(Date.now() + 24 * 3600_000),
    signingAlgorithm: EC_P256,
    publicKey: keys.publicKey,
    signingKey: ca.keys.privateKey,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
      new x509.SubjectAlternativeNameExtension([
        { type: 'dns', value: 'localhost' },
        { type: 'ip', value: '127.0.0.1' },
      ]),
    ],
  });
  return { chainPem: `${cert.toString('pem')}\n${ca.certPem}\n`, keyPem: await pkcs8Pem(keys.privateKey) };
}

/** Signs an agent CSR the way the collector does: only its public key is used; the device goes in a URI SAN. */
export async function signTestCsr(
  ca: TestAuthority,
  csrPem: string,
  deviceId: string,
  options: { validityMs?: number; backdateMs?: number } = {},
): Promise<Certificate> {
  const csr = new x509.Pkcs10CertificateRequest(csrPem);
  if (!(await csr.verify())) throw new Error('CSR not signed by its key');
  const now = Date.now();
  return x509.X509CertificateGenerator.create({
    serialNumber: serial(),
    subject: `CN=${deviceId}`,
    issuer: ca.cert.subjectName,
    notBefore: new Date(now - (options.backdateMs ?? 0)),
    notAfter: new Date(now + (options.validityMs ?? 24 * 3600_000)),
    signingAlgorithm: EC_P256,
    publicKey: csr.publicKey,
    signingKey: ca.keys.privateKey,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.clientAuth]),
      new x509.SubjectAlternativeNameExtension([{ type: 'url', value: `${DEVICE_URN_PREFIX}${deviceId}` }]),
    ],
  });
}
