// The few fields the agent reads from its own certificate — the device in the URI SAN, validity, serial —
// read with node:crypto's X509Certificate. The `run` path needs nothing more, and @peculiar/x509 (with
// tsyringe and the Reflect polyfill under it) cost about 23 MB of resident memory in an idle agent only to
// read these; it is loaded now only where a CSR is built (csr.ts, at enrolment and renewal).
import type { X509Certificate } from 'node:crypto';
import { DEVICE_ID_PATTERN } from '../../policies/model';

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

export interface SubjectAltName {
  type: string;
  value: string;
}

/**
 * Splits Node's subjectAltName text, "DNS:a, URI:urn:x, IP Address:127.0.0.1". Since Node 17 (and the
 * 12/14/16 security releases) a value holding a comma, quote or other special character is written as a
 * JSON string, `DNS:"a, URI:b"`, so that one name cannot pose as two; those are decoded, never split.
 */
export function subjectAltNames(text: string): SubjectAltName[] {
  const names: SubjectAltName[] = [];
  let index = 0;
  while (index < text.length) {
    const colon = text.indexOf(':', index);
    if (colon < 0) throw new Error(`subjectAltName "${text}": no "type:" at offset ${index}`);
    const type = text.slice(index, colon);
    let value: string;
    let end: number;
    if (text[colon + 1] === '"') {
      end = quotedEnd(text, colon + 1);
      value = JSON.parse(text.slice(colon + 1, end)) as string;
    } else {
      const comma = text.indexOf(', ', colon + 1);
      end = comma < 0 ? text.length : comma;
      value = text.slice(colon + 1, end);
    }
    names.push({ type, value });
    if (end < text.length && !text.startsWith(', ', end)) {
      throw new Error(`subjectAltName "${text}": expected ", " at offset ${end}`);
    }
    index = end + 2;
  }
  return names;
}

/** The offset just past the JSON string that starts at `start` (a double quote). */
function quotedEnd(text: string, start: number): number {
  for (let index = start + 1; index < text.length; index++) {
    if (text[index] === '\\') index++;
    else if (text[index] === '"') return index + 1;
  }
  throw new Error(`subjectAltName "${text}": unterminated quoted value at offset ${start}`);
}
