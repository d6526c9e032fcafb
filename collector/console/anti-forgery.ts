// Anti-forgery for the console's state-changing requests. The browser presents the administrator's client
// certificate to any request made to the console, whichever page made it: a page on another site could make
// the browser POST a form here (register a medium, start a sweep) with the certificate attached. Three
// checks, all of which a genuine form passes and a cross-site one fails:
//
//   1. every state change is a POST (GET never changes anything), and its form carries `_csrf`: an HMAC of
//      the client certificate's fingerprint under a key this collector made at start. Another site cannot
//      read our pages (same-origin policy, no CORS headers are ever sent), so it cannot know the token; a
//      token taken from one administrator's page is worthless with another's certificate;
//   2. `Sec-Fetch-Site`, which browsers set and pages cannot, when present must be `same-origin`;
//   3. `Origin`, when present, must be this console's own origin.
//
// A refused request is not handled: it goes to authorization as a 'forgery' refusal (admin/authorization.ts),
// which audits it under the same flood bound as every other refusal. Pure: the key and headers come in.
import { createHmac, timingSafeEqual } from 'node:crypto';

export const FORGERY_FIELD = '_csrf';

/** The token for one client certificate (its DER's SHA-256, hex), under the collector's key. */
export function antiForgeryToken(key: Buffer, certificateSha256: string): string {
  return createHmac('sha256', key).update(`shoumi-console-form\0${certificateSha256}`).digest('base64url');
}

export interface FormRequest {
  /** The `_csrf` field of the submitted form, if any. */
  token: string | undefined;
  secFetchSite: string | undefined;
  origin: string | undefined;
  /** This console's origin as the browser addressed it: "https://host:port". */
  ownOrigin: string;
}

/** Why the request is judged forged (English, for the audit record), or undefined when it is genuine. */
export function forgeryReason(
  key: Buffer,
  certificateSha256: string,
  request: FormRequest,
): string | undefined {
  if (request.secFetchSite !== undefined && request.secFetchSite !== 'same-origin')
    return `console form sent from another site (Sec-Fetch-Site: ${request.secFetchSite.slice(0, 40)})`;
  if (request.origin !== undefined && request.origin !== request.ownOrigin)
    return `console form sent from another origin (Origin: ${request.origin.slice(0, 200)})`;
  if (!request.token) return 'console form without its anti-forgery token';
  const expected = Buffer.from(antiForgeryToken(key, certificateSha256));
  const given = Buffer.from(request.token);
  if (given.length !== expected.length || !timingSafeEqual(given, expected))
    return 'console form with an anti-forgery token that is not this certificate’s';
  return undefined;
}
