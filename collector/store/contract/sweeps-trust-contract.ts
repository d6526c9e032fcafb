// The contract of the sweeps, seals and trust role for every backend, beyond what store-contract.ts and
// sweep-store-contract.ts already hold: enrolment tokens and their policy, certificates and their
// standing, revocations, seals; and two store instances on one database (two collectors) writing at once —
// a sweep made on one reaches the other's agents, one device claimed through both is sent each sweep once,
// answers racing expiry leave exact counters, one single-use token enrols once, a revocation is seen by
// the other at once. Expected values are written out by hand.
import { afterEach, describe, expect, it } from 'vitest';
import { trailSourceOfStore } from '../../audit/verify-data-dir';
import { verifyTrail } from '../../audit/verify-trail';
import { countTargets } from '../../sweeps/sweep-coverage';
import type {
  AuditContext,
  EnrolAttempt,
  EnrolAuditContext,
  NewCertificate,
  Store,
  SweepAnswer,
} from '../store';
import type { StoreBackend } from '../store-backends';
import { InvalidStoreInputError } from '../store-errors';
import { helloFor } from '../store-fixtures';

const ADMIN: AuditContext = { actor: 'admin:li(system_admin)', source: '10.0.0.5' };
const ENROL: EnrolAuditContext = {
  actor: 'dev-new',
  source: '10.0.0.9',
  refusedActor: 'unauthenticated:10.0.0.9',
};
const DAY = 86_400_000;
const T0 = Date.UTC(2026, 11, 1); // 2026-12-01T00:00:00Z

/** A token's SHA-256 as hex: 64 digits made of one repeated hex digit, easy to tell apart in a failure. */
const hash = (digit: string) => digit.repeat(64);

function deviceCertificate(deviceId: string, serial: string, issuedAtMs: number, days = 365): NewCertificate {
  return {
    serial,
    kind: 'device',
    subject: deviceId,
    role: null,
    sha256: serial.padEnd(64, '0').slice(0, 64),
    notBeforeMs: issuedAtMs,
    notAfterMs: issuedAtMs + days * DAY,
    issuedAtMs,
    issuedBy: 'collector',
  };
}

function attempt(tokenDigit: string, deviceId: string, serial: string, atMs: number): EnrolAttempt {
  return { tokenSha256: hash(tokenDigit), deviceId, certificate: deviceCertificate(deviceId, serial, atMs) };
}

const answer = (sweepId: string, deviceId: string, atMs: number, error = ''): SweepAnswer => ({
  sweepId,
  deviceId,
  atMs,
  failedRules: 1,
  errorRules: 0,
  error,
});

