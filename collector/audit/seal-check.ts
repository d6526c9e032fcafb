// Checks one seal apart from the chain: the statement is well formed, the certificate was issued by the
// collector's CA and is of the kind the statement claims (an auditor's certificate for an auditor seal, the
// collector's seal certificate for a collector seal), it was valid when the seal says it was made, and the
// signature over the statement's exact bytes holds. With a pinned key (the auditor's own certificate, read
// from their identity directory), the signer must be that key: someone holding the CA key could mint another
// "auditor" certificate, but not this one's private key. Whether the chain still holds the sealed hash is
// verify-chain.ts's business.
import { type KeyObject, verify, X509Certificate } from 'node:crypto';
import {
  AUDITOR_ROLE_URN,
  type AuditSeal,
  COLLECTOR_SEAL_URN,
  parseSealStatement,
  type SealSignerKind,
  type SealStatement,
} from './seal';

/** Where a seal came from, for messages: the store's table, the collector's seal file, the auditor's copy. */
export type SealOrigin = 'store' | 'seal-file' | 'local-copy' | 'given';

export type CheckedSeal =
  | { ok: true; origin: SealOrigin; statement: SealStatement }
  | { ok: false; origin: SealOrigin; message: string };

const KIND_URN: Record<SealSignerKind, string> = {
  auditor: AUDITOR_ROLE_URN,
  collector: COLLECTOR_SEAL_URN,
};

function commonNameOf(cert: X509Certificate): string {
  return /(?:^|\n)CN=([^\n]*)/.exec(cert.subject)?.[1] ?? '';
}

function sameKey(left: KeyObject, right: KeyObject): boolean {
  return left.export({ type: 'spki', format: 'der' }).equals(right.export({ type: 'spki', format: 'der' }));
}

export function checkSeal(
  seal: AuditSeal,
  origin: SealOrigin,
  trust: { caPem: string; pinnedCertificatePem?: string },
): CheckedSeal {
  const refused = (why: string): CheckedSeal => ({
    ok: false,
    origin,
    message: `封印无效 / invalid seal (${origin}): ${why}`,
  });
  if (trust.caPem.trim() === '') return refused('no CA certificate here to check it against');
  let statement: SealStatement;
  try {
    statement = parseSealStatement(seal.statement);
  } catch (error) {
    return refused((error as Error).message);
  }
  const at = `seal of position ${statement.position} by ${statement.signerKind} "${statement.signerName}"`;
  let cert: X509Certificate;
  let ca: X509Certificate;
  try {
    cert = new X509Certificate(seal.certificate);
    ca = new X509Certificate(trust.caPem);
  } catch (error) {
    return refused(`${at}: certificate unreadable (${(error as Error).message})`);
  }
  if (!cert.checkIssued(ca) || !cert.verify(ca.publicKey))
    return refused(`${at}: its certificate was not issued by this collector's CA`);
  if (cert.ca) return refused(`${at}: signed by a CA certificate, not a signer's`);
  const sans = (cert.subjectAltName ?? '').split(', ');
  if (!sans.includes(`URI:${KIND_URN[statement.signerKind]}`))
    return refused(
      `${at}: the certificate is not ${statement.signerKind === 'auditor' ? "an auditor's" : "the collector's seal certificate"} (${cert.subjectAltName ?? 'no SAN'})`,
    );
  if (commonNameOf(cert) !== statement.signerName)
    return refused(`${at}: the certificate names "${commonNameOf(cert)}", not "${statement.signerName}"`);
  const from = Date.parse(cert.validFrom);
  const to = Date.parse(cert.validTo);
  if (!(statement.sealedAtMs >= from && statement.sealedAtMs <= to))
    return refused(
      `${at}: made ${new Date(statement.sealedAtMs).toISOString()}, outside its certificate's validity`,
    );
  if (trust.pinnedCertificatePem !== undefined) {
    const pinned = new X509Certificate(trust.pinnedCertificatePem);
    if (!sameKey(pinned.publicKey, cert.publicKey))
      return refused(`${at}: not signed by your own key (the pinned certificate ${commonNameOf(pinned)})`);
  }
  let signatureHolds = false;
  try {
    signatureHolds = verify(
      'sha256',
      Buffer.from(seal.statement, 'utf8'),
      cert.publicKey,
      Buffer.from(seal.signature, 'base64'),
    );
  } catch {
    signatureHolds = false;
  }
  if (!signatureHolds) return refused(`${at}: the signature does not match the statement`);
  return { ok: true, origin, statement };
}
