// Who is on the other end of a TLS connection, read from the certificate the peer presented (grpc-js gives
// it as call.getAuthContext().sslPeerCertificate, a Node tls.PeerCertificate with the DER in `raw`).
// TLS has already checked the chain when the server requires client certificates; this checks it again
// against our CA (signature, validity, clientAuth) so that an identity is never read from a certificate we
// did not sign, whatever the transport was configured to do. Bad input is an answer, never a throw.
import type { PeerCertificate } from 'node:tls';
import {
  type AdminRole,
  DEVICE_URN_PREFIX,
  isAdminName,
  isAdminRole,
  isDeviceId,
  ROLE_URN_PREFIX,
} from './identity-names';
import { x509 } from './x509-library';

type Certificate = InstanceType<typeof x509.X509Certificate>;

export type PeerIdentity =
  | { kind: 'device'; deviceId: string; serialNumber: string }
  | { kind: 'admin'; name: string; role: AdminRole; serialNumber: string };

export type PeerIdentityResult =
  | { status: 'ok'; identity: PeerIdentity }
  | { status: 'refused'; reason: string };

const refused = (reason: string): PeerIdentityResult => ({ status: 'refused', reason });

export async function readPeerIdentity(
  peer: Pick<PeerCertificate, 'raw'> | null | undefined,
  caCert: Certificate,
  now = new Date(),
): Promise<PeerIdentityResult> {
  // Node gives an empty object, not null, when the peer sent no certificate.
  if (!peer?.raw || peer.raw.length === 0) return refused('no client certificate');
  let cert: Certificate;
  try {
    cert = new x509.X509Certificate(new Uint8Array(peer.raw));
  } catch (error) {
    return refused(`the client certificate cannot be parsed: ${(error as Error).message}`);
  }
  if (cert.issuer !== caCert.subject) return refused(`issued by "${cert.issuer}", not by our CA`);
  const signedByUs = await cert.verify({ publicKey: caCert, signatureOnly: true }).catch(() => false);
  if (!signedByUs) return refused('the certificate is not signed by our CA');
  if (now < cert.notBefore) return refused(`not valid before ${cert.notBefore.toISOString()}`);
  if (now > cert.notAfter) return refused(`expired at ${cert.notAfter.toISOString()}`);

  const eku = cert.getExtension(x509.ExtendedKeyUsageExtension);
  if (!eku?.usages.includes(x509.ExtendedKeyUsage.clientAuth)) {
    return refused('the certificate is not for client authentication');
  }
  const uris = (cert.getExtension(x509.SubjectAlternativeNameExtension)?.names.items ?? [])
    .filter((name) => name.type === 'url')
    .map((name) => name.value);
  const devices = uris.filter((uri) => uri.startsWith(DEVICE_URN_PREFIX));
  const roles = uris.filter((uri) => uri.startsWith(ROLE_URN_PREFIX));
  const commonName = cert.subjectName.getField('CN');
  if (devices.length + roles.length !== 1 || commonName.length !== 1) {
    return refused('the certificate must name exactly one device or one admin role');
  }
  const cn = commonName[0] ?? '';
  const serialNumber = cert.serialNumber;
  if (devices.length === 1) {
    const deviceId = (devices[0] ?? '').slice(DEVICE_URN_PREFIX.length);
    if (!isDeviceId(deviceId)) return refused('the device id in the certificate is not valid');
    if (cn !== deviceId) return refused('the certificate CN and device URI disagree');
    return { status: 'ok', identity: { kind: 'device', deviceId, serialNumber } };
  }
  const role = (roles[0] ?? '').slice(ROLE_URN_PREFIX.length);
  if (!isAdminRole(role)) return refused(`unknown admin role "${role.slice(0, 32)}"`);
  if (!isAdminName(cn)) return refused('the admin name in the certificate is not valid');
  return { status: 'ok', identity: { kind: 'admin', name: cn, role, serialNumber } };
}
