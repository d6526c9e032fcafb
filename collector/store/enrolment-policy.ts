// Who an enrolment token may enrol, what a re-enrolment replaces, and what every trust change records in
// the audit trail: decided here for every store backend. A backend reads the facts (the token, the
// device's valid certificates, its earlier traces), asks `enrolDecision`, and writes what it says in one
// transaction with the record.
//
// A token bound to a device (`token create --device ID`) enrols that device only, and its still valid
// certificates are revoked as replaced (a new disk, a lost key). An unbound token enrols only a device id
// the collector has never seen in any form: no certificate ever (valid, expired, revoked or replaced) and
// no device record (a hello, or a ledger entry the office made before the workstation enrolled). Otherwise
// anyone holding any unbound token could take over a revoked device's id and its history, or the ledger
// entry (classification, media) written for another machine.
//
// No token, and no full token hash, ever goes into the audit trail: the hash is what a stolen copy of the
// trail would need to recognise a token. Refusals carry its first 8 hex digits (TOKEN_HASH_PREFIX_CHARS) so
// that the auditor can tell attempts with one token from attempts with many; 32 bits of the hash of a
// 256-bit random token tell nothing about the token.
import type {
  AuditContext,
  AuditRecordInput,
  CertificateKind,
  EnrolAttempt,
  EnrolAuditContext,
  EnrolmentTokenRecord,
  EnrolOutcome,
  NewCertificate,
  NewEnrolmentToken,
} from './store';
import { TOKEN_HASH_PREFIX_CHARS } from './store';
import { InvalidStoreInputError } from './store-errors';

const SHA256_HEX = /^[0-9a-f]{64}$/;
const SERIAL_HEX = /^[0-9a-f]{1,64}$/;

/** Why the certificates a re-enrolment supersedes were revoked. */
export const REPLACED_REASON = 'replaced by re-enrolment';

/** Checked before any write: a malformed record is a caller's bug, refused with nothing changed. */
export function invalidNewCertificate(certificate: NewCertificate): InvalidStoreInputError | null {
  if (!SERIAL_HEX.test(certificate.serial))
    return new InvalidStoreInputError(`certificate serial "${certificate.serial}": expected lowercase hex`);
  if (!SHA256_HEX.test(certificate.sha256))
    return new InvalidStoreInputError('certificate sha256: expected 64 lowercase hex digits');
  if (certificate.kind !== 'device' && certificate.kind !== 'admin')
    return new InvalidStoreInputError(
      `certificate kind "${String(certificate.kind)}": expected device or admin`,
    );
  if ((certificate.kind === 'admin') !== (certificate.role !== null))
    return new InvalidStoreInputError('certificate role: admins carry a role, devices none');
  if (certificate.subject === '') return new InvalidStoreInputError('certificate subject is required');
  if (!(certificate.notAfterMs > certificate.notBeforeMs))
    return new InvalidStoreInputError('certificate validity: notAfter must be after notBefore');
  return null;
}

export function invalidEnrolAttempt(attempt: EnrolAttempt): InvalidStoreInputError | null {
  if (attempt.certificate.kind !== 'device' || attempt.certificate.subject !== attempt.deviceId)
    return new InvalidStoreInputError('an enrolment records a device certificate for the enrolling device');
  if (!SHA256_HEX.test(attempt.tokenSha256))
    return new InvalidStoreInputError('enrolment token sha256: expected 64 lowercase hex digits');
  return invalidNewCertificate(attempt.certificate);
}

export function invalidNewTokens(tokens: readonly NewEnrolmentToken[]): InvalidStoreInputError | null {
  if (tokens.length === 0) return new InvalidStoreInputError('no enrolment tokens to store');
  for (const token of tokens) {
    if (!SHA256_HEX.test(token.sha256))
      return new InvalidStoreInputError('enrolment token sha256: expected 64 lowercase hex digits');
  }
  return null;
}

