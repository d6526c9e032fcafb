// Enrolment tokens and certificates on a real SQLite file: one-time use, expiry, bound and unbound tokens,
// re-enrolment, revocation, and that every refusal leaves an audit record and changes nothing else.
import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type {
  AuditContext,
  CertificateRecord,
  EnrolAttempt,
  EnrolAuditContext,
  NewCertificate,
  Store,
} from '../store';
import { InvalidStoreInputError } from '../store-errors';
import { ledgerEntryFor } from '../store-fixtures';
import { openSqliteStore } from './index';

const ADMIN: AuditContext = { actor: 'admin:ops(system_admin)', source: 'ipv4:127.0.0.1:40000' };
const AGENT: EnrolAuditContext = {
  actor: 'device:dev-a',
  source: 'ipv4:10.0.0.7:50000',
  refusedActor: 'unauthenticated:10.0.0.7',
};
const T0 = Date.UTC(2026, 10, 30, 8, 0, 0);
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const serial = () => randomBytes(16).toString('hex');

function deviceCertificate(deviceId: string, atMs = T0, validityMs = 90 * DAY): NewCertificate {
  return {
    serial: serial(),
    kind: 'device',
    subject: deviceId,
    role: null,
    sha256: sha256(randomBytes(8).toString('hex')),
    notBeforeMs: atMs - 5 * 60_000,
    notAfterMs: atMs + validityMs,
    issuedAtMs: atMs,
    issuedBy: 'enrolment',
  };
}

