// The SQLite store: one file, WAL, one serial writer connection and one reader connection.
//
// Start-up order: open the writer → set pragmas (WAL first: it is persistent and outside transactions) →
// migrate (or refuse a newer schema) → open the reader. Shutdown order (close): refuse new calls → drain
// the group commit → wait for the writer's queue → close the reader, then the writer (which checkpoints).

import { invalidEnrolAttempt, invalidNewCertificate, invalidNewTokens } from '../enrolment-policy';
import {
  invalidComplianceDay,
  invalidDayRange,
  invalidDispositionInput,
  invalidRequiredRules,
} from '../findings-input';
import { createGroupCommitter, type JobOutcome } from '../group-commit';
import { LAST_SEEN_FLUSH_MS } from '../last-seen-flush';
import { invalidLedgerEntries } from '../ledger-import-plan';
import { LEDGER_SLICES_GENERATION, ledgerSliceCache } from '../ledger-slice-cache';
import type { DeviceHello, IngestResult, JudgedDeviceRecord, Store } from '../store';
import { StoreClosedError } from '../store-errors';
import { invalidLedgerFields, invalidMedium, invalidMediumStatus } from '../validate-input';
import { newlySilentDevices, revivedSilentDevices } from './agent-silence';
import {
  appendAuditInTransaction,
  auditFormatBoundary,
  auditHead,
  listAudit,
  readAuditRecords,
} from './audit';
import { appendSealInTransaction, newestSealPosition, readNewestSeals, readSeals } from './audit-seals';
import { recordCollectorFindingsInTransaction } from './collector-findings';
import { complianceDays, failingDevicesOfRule, recordComplianceDayInTransaction } from './compliance-days';
import { openConnection, type SqliteConnection } from './connection';
import {
  deviceLedgerFacts,
  getDevice,
  listDevices,
  recordHelloInTransaction,
  touchDevicesInTransaction,
  updateLedgerInTransaction,
} from './devices';
import { dispositionsFor, markFindingInTransaction } from './dispositions';
import {
  type FindingsCall,
  fleetCounts,
  listFindings,
  prepareFindingsCall,
  writeFindingsInTransaction,
} from './findings';
import { inspectionMaterial } from './inspection';
import { dryRunImport, importLedgerInTransaction, ledgerIdentities } from './ledger';
import { ledgerHistory } from './ledger-history';
import { getMedium, listMedia, registerMediumInTransaction, setMediumStatusInTransaction } from './media';
import { migrate } from './migrations';
import { listRefusals } from './refusals';
import { requiredRules, setRequiredRulesInTransaction } from './required-rules';
import { createSerialWriter } from './serial-writer';
import {
  allMediumSightings,
  collectorFindingStatuses,
  mediaSeenByDevice,
  mediumSightings,
  printerSightings,
  recordSightingsInTransaction,
  sightingsOfDevice,
} from './sightings';
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
import { readGeneration } from './write-generations';

export interface SqliteStoreOptions {
  /** Wait up to this long for more callers before committing an idle group; 0 (default) commits at once. */
  groupCommitMaxDelayMs?: number;
  /** Rows per group commit transaction (default 5000); a single larger call still commits whole. */
  groupCommitMaxRows?: number;
}

type IngestJob =
  | ({ kind: 'findings' } & FindingsCall)
  | { kind: 'touch'; lastSeen: ReadonlyMap<string, number> }
  | { kind: 'hello'; hello: DeviceHello; atMs: number };

const BUSY_TIMEOUT_MS = 5000;

export { LAST_SEEN_FLUSH_MS };

async function applyConnectionPragmas(connection: SqliteConnection): Promise<void> {
  // synchronous=FULL: in WAL mode NORMAL may lose the last commits on power loss; an ack must mean durable.
  await connection.exec(
    `PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON; PRAGMA busy_timeout = ${BUSY_TIMEOUT_MS};`,
  );
}

