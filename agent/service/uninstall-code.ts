// Checking an uninstall code on the workstation, offline: a machine cut off from the collector can still be
// uninstalled by someone the system administrator gave a code to (`shoumictl device uninstall-code ID`).
//
//   code      = base64url(statement) "." base64url(signature)
//   statement = {"p":"shoumi-uninstall","v":1,"d":deviceId,"e":expiresAtMs,"n":nonce}
//   signature = ECDSA P-256 / SHA-256 by the collector's CA key over the ASCII of base64url(statement), in
//               WebCrypto's raw r‖s form (collector/admin/trust.ts signUninstallCode writes it)
//
// The CA certificate is the one this agent pinned at enrolment (DATA/tls/ca.crt); the device id is the one
// in its own certificate. So a code is good for one device, until it expires, and only from our CA. It is
// not spent anywhere (there is nobody offline to tell): the short lifetime and the audit record of its
// issue are what bound it. The outcome is a value; the reason is said to the person running uninstall.
import { X509Certificate } from 'node:crypto';

const PURPOSE = 'shoumi-uninstall';
const VERIFY_ALGORITHM = { name: 'ECDSA', hash: 'SHA-256' } as const;
const MAX_CODE_CHARS = 2000;

export interface UninstallStatement {
  deviceId: string;
  expiresAtMs: number;
  nonce: string;
}

export type UninstallCodeCheck =
  | { ok: true; statement: UninstallStatement }
  | { ok: false; reason: 'malformed' | 'bad-signature' | 'other-device' | 'expired'; message: string };

export async function checkUninstallCode(
  code: string,
  expected: { deviceId: string; caPem: string; nowMs?: number },
): Promise<UninstallCodeCheck> {
  const text = code.trim();
  const malformed = (why: string): UninstallCodeCheck => ({
    ok: false,
    reason: 'malformed',
    message: `the uninstall code is not one the collector makes (${why}); copy it again from shoumictl device uninstall-code`,
  });
  if (text.length > MAX_CODE_CHARS) return malformed(`${text.length} characters`);
  const match = /^([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]+)$/.exec(text);
  if (!match) return malformed('expected two base64url parts joined by a dot');
  const [, body, signature] = match as unknown as [string, string, string];
  let statement: Record<string, unknown>;
  try {
    statement = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as Record<string, unknown>;
  } catch {
    return malformed('its first part is not JSON');
  }
  if (
    statement?.p !== PURPOSE ||
    statement.v !== 1 ||
    typeof statement.d !== 'string' ||
    typeof statement.e !== 'number' ||
    typeof statement.n !== 'string'
  ) {
    return malformed('not an uninstall statement');
  }
  // The signature first: nothing an unsigned statement says is worth repeating back.
  const publicKey = await crypto.subtle.importKey(
    'spki',
    new X509Certificate(expected.caPem).publicKey.export({ format: 'der', type: 'spki' }),
    { name: 'ECDSA', namedCurve: 'P-256' },
    false,
    ['verify'],
  );
  const valid = await crypto.subtle.verify(
    VERIFY_ALGORITHM,
    publicKey,
    Buffer.from(signature, 'base64url'),
    Buffer.from(body, 'ascii'),
  );
  if (!valid) {
    return {
      ok: false,
      reason: 'bad-signature',
      message: "the uninstall code is not signed by this agent's collector CA",
    };
  }
  if (statement.d !== expected.deviceId) {
    return {
      ok: false,
      reason: 'other-device',
      message: `the uninstall code is for device ${statement.d}, and this is ${expected.deviceId}`,
    };
  }
  const nowMs = expected.nowMs ?? Date.now();
  if (statement.e <= nowMs) {
    return {
      ok: false,
      reason: 'expired',
      message: `the uninstall code expired at ${new Date(statement.e).toISOString()}; ask for a new one`,
    };
  }
  return { ok: true, statement: { deviceId: statement.d, expiresAtMs: statement.e, nonce: statement.n } };
}