describe('sqlite trust store', () => {
  let directory: string;
  let store: Store;
  beforeEach(async () => {
    directory = await mkdtemp(join(tmpdir(), 'shoumi-trust-'));
    store = await openSqliteStore(join(directory, 'collector.db'));
  });
  afterEach(async () => {
    await store.close();
    await rm(directory, { recursive: true, force: true });
  });

  async function makeToken(name: string, options: { deviceId?: string; ttlMs?: number } = {}) {
    const hash = sha256(name);
    await store.createEnrolmentTokens(
      [{ sha256: hash, deviceId: options.deviceId ?? null, expiresAtMs: T0 + (options.ttlMs ?? DAY) }],
      ADMIN,
      T0,
    );
    return hash;
  }

  const enrol = (tokenSha256: string, deviceId: string, atMs = T0 + HOUR, certificate?: NewCertificate) => {
    const attempt: EnrolAttempt = {
      tokenSha256,
      deviceId,
      certificate: certificate ?? deviceCertificate(deviceId, atMs),
    };
    return { attempt, outcome: store.enrolDevice(attempt, { ...AGENT, actor: `device:${deviceId}` }, atMs) };
  };

  const auditActions = async () => (await store.listAudit({ limit: 1000 })).map((entry) => entry.action);

  it('stores only the hash, audits the creation without token or hash, and finds the token by hash', async () => {
    const hashes = [sha256('t1'), sha256('t2'), sha256('t3')];
    await store.createEnrolmentTokens(
      hashes.map((hash) => ({ sha256: hash, deviceId: null, expiresAtMs: T0 + DAY })),
      ADMIN,
      T0,
    );
    expect(await store.findEnrolmentToken(hashes[1]!)).toEqual({
      sha256: hashes[1],
      deviceId: null,
      createdAtMs: T0,
      expiresAtMs: T0 + DAY,
      createdBy: ADMIN.actor,
      usedAtMs: null,
      usedByDevice: null,
    });
    expect(await store.findEnrolmentToken(sha256('never made'))).toBeUndefined();
    const audit = await store.listAudit({ limit: 10 });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      action: 'token.created',
      actor: ADMIN.actor,
      source: ADMIN.source,
      detail: { count: 3, deviceId: null, expiresAtMs: T0 + DAY },
    });
    const written = JSON.stringify(audit[0]);
    for (const hash of hashes) expect(written).not.toContain(hash);
  });

  it('refuses malformed tokens and certificates before writing anything', async () => {
    await expect(store.createEnrolmentTokens([], ADMIN, T0)).rejects.toBeInstanceOf(InvalidStoreInputError);
    await expect(
      store.createEnrolmentTokens([{ sha256: 'raw-token', deviceId: null, expiresAtMs: T0 }], ADMIN, T0),
    ).rejects.toThrow(/sha256/);
    const token = await makeToken('t');
    const { outcome } = enrol(token, 'dev-a', T0, deviceCertificate('dev-b'));
    await expect(outcome).rejects.toThrow(/for the enrolling device/);
    const admin = { ...deviceCertificate('ops'), kind: 'admin' as const };
    await expect(
      store.recordCertificate(
        admin,
        { ...ADMIN, action: 'x', target: 'y', detail: {}, outcome: 'allowed' },
        T0,
      ),
    ).rejects.toThrow(/role/);
    expect(await auditActions()).toEqual(['token.created']);
    expect(await store.listCertificates({})).toEqual([]);
  });

  it('a token enrols once: the certificate is valid, the token used, and the audit says so', async () => {
    const token = await makeToken('once');
    const { attempt, outcome } = enrol(token, 'dev-a');
    expect(await outcome).toEqual({ status: 'enrolled', deviceId: 'dev-a', replacedSerials: [] });
    const standing = await store.certificateStanding(attempt.certificate.serial);
    expect(standing).toMatchObject({ status: 'valid', record: { subject: 'dev-a', kind: 'device' } });
    expect(await store.findEnrolmentToken(token)).toMatchObject({
      usedAtMs: T0 + HOUR,
      usedByDevice: 'dev-a',
    });
    const audit = await store.listAudit({ limit: 10 });
    expect(audit.at(-1)).toMatchObject({
      action: 'device.enrolled',
      actor: 'device:dev-a',
      target: 'device:dev-a',
      outcome: 'allowed',
      detail: {
        serial: attempt.certificate.serial,
        sha256: attempt.certificate.sha256,
        notAfter: new Date(attempt.certificate.notAfterMs).toISOString(),
        replacedSerials: [],
        tokenCreatedBy: ADMIN.actor,
      },
    });
    expect(JSON.stringify(audit)).not.toContain(token);

    // Second use, even for another device: refused, audited, nothing else changes.
    const again = enrol(token, 'dev-b');
    expect(await again.outcome).toMatchObject({ status: 'token-used' });
    expect(await store.certificateStanding(again.attempt.certificate.serial)).toEqual({ status: 'unknown' });
    expect(await store.listCertificates({})).toHaveLength(1);
    expect(await store.findEnrolmentToken(token)).toMatchObject({ usedByDevice: 'dev-a' });
    expect((await store.listAudit({ limit: 10 })).at(-1)).toMatchObject({
      action: 'device.enrol_refused',
      outcome: 'refused',
      target: 'device:dev-b',
      detail: { reason: 'token-used' },
    });
  });

  it('refuses an unknown and an expired token (expiry is exclusive), each with an audit record', async () => {
    const unknown = enrol(sha256('made up'), 'dev-a');
    expect(await unknown.outcome).toEqual({ status: 'token-unknown', message: 'enrolment token unknown' });

    const token = await makeToken('short', { ttlMs: HOUR });
    const late = enrol(token, 'dev-a', T0 + HOUR);
    expect(await late.outcome).toMatchObject({
      status: 'token-expired',
      message: `enrolment token expired at ${new Date(T0 + HOUR).toISOString()}`,
    });
    expect(await store.findEnrolmentToken(token)).toMatchObject({ usedAtMs: null });
    expect(await store.listCertificates({})).toEqual([]);
    const refusals = (await store.listAudit({ limit: 10 })).filter(
      (e) => e.action === 'device.enrol_refused',
    );
    expect(refusals.map((entry) => entry.detail.reason)).toEqual(['token-unknown', 'token-expired']);

    // One millisecond earlier the same token still works.
    expect(await enrol(token, 'dev-a', T0 + HOUR - 1).outcome).toMatchObject({ status: 'enrolled' });
  });

  it('an unbound token cannot enrol a device that already has a valid certificate', async () => {
    const first = enrol(await makeToken('first'), 'dev-a');
    await first.outcome;
    const second = await makeToken('second');
    const attempt = enrol(second, 'dev-a');
    const refused = await attempt.outcome;
    expect(refused).toMatchObject({ status: 'already-enrolled' });
    expect(refused.status !== 'enrolled' && refused.message).toMatch(/shoumictl token create --device dev-a/);
    // The token is not spent: the admin can still use it for another workstation.
    expect(await store.findEnrolmentToken(second)).toMatchObject({ usedAtMs: null });
    expect(await store.certificateStanding(first.attempt.certificate.serial)).toMatchObject({
      status: 'valid',
    });
    expect(await enrol(second, 'dev-b').outcome).toMatchObject({ status: 'enrolled' });
  });

  // Before issue 13 an unbound token enrolled each of these: "no valid certificate" counted as "new".
  it('an unbound token cannot enrol a device whose certificates expired or were revoked; a bound one can', async () => {
    await enrol(await makeToken('a'), 'dev-a', T0, deviceCertificate('dev-a', T0, HOUR)).outcome;
    const afterExpiry = await enrol(await makeToken('b'), 'dev-a', T0 + 2 * HOUR).outcome;
    expect(afterExpiry).toMatchObject({ status: 'bound-token-required' });
    expect(afterExpiry.status !== 'enrolled' && afterExpiry.message).toMatch(
      /certificate that has expired.*shoumictl token create --device dev-a/,
    );
    expect(await enrol(await makeToken('c', { deviceId: 'dev-a' }), 'dev-a', T0 + 2 * HOUR).outcome).toEqual({
      status: 'enrolled',
      deviceId: 'dev-a',
      replacedSerials: [],
    });

    await store.revokeDevice('dev-a', 'stolen', ADMIN, T0 + 3 * HOUR);
    const unbound = await makeToken('d');
    const afterRevocation = await enrol(unbound, 'dev-a', T0 + 4 * HOUR).outcome;
    expect(afterRevocation).toMatchObject({ status: 'bound-token-required' });
    expect(afterRevocation.status !== 'enrolled' && afterRevocation.message).toMatch(/revoked or replaced/);
    // Refused before anything changed: the token is not spent, and no certificate was recorded.
    expect(await store.findEnrolmentToken(unbound)).toMatchObject({ usedAtMs: null });
    expect(await store.listCertificates({ subject: 'dev-a' })).toHaveLength(2);
    const refusal = (await store.listAudit({ limit: 50 })).at(-1);
    expect(refusal).toMatchObject({
      action: 'device.enrol_refused',
      actor: 'unauthenticated:10.0.0.7',
      target: 'device:dev-a',
      outcome: 'refused',
      detail: {
        reason: 'bound-token-required',
        claimedDeviceId: 'dev-a',
        tokenSha256Prefix: sha256('d').slice(0, 8),
        tokenBound: false,
      },
    });
    expect(JSON.stringify(refusal)).not.toContain(sha256('d'));

    expect(
      await enrol(await makeToken('e', { deviceId: 'dev-a' }), 'dev-a', T0 + 5 * HOUR).outcome,
    ).toMatchObject({ status: 'enrolled' });
  });

  it('an unbound token cannot claim a device the office entered in the ledger before it enrolled', async () => {
    await store.updateLedger('dev-desk', { assetNumber: 'ZC-0042' }, ADMIN);
    await store.importLedger([ledgerEntryFor('dev-imported')], {}, ADMIN, { dryRun: false });
    for (const deviceId of ['dev-desk', 'dev-imported']) {
      const unbound = await makeToken(`unbound-${deviceId}`);
      const refused = await enrol(unbound, deviceId).outcome;
      expect(refused).toMatchObject({ status: 'bound-token-required' });
      expect(refused.status !== 'enrolled' && refused.message).toMatch(/entry in the ledger/);
      expect(await store.listCertificates({ subject: deviceId })).toEqual([]);
      expect(await enrol(await makeToken(`bound-${deviceId}`, { deviceId }), deviceId).outcome).toMatchObject(
        { status: 'enrolled', deviceId },
      );
    }
    // A device id never seen in any form still enrols with an unbound token.
    expect(await enrol(await makeToken('fresh'), 'dev-new').outcome).toMatchObject({ status: 'enrolled' });
  });

  it('a token bound to the device re-enrols it, revoking the old certificates as replaced', async () => {
    const old = enrol(await makeToken('old'), 'dev-a');
    await old.outcome;
    const bound = await makeToken('bound', { deviceId: 'dev-a' });
    expect((await store.listAudit({ limit: 10 })).at(-1)).toMatchObject({
      action: 'token.created',
      target: 'device:dev-a',
      detail: { count: 1, deviceId: 'dev-a' },
    });
    // Bound to dev-a, presented for dev-b: refused whatever dev-b's state.
    expect(await enrol(bound, 'dev-b').outcome).toMatchObject({ status: 'token-for-other-device' });

    const fresh = enrol(bound, 'dev-a', T0 + 2 * HOUR);
    expect(await fresh.outcome).toEqual({
      status: 'enrolled',
      deviceId: 'dev-a',
      replacedSerials: [old.attempt.certificate.serial],
    });
    expect(await store.certificateStanding(old.attempt.certificate.serial)).toMatchObject({
      status: 'revoked',
      record: {
        revokedAtMs: T0 + 2 * HOUR,
        revokeReason: 'replaced by re-enrolment',
        revokedBy: 'device:dev-a',
      },
    });
    expect(await store.certificateStanding(fresh.attempt.certificate.serial)).toMatchObject({
      status: 'valid',
    });
    expect((await store.listAudit({ limit: 20 })).at(-1)?.detail).toMatchObject({
      replacedSerials: [old.attempt.certificate.serial],
      tokenBound: true,
    });
  });

  it('two enrolments with the same token at once: exactly one is enrolled', async () => {
    const token = await makeToken('raced');
    const attempts = [enrol(token, 'dev-a'), enrol(token, 'dev-b'), enrol(token, 'dev-c')];
    const outcomes = await Promise.all(attempts.map((attempt) => attempt.outcome));
    expect(outcomes.filter((outcome) => outcome.status === 'enrolled')).toHaveLength(1);
    expect(outcomes.filter((outcome) => outcome.status === 'token-used')).toHaveLength(2);
    expect(await store.listCertificates({ kind: 'device' })).toHaveLength(1);
  });

  it('the same token raced from two store connections on one file: exactly one is enrolled', async () => {
    // A second process (shoumi-collector token create, or a second collector) opens the same file.
    const other = await openSqliteStore(join(directory, 'collector.db'));
    try {
      const token = await makeToken('two-writers');
      const attempt = (s: Store, deviceId: string) =>
        s.enrolDevice({ tokenSha256: token, deviceId, certificate: deviceCertificate(deviceId) }, AGENT, T0);
      const outcomes = await Promise.all([attempt(store, 'dev-a'), attempt(other, 'dev-b')]);
      expect(outcomes.map((outcome) => outcome.status).sort()).toEqual(['enrolled', 'token-used']);
    } finally {
      await other.close();
    }
  });

  it('revokes every valid certificate of a device with one audit record; unknown serials are unknown', async () => {
    const first = enrol(await makeToken('1'), 'dev-a');
    await first.outcome;
    const renewed = deviceCertificate('dev-a', T0 + DAY);
    await store.recordCertificate(
      renewed,
      {
        actor: 'device:dev-a',
        source: AGENT.source,
        action: 'certificate.renewed',
        target: 'device:dev-a',
        detail: { oldSerial: first.attempt.certificate.serial, newSerial: renewed.serial },
        outcome: 'allowed',
      },
      T0 + DAY,
    );
    const other = enrol(await makeToken('2'), 'dev-b');
    await other.outcome;

    expect(await store.revokeDevice('dev-a', 'workstation stolen', ADMIN, T0 + 2 * DAY)).toBe(2);
    for (const revoked of [first.attempt.certificate.serial, renewed.serial]) {
      expect(await store.certificateStanding(revoked)).toMatchObject({
        status: 'revoked',
        record: { revokeReason: 'workstation stolen', revokedBy: ADMIN.actor, revokedAtMs: T0 + 2 * DAY },
      });
    }
    expect(await store.certificateStanding(other.attempt.certificate.serial)).toMatchObject({
      status: 'valid',
    });
    const audit = await store.listAudit({ limit: 20 });
    expect(audit.at(-1)).toMatchObject({
      action: 'device.revoked',
      actor: ADMIN.actor,
      target: 'device:dev-a',
      detail: { reason: 'workstation stolen', serials: [first.attempt.certificate.serial, renewed.serial] },
    });
    expect(audit.map((entry) => entry.action)).toContain('certificate.renewed');
    // Again: nothing left to revoke, still recorded.
    expect(await store.revokeDevice('dev-a', 'again', ADMIN, T0 + 3 * DAY)).toBe(0);
    expect((await store.listAudit({ limit: 30 })).at(-1)).toMatchObject({
      action: 'device.revoked',
      detail: { serials: [] },
    });
    expect(await store.certificateStanding('abcdef')).toEqual({ status: 'unknown' });
  });

  it('lists certificates by kind and subject, oldest first', async () => {
    await enrol(await makeToken('1'), 'dev-a', T0).outcome;
    await enrol(await makeToken('2'), 'dev-b', T0 + 1).outcome;
    const admin: NewCertificate = { ...deviceCertificate('ops', T0 + 2), kind: 'admin', role: 'auditor' };
    await store.recordCertificate(
      admin,
      { ...ADMIN, action: 'admin.added', target: 'admin:ops', detail: {}, outcome: 'allowed' },
      T0 + 2,
    );
    const subjects = (records: CertificateRecord[]) => records.map((record) => record.subject);
    expect(subjects(await store.listCertificates({}))).toEqual(['dev-a', 'dev-b', 'ops']);
    expect(subjects(await store.listCertificates({ kind: 'device' }))).toEqual(['dev-a', 'dev-b']);
    expect(await store.listCertificates({ kind: 'admin' })).toMatchObject([
      { role: 'auditor', revokedAtMs: null },
    ]);
    expect(subjects(await store.listCertificates({ subject: 'dev-b' }))).toEqual(['dev-b']);
    expect(await store.listCertificates({ kind: 'admin', subject: 'dev-a' })).toEqual([]);
  });
});
