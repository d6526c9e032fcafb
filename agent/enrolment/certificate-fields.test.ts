import { X509Certificate } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { subjectAltNames } from '../../proto/subject-alt-names';
import { DEVICE_URN_PREFIX, deviceIdOf, serialOf, validityOf } from './certificate-fields';
import { createAgentKeyAndCsr } from './csr';
import { createTestAuthority, signTestCsr, type TestAuthority } from './test-authority';
import { x509 } from './x509-library';

let ca: TestAuthority;

beforeAll(async () => {
  ca = await createTestAuthority();
});

/** A certificate with these SANs, made with @peculiar/x509 so its reading of the fields is the reference. */
async function certificateWith(names: { type: 'url' | 'dns' | 'ip' | 'email'; value: string }[]) {
  const { csrPem } = await createAgentKeyAndCsr('dev-fields');
  const csr = new x509.Pkcs10CertificateRequest(csrPem);
  const now = Date.now();
  const made = await x509.X509CertificateGenerator.create({
    // Top bit set: DER puts a 00 byte before it; neither reading shows it.
    serialNumber: `c3${'5a'.repeat(15)}`,
    subject: 'CN=dev-fields',
    issuer: ca.cert.subjectName,
    notBefore: new Date(now - 3_600_000),
    notAfter: new Date(now + 86_400_000),
    signingAlgorithm: { name: 'ECDSA', hash: 'SHA-256' },
    publicKey: csr.publicKey,
    signingKey: ca.keys.privateKey,
    extensions: [new x509.SubjectAlternativeNameExtension(names)],
  });
  return { peculiar: made, node: new X509Certificate(made.toString('pem')) };
}

describe('certificate fields read with node:crypto', () => {
  it('agree with @peculiar/x509 on device, validity and serial', async () => {
    const { csrPem } = await createAgentKeyAndCsr('dev-fields-1');
    const peculiar = await signTestCsr(ca, csrPem, 'dev-fields-1', { backdateMs: 90_000 });
    const node = new X509Certificate(peculiar.toString('pem'));
    expect(deviceIdOf(node)).toBe('dev-fields-1');
    expect(validityOf(node)).toEqual({
      notBeforeMs: peculiar.notBefore.getTime(),
      notAfterMs: peculiar.notAfter.getTime(),
    });
    expect(serialOf(node)).toBe(peculiar.serialNumber.toLowerCase());

    const highBit = await certificateWith([{ type: 'url', value: `${DEVICE_URN_PREFIX}dev-fields-2` }]);
    expect(serialOf(highBit.node)).toBe(highBit.peculiar.serialNumber.toLowerCase());
    expect(serialOf(highBit.node)).toMatch(/^c35a/);
  });

  it('finds the device among other names, and only in a URI with a valid id', async () => {
    const mixed = await certificateWith([
      { type: 'dns', value: 'ws-17.example' },
      { type: 'ip', value: '10.0.0.7' },
      { type: 'url', value: `${DEVICE_URN_PREFIX}dev-fields-3` },
    ]);
    expect(deviceIdOf(mixed.node)).toBe('dev-fields-3');
    const wrongType = await certificateWith([{ type: 'dns', value: `${DEVICE_URN_PREFIX}dev-x` }]);
    expect(deviceIdOf(wrongType.node)).toBeUndefined();
    const badId = await certificateWith([{ type: 'url', value: `${DEVICE_URN_PREFIX}bad id/with spaces` }]);
    expect(deviceIdOf(badId.node)).toBeUndefined();
  });

  it('does not take a device URI hidden inside another name that holds ", "', async () => {
    const sneaky = await certificateWith([{ type: 'dns', value: `a, URI:${DEVICE_URN_PREFIX}evil` }]);
    expect(deviceIdOf(sneaky.node)).toBeUndefined();
    expect(subjectAltNames(sneaky.node.subjectAltName ?? '')).toEqual([
      { type: 'DNS', value: `a, URI:${DEVICE_URN_PREFIX}evil` },
    ]);
  });

  it('parses quoted and plain names, and names what is wrong in text it cannot read', () => {
    expect(subjectAltNames('')).toEqual([]);
    expect(subjectAltNames('DNS:a, IP Address:127.0.0.1, URI:"x\\"y, z"')).toEqual([
      { type: 'DNS', value: 'a' },
      { type: 'IP Address', value: '127.0.0.1' },
      { type: 'URI', value: 'x"y, z' },
    ]);
    expect(() => subjectAltNames('DNS:a, nonsense')).toThrow('no "type:" at offset 7');
    expect(() => subjectAltNames('URI:"open')).toThrow('unterminated quoted value at offset 4');
    expect(() => subjectAltNames('URI:"a"b')).toThrow('expected ", " at offset 7');
  });
});
