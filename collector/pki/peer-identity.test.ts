// readPeerIdentity against certificates made by hand with @peculiar/x509 (as the collector issues them),
// including ones our issuing code would never make: the reader must refuse each for the reason it gave when
// it was itself written with @peculiar/x509, and read names with characters OpenSSL escapes when it prints.
import type { webcrypto } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { createCertificateAuthority } from './issue-certificate';
import { readPeerIdentity } from './peer-identity';
import { type CertificateAuthority, EC_P256 } from './pki-files';
import { x509 } from './x509-library';

const HOUR_MS = 60 * 60 * 1000;

let ca: CertificateAuthority;
let subjectKeys: webcrypto.CryptoKeyPair;

beforeAll(async () => {
  const made = await createCertificateAuthority();
  ca = { cert: made.cert, key: made.keys.privateKey };
  subjectKeys = (await crypto.subtle.generateKey(EC_P256, true, [
    'sign',
    'verify',
  ])) as webcrypto.CryptoKeyPair;
});

interface Shape {
  subject?: string;
  uris?: string[];
  usage?: x509.ExtendedKeyUsage;
  notBefore?: Date;
  notAfter?: Date;
  serialNumber?: string;
  signer?: CertificateAuthority;
}

async function certificate(shape: Shape): Promise<InstanceType<typeof x509.X509Certificate>> {
  const signer = shape.signer ?? ca;
  return x509.X509CertificateGenerator.create({
    serialNumber: shape.serialNumber ?? '4a0b0c0d0e0f',
    subject: shape.subject ?? 'CN=dev-1',
    issuer: signer.cert.subjectName,
    notBefore: shape.notBefore ?? new Date(Date.now() - HOUR_MS),
    notAfter: shape.notAfter ?? new Date(Date.now() + HOUR_MS),
    signingAlgorithm: EC_P256,
    publicKey: subjectKeys.publicKey,
    signingKey: signer.key,
    extensions: [
      new x509.ExtendedKeyUsageExtension([shape.usage ?? x509.ExtendedKeyUsage.clientAuth]),
      new x509.SubjectAlternativeNameExtension(
        (shape.uris ?? ['urn:shoumi:device:dev-1']).map((value) => ({ type: 'url' as const, value })),
      ),
    ],
  });
}

async function read(shape: Shape) {
  const cert = await certificate(shape);
  return readPeerIdentity({ raw: Buffer.from(cert.rawData) }, ca.cert);
}

async function reason(shape: Shape): Promise<string> {
  const result = await read(shape);
  return result.status === 'refused' ? result.reason : `accepted as ${JSON.stringify(result.identity)}`;
}

describe('readPeerIdentity', () => {
  it('reads a device and the serial as the store recorded it at issue (lowercase hex, whole bytes)', async () => {
    const cert = await certificate({ serialNumber: '5ABCDEF012' });
    expect(await readPeerIdentity({ raw: Buffer.from(cert.rawData) }, ca.cert)).toEqual({
      status: 'ok',
      identity: { kind: 'device', deviceId: 'dev-1', serialNumber: cert.serialNumber },
    });
    expect(cert.serialNumber).toBe('5abcdef012');
  });

  it('reads admin names that OpenSSL escapes or encodes when it prints them', async () => {
    for (const name of ['张三', 'ops team ', 'a.b@c-d']) {
      expect(await read({ subject: `CN=${name}`, uris: ['urn:shoumi:role:auditor'] })).toMatchObject({
        status: 'ok',
        identity: { kind: 'admin', name, role: 'auditor' },
      });
    }
  });

  it('refuses a certificate from another CA, by name or by key', async () => {
    const other = await createCertificateAuthority();
    const stranger = { cert: other.cert, key: other.keys.privateKey };
    // Same CA name (createCertificateAuthority always uses it), other key: only the signature tells.
    expect(await reason({ signer: stranger })).toBe('the certificate is not signed by our CA');
    const keys = (await crypto.subtle.generateKey(EC_P256, true, [
      'sign',
      'verify',
    ])) as webcrypto.CryptoKeyPair;
    const named = await x509.X509CertificateGenerator.createSelfSigned({
      serialNumber: '01',
      name: 'CN=someone else, O=elsewhere',
      notBefore: new Date(Date.now() - HOUR_MS),
      notAfter: new Date(Date.now() + HOUR_MS),
      signingAlgorithm: EC_P256,
      keys,
    });
    expect(await reason({ signer: { cert: named, key: keys.privateKey } })).toBe(
      'issued by "CN=someone else, O=elsewhere", not by our CA',
    );
  });

  it('refuses a certificate whose signature was altered', async () => {
    const cert = await certificate({});
    const der = Buffer.from(cert.rawData);
    der[der.length - 1] = (der[der.length - 1] ?? 0) ^ 1;
    expect(await readPeerIdentity({ raw: der }, ca.cert)).toEqual({
      status: 'refused',
      reason: 'the certificate is not signed by our CA',
    });
  });

  it('refuses outside the validity window, naming the bound in ISO time', async () => {
    const notAfter = new Date(Math.floor((Date.now() - HOUR_MS) / 1000) * 1000);
    expect(await reason({ notBefore: new Date(Date.now() - 2 * HOUR_MS), notAfter })).toBe(
      `expired at ${notAfter.toISOString()}`,
    );
    const notBefore = new Date(Math.floor((Date.now() + HOUR_MS) / 1000) * 1000);
    expect(await reason({ notBefore, notAfter: new Date(Date.now() + 2 * HOUR_MS) })).toBe(
      `not valid before ${notBefore.toISOString()}`,
    );
  });

  it('refuses a certificate that is not for clients, or names too much, too little, or the wrong thing', async () => {
    expect(await reason({ usage: x509.ExtendedKeyUsage.serverAuth })).toBe(
      'the certificate is not for client authentication',
    );
    const notOne = 'the certificate must name exactly one device or one admin role';
    expect(await reason({ uris: ['urn:shoumi:device:dev-1', 'urn:shoumi:role:auditor'] })).toBe(notOne);
    expect(await reason({ uris: ['https://example.org/dev-1'] })).toBe(notOne);
    expect(await reason({ subject: 'CN=dev-1+CN=dev-2' })).toBe(notOne);
    expect(await reason({ subject: 'O=shoumi' })).toBe(notOne);
    expect(await reason({ subject: 'CN=dev-2' })).toBe('the certificate CN and device URI disagree');
    // One URI that reads like two in Node's text form: OpenSSL quotes it, so it stays one (invalid) id.
    expect(await reason({ uris: ['urn:shoumi:device:dev-1, URI:urn:shoumi:role:auditor'] })).toBe(
      'the device id in the certificate is not valid',
    );
    expect(await reason({ subject: 'CN=root', uris: ['urn:shoumi:role:superuser'] })).toBe(
      'unknown admin role "superuser"',
    );
    expect(await reason({ subject: 'CN=a\\,CN=b', uris: ['urn:shoumi:role:auditor'] })).toBe(
      'the admin name in the certificate is not valid',
    );
  });
});
