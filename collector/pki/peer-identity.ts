// Who is on the other end of a TLS connection, read from the certificate the peer presented (grpc-js gives
// it as call.getAuthContext().sslPeerCertificate, a Node tls.PeerCertificate with the DER in `raw`).
// TLS has already checked the chain when the server requires client certificates; this checks it again
// against our CA (signature, validity, clientAuth) so that an identity is never read from a certificate we
// did not sign, whatever the transport was configured to do. Bad input is an answer, never a throw.
//
// Read with node:crypto's X509Certificate (OpenSSL), not @peculiar/x509 + WebCrypto: the JavaScript parse
// and signature check took ≈2.5–7 ms per certificate, a quarter of the CPU a first agent stream cost
// (docs/PERFORMANCE.md, issue 7); OpenSSL does the same in a fraction of that. @peculiar stays where
// certificates are issued, and the CA is still handed in as the @peculiar certificate the collector loads.
import { type KeyObject, X509Certificate } from 'node:crypto';
import type { PeerCertificate } from 'node:tls';
import { subjectAltNames } from '../../proto/subject-alt-names';
import {
  type AdminRole,
  DEVICE_URN_PREFIX,
  isAdminName,
  isAdminRole,
  isDeviceId,
  ROLE_URN_PREFIX,
} from './identity-names';
import type { x509 } from './x509-library';

type IssuingCertificate = Pick<InstanceType<typeof x509.X509Certificate>, 'rawData'>;

export type PeerIdentity =
  | { kind: 'device'; deviceId: string; serialNumber: string }
  | { kind: 'admin'; name: string; role: AdminRole; serialNumber: string };

export type PeerIdentityResult =
  | { status: 'ok'; identity: PeerIdentity }
  | { status: 'refused'; reason: string };

const refused = (reason: string): PeerIdentityResult => ({ status: 'refused', reason });

const CLIENT_AUTH_OID = '1.3.6.1.5.5.7.3.2';

interface OurCa {
  subject: string;
  publicKey: KeyObject;
}

/** The CA as OpenSSL reads it, made once per CA object (the collector holds one for its lifetime). */
const caReadings = new WeakMap<IssuingCertificate, OurCa>();

function ourCa(caCert: IssuingCertificate): OurCa {
  let ca = caReadings.get(caCert);
  if (!ca) {
    const cert = new X509Certificate(Buffer.from(caCert.rawData));
    ca = { subject: cert.subject, publicKey: cert.publicKey };
    caReadings.set(caCert, ca);
  }
  return ca;
}

export async function readPeerIdentity(
  peer: Pick<PeerCertificate, 'raw'> | null | undefined,
  caCert: IssuingCertificate,
  now = new Date(),
): Promise<PeerIdentityResult> {
  // Node gives an empty object, not null, when the peer sent no certificate.
  if (!peer?.raw || peer.raw.length === 0) return refused('no client certificate');
  let cert: X509Certificate;
  try {
    cert = new X509Certificate(peer.raw);
  } catch (error) {
    return refused(`the client certificate cannot be parsed: ${(error as Error).message}`);
  }
  const ca = ourCa(caCert);
  // Names compared as OpenSSL prints both (one RDN a line); the refusal joins the lines as @peculiar did.
  if (cert.issuer !== ca.subject) {
    return refused(`issued by "${cert.issuer.split('\n').join(', ')}", not by our CA`);
  }
  let signedByUs = false;
  try {
    signedByUs = cert.verify(ca.publicKey);
  } catch {
    // A key OpenSSL cannot use for this signature is a certificate we did not sign.
  }
  if (!signedByUs) return refused('the certificate is not signed by our CA');
  // toLegacyObject: the fields as tls.getPeerCertificate gives them, names already unescaped and decoded.
  const fields = cert.toLegacyObject();
  const notBefore = new Date(Date.parse(fields.valid_from));
  const notAfter = new Date(Date.parse(fields.valid_to));
  if (Number.isNaN(notBefore.getTime()) || Number.isNaN(notAfter.getTime())) {
    return refused(`the certificate's validity "${fields.valid_from}" – "${fields.valid_to}" cannot be read`);
  }
  if (now < notBefore) return refused(`not valid before ${notBefore.toISOString()}`);
  if (now > notAfter) return refused(`expired at ${notAfter.toISOString()}`);

  if (!fields.ext_key_usage?.includes(CLIENT_AUTH_OID)) {
    return refused('the certificate is not for client authentication');
  }
  let uris: string[];
  try {
    uris = subjectAltNames(fields.subjectaltname ?? '')
      .filter((name) => name.type === 'URI')
      .map((name) => name.value);
  } catch (error) {
    return refused(`the client certificate cannot be parsed: ${(error as Error).message}`);
  }
  const devices = uris.filter((uri) => uri.startsWith(DEVICE_URN_PREFIX));
  const roles = uris.filter((uri) => uri.startsWith(ROLE_URN_PREFIX));
  const commonName = ([] as (string | undefined)[]).concat(fields.subject?.CN ?? []);
  if (devices.length + roles.length !== 1 || commonName.length !== 1) {
    return refused('the certificate must name exactly one device or one admin role');
  }
  const cn = commonName[0] ?? '';
  const serialNumber = serialOf(cert);
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

/**
 * The serial as lowercase hex of whole bytes, as @peculiar/x509 wrote it when the certificate was issued and
 * recorded (the store looks certificates up by it); OpenSSL prints it in upper case.
 */
function serialOf(cert: X509Certificate): string {
  const hex = cert.serialNumber.toLowerCase();
  return hex.length % 2 === 1 ? `0${hex}` : hex;
}