/** The one "token.created" record of a batch of tokens: count, binding, expiry; never a token. */
export function tokensCreatedRecord(
  tokens: readonly NewEnrolmentToken[],
  audit: AuditContext,
): AuditRecordInput {
  const deviceIds = [...new Set(tokens.map((token) => token.deviceId))];
  const deviceId = deviceIds.length === 1 ? (deviceIds[0] ?? null) : null;
  return {
    ...audit,
    action: 'token.created',
    target: deviceId === null ? 'enrolment-tokens' : `device:${deviceId}`,
    detail: {
      count: tokens.length,
      deviceId,
      expiresAtMs: Math.max(...tokens.map((token) => token.expiresAtMs)),
    },
    outcome: 'allowed',
  };
}

/** What the collector already knows of a device id, as a backend reads it. */
export interface PriorTraceFacts {
  /** The newest certificate ever issued to the device id: whether it was revoked; undefined when none. */
  newestCertificateRevoked: boolean | undefined;
  /** The device record: whether its agent ever said hello; undefined when there is no record. */
  device: { everSeen: boolean } | undefined;
}

/** The facts an enrolment is decided on, read in the enrolment's transaction. */
export interface EnrolFacts {
  token: EnrolmentTokenRecord | undefined;
  /** Serials of the device's certificates accepted at the enrolment's time (not revoked, not expired). */
  validSerials: readonly string[];
  /** Read only when asked (an unbound token, no valid certificate): see `needsPriorTrace`. */
  priorTrace?: PriorTraceFacts;
}

type Refusal = Exclude<EnrolOutcome, { status: 'enrolled' }>;

export type EnrolDecision =
  | { kind: 'refuse'; refusal: Refusal }
  | { kind: 'enrol'; replacedSerials: string[] };

function tokenRefusal(
  token: EnrolmentTokenRecord | undefined,
  deviceId: string,
  atMs: number,
): Refusal | null {
  if (token === undefined) return { status: 'token-unknown', message: 'enrolment token unknown' };
  if (token.usedAtMs !== null) {
    return {
      status: 'token-used',
      message: `enrolment token already used at ${new Date(token.usedAtMs).toISOString()}; tokens are one-time`,
    };
  }
  if (atMs >= token.expiresAtMs) {
    return {
      status: 'token-expired',
      message: `enrolment token expired at ${new Date(token.expiresAtMs).toISOString()}`,
    };
  }
  if (token.deviceId !== null && token.deviceId !== deviceId) {
    // The caller binds the attempt to the token's device; this only happens when it did not.
    return { status: 'token-for-other-device', message: 'enrolment token is bound to another device' };
  }
  return null;
}

function priorTraceText(facts: PriorTraceFacts): string | null {
  if (facts.newestCertificateRevoked !== undefined)
    return facts.newestCertificateRevoked
      ? 'its certificate was revoked or replaced'
      : 'it held a certificate that has expired';
  if (facts.device === undefined) return null;
  return facts.device.everSeen ? 'it is a known device' : 'it has an entry in the ledger';
}

/** Whether the decision needs the device's earlier traces (read only then: most enrolments do not). */
export function needsPriorTrace(
  facts: Omit<EnrolFacts, 'priorTrace'>,
  deviceId: string,
  atMs: number,
): boolean {
  return (
    tokenRefusal(facts.token, deviceId, atMs) === null &&
    facts.token?.deviceId === null &&
    facts.validSerials.length === 0
  );
}

