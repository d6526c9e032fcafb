import { createPrivateKey, createPublicKey } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createAgentKeyAndCsr } from './csr';
import { x509 } from './x509-library';

describe('createAgentKeyAndCsr', () => {
  it('makes a P-256 key and a CSR signed by it that carries only the public key', async () => {
    const { privateKeyPem, csrPem } = await createAgentKeyAndCsr('dev-abc');
    const key = createPrivateKey(privateKeyPem);
    expect(key.asymmetricKeyType).toBe('ec');
    expect(key.asymmetricKeyDetails?.namedCurve).toBe('prime256v1');

    const csr = new x509.Pkcs10CertificateRequest(csrPem);
    expect(await csr.verify()).toBe(true);
    expect(csr.subject).toBe('CN=dev-abc');
    expect(csr.publicKey.algorithm).toMatchObject({ name: 'ECDSA', namedCurve: 'P-256' });
    // The CSR's key is the public half of the private key we kept.
    const derived = createPublicKey(key).export({ type: 'spki', format: 'der' });
    expect(Buffer.from(csr.publicKey.rawData).equals(derived)).toBe(true);
    // No private key material in what is sent.
    expect(csrPem).not.toContain('PRIVATE KEY');
  });
});
