// Trust on SQLite: enrolment tokens (their SHA-256 only) and every certificate the collector issued.
// Each write runs in one transaction of the serial writer with its audit record, so a token is consumed
// exactly once even when two enrolments race (the second one sees it used), and nothing changes without
// its record. Who a token may enrol, what is replaced and what is recorded: ../enrolment-policy.ts.
import {
  enrolDecision,
  enrolmentRecord,
  enrolOutcome,
  needsPriorTrace,
  type PriorTraceFacts,
  REPLACED_REASON,
  revocationRecord,
  tokensCreatedRecord,
} from '../enrolment-policy';
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
  await appendAuditInTransaction(transaction, tokensCreatedRecord(tokens, audit), atMs);
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

/** What the collector already knows of a device id (../enrolment-policy.ts says what it means). */
async function priorTrace(connection: SqliteConnection, deviceId: string): Promise<PriorTraceFacts> {
  const certificate = await connection.get<{ revoked_at_ms: number | null }>(
    `SELECT revoked_at_ms FROM certificates WHERE kind = 'device' AND subject = ?
      ORDER BY issued_at_ms DESC, serial DESC LIMIT 1`,
    [deviceId],
  );
  const device = await connection.get<{ hello: number }>(
    'SELECT last_seen_ms > 0 AS hello FROM devices WHERE device_id = ?',
    [deviceId],
  );
  return {
    newestCertificateRevoked: certificate === undefined ? undefined : certificate.revoked_at_ms !== null,
    device: device === undefined ? undefined : { everSeen: device.hello === 1 },
  };
}

/** Call inside a write transaction; the certificate is already validated (invalidNewCertificate). */
export async function enrolDeviceInTransaction(
  transaction: SqliteConnection,
  attempt: EnrolAttempt,
  audit: EnrolAuditContext,
  atMs: number,
): Promise<EnrolOutcome> {
  const { deviceId, certificate } = attempt;
  const row = await transaction.get<TokenRow>('SELECT * FROM enrolment_tokens WHERE sha256 = ?', [
    attempt.tokenSha256,
  ]);
  const token = row === undefined ? undefined : toToken(row);
  const facts = { token, validSerials: await validDeviceSerials(transaction, deviceId, atMs) };
  const decision = enrolDecision(
    needsPriorTrace(facts, deviceId, atMs)
      ? { ...facts, priorTrace: await priorTrace(transaction, deviceId) }
      : facts,
    deviceId,
    atMs,
  );
  if (decision.kind === 'enrol') {
    if (decision.replacedSerials.length > 0) {
      await transaction.run(
        `UPDATE certificates SET revoked_at_ms = ?, revoked_by = ?, revoke_reason = ?
          WHERE kind = 'device' AND subject = ? AND revoked_at_ms IS NULL AND not_after_ms > ?`,
        [atMs, audit.actor, REPLACED_REASON, deviceId, atMs],
      );
    }
    await transaction.run(
      'UPDATE enrolment_tokens SET used_at_ms = ?, used_by_device = ? WHERE sha256 = ? AND used_at_ms IS NULL',
      [atMs, deviceId, attempt.tokenSha256],
    );
    await insertCertificate(transaction, certificate);
  }
  await appendAuditInTransaction(transaction, enrolmentRecord(attempt, token, decision, audit), atMs);
  return enrolOutcome(attempt, decision);
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
 * Revokes every unrevoked certificate of one device or administrator, with one `device.revoked` or
 * `admin.revoked` audit record (../enrolment-policy.ts); returns how many of them were still valid.
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
  await transaction.run(
    `UPDATE certificates SET revoked_at_ms = ?, revoked_by = ?, revoke_reason = ?
      WHERE kind = ? AND subject = ? AND revoked_at_ms IS NULL`,
    [atMs, audit.actor, reason, kind, subject],
  );
  const { record, validRevoked } = revocationRecord(
    kind,
    subject,
    reason,
    unrevoked.map((row) => ({ serial: row.serial, notAfterMs: row.not_after_ms })),
    audit,
    atMs,
  );
  await appendAuditInTransaction(transaction, record, atMs);
  return validRevoked;
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
