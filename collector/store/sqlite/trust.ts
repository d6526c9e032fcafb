// Trust on SQLite: enrolment tokens (their SHA-256 only) and every certificate the collector issued.
// Each write runs in one transaction of the serial writer with its audit record, so a token is consumed
// exactly once even when two enrolments race (the second one sees it used), and nothing changes without
// its record. No token, and no full token hash, ever goes into the audit trail: the hash is what a stolen
// copy of the trail would need to recognise a token. Refusals carry its first 8 hex digits
// (TOKEN_HASH_PREFIX_CHARS) so that the auditor can tell attempts with one token from attempts with many;
// 32 bits of the hash of a 256-bit random token tell nothing about the token.
//
// Who a token may enrol. A token bound to a device (`token create --device ID`) enrols that device only. An
// unbound token enrols only a device id the collector has never seen in any form: no certificate ever
// (valid, expired, revoked or replaced) and no device record (a hello, or a ledger entry the office made
// before the workstation enrolled). Otherwise anyone holding any unbound token could take over a revoked
// device's id and its history, or the ledger entry (classification, media) written for another machine.
import type {
  AuditContext,
  AuditRecordInput,
  CertificateKind,
  CertificateRecord,
  CertificateStanding,
  EnrolAttempt,
  EnrolAuditContext,
  EnrolmentTokenRecord,
  EnrolOutcome,
  NewCertificate,
  NewEnrolmentToken,
} from '../store';
import { TOKEN_HASH_PREFIX_CHARS } from '../store';
import { InvalidStoreInputError } from '../store-errors';
import { appendAuditInTransaction } from './audit';
import type { SqliteConnection } from './connection';

interface TokenRow {
  sha256: string;
  device_id: string | null;
  created_at_ms: number;
  expires_at_ms: number;
  created_by: string;
  used_at_ms: number | null;
  used_by_device: string | null;
}

interface CertificateRow {
  serial: string;
  kind: CertificateKind;
  subject: string;
  role: string | null;
  sha256: string;
  not_before_ms: number;
  not_after_ms: number;
  issued_at_ms: number;
  issued_by: string;
  revoked_at_ms: number | null;
  revoked_by: string | null;
  revoke_reason: string | null;
}

const SHA256_HEX = /^[0-9a-f]{64}$/;
const SERIAL_HEX = /^[0-9a-f]{1,64}$/;
export const REPLACED_REASON = 'replaced by re-enrolment';

function toToken(row: TokenRow): EnrolmentTokenRecord {
  return {
    sha256: row.sha256,
    deviceId: row.device_id,
    createdAtMs: row.created_at_ms,
    expiresAtMs: row.expires_at_ms,
    createdBy: row.created_by,
    usedAtMs: row.used_at_ms,
    usedByDevice: row.used_by_device,
  };
}

function toCertificate(row: CertificateRow): CertificateRecord {
  return {
    serial: row.serial,
    kind: row.kind,
    subject: row.subject,
    role: row.role,
    sha256: row.sha256,
    notBeforeMs: row.not_before_ms,
    notAfterMs: row.not_after_ms,
    issuedAtMs: row.issued_at_ms,
    issuedBy: row.issued_by,
    revokedAtMs: row.revoked_at_ms,
    revokedBy: row.revoked_by,
    revokeReason: row.revoke_reason,
  };
}

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