export async function openSqliteStore(file: string, options: SqliteStoreOptions = {}): Promise<Store> {
  const writerConnection = await openConnection(file, 'read-write');
  let reader: SqliteConnection;
  try {
    await writerConnection.exec(`PRAGMA busy_timeout = ${BUSY_TIMEOUT_MS};`);
    const journal = await writerConnection.get<{ journal_mode: string }>('PRAGMA journal_mode = WAL');
    if (journal?.journal_mode !== 'wal') {
      throw new Error(`could not switch ${file} to WAL journaling (got ${String(journal?.journal_mode)})`);
    }
    await applyConnectionPragmas(writerConnection);
    const migration = await migrate(writerConnection, file);
    if (migration.kind === 'too-new') throw migration.error;
    reader = await openConnection(file, 'read-only');
    await applyConnectionPragmas(reader);
  } catch (error) {
    await writerConnection.close().catch(() => undefined);
    throw error;
  }

  const writer = createSerialWriter(writerConnection);
  // Asked on every hello; every write that can change a slice increments its generation in its transaction,
  // so a second process writing the same file is seen too (../ledger-slice-cache.ts).
  const slices = ledgerSliceCache({
    generation: () => readGeneration(reader, LEDGER_SLICES_GENERATION),
    facts: (deviceId) => deviceLedgerFacts(reader, deviceId),
    media: () => listMedia(reader),
  });
  const ingest = createGroupCommitter<IngestJob, unknown>({
    maxWeight: options.groupCommitMaxRows ?? 5000,
    maxDelayMs: options.groupCommitMaxDelayMs ?? 0,
    commit: (jobs) =>
      writer.transaction(async (transaction) => {
        const findingJobs = jobs.filter((job) => job.kind === 'findings');
        const findingOutcomes = await writeFindingsInTransaction(transaction, findingJobs);
        // Hellos after the group's findings, so the last seq a hello answers with counts them, as when the
        // hello's own transaction followed this one. A reconnect storm's hellos share one transaction (and one
        // fsync) instead of one each; a hello that fails fails its group, as a failed findings write does.
        const helloOutcomes = new Map<IngestJob, JobOutcome<unknown>>();
        for (const job of jobs) {
          if (job.kind === 'hello') {
            const device = await recordHelloInTransaction(transaction, job.hello, job.atMs);
            helloOutcomes.set(job, { ok: true, value: device });
          }
        }
        const lastSeen = new Map<string, number>();
        for (const job of jobs) {
          if (job.kind !== 'touch') continue;
          for (const [deviceId, atMs] of job.lastSeen)
            lastSeen.set(deviceId, Math.max(lastSeen.get(deviceId) ?? 0, atMs));
        }
        await touchDevicesInTransaction(transaction, lastSeen);
        let findingIndex = 0;
        return jobs.map(
          (job): JobOutcome<unknown> =>
            job.kind === 'findings'
              ? findingOutcomes[findingIndex++]!
              : (helloOutcomes.get(job) ?? { ok: true, value: undefined }),
        );
      }),
  });

  let pendingTouches = new Map<string, number>();
  let touchTimer: NodeJS.Timeout | null = null;
  let touchesWritten: Promise<void> | null = null;
  let settleTouches: { resolve(): void; reject(error: unknown): void } | null = null;
  const flushTouches = () => {
    if (touchTimer) clearTimeout(touchTimer);
    const lastSeen = pendingTouches;
    const settle = settleTouches;
    pendingTouches = new Map();
    touchTimer = null;
    touchesWritten = null;
    settleTouches = null;
    if (lastSeen.size === 0 || settle === null) return;
    ingest.submit({ kind: 'touch', lastSeen }, lastSeen.size).then(
      () => settle.resolve(),
      (error: unknown) => settle.reject(error),
    );
  };

  let closed = false;
  let closing: Promise<void> | null = null;
  // Every call checks this first: after close() nothing touches the connections.
  const open = <T>(work: () => Promise<T>): Promise<T> =>
    closed ? Promise.reject(new StoreClosedError()) : work();

  return {
    recordHello: (hello, atMs) =>
      open(() => ingest.submit({ kind: 'hello', hello, atMs }, 1) as Promise<JudgedDeviceRecord>),
    touchDevice: (deviceId, atMs) =>
      open(() => {
        pendingTouches.set(deviceId, Math.max(pendingTouches.get(deviceId) ?? 0, atMs));
        if (touchesWritten === null) {
          touchesWritten = new Promise<void>((resolve, reject) => (settleTouches = { resolve, reject }));
          touchTimer = setTimeout(flushTouches, LAST_SEEN_FLUSH_MS);
          touchTimer.unref();
        }
        return touchesWritten;
      }),
    getDevice: (deviceId) => open(() => getDevice(reader, deviceId)),
    listDevices: (listOptions) => open(() => listDevices(reader, listOptions)),
    updateLedger: (deviceId, fields, audit) =>
      open(() => {
        const invalid = invalidLedgerFields(fields);
        if (invalid !== null) return Promise.reject(invalid);
        return writer.transaction((transaction) =>
          updateLedgerInTransaction(transaction, deviceId, fields, audit, Date.now()),
        );
      }),
    ledgerSlice: (deviceId) => open(() => slices.slice(deviceId)),
    ledgerHistory: (deviceId, limit) => open(() => ledgerHistory(reader, deviceId, limit)),
    ledgerIdentities: (query) => open(() => ledgerIdentities(reader, query)),
    importLedger: (entries, detail, audit, importOptions) =>
      open(() => {
        const invalid = invalidLedgerEntries(entries);
        if (invalid !== null) return Promise.reject(invalid);
        if (importOptions.dryRun) return dryRunImport(reader, entries);
        return writer.transaction((transaction) =>
          importLedgerInTransaction(transaction, entries, detail, audit, Date.now()),
        );
      }),
    registerMedium: (medium, audit) =>
      open(() => {
        const invalid = invalidMedium(medium);
        if (invalid !== null) return Promise.reject(invalid);
        return writer.transaction((transaction) =>
          registerMediumInTransaction(transaction, medium, audit, Date.now()),
        );
      }),
    listMedia: () => open(() => listMedia(reader)),
    getMedium: (key) => open(() => getMedium(reader, key)),
    setMediumStatus: (key, status, note, audit) =>
      open(() => {
        const invalid = invalidMediumStatus(status);
        if (invalid !== null) return Promise.reject(invalid);
        return writer.transaction((transaction) =>
          setMediumStatusInTransaction(transaction, key, status, note, audit, Date.now()),
        );
      }),
    recordSightings: (deviceId, seen, atMs) =>
      open(() =>
        writer.transaction((transaction) => recordSightingsInTransaction(transaction, deviceId, seen, atMs)),
      ),
    mediumSightings: (key) => open(() => mediumSightings(reader, key)),
    printerSightings: (printer) => open(() => printerSightings(reader, printer)),
    allMediumSightings: () => open(() => allMediumSightings(reader)),
    sightingsOfDevice: (deviceId) => open(() => sightingsOfDevice(reader, deviceId)),
    mediaSeenByDevice: (deviceId, limit) => open(() => mediaSeenByDevice(reader, deviceId, limit)),
    collectorFindingStatuses: (ruleId, subject, deviceIds) =>
      open(() => collectorFindingStatuses(reader, ruleId, subject, deviceIds)),
    recordFindings: (deviceId, findings, receivedAtMs, refused) =>
      open(
        () =>
          ingest.submit(
            // Validated and turned into rows now, overlapping the transaction in progress (findings.ts).
            prepareFindingsCall({
              kind: 'findings' as const,
              deviceId,
              findings,
              receivedAtMs,
              ...(refused === undefined ? {} : { refused }),
            }),
            Math.max(1, findings.length + (refused?.length ?? 0)),
          ) as Promise<IngestResult>,
      ),
    listRefusals: (query) => open(() => listRefusals(reader, query)),
    listFindings: (query) => open(() => listFindings(reader, query)),
    fleetCounts: () => open(() => fleetCounts(reader)),
    recordCollectorFindings: (findings, atMs) =>
      open(() =>
        writer.transaction((transaction) =>
          recordCollectorFindingsInTransaction(transaction, findings, atMs),
        ),
      ),
    setRequiredRules: (ruleIds) =>
      open(() => {
        const invalid = invalidRequiredRules(ruleIds);
        if (invalid !== null) return Promise.reject(invalid);
        return writer.transaction((transaction) => setRequiredRulesInTransaction(transaction, ruleIds));
      }),
    requiredRules: () => open(() => requiredRules(reader)),
    appendAudit: (entry, atMs, appendOptions) =>
      open(() =>
        writer.transaction((transaction) =>
          appendAuditInTransaction(transaction, entry, atMs, appendOptions),
        ),
      ),
    listAudit: (listOptions) => open(() => listAudit(reader, listOptions)),
    readAuditRecords: (readOptions) => open(() => readAuditRecords(reader, readOptions)),
    auditHead: () => open(() => auditHead(reader)),
    auditFormatBoundary: () => open(() => auditFormatBoundary(reader)),
    appendSeal: (seal, about, audit, atMs) =>
      open(() =>
        writer.transaction((transaction) => appendSealInTransaction(transaction, seal, about, audit, atMs)),
      ),
    readSeals: (sealOptions) => open(() => readSeals(reader, sealOptions)),
    readNewestSeals: (limit) => open(() => readNewestSeals(reader, limit)),
    newestSealPosition: (signerKind) => open(() => newestSealPosition(reader, signerKind)),
    createSweep: (sweep, audit, atMs) =>
      open(() =>
        writer.transaction((transaction) => createSweepInTransaction(transaction, sweep, audit, atMs)),
      ),
    markSweepSent: (sweepId, deviceIds, atMs) =>
      open(() =>
        writer.transaction((transaction) =>
          markSweepSentInTransaction(transaction, sweepId, deviceIds, atMs),
        ),
      ),
    claimSweepsForDevice: (deviceId, claim) =>
      // Asked on every hello: one indexed read, without the write lock, of whether this device has anything
      // open; no memory of "no sweep open" that another collector's sweep could make false.
      open(async () =>
        (await hasOpenSweepTargets(reader, deviceId))
          ? writer.transaction((transaction) =>
              claimSweepsForDeviceInTransaction(transaction, deviceId, claim),
            )
          : [],
      ),
    recordSweepAnswers: (answers) =>
      open(() => writer.transaction((transaction) => recordSweepAnswersInTransaction(transaction, answers))),
    expireSweeps: (beforeMs, atMs) =>
      open(() => writer.transaction((transaction) => expireSweepsInTransaction(transaction, beforeMs, atMs))),
    getSweep: (sweepId, options) => open(() => getSweep(reader, sweepId, options?.countsOnly ?? false)),
    listSweeps: ({ limit }) => open(() => listSweeps(reader, limit)),
    sweepsOfDevice: (deviceId, limit) => open(() => sweepsOfDevice(reader, deviceId, limit)),
    createSweepSchedule: (schedule, audit) =>
      open(() =>
        writer.transaction((transaction) => createSweepScheduleInTransaction(transaction, schedule, audit)),
      ),
    listSweepSchedules: () => open(() => listSweepSchedules(reader)),
    deleteSweepSchedule: (scheduleId, audit, atMs) =>
      open(() =>
        writer.transaction((transaction) =>
          deleteSweepScheduleInTransaction(transaction, scheduleId, audit, atMs),
        ),
      ),
    newlySilentDevices: (ruleId, cutoffMs, limit) =>
      open(() => newlySilentDevices(reader, ruleId, cutoffMs, limit)),
    revivedSilentDevices: (ruleId, cutoffMs, limit) =>
      open(() => revivedSilentDevices(reader, ruleId, cutoffMs, limit)),
    failingDevicesOfRule: (rule) => open(() => failingDevicesOfRule(reader, rule)),
    recordComplianceDay: (record) =>
      open(() => {
        const invalid = invalidComplianceDay(record);
        if (invalid !== null) return Promise.reject(invalid);
        return writer.transaction((transaction) => recordComplianceDayInTransaction(transaction, record));
      }),
    complianceDays: (fromDay, toDay) =>
      open(() => {
        const invalid = invalidDayRange(fromDay, toDay);
        if (invalid !== null) return Promise.reject(invalid);
        return complianceDays(reader, fromDay, toDay);
      }),
    markFinding: (input, audit, atMs) =>
      open(() => {
        const invalid = invalidDispositionInput(input);
        if (invalid !== null) return Promise.reject(invalid);
        return writer.transaction((transaction) => markFindingInTransaction(transaction, input, audit, atMs));
      }),
    dispositionsFor: (keys) => open(() => dispositionsFor(reader, keys)),
    inspectionMaterial: (scope) => open(() => inspectionMaterial(reader, scope)),
    createEnrolmentTokens: (tokens, audit, atMs) =>
      open(() => {
        const invalid = invalidNewTokens(tokens);
        if (invalid !== null) return Promise.reject(invalid);
        return writer.transaction((transaction) =>
          createEnrolmentTokensInTransaction(transaction, tokens, audit, atMs),
        );
      }),
    findEnrolmentToken: (sha256) => open(() => findEnrolmentToken(reader, sha256)),
    enrolDevice: (attempt, audit, atMs) =>
      open(() => {
        const invalid = invalidEnrolAttempt(attempt);
        if (invalid !== null) return Promise.reject(invalid);
        return writer.transaction((transaction) =>
          enrolDeviceInTransaction(transaction, attempt, audit, atMs),
        );
      }),
    recordCertificate: (certificate, audit, atMs) =>
      open(() => {
        const invalid = invalidNewCertificate(certificate);
        if (invalid !== null) return Promise.reject(invalid);
        return writer.transaction((transaction) =>
          recordCertificateInTransaction(transaction, certificate, audit, atMs),
        );
      }),
    certificateStanding: (serial) => open(() => certificateStanding(reader, serial)),
    revokeDevice: (deviceId, reason, audit, atMs) =>
      open(() =>
        writer.transaction((transaction) =>
          revokeSubjectInTransaction(transaction, 'device', deviceId, reason, audit, atMs),
        ),
      ),
    revokeAdmin: (name, reason, audit, atMs) =>
      open(() =>
        writer.transaction((transaction) =>
          revokeSubjectInTransaction(transaction, 'admin', name, reason, audit, atMs),
        ),
      ),
    listCertificates: (filter) => open(() => listCertificates(reader, filter)),
    close() {
      if (closing === null) {
        closed = true;
        closing = (async () => {
          flushTouches();
          await ingest.drain();
          await writer.idle();
          await reader.close();
          await writerConnection.close();
        })();
      }
      return closing;
    },
  };
}
