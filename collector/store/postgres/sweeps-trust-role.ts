// The sweeps, audit and trust role on PostgreSQL (SweepStore, AuditStore, TrustStore). Inputs are checked
// before any write by the same modules the SQLite store uses (../enrolment-policy.ts); nothing is
// remembered between calls, so every read sees what any collector committed.
import { invalidEnrolAttempt, invalidNewCertificate, invalidNewTokens } from '../enrolment-policy';
import {
  appendAuditInTransaction,
  auditFormatBoundary,
  auditHead,
  listAudit,
  readAuditRecords,
} from './audit';
import { appendSealInTransaction, newestSealPosition, readNewestSeals, readSeals } from './audit-seals';
import type { RoleFactory, SweepsTrustRole } from './roles';
import {
  claimSweepsForDeviceInTransaction,
  createSweepInTransaction,
  createSweepScheduleInTransaction,
  deleteSweepScheduleInTransaction,
  expireSweepsInTransaction,
  getSweep,
  hasOpenSweepTargets,
  listSweepSchedules,
  listSweeps,
  markSweepSentInTransaction,
  recordSweepAnswersInTransaction,
  sweepsOfDevice,
} from './sweeps';
import {
  certificateStanding,
  createEnrolmentTokensInTransaction,
  enrolDeviceInTransaction,
  findEnrolmentToken,
  listCertificates,
  recordCertificateInTransaction,
  revokeSubjectInTransaction,
} from './trust';

export const sweepsTrustRole: RoleFactory<SweepsTrustRole> = (context) => {
  const read = () => {
    context.assertOpen();
    return context.pool;
  };
  const { transaction } = context;
  /** Refuses bad input before anything is written, as a rejection (never a throw) like every other failure. */
  const checked = <T>(invalid: Error | null, write: () => Promise<T>): Promise<T> =>
    invalid === null ? write() : Promise.reject(invalid);
  return {
    methods: {
      appendAudit: (entry, atMs, options) =>
        transaction((client) => appendAuditInTransaction(client, entry, atMs, options)),
      listAudit: (options) => listAudit(read(), options),
      readAuditRecords: (options) => readAuditRecords(read(), options),
      auditHead: () => auditHead(read()),
      auditFormatBoundary: () => auditFormatBoundary(read()),
      appendSeal: (seal, about, audit, atMs) =>
        transaction((client) => appendSealInTransaction(client, seal, about, audit, atMs)),
      readSeals: (options) => readSeals(read(), options),
      readNewestSeals: (limit) => readNewestSeals(read(), limit),
      newestSealPosition: (signerKind) => newestSealPosition(read(), signerKind),

      createSweep: (sweep, audit, atMs) =>
        transaction((client) => createSweepInTransaction(client, sweep, audit, atMs)),
      markSweepSent: (sweepId, deviceIds, atMs) =>
        transaction((client) => markSweepSentInTransaction(client, sweepId, deviceIds, atMs)),
      // Asked on every hello: a probe of the open targets' partial index first, so that a fleet
      // reconnecting between sweeps opens no write transaction (measured: see the role's report).
      claimSweepsForDevice: async (deviceId, options) =>
        (await hasOpenSweepTargets(read(), deviceId))
          ? transaction((client) => claimSweepsForDeviceInTransaction(client, deviceId, options))
          : [],
      recordSweepAnswers: (answers) =>
        transaction((client) => recordSweepAnswersInTransaction(client, answers)),
      expireSweeps: (beforeMs, atMs) =>
        transaction((client) => expireSweepsInTransaction(client, beforeMs, atMs)),
      getSweep: (sweepId, options) => getSweep(read(), sweepId, options?.countsOnly ?? false),
      listSweeps: ({ limit }) => listSweeps(read(), limit),
      sweepsOfDevice: (deviceId, limit) => sweepsOfDevice(read(), deviceId, limit),
      createSweepSchedule: (schedule, audit) =>
        transaction((client) => createSweepScheduleInTransaction(client, schedule, audit)),
      listSweepSchedules: () => listSweepSchedules(read()),
      deleteSweepSchedule: (scheduleId, audit, atMs) =>
        transaction((client) => deleteSweepScheduleInTransaction(client, scheduleId, audit, atMs)),

      createEnrolmentTokens: (tokens, audit, atMs) =>
        checked(invalidNewTokens(tokens), () =>
          transaction((client) => createEnrolmentTokensInTransaction(client, tokens, audit, atMs)),
        ),
      findEnrolmentToken: (sha256) => findEnrolmentToken(read(), sha256),
      enrolDevice: (attempt, audit, atMs) =>
        checked(invalidEnrolAttempt(attempt), () =>
          transaction((client) => enrolDeviceInTransaction(client, attempt, audit, atMs)),
        ),
      recordCertificate: (certificate, audit, atMs) =>
        checked(invalidNewCertificate(certificate), () =>
          transaction((client) => recordCertificateInTransaction(client, certificate, audit, atMs)),
        ),
      certificateStanding: (serial) => certificateStanding(read(), serial),
      revokeDevice: (deviceId, reason, audit, atMs) =>
        transaction((client) => revokeSubjectInTransaction(client, 'device', deviceId, reason, audit, atMs)),
      revokeAdmin: (name, reason, audit, atMs) =>
        transaction((client) => revokeSubjectInTransaction(client, 'admin', name, reason, audit, atMs)),
      listCertificates: (filter) => listCertificates(read(), filter),
    } satisfies SweepsTrustRole,
  };
};