async function insertCertificate(transaction: SqliteConnection, certificate: NewCertificate): Promise<void> {
  await transaction.run(
    `INSERT INTO certificates (serial, kind, subject, role, sha256, not_before_ms, not_after_ms, issued_at_ms,
       issued_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    [
      certificate.serial,
      certificate.kind,
      certificate.subject,
      certificate.role,
      certificate.sha256,
      certificate.notBeforeMs,
      certificate.notAfterMs,
      certificate.issuedAtMs,
      certificate.issuedBy,
    ],
  );
}

/** Call inside a write transaction; the tokens are already validated (invalidNewTokens). */
export async function createEnrolmentTokensInTransaction(
  transaction: SqliteConnection,
  tokens: readonly NewEnrolmentToken[],
  audit: AuditContext,
  atMs: number,
): Promise<void> {
  for (const token of tokens) {
    await transaction.run(
      `INSERT INTO enrolment_tokens (sha256, device_id, created_at_ms, expires_at_ms, created_by)
       VALUES (?, ?, ?, ?, ?)`,
      [token.sha256, token.deviceId, atMs, token.expiresAtMs, audit.actor],
    );
  }
  const deviceIds = [...new Set(tokens.map((token) => token.deviceId))];
  const deviceId = deviceIds.length === 1 ? (deviceIds[0] ?? null) : null;
  await appendAuditInTransaction(
    transaction,
    {
      ...audit,
      action: 'token.created',
      target: deviceId === null ? 'enrolment-tokens' : `device:${deviceId}`,
      detail: {
        count: tokens.length,
        deviceId,
        expiresAtMs: Math.max(...tokens.map((token) => token.expiresAtMs)),
      },
      outcome: 'allowed',
    },
    atMs,
  );
}

export async function findEnrolmentToken(
  reader: SqliteConnection,
  sha256: string,
): Promise<EnrolmentTokenRecord | undefined> {
  const row = await reader.get<TokenRow>('SELECT * FROM enrolment_tokens WHERE sha256 = ?', [sha256]);
  return row === undefined ? undefined : toToken(row);
}

/** Serials of the device's certificates that would be accepted at `atMs`: not revoked, not expired. */
async function validDeviceSerials(
  connection: SqliteConnection,
  deviceId: string,
  atMs: number,
): Promise<string[]> {
  const rows = await connection.all<{ serial: string }>(
    `SELECT serial FROM certificates
      WHERE kind = 'device' AND subject = ? AND revoked_at_ms IS NULL AND not_after_ms > ?
      ORDER BY issued_at_ms, serial`,
    [deviceId, atMs],
  );
  return rows.map((row) => row.serial);
}

/** What the collector already knows of a device id, in the order a refusal names it. */
async function priorTrace(connection: SqliteConnection, deviceId: string): Promise<string | null> {
  const certificate = await connection.get<{ revoked_at_ms: number | null }>(
    `SELECT revoked_at_ms FROM certificates WHERE kind = 'device' AND subject = ?
      ORDER BY issued_at_ms DESC, serial DESC LIMIT 1`,
    [deviceId],
  );
  if (certificate !== undefined)
    return certificate.revoked_at_ms === null
      ? 'it held a certificate that has expired'
      : 'its certificate was revoked or replaced';
  const device = await connection.get<{ hello: number }>(
    'SELECT last_seen_ms > 0 AS hello FROM devices WHERE device_id = ?',
    [deviceId],
  );
  if (device === undefined) return null;
  return device.hello ? 'it is a known device' : 'it has an entry in the ledger';
}

type Refusal = Exclude<EnrolOutcome, { status: 'enrolled' }>;

function tokenRefusal(token: TokenRow | undefined, deviceId: string, atMs: number): Refusal | null {
  if (token === undefined) return { status: 'token-unknown', message: 'enrolment token unknown' };
  if (token.used_at_ms !== null) {
    return {
      status: 'token-used',
      message: `enrolment token already used at ${new Date(token.used_at_ms).toISOString()}; tokens are one-time`,
    };
  }
  if (atMs >= token.expires_at_ms) {
    return {
      status: 'token-expired',
      message: `enrolment token expired at ${new Date(token.expires_at_ms).toISOString()}`,
    };
  }
  if (token.device_id !== null && token.device_id !== deviceId) {
    // The caller binds the attempt to the token's device; this only happens when it did not.
    return { status: 'token-for-other-device', message: 'enrolment token is bound to another device' };
  }
  return null;
}

/** Call inside a write transaction; the certificate is already validated (invalidNewCertificate). */
export async function enrolDeviceInTransaction(
  transaction: SqliteConnection,
  attempt: EnrolAttempt,
  audit: EnrolAuditContext,
  atMs: number,
): Promise<EnrolOutcome> {
  const { deviceId, certificate } = attempt;
  const { refusedActor, ...enrolledAudit } = audit;
  const target = `device:${deviceId}`;
  const token = await transaction.get<TokenRow>('SELECT * FROM enrolment_tokens WHERE sha256 = ?', [
    attempt.tokenSha256,
  ]);
  // Who made the token, not the token: lets the auditor tie an enrolment to the admin who allowed it.
  const tokenDetail =
    token === undefined
      ? {}
      : {
          tokenCreatedBy: token.created_by,
          tokenCreatedAtMs: token.created_at_ms,
          tokenBound: token.device_id !== null,
        };
  const valid = await validDeviceSerials(transaction, deviceId, atMs);
  let refusal = tokenRefusal(token, deviceId, atMs);
  if (refusal === null && valid.length > 0 && token?.device_id === null) {
    refusal = {
      status: 'already-enrolled',
      message:
        `device ${deviceId} already has a valid certificate (serial ${valid.join(', ')}); to re-enrol it, ` +
        `an administrator makes a token for it: shoumictl token create --device ${deviceId}`,
    };
  }
  if (refusal === null && valid.length === 0 && token?.device_id === null) {
    const trace = await priorTrace(transaction, deviceId);
    if (trace !== null) {
      refusal = {
        status: 'bound-token-required',
        message:
          `device ${deviceId} is known to this collector (${trace}); an unbound token enrols only a new ` +
          `device. Ask the system administrator for a token bound to it: shoumictl token create --device ${deviceId}`,
      };
    }
  }
  if (refusal !== null) {
    await appendAuditInTransaction(
      transaction,
      {
        actor: refusedActor,
        source: audit.source,
        action: 'device.enrol_refused',
        target,
        detail: {
          reason: refusal.status,
          message: refusal.message,
          claimedDeviceId: deviceId,
          tokenSha256Prefix: attempt.tokenSha256.slice(0, TOKEN_HASH_PREFIX_CHARS),
          ...tokenDetail,
        },
        outcome: 'refused',
      },
      atMs,
    );
    return refusal;
  }
  // A token bound to this device: the device is being re-enrolled (new disk, lost key), so the
  // certificates it had are refused from now on.
  if (valid.length > 0) {
    await transaction.run(
      `UPDATE certificates SET revoked_at_ms = ?, revoked_by = ?, revoke_reason = ?
        WHERE kind = 'device' AND subject = ? AND revoked_at_ms IS NULL AND not_after_ms > ?`,
      [atMs, enrolledAudit.actor, REPLACED_REASON, deviceId, atMs],
    );
  }
  await transaction.run(
    'UPDATE enrolment_tokens SET used_at_ms = ?, used_by_device = ? WHERE sha256 = ? AND used_at_ms IS NULL',
    [atMs, deviceId, attempt.tokenSha256],
  );
  await insertCertificate(transaction, certificate);
  await appendAuditInTransaction(
    transaction,
    {
      ...enrolledAudit,
      action: 'device.enrolled',
      target,
      detail: {
        serial: certificate.serial,
        sha256: certificate.sha256,
        notAfter: new Date(certificate.notAfterMs).toISOString(),
        replacedSerials: valid,
        ...tokenDetail,
      },
      outcome: 'allowed',
    },
    atMs,
  );
  return { status: 'enrolled', deviceId, replacedSerials: valid };
}

/** Call inside a write transaction; the certificate is already validated. */
export async function recordCertificateInTransaction(
  transaction: SqliteConnection,
  certificate: NewCertificate,
  audit: AuditRecordInput,
  atMs: number,
): Promise<void> {
  await insertCertificate(transaction, certificate);
  await appendAuditInTransaction(transaction, audit, atMs);
}

export async function certificateStanding(
  reader: SqliteConnection,
  serial: string,
): Promise<CertificateStanding> {
  const row = await reader.get<CertificateRow>('SELECT * FROM certificates WHERE serial = ?', [
    serial.toLowerCase(),
  ]);
  if (row === undefined) return { status: 'unknown' };
  return { status: row.revoked_at_ms === null ? 'valid' : 'revoked', record: toCertificate(row) };
}

/**
 * Call inside a write transaction. Revokes every unrevoked certificate of the device, expired ones too (an
 * expired one is refused anyway; marking it closes the door on a collector clock set back), and returns
 * how many of them were still valid. The audit record is written also when there was nothing to revoke:
 * the administrator's decision is part of the trail either way.
 */
/**
 * Revokes every unrevoked certificate of one device or administrator, with one `device.revoked` or
 * `admin.revoked` audit record; returns how many of them were still valid (not expired).
 */
export async function revokeSubjectInTransaction(
  transaction: SqliteConnection,
  kind: CertificateKind,
  subject: string,
  reason: string,
  audit: AuditContext,
  atMs: number,
): Promise<number> {
  const unrevoked = await transaction.all<{ serial: string; not_after_ms: number }>(
    `SELECT serial, not_after_ms FROM certificates WHERE kind = ? AND subject = ? AND revoked_at_ms IS NULL
      ORDER BY issued_at_ms, serial`,
    [kind, subject],
  );
  const valid = unrevoked.filter((row) => row.not_after_ms > atMs).length;
  await transaction.run(
    `UPDATE certificates SET revoked_at_ms = ?, revoked_by = ?, revoke_reason = ?
      WHERE kind = ? AND subject = ? AND revoked_at_ms IS NULL`,
    [atMs, audit.actor, reason, kind, subject],
  );
  await appendAuditInTransaction(
    transaction,
    {
      ...audit,
      action: `${kind}.revoked`,
      target: `${kind}:${subject}`,
      detail: { reason, serials: unrevoked.map((row) => row.serial), validRevoked: valid },
      outcome: 'allowed',
    },
    atMs,
  );
  return valid;
}

export async function listCertificates(
  reader: SqliteConnection,
  filter: { kind?: CertificateKind; subject?: string },
): Promise<CertificateRecord[]> {
  const where: string[] = [];
  const parameters: string[] = [];
  if (filter.kind !== undefined) {
    where.push('kind = ?');
    parameters.push(filter.kind);
  }
  if (filter.subject !== undefined) {
    where.push('subject = ?');
    parameters.push(filter.subject);
  }
  const rows = await reader.all<CertificateRow>(
    `SELECT * FROM certificates ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}
      ORDER BY issued_at_ms, serial`,
    parameters,
  );
  return rows.map(toCertificate);
}