export function enrolDecision(facts: EnrolFacts, deviceId: string, atMs: number): EnrolDecision {
  const refused = tokenRefusal(facts.token, deviceId, atMs);
  if (refused !== null) return { kind: 'refuse', refusal: refused };
  const unbound = facts.token?.deviceId === null;
  if (unbound && facts.validSerials.length > 0) {
    return {
      kind: 'refuse',
      refusal: {
        status: 'already-enrolled',
        message:
          `device ${deviceId} already has a valid certificate (serial ${facts.validSerials.join(', ')}); to ` +
          `re-enrol it, an administrator makes a token for it: shoumictl token create --device ${deviceId}`,
      },
    };
  }
  if (unbound) {
    if (facts.priorTrace === undefined)
      throw new Error('enrolDecision: an unbound token needs the prior trace facts (needsPriorTrace)');
    const trace = priorTraceText(facts.priorTrace);
    if (trace !== null) {
      return {
        kind: 'refuse',
        refusal: {
          status: 'bound-token-required',
          message:
            `device ${deviceId} is known to this collector (${trace}); an unbound token enrols only a new ` +
            `device. Ask the system administrator for a token bound to it: shoumictl token create --device ${deviceId}`,
        },
      };
    }
  }
  return { kind: 'enrol', replacedSerials: [...facts.validSerials] };
}

/** Who made the token, not the token: lets the auditor tie an enrolment to the admin who allowed it. */
function tokenDetail(token: EnrolmentTokenRecord | undefined): Record<string, unknown> {
  return token === undefined
    ? {}
    : {
        tokenCreatedBy: token.createdBy,
        tokenCreatedAtMs: token.createdAtMs,
        tokenBound: token.deviceId !== null,
      };
}

/** The record an enrolment leaves, enrolled or refused (a refusal never names the claimed device as actor). */
export function enrolmentRecord(
  attempt: EnrolAttempt,
  token: EnrolmentTokenRecord | undefined,
  decision: EnrolDecision,
  audit: EnrolAuditContext,
): AuditRecordInput {
  const { refusedActor, ...enrolledAudit } = audit;
  const target = `device:${attempt.deviceId}`;
  if (decision.kind === 'refuse') {
    return {
      actor: refusedActor,
      source: audit.source,
      action: 'device.enrol_refused',
      target,
      detail: {
        reason: decision.refusal.status,
        message: decision.refusal.message,
        claimedDeviceId: attempt.deviceId,
        tokenSha256Prefix: attempt.tokenSha256.slice(0, TOKEN_HASH_PREFIX_CHARS),
        ...tokenDetail(token),
      },
      outcome: 'refused',
    };
  }
  return {
    ...enrolledAudit,
    action: 'device.enrolled',
    target,
    detail: {
      serial: attempt.certificate.serial,
      sha256: attempt.certificate.sha256,
      notAfter: new Date(attempt.certificate.notAfterMs).toISOString(),
      replacedSerials: decision.replacedSerials,
      ...tokenDetail(token),
    },
    outcome: 'allowed',
  };
}

export function enrolOutcome(attempt: EnrolAttempt, decision: EnrolDecision): EnrolOutcome {
  return decision.kind === 'refuse'
    ? decision.refusal
    : { status: 'enrolled', deviceId: attempt.deviceId, replacedSerials: decision.replacedSerials };
}

/**
 * The record of a revocation. Every unrevoked certificate of the subject is revoked, expired ones too (an
 * expired one is refused anyway; marking it closes the door on a collector clock set back); the count
 * answered is of those still valid. The record is written also when there was nothing to revoke: the
 * administrator's decision is part of the trail either way.
 */
export function revocationRecord(
  kind: CertificateKind,
  subject: string,
  reason: string,
  unrevoked: ReadonlyArray<{ serial: string; notAfterMs: number }>,
  audit: AuditContext,
  atMs: number,
): { record: AuditRecordInput; validRevoked: number } {
  const validRevoked = unrevoked.filter((certificate) => certificate.notAfterMs > atMs).length;
  return {
    validRevoked,
    record: {
      ...audit,
      action: `${kind}.revoked`,
      target: `${kind}:${subject}`,
      detail: { reason, serials: unrevoked.map((certificate) => certificate.serial), validRevoked },
      outcome: 'allowed',
    },
  };
}