export function describeSweepsTrustContract(backend: StoreBackend): void {
  // A fresh database per test (PostgreSQL: CREATE DATABASE) can take seconds on a busy machine: a hang guard,
  // not a budget.
  describe(`sweeps, seals and trust contract: ${backend.name}`, { timeout: 60_000 }, () => {
    const cleanups: Array<() => Promise<void>> = [];
    afterEach(async () => {
      for (const cleanup of cleanups.splice(0)) await cleanup();
    });
    const open = async (): Promise<Store> => {
      const opened = await backend.open();
      cleanups.push(async () => {
        await opened.store.close().catch(() => undefined);
        await opened.cleanup();
      });
      return opened.store;
    };
    const openPair = async (): Promise<[Store, Store]> => {
      const pair = await backend.openPair();
      cleanups.push(() => pair.cleanup());
      return pair.stores;
    };
    const lastAudit = async (store: Store) => (await store.listAudit({ limit: 1000 })).at(-1);

    it('stores tokens by hash with one token.created record, finds them, and refuses bad ones whole', async () => {
      const store = await open();
      await store.createEnrolmentTokens(
        [
          { sha256: hash('a'), deviceId: null, expiresAtMs: T0 + DAY },
          { sha256: hash('b'), deviceId: null, expiresAtMs: T0 + 2 * DAY },
        ],
        ADMIN,
        T0,
      );
      expect(await store.findEnrolmentToken(hash('a'))).toEqual({
        sha256: hash('a'),
        deviceId: null,
        createdAtMs: T0,
        expiresAtMs: T0 + DAY,
        createdBy: 'admin:li(system_admin)',
        usedAtMs: null,
        usedByDevice: null,
      });
      expect(await store.findEnrolmentToken(hash('c'))).toBeUndefined();
      expect(await lastAudit(store)).toMatchObject({
        actor: 'admin:li(system_admin)',
        source: '10.0.0.5',
        action: 'token.created',
        target: 'enrolment-tokens',
        detail: { count: 2, deviceId: null, expiresAtMs: T0 + 2 * DAY },
        outcome: 'allowed',
      });
      await store.createEnrolmentTokens(
        [{ sha256: hash('d'), deviceId: 'dev-9', expiresAtMs: T0 + DAY }],
        ADMIN,
        T0,
      );
      expect(await lastAudit(store)).toMatchObject({
        target: 'device:dev-9',
        detail: { count: 1, deviceId: 'dev-9' },
      });
      const records = (await store.listAudit({ limit: 1000 })).length;
      await expect(store.createEnrolmentTokens([], ADMIN, T0)).rejects.toBeInstanceOf(InvalidStoreInputError);
      await expect(
        store.createEnrolmentTokens(
          [
            { sha256: hash('e'), deviceId: null, expiresAtMs: T0 + DAY },
            { sha256: 'NOT-HEX', deviceId: null, expiresAtMs: T0 + DAY },
          ],
          ADMIN,
          T0,
        ),
      ).rejects.toThrow(/enrolment token sha256: expected 64 lowercase hex digits/);
      expect(await store.findEnrolmentToken(hash('e'))).toBeUndefined();
      expect(await store.listAudit({ limit: 1000 })).toHaveLength(records);
    });

    it('enrols a new device with an unbound token once; refuses used, unknown, expired and known-device attempts, each audited', async () => {
      const store = await open();
      await store.createEnrolmentTokens(
        [
          { sha256: hash('1'), deviceId: null, expiresAtMs: T0 + DAY },
          { sha256: hash('2'), deviceId: null, expiresAtMs: T0 + DAY },
          { sha256: hash('3'), deviceId: null, expiresAtMs: T0 + 1000 },
          { sha256: hash('4'), deviceId: null, expiresAtMs: T0 + DAY },
        ],
        ADMIN,
        T0,
      );
      await store.recordHello(helloFor('dev-seen'), T0);
      const at = T0 + 5000;
      expect(await store.enrolDevice(attempt('1', 'dev-new', 'a1', at), ENROL, at)).toEqual({
        status: 'enrolled',
        deviceId: 'dev-new',
        replacedSerials: [],
      });
      expect(await store.findEnrolmentToken(hash('1'))).toMatchObject({
        usedAtMs: at,
        usedByDevice: 'dev-new',
      });
      const refusals = [
        [attempt('1', 'dev-other', 'a2', at), 'token-used'],
        [attempt('9', 'dev-other', 'a3', at), 'token-unknown'],
        [attempt('3', 'dev-other', 'a4', at), 'token-expired'],
        [attempt('2', 'dev-new', 'a5', at), 'already-enrolled'],
        [attempt('4', 'dev-seen', 'a6', at), 'bound-token-required'],
      ] as const;
      for (const [tried, status] of refusals) {
        expect(await store.enrolDevice(tried, ENROL, at)).toMatchObject({ status });
      }
      expect(
        (await store.enrolDevice(attempt('4', 'dev-seen', 'a7', at), ENROL, at)) as { message: string },
      ).toMatchObject({
        message: expect.stringContaining('it is a known device'),
      });
      // Refused: no certificate recorded, the tokens still unused.
      expect((await store.listCertificates({ kind: 'device' })).map((record) => record.serial)).toEqual([
        'a1',
      ]);
      expect(await store.findEnrolmentToken(hash('2'))).toMatchObject({ usedAtMs: null });
      const trail = (await store.listAudit({ limit: 1000 })).filter((entry) =>
        entry.action.startsWith('device.enrol'),
      );
      expect(
        trail.map((entry) => [entry.action, entry.actor, entry.target, entry.detail.reason ?? null]),
      ).toEqual([
        ['device.enrolled', 'dev-new', 'device:dev-new', null],
        ['device.enrol_refused', 'unauthenticated:10.0.0.9', 'device:dev-other', 'token-used'],
        ['device.enrol_refused', 'unauthenticated:10.0.0.9', 'device:dev-other', 'token-unknown'],
        ['device.enrol_refused', 'unauthenticated:10.0.0.9', 'device:dev-other', 'token-expired'],
        ['device.enrol_refused', 'unauthenticated:10.0.0.9', 'device:dev-new', 'already-enrolled'],
        ['device.enrol_refused', 'unauthenticated:10.0.0.9', 'device:dev-seen', 'bound-token-required'],
        ['device.enrol_refused', 'unauthenticated:10.0.0.9', 'device:dev-seen', 'bound-token-required'],
      ]);
      expect(trail[0]!.detail).toEqual({
        serial: 'a1',
        sha256: 'a1'.padEnd(64, '0'),
        notAfter: new Date(at + 365 * DAY).toISOString(),
        replacedSerials: [],
        tokenCreatedBy: 'admin:li(system_admin)',
        tokenCreatedAtMs: T0,
        tokenBound: false,
      });
      expect(trail[1]!.detail).toMatchObject({ claimedDeviceId: 'dev-other', tokenSha256Prefix: '11111111' });
      // The token (its whole hash) is nowhere in the trail.
      expect(JSON.stringify(await store.listAudit({ limit: 1000 }))).not.toContain(hash('1'));
    });

    it('re-enrols with a bound token, replacing the valid certificates; a token bound elsewhere is refused', async () => {
      const store = await open();
      await store.createEnrolmentTokens(
        [{ sha256: hash('1'), deviceId: null, expiresAtMs: T0 + DAY }],
        ADMIN,
        T0,
      );
      await store.enrolDevice(attempt('1', 'dev-a', 'c1', T0 + 1), ENROL, T0 + 1);
      await store.createEnrolmentTokens(
        [
          { sha256: hash('2'), deviceId: 'dev-a', expiresAtMs: T0 + DAY },
          { sha256: hash('3'), deviceId: 'dev-b', expiresAtMs: T0 + DAY },
        ],
        ADMIN,
        T0 + 2,
      );
      expect(await store.enrolDevice(attempt('3', 'dev-a', 'c2', T0 + 3), ENROL, T0 + 3)).toMatchObject({
        status: 'token-for-other-device',
      });
      expect(await store.enrolDevice(attempt('2', 'dev-a', 'c3', T0 + 4), ENROL, T0 + 4)).toEqual({
        status: 'enrolled',
        deviceId: 'dev-a',
        replacedSerials: ['c1'],
      });
      expect(await store.certificateStanding('c1')).toMatchObject({
        status: 'revoked',
        record: { revokedAtMs: T0 + 4, revokedBy: 'dev-new', revokeReason: 'replaced by re-enrolment' },
      });
      expect(await store.certificateStanding('c3')).toMatchObject({
        status: 'valid',
        record: { subject: 'dev-a' },
      });
      expect((await lastAudit(store))?.detail).toMatchObject({ replacedSerials: ['c1'], tokenBound: true });
      // The input is checked before anything: a certificate for another device than the attempt's.
      await expect(
        store.enrolDevice({ ...attempt('2', 'dev-a', 'c4', T0), deviceId: 'dev-z' }, ENROL, T0 + 5),
      ).rejects.toBeInstanceOf(InvalidStoreInputError);
    });

    it('records certificates, tells their standing, lists them, and revokes devices and admins with one record each', async () => {
      const store = await open();
      const admin: NewCertificate = {
        serial: '0abc',
        kind: 'admin',
        subject: 'wang',
        role: 'auditor',
        sha256: 'f'.repeat(64),
        notBeforeMs: T0,
        notAfterMs: T0 + 30 * DAY,
        issuedAtMs: T0,
        issuedBy: 'admin:li(system_admin)',
      };
      const added = {
        ...ADMIN,
        action: 'admin.added',
        target: 'admin:wang',
        detail: { role: 'auditor' },
        outcome: 'allowed' as const,
      };
      await store.recordCertificate(admin, added, T0);
      expect(await lastAudit(store)).toMatchObject({ action: 'admin.added', target: 'admin:wang' });
      expect(await store.certificateStanding('0ABC')).toEqual({
        status: 'valid',
        record: { ...admin, revokedAtMs: null, revokedBy: null, revokeReason: null },
      });
      expect(await store.certificateStanding('ffff')).toEqual({ status: 'unknown' });
      await expect(store.recordCertificate({ ...admin, serial: 'XYZ' }, added, T0)).rejects.toThrow(
        /certificate serial "XYZ": expected lowercase hex/,
      );
      await expect(store.recordCertificate({ ...admin, role: null }, added, T0)).rejects.toBeInstanceOf(
        InvalidStoreInputError,
      );
      // Device dev-a: an expired certificate (10 days) and a valid one; dev-b: one valid.
      const record = (serial: string) => ({
        ...ADMIN,
        action: 'device.renewed',
        target: serial,
        detail: {},
        outcome: 'allowed' as const,
      });
      await store.recordCertificate(deviceCertificate('dev-a', '01', T0 - 20 * DAY, 10), record('01'), T0);
      await store.recordCertificate(deviceCertificate('dev-a', '02', T0 + 1), record('02'), T0 + 1);
      await store.recordCertificate(deviceCertificate('dev-b', '03', T0 + 2), record('03'), T0 + 2);
      expect((await store.listCertificates({})).map((one) => one.serial)).toEqual(['01', '0abc', '02', '03']);
      expect(
        (await store.listCertificates({ kind: 'device', subject: 'dev-a' })).map((one) => one.serial),
      ).toEqual(['01', '02']);
      expect(await store.listCertificates({ kind: 'admin', subject: 'dev-a' })).toEqual([]);

      expect(await store.revokeDevice('dev-a', 'stolen', ADMIN, T0 + 100)).toBe(1);
      expect(await lastAudit(store)).toMatchObject({
        action: 'device.revoked',
        target: 'device:dev-a',
        detail: { reason: 'stolen', serials: ['01', '02'], validRevoked: 1 },
      });
      expect(await store.certificateStanding('02')).toMatchObject({
        status: 'revoked',
        record: { revokedAtMs: T0 + 100, revokedBy: 'admin:li(system_admin)', revokeReason: 'stolen' },
      });
      expect(await store.certificateStanding('03')).toMatchObject({ status: 'valid' });
      // Nothing left to revoke: 0, and the decision is still recorded.
      expect(await store.revokeDevice('dev-a', 'again', ADMIN, T0 + 200)).toBe(0);
      expect(await lastAudit(store)).toMatchObject({
        action: 'device.revoked',
        detail: { serials: [], validRevoked: 0 },
      });
      expect(await store.revokeAdmin('wang', 'left the unit', ADMIN, T0 + 300)).toBe(1);
      expect(await lastAudit(store)).toMatchObject({
        action: 'admin.revoked',
        target: 'admin:wang',
        detail: { reason: 'left the unit', serials: ['0abc'], validRevoked: 1 },
      });
      expect(await store.certificateStanding('0abc')).toMatchObject({ status: 'revoked' });
    });

    it('keeps seals in the order stored, pages them, and knows the newest position of each kind', async () => {
      const store = await open();
      expect(await store.newestSealPosition('auditor')).toBe(0);
      expect(await store.readSeals({ afterId: 0, limit: 10 })).toEqual([]);
      const seal = (n: number) => ({
        statement: `statement-${n}`,
        signature: `sig-${n}`,
        certificate: `cert-${n}`,
      });
      await store.appendSeal(seal(1), { signerKind: 'collector', position: 10 }, undefined, T0 + 1);
      const sealed = await store.appendSeal(
        seal(2),
        { signerKind: 'auditor', position: 7 },
        {
          actor: 'admin:wang(auditor)',
          source: 'local',
          action: 'audit.sealed',
          target: 'audit:7',
          detail: { position: 7 },
          outcome: 'allowed',
        },
        T0 + 2,
      );
      expect(sealed).toMatchObject({ position: 1, action: 'audit.sealed', target: 'audit:7' });
      await store.appendSeal(seal(3), { signerKind: 'collector', position: 25 }, undefined, T0 + 3);
      expect(await store.listAudit({ limit: 10 })).toHaveLength(1);
      expect(await store.readSeals({ afterId: 0, limit: 10 })).toEqual([
        { id: 1, signerKind: 'collector', position: 10, ...seal(1), storedAtMs: T0 + 1 },
        { id: 2, signerKind: 'auditor', position: 7, ...seal(2), storedAtMs: T0 + 2 },
        { id: 3, signerKind: 'collector', position: 25, ...seal(3), storedAtMs: T0 + 3 },
      ]);
      expect((await store.readSeals({ afterId: 1, limit: 1 })).map((one) => one.id)).toEqual([2]);
      expect((await store.readNewestSeals(2)).map((one) => one.id)).toEqual([3, 2]);
      expect(await store.newestSealPosition('collector')).toBe(25);
      expect(await store.newestSealPosition('auditor')).toBe(7);
    });

    describe('two collectors on one database', () => {
      it('a sweep created through one is claimed by a device whose hello comes through the other', async () => {
        const [one, two] = await openPair();
        await one.recordHello(helloFor('dev-a'), 1000);
        const claim = (store: Store, atMs: number) =>
          store.claimSweepsForDevice('dev-a', { atMs, resendSentBeforeMs: atMs, expireBeforeMs: 0 });
        expect(await claim(two, 2000)).toEqual([]);
        await one.createSweep({ sweepId: 'sw-1', scheduleId: '', ruleIds: ['r1'] }, ADMIN, 3000);
        expect(await claim(two, 4000)).toEqual([{ sweepId: 'sw-1', ruleIds: ['r1'] }]);
        await two.recordSweepAnswers([answer('sw-1', 'dev-a', 5000)]);
        expect(await claim(one, 6000)).toEqual([]);
        await two.createSweep({ sweepId: 'sw-2', scheduleId: '', ruleIds: [] }, ADMIN, 7000);
        expect(await claim(one, 8000)).toEqual([{ sweepId: 'sw-2', ruleIds: [] }]);
      });

      it('one device claimed through both at once is sent each sweep once', async () => {
        const [one, two] = await openPair();
        for (const deviceId of ['dev-a', 'dev-b']) await one.recordHello(helloFor(deviceId), 1000);
        for (const n of [1, 2, 3])
          await one.createSweep({ sweepId: `sw-${n}`, scheduleId: '', ruleIds: [] }, ADMIN, 2000 + n);
        for (let round = 0; round < 5; round++) {
          const atMs = 10_000 + round;
          // Each round's claims share one instant: a target sent at it is not "sent before" it.
          const claims = await Promise.all(
            [one, two].map((store) =>
              store.claimSweepsForDevice('dev-a', { atMs, resendSentBeforeMs: atMs, expireBeforeMs: 0 }),
            ),
          );
          const sent = claims
            .flat()
            .map((dispatch) => dispatch.sweepId)
            .sort();
          // Round 0 sends the three pending sweeps once between the two; later rounds resend the three
          // (sent at an earlier instant: that stream is gone), again once each.
          expect(sent).toEqual(['sw-1', 'sw-2', 'sw-3']);
        }
        for (const n of [1, 2, 3]) {
          const found = (await two.getSweep(`sw-${n}`))!;
          expect(found.sweep.counts).toEqual({ targets: 2, pending: 1, sent: 1, answered: 0, failed: 0 });
          expect(found.targets.find((target) => target.deviceId === 'dev-a')?.sentAtMs).toBe(10_004);
        }
      });

      it('answers through one racing expiry through the other leave the counters equal to the targets', async () => {
        const [one, two] = await openPair();
        const devices = Array.from({ length: 40 }, (_, index) => `dev-${String(index).padStart(2, '0')}`);
        for (const deviceId of devices) await one.recordHello(helloFor(deviceId), 1000);
        await one.createSweep({ sweepId: 'sw-old', scheduleId: '', ruleIds: [] }, ADMIN, 2000);
        await two.createSweep({ sweepId: 'sw-new', scheduleId: '', ruleIds: [] }, ADMIN, 90_000);
        await one.markSweepSent('sw-old', devices.slice(0, 20), 3000);
        // The first 20 devices answer both sweeps (every third with an error), in four batches over both.
        const answers = devices
          .slice(0, 20)
          .flatMap((deviceId, index) => [
            answer('sw-old', deviceId, 100_000 + index, index % 3 === 0 ? 'probe crashed' : ''),
            answer('sw-new', deviceId, 100_000 + index),
          ]);
        await Promise.all([
          ...Array.from({ length: 4 }, (_, batch) =>
            (batch % 2 === 0 ? one : two).recordSweepAnswers(answers.slice(batch * 10, batch * 10 + 10)),
          ),
          two.expireSweeps(50_000, 100_500),
          one.expireSweeps(50_000, 100_600),
          ...devices.slice(30).map((deviceId, index) =>
            (index % 2 === 0 ? two : one).claimSweepsForDevice(deviceId, {
              atMs: 100_700,
              resendSentBeforeMs: 100_700,
              expireBeforeMs: 50_000,
            }),
          ),
        ]);
        for (const sweepId of ['sw-old', 'sw-new']) {
          for (const store of [one, two]) {
            const found = (await store.getSweep(sweepId))!;
            expect(found.sweep.counts).toEqual(countTargets(found.targets));
          }
        }
        // sw-old: an answer stands whether it came before or after the expiry (it replaces "expired");
        // 13 of the 20 answers carry no error; the other 20 devices expired (fleet-wide or on their claim).
        const old = (await one.getSweep('sw-old'))!;
        expect(old.sweep.counts).toEqual({ targets: 40, pending: 0, sent: 0, answered: 13, failed: 27 });
        expect(old.sweep.completedAtMs).toBeGreaterThan(0);
        // sw-new is too young to expire: 20 answered, 10 claimed (sent), 10 never connected (pending).
        const fresh = (await two.getSweep('sw-new'))!;
        expect(fresh.sweep.counts).toEqual({ targets: 40, pending: 10, sent: 10, answered: 20, failed: 0 });
      });

      it('two enrolments with one single-use token through both: one enrols, the other is refused as used; both audited', async () => {
        const [one, two] = await openPair();
        await one.createEnrolmentTokens(
          [{ sha256: hash('7'), deviceId: null, expiresAtMs: T0 + DAY }],
          ADMIN,
          T0,
        );
        const outcomes = await Promise.all([
          one.enrolDevice(attempt('7', 'dev-x', 'e1', T0 + 10), ENROL, T0 + 10),
          two.enrolDevice(attempt('7', 'dev-y', 'e2', T0 + 11), ENROL, T0 + 11),
        ]);
        expect(outcomes.map((outcome) => outcome.status).sort()).toEqual(['enrolled', 'token-used']);
        const winner = outcomes.find((outcome) => outcome.status === 'enrolled') as { deviceId: string };
        expect((await two.listCertificates({ kind: 'device' })).map((record) => record.subject)).toEqual([
          winner.deviceId,
        ]);
        expect(await one.findEnrolmentToken(hash('7'))).toMatchObject({ usedByDevice: winner.deviceId });
        const trail = (await two.listAudit({ limit: 100 })).map((entry) => [entry.action, entry.outcome]);
        expect(trail).toEqual([
          ['token.created', 'allowed'],
          ['device.enrolled', 'allowed'],
          ['device.enrol_refused', 'refused'],
        ]);
        // The trail both wrote is one chain, verified through the Store interface (no seals: no CA needed).
        expect(await verifyTrail(trailSourceOfStore(one), { caPem: '' })).toMatchObject({
          ok: true,
          recordsChecked: 3,
          headPosition: 3,
        });
      });

      it('a revocation through one is refused by the other at once; seals from both keep one order', async () => {
        const [one, two] = await openPair();
        const record = {
          ...ADMIN,
          action: 'device.renewed',
          target: 'dev-a',
          detail: {},
          outcome: 'allowed' as const,
        };
        await one.recordCertificate(deviceCertificate('dev-a', 'aa01', T0), record, T0);
        expect(await two.certificateStanding('aa01')).toMatchObject({ status: 'valid' });
        expect(await one.revokeDevice('dev-a', 'lost', ADMIN, T0 + 1)).toBe(1);
        expect(await two.certificateStanding('aa01')).toMatchObject({
          status: 'revoked',
          record: { revokeReason: 'lost' },
        });

        const seal = (n: number) => ({ statement: `s-${n}`, signature: `g-${n}`, certificate: `c-${n}` });
        await Promise.all(
          Array.from({ length: 12 }, (_, n) =>
            (n % 2 === 0 ? one : two).appendSeal(
              seal(n),
              { signerKind: 'collector', position: n + 1 },
              undefined,
              T0 + n,
            ),
          ),
        );
        const seals = await two.readSeals({ afterId: 0, limit: 100 });
        expect(seals.map((stored) => stored.id)).toEqual(Array.from({ length: 12 }, (_, n) => n + 1));
        expect(seals.map((stored) => stored.statement).sort()).toEqual(
          Array.from({ length: 12 }, (_, n) => `s-${n}`).sort(),
        );
        expect(await one.newestSealPosition('collector')).toBe(12);
      });
    });
  });
}
