// What the store records about a certificate the collector issued, and what an agent is sent back: read from
// the certificate itself in one place, so enrolment, renewal and admin add record the same facts.
import type { IssuedCertificate } from '../../proto/generated/shoumi/v1/IssuedCertificate';
import type { CertificateKind, NewCertificate } from '../store/store';
import { certificateSha256 } from './pki-files';
import type { x509 } from './x509-library';

type Certificate = InstanceType<typeof x509.X509Certificate>;

export function certificateRecordOf(
  cert: Certificate,
  facts: { kind: CertificateKind; subject: string; role?: string; issuedAtMs: number; issuedBy: string },
): NewCertificate {
  return {
    serial: cert.serialNumber,
    kind: facts.kind,
    subject: facts.subject,
    role: facts.role ?? null,
    sha256: certificateSha256(cert),
    notBeforeMs: cert.notBefore.getTime(),
    notAfterMs: cert.notAfter.getTime(),
    issuedAtMs: facts.issuedAtMs,
    issuedBy: facts.issuedBy,
  };
}

/** The answer to Enrol and Renew: the certificate, the CA that signed it, and its validity. */
export function issuedCertificateOf(
  deviceId: string,
  cert: Certificate,
  caCert: Certificate,
): IssuedCertificate {
  return {
    deviceId,
    certificatePem: cert.toString('pem'),
    caPem: caCert.toString('pem'),
    notBeforeMs: cert.notBefore.getTime(),
    notAfterMs: cert.notAfter.getTime(),
  };
}
