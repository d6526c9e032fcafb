// The few fields the agent reads from its own certificate — the device in the URI SAN, validity, serial —
// read with node:crypto's X509Certificate. The `run` path needs nothing more, and @peculiar/x509 (with
// tsyringe and the Reflect polyfill under it) cost about 23 MB of resident memory in an idle agent only to
// read these; it is loaded now only where a CSR is built (csr.ts, at enrolment and renewal).
import type { X509Certificate } from 'node:crypto';
import { DEVICE_ID_PATTERN } from '../../policies/model';
import { subjectAltNames } from '../../proto/subject-alt-names';

export const DEVICE_URN_PREFIX = 'urn:shoumi:device:';

/** The device id in a certificate's URI SAN urn:shoumi:device:<id>, or undefined. */
export function deviceIdOf(cert: X509Certificate): string | undefined {
  for (const { type, value } of subjectAltNames(cert.subjectAltName ?? '')) {
    if (type !== 'URI' || !value.startsWith(DEVICE_URN_PREFIX)) continue;
    const id = value.slice(DEVICE_URN_PREFIX.length);
    if (DEVICE_ID_PATTERN.test(id)) return id;
  }
  return undefined;
}

/** notBefore and notAfter in ms since the epoch (whole seconds: that is what X.509 times hold). */
export function validityOf(cert: X509Certificate): { notBeforeMs: number; notAfterMs: number } {
  // validFrom/validTo are OpenSSL's "Nov 30 19:26:14 2026 GMT", which Date.parse reads; Node 20, which
  // runs the tests, has no validFromDate yet.
  const notBeforeMs = Date.parse(cert.validFrom);
  const notAfterMs = Date.parse(cert.validTo);
  if (!Number.isFinite(notBeforeMs) || !Number.isFinite(notAfterMs)) {
    throw new Error(`unreadable validity "${cert.validFrom}" – "${cert.validTo}"`);
  }
  return { notBeforeMs, notAfterMs };
}

/** The serial as lowercase hex, as @peculiar/x509 (and so the collector's records) writes it. */
export function serialOf(cert: X509Certificate): string {
  const hex = cert.serialNumber.toLowerCase();
  return hex.length % 2 === 1 ? `0${hex}` : hex;
}
