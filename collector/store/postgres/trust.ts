// Trust on PostgreSQL: enrolment tokens (their SHA-256 only) and every certificate the collector issued.
// Who a token may enrol, what is replaced and what is recorded: ../enrolment-policy.ts. Every write here
// appends an audit record, so it takes the chain lock first (audit.ts): two enrolments with one token
// through two collectors run one after the other, and the second finds the token used. Standing is read
// from the table at each call (no cache): a revocation through one collector is refused by every other at once.
import type pg from 'pg';
import {
  type EnrolDecision,
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
import { appendAuditInTransaction, lockAuditChain } from './audit';

type Db = pg.Pool | pg.ClientBase;

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

const toToken = (row: TokenRow): EnrolmentTokenRecord => ({
  sha256: row.sha256,
  deviceId: row.device_id,
  createdAtMs: row.created_at_ms,
  expiresAtMs: row.expires_at_ms,
  createdBy: row.created_by,
  usedAtMs: row.used_at_ms,
  usedByDevice: row.used_by_device,
});

const toCertificate = (row: CertificateRow): CertificateRecord => ({
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
});

async function insertCertificate(client: pg.ClientBase, certificate: NewCertificate): Promise<void> {
  await client.query(
    `INSERT INTO certificates (serial, kind, subject, role, sha256, not_before_ms, not_after_ms, issued_at_ms,
       issued_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
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

/** Call inside a transaction; the tokens are already validated (invalidNewTokens). One statement for all. */
export async function createEnrolmentTokensInTransaction(
  client: pg.ClientBase,
  tokens: readonly NewEnrolmentToken[],
  audit: AuditContext,
  atMs: number,
): Promise<void> {
  await lockAuditChain(client);
  await client.query(
    `INSERT INTO enrolment_tokens (sha256, device_id, created_at_ms, expires_at_ms, created_by)
     SELECT sha256, device_id, $1, expires_at_ms, $2
       FROM unnest($3::text[], $4::text[], $5::bigint[]) AS t (sha256, device_id, expires_at_ms)`,
    [
      atMs,
      audit.actor,
      tokens.map((token) => token.sha256),
      tokens.map((token) => token.deviceId),
      tokens.map((token) => token.expiresAtMs),
    ],
  );
  await appendAuditInTransaction(client, tokensCreatedRecord(tokens, audit), atMs);
}

export async function findEnrolmentToken(db: Db, sha256: string): Promise<EnrolmentTokenRecord | undefined> {
  const found = await db.query<TokenRow>('SELECT * FROM enrolment_tokens WHERE sha256 = $1', [sha256]);
  return found.rows[0] === undefined ? undefined : toToken(found.rows[0]);
}

async function validDeviceSerials(db: Db, deviceId: string, atMs: number): Promise<string[]> {
  const rows = await db.query<{ serial: string }>(
    `SELECT serial FROM certificates
      WHERE kind = 'device' AND subject = $1 AND revoked_at_ms IS NULL AND not_after_ms > $2
      ORDER BY issued_at_ms, serial`,
    [deviceId, atMs],
  );
  return rows.rows.map((row) => row.serial);
}

async function priorTrace(db: Db, deviceId: string): Promise<PriorTraceFacts> {
  const certificate = await db.query<{ revoked_at_ms: number | null }>(
    `SELECT revoked_at_ms FROM certificates WHERE kind = 'device' AND subject = $1
      ORDER BY issued_at_ms DESC, serial DESC LIMIT 1`,
    [deviceId],
  );
  const device = await db.query<{ hello: boolean }>(
    'SELECT last_seen_ms > 0 AS hello FROM devices WHERE device_id = $1',
    [deviceId],
  );
  const newest = certificate.rows[0];
  const record = device.rows[0];
  return {
    newestCertificateRevoked: newest === undefined ? undefined : newest.revoked_at_ms !== null,
    device: record === undefined ? undefined : { everSeen: record.hello },
  };
}

/** Call inside a transaction; the attempt is already validated (invalidEnrolAttempt). */
export async function enrolDeviceInTransaction(
  client: pg.ClientBase,
  attempt: EnrolAttempt,
  audit: EnrolAuditContext,
  atMs: number,
): Promise<EnrolOutcome> {
  const { deviceId } = attempt;
  await lockAuditChain(client);
  const row = (
    await client.query<TokenRow>('SELECT * FROM enrolment_tokens WHERE sha256 = $1 FOR UPDATE', [
      attempt.tokenSha256,
    ])
  ).rows[0];
  const token = row === undefined ? undefined : toToken(row);
  const facts = { token, validSerials: await validDeviceSerials(client, deviceId, atMs) };
  const decision: EnrolDecision = enrolDecision(
    needsPriorTrace(facts, deviceId, atMs)
      ? { ...facts, priorTrace: await priorTrace(client, deviceId) }
      : facts,
    deviceId,
    atMs,
  );
  if (decision.kind === 'enrol') {
    if (decision.replacedSerials.length > 0) {
      await client.query(
        `UPDATE certificates SET revoked_at_ms = $1, revoked_by = $2, revoke_reason = $3
          WHERE serial = ANY ($4::text[]) AND revoked_at_ms IS NULL`,
        [atMs, audit.actor, REPLACED_REASON, decision.replacedSerials],
      );
    }
    const used = await client.query(
      'UPDATE enrolment_tokens SET used_at_ms = $1, used_by_device = $2 WHERE sha256 = $3 AND used_at_ms IS NULL',
      [atMs, deviceId, attempt.tokenSha256],
    );
    if (used.rowCount !== 1)
      throw new Error('enrolment token was consumed while this enrolment held its lock');
    await insertCertificate(client, attempt.certificate);
  }
  await appendAuditInTransaction(client, enrolmentRecord(attempt, token, decision, audit), atMs);
  return enrolOutcome(attempt, decision);
}

/** Call inside a transaction; the certificate is already validated. */
export async function recordCertificateInTransaction(
  client: pg.ClientBase,
  certificate: NewCertificate,
  audit: AuditRecordInput,
  atMs: number,
): Promise<void> {
  await lockAuditChain(client);
  await insertCertificate(client, certificate);
  await appendAuditInTransaction(client, audit, atMs);
}

export async function certificateStanding(db: Db, serial: string): Promise<CertificateStanding> {
  const found = await db.query<CertificateRow>('SELECT * FROM certificates WHERE serial = $1', [
    serial.toLowerCase(),
  ]);
  const row = found.rows[0];
  if (row === undefined) return { status: 'unknown' };
  return { status: row.revoked_at_ms === null ? 'valid' : 'revoked', record: toCertificate(row) };
}

/** Revokes every unrevoked certificate of one device or administrator, with its record; returns how many were valid. */
export async function revokeSubjectInTransaction(
  client: pg.ClientBase,
  kind: CertificateKind,
  subject: string,
  reason: string,
  audit: AuditContext,
  atMs: number,
): Promise<number> {
  await lockAuditChain(client);
  const unrevoked = await client.query<{ serial: string; not_after_ms: number; issued_at_ms: number }>(
    `UPDATE certificates SET revoked_at_ms = $1, revoked_by = $2, revoke_reason = $3
      WHERE kind = $4 AND subject = $5 AND revoked_at_ms IS NULL
      RETURNING serial, not_after_ms, issued_at_ms`,
    [atMs, audit.actor, reason, kind, subject],
  );
  // In issue order, as the listing shows them.
  const ordered = [...unrevoked.rows]
    .sort(
      (a, b) => a.issued_at_ms - b.issued_at_ms || (a.serial < b.serial ? -1 : a.serial > b.serial ? 1 : 0),
    )
    .map((row) => ({ serial: row.serial, notAfterMs: row.not_after_ms }));
  const { record, validRevoked } = revocationRecord(kind, subject, reason, ordered, audit, atMs);
  await appendAuditInTransaction(client, record, atMs);
  return validRevoked;
}

export async function listCertificates(
  db: Db,
  filter: { kind?: CertificateKind; subject?: string },
): Promise<CertificateRecord[]> {
  const where: string[] = [];
  const values: string[] = [];
  if (filter.kind !== undefined) {
    values.push(filter.kind);
    where.push(`kind = $${values.length}`);
  }
  if (filter.subject !== undefined) {
    values.push(filter.subject);
    where.push(`subject = $${values.length}`);
  }
  const rows = await db.query<CertificateRow>(
    `SELECT * FROM certificates ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}
      ORDER BY issued_at_ms, serial`,
    values,
  );
  return rows.rows.map(toCertificate);
}
