// A collector data directory whose SQLite store holds a row of every kind, each written through the Store
// interface (or the command that writes it: pki init, admin add), as a collector running for a while would
// leave it: ledger import and edits, hellos and a hardware change, media and sightings, agent findings with a
// removal and refusals, collector findings (cross-use, silence), corrective measures, sweeps answered,
// expired and open, schedules (one deleted), enrolment tokens used and not, device and admin certificates
// with revocations, trend days, many audit records, and real seals (the collector's and an auditor's) over
// the chain, with the collector's seal file. What a migration must carry whole.
import path from 'node:path';
import { makeSeal, SEAL_STATEMENT_TYPE } from '../../collector/audit/seal';
import { writeSealFile } from '../../collector/audit/seal-file';
import { ensureCollectorSealKey } from '../../collector/audit/seal-key';
import { loadAdminIdentity } from '../../collector/ctl/admin-identity';
import { addAdmin } from '../../collector/pki/admin-add';
import { loadCertificateAuthority } from '../../collector/pki/pki-files';
import { initPki } from '../../collector/pki/pki-init';
import { sqliteStoreFileOf } from '../../collector/store/open-store';
import { openSqliteStore } from '../../collector/store/sqlite';
import type { AuditContext, NewCertificate, Store } from '../../collector/store/store';
import { findingOf, helloFor, ledgerEntryFor } from '../../collector/store/store-fixtures';

export const POPULATED_T0 = Date.UTC(2026, 10, 2, 1, 0, 0);
const T0 = POPULATED_T0;
const ADMIN: AuditContext = { actor: 'admin:wang(security_admin)', source: '10.0.0.5' };
export const REQUIRED = ['usb.unregistered-storage', 'wifi-radio-absent'];
export const AGENT_DEVICES = Array.from({ length: 10 }, (_, i) => `dev-${String(i + 1).padStart(2, '0')}`);
export const LEDGER_ONLY = ['ledger-only-1', 'ledger-only-2'];
export const SILENT_RULE = 'agent-reports-regularly';
export const MEDIA = ['S1', 'S2', 'S3'].map((serial) => ({ vendorId: '0781', productId: '5581', serial }));
export const PRINTERS = ['ipp://10.0.0.8:631', 'socket://10.0.0.9:9100'];
export const TOKEN_HASHES = ['a', 'b', 'c'].map((digit) => digit.repeat(64));
export const AUDIT_FILLER = 150;

function deviceCertificate(deviceId: string, serial: string, atMs: number): NewCertificate {
  return {
    serial,
    kind: 'device',
    subject: deviceId,
    role: null,
    sha256: serial.padEnd(64, '0'),
    notBeforeMs: atMs,
    notAfterMs: atMs + 90 * 86_400_000,
    issuedAtMs: atMs,
    issuedBy: 'collector',
  };
}

async function writeFleet(store: Store): Promise<void> {
  await store.setRequiredRules(REQUIRED);
  await store.importLedger(
    [
      ...AGENT_DEVICES.slice(0, 8).map((deviceId, i) =>
        ledgerEntryFor(deviceId, {
          department: i % 2 === 0 ? '一处' : '保密办',
          classification: i % 3 === 0 ? 'secret' : 'confidential',
        }),
      ),
      ...LEDGER_ONLY.map((deviceId) => ledgerEntryFor(deviceId, { department: '二处' })),
    ],
    { fileName: 'ledger.csv' },
    ADMIN,
    { dryRun: false },
  );
  for (const [i, deviceId] of AGENT_DEVICES.entries())
    await store.recordHello(helloFor(deviceId), T0 + 1000 + i);
  // A hardware fact changed (history row by the device), a ledger field edited, one device retired.
  const changed = helloFor('dev-02');
  await store.recordHello({ ...changed, hardware: { ...changed.hardware, kernel: '6.1.0' } }, T0 + 2000);
  await store.updateLedger('dev-03', { location: '305', responsiblePerson: '李四' }, ADMIN);
  await store.updateLedger('dev-08', { status: 'retired' }, ADMIN);
  // Heard long ago: the silence watch's material.
  await store.touchDevice('dev-01', T0 + 3000);

  await store.registerMedium(
    {
      ...MEDIA[0]!,
      classification: 'secret',
      status: 'in_use',
      assetNumber: 'U-1',
      responsiblePerson: '张三',
    },
    ADMIN,
  );
  await store.registerMedium(
    {
      ...MEDIA[1]!,
      classification: 'confidential',
      status: 'in_use',
      assetNumber: 'U-2',
      responsiblePerson: '李四',
      boundDeviceIds: ['dev-01', 'dev-02'],
      note: '发放',
    },
    ADMIN,
  );
  await store.registerMedium(
    {
      ...MEDIA[2]!,
      classification: 'non_classified',
      status: 'in_use',
      assetNumber: 'U-3',
      responsiblePerson: '王五',
      boundDepartment: '一处',
    },
    ADMIN,
  );
  await store.setMediumStatus(MEDIA[2]!, 'lost', '遗失报告 7 号', ADMIN);
  await store.recordSightings(
    'dev-01',
    { media: [MEDIA[0]!, MEDIA[1]!], printers: [PRINTERS[0]!] },
    T0 + 4000,
  );
  await store.recordSightings('dev-02', { media: [MEDIA[0]!], printers: PRINTERS }, T0 + 4100);
  await store.recordSightings('dev-05', { media: [MEDIA[2]!], printers: [] }, T0 + 4200);
  await store.recordSightings('dev-01', { media: [MEDIA[0]!], printers: [] }, T0 + 4300);

  const statuses = ['pass', 'fail', 'error', 'not_applicable'] as const;
  for (const [d, deviceId] of AGENT_DEVICES.entries()) {
    if (deviceId === 'dev-10') continue; // seen, never judged
    await store.recordFindings(
      deviceId,
      [
        findingOf(1, {
          subject: `usb:0781:5581:S${d}`,
          status: statuses[d % 4]!,
          observedAtMs: T0 + 5000 + d,
          reasonCode: 'usb.unregistered',
          reasonParams: { serial: `S${d}` },
        }),
        findingOf(2, {
          ruleId: 'wifi-radio-absent',
          clause: '3.7.4',
          subject: '',
          status: d % 3 === 0 ? 'fail' : 'pass',
          severity: 'medium',
          evidence: { radios: [] },
          observedAtMs: T0 + 5100 + d,
        }),
        findingOf(3, {
          ruleId: 'net.allowed',
          clause: '3.7.6',
          subject: '',
          status: 'pass',
          severity: 'low',
        }),
      ],
      T0 + 6000 + d,
    );
  }
  // A stick pulled out (removal), a later verdict of one key, and refusals in the same batch.
  await store.recordFindings(
    'dev-02',
    [
      findingOf(4, {
        subject: 'usb:0781:5581:S1',
        status: 'pass',
        reason: 'no longer present',
        gone: true,
        observedAtMs: T0 + 7000,
      }),
      findingOf(6, { ruleId: 'wifi-radio-absent', clause: '3.7.4', subject: '', status: 'fail' }),
    ],
    T0 + 7100,
    [
      {
        seq: 5,
        ruleId: 'usb.unregistered-storage',
        subject: 'x',
        reason: 'evidence_json: expected at most 65536 bytes',
      },
    ],
  );

  await store.recordCollectorFindings(
    [
      {
        deviceId: 'dev-01',
        ruleId: 'media-cross-use-absent',
        clause: '3.7.4',
        subject: 'usb:0781:5581:S1',
        status: 'fail',
        severity: 'critical',
        evidence: { devices: ['dev-01', 'dev-02'] },
        reason: 'medium used across classifications',
        observedAtMs: T0 + 8000,
        sweepId: '',
      },
      {
        deviceId: 'dev-02',
        ruleId: 'media-cross-use-absent',
        clause: '3.7.4',
        subject: 'usb:0781:5581:S1',
        status: 'fail',
        severity: 'critical',
        evidence: { devices: ['dev-01', 'dev-02'] },
        reason: 'medium used across classifications',
        observedAtMs: T0 + 8000,
        sweepId: '',
      },
      {
        deviceId: 'dev-04',
        ruleId: SILENT_RULE,
        clause: '3.12.1',
        subject: '',
        status: 'fail',
        severity: 'high',
        evidence: { lastSeenMs: T0 + 1003 },
        reason: 'agent silent',
        observedAtMs: T0 + 8100,
        sweepId: '',
      },
    ],
    T0 + 8200,
  );
  await store.recordCollectorFindings(
    [
      {
        deviceId: 'dev-02',
        ruleId: 'media-cross-use-absent',
        clause: '3.7.4',
        subject: 'usb:0781:5581:S1',
        status: 'pass',
        severity: 'critical',
        evidence: {},
        reason: 'resolved',
        observedAtMs: T0 + 8300,
        sweepId: '',
      },
    ],
    T0 + 8300,
  );
  await store.markFinding(
    {
      deviceId: 'dev-02',
      ruleId: 'wifi-radio-absent',
      subject: '',
      measure: '拆除无线网卡',
      completed: true,
    },
    ADMIN,
    T0 + 8400,
  );
  await store.markFinding(
    {
      deviceId: 'dev-01',
      ruleId: 'usb.unregistered-storage',
      subject: 'usb:0781:5581:S0',
      measure: '登记',
      completed: false,
    },
    ADMIN,
    T0 + 8500,
  );
}

async function writeSweepsAndTrust(store: Store): Promise<void> {
  const schedule = await store.createSweepSchedule(
    {
      scheduleId: 'sch-weekly',
      cron: '0 9 * * 1',
      timezone: 'Asia/Shanghai',
      ruleIds: [],
      createdAtMs: T0 + 9000,
    },
    ADMIN,
  );
  await store.createSweepSchedule(
    { scheduleId: 'sch-gone', cron: '0 3 * * *', timezone: '', ruleIds: REQUIRED, createdAtMs: T0 + 9001 },
    ADMIN,
  );
  await store.deleteSweepSchedule('sch-gone', ADMIN, T0 + 9002);
  // An old sweep that expires, an answered one (with its findings), and one still open.
  await store.createSweep({ sweepId: 'sw-old', scheduleId: '', ruleIds: [] }, ADMIN, T0 + 9100);
  await store.markSweepSent('sw-old', ['dev-01'], T0 + 9101);
  await store.expireSweeps(T0 + 9200, T0 + 9300);
  await store.createSweep(
    { sweepId: 'sw-1', scheduleId: schedule.scheduleId, ruleIds: ['usb.unregistered-storage'] },
    { actor: `schedule:${schedule.scheduleId}`, source: 'collector' },
    T0 + 10_000,
  );
  await store.markSweepSent('sw-1', ['dev-01', 'dev-02', 'dev-03'], T0 + 10_001);
  await store.recordFindings(
    'dev-03',
    [
      findingOf(4, {
        subject: 'usb:0781:5581:S2',
        status: 'fail',
        sweepId: 'sw-1',
        observedAtMs: T0 + 10_002,
      }),
    ],
    T0 + 10_003,
  );
  await store.recordSweepAnswers([
    { sweepId: 'sw-1', deviceId: 'dev-03', atMs: T0 + 10_004, failedRules: 1, errorRules: 0, error: '' },
    {
      sweepId: 'sw-1',
      deviceId: 'dev-02',
      atMs: T0 + 10_005,
      failedRules: 0,
      errorRules: 1,
      error: 'probe failed',
    },
  ]);
  await store.claimSweepsForDevice('dev-05', {
    atMs: T0 + 10_006,
    resendSentBeforeMs: T0,
    expireBeforeMs: T0,
  });

  await store.createEnrolmentTokens(
    [
      { sha256: TOKEN_HASHES[0]!, deviceId: null, expiresAtMs: T0 + 86_400_000 },
      { sha256: TOKEN_HASHES[1]!, deviceId: 'dev-04', expiresAtMs: T0 + 86_400_000 },
      { sha256: TOKEN_HASHES[2]!, deviceId: null, expiresAtMs: T0 + 60_000 },
    ],
    ADMIN,
    T0 + 11_000,
  );
  await store.enrolDevice(
    {
      tokenSha256: TOKEN_HASHES[0]!,
      deviceId: 'dev-new',
      certificate: deviceCertificate('dev-new', 'a1', T0 + 11_100),
    },
    { actor: 'dev-new', source: '10.0.0.20', refusedActor: 'unauthenticated:10.0.0.20' },
    T0 + 11_100,
  );
  // Refused: a used token (its audit record is all it leaves).
  await store.enrolDevice(
    {
      tokenSha256: TOKEN_HASHES[0]!,
      deviceId: 'dev-evil',
      certificate: deviceCertificate('dev-evil', 'e1', T0 + 11_200),
    },
    { actor: 'dev-evil', source: '10.0.0.66', refusedActor: 'unauthenticated:10.0.0.66' },
    T0 + 11_200,
  );
  for (const [i, deviceId] of ['dev-01', 'dev-02', 'dev-04'].entries())
    await store.recordCertificate(
      deviceCertificate(deviceId, `c${i}`, T0 + 11_300 + i),
      {
        actor: 'collector',
        source: 'local',
        action: 'device.renewed',
        target: deviceId,
        detail: {},
        outcome: 'allowed',
      },
      T0 + 11_300 + i,
    );
  await store.revokeDevice('dev-04', 'stolen laptop', ADMIN, T0 + 11_400);
  await store.revokeAdmin('ops-wang', 'left the unit', ADMIN, T0 + 11_500);

  for (const [i, day] of ['2026-11-02', '2026-11-03', '2026-11-04'].entries())
    await store.recordComplianceDay({
      day,
      devices: 12,
      compliant: 3 + i,
      failing: 5 - i,
      notJudged: 2,
      neverSeen: 2,
      silent: 1,
      byClause: [{ clause: '3.7.5', failingDevices: 3, failingFindings: 4 + i }],
      recordedAtMs: T0 + 12_000 + i,
    });
  for (let i = 0; i < AUDIT_FILLER; i++)
    await store.appendAudit(
      {
        actor: i % 2 ? 'collector' : ADMIN.actor,
        source: 'local',
        action: i % 3 ? 'policy.reloaded' : 'collector.started',
        target: `baseline-${i}`,
        detail: { index: i, 说明: `第 ${i} 条`, nested: { z: 1, a: [i, 'x'] } },
        outcome: i % 7 === 0 ? 'refused' : 'allowed',
      },
      T0 + 13_000 + i,
    );
}

/** Seals the head with the collector's key and the auditor's, and writes the collector's seal file. */
async function sealHead(store: Store, dataDir: string, auditorDir: string): Promise<void> {
  const head = (await store.auditHead())!;
  const statement = {
    type: SEAL_STATEMENT_TYPE,
    position: head.position,
    hash: head.hash,
    algorithm: head.algorithm,
    headAtMs: head.atMs,
    // Now: the certificates (pki init, admin add) were issued now, and a seal is checked against their validity.
    sealedAtMs: Date.now(),
  } as const;
  const key = await ensureCollectorSealKey(dataDir, await loadCertificateAuthority(dataDir));
  const collectorSeal = makeSeal(
    { ...statement, signerKind: 'collector', signerName: key.signerName },
    key.keyPem,
    key.certificatePem,
  );
  await store.appendSeal(
    collectorSeal,
    { signerKind: 'collector', position: head.position },
    undefined,
    T0 + 20_000,
  );
  await writeSealFile(dataDir, collectorSeal);
  const auditor = loadAdminIdentity(auditorDir);
  const auditorSeal = makeSeal(
    { ...statement, signerKind: 'auditor', signerName: 'auditor-li' },
    auditor.keyPem,
    auditor.certPem,
  );
  await store.appendSeal(
    auditorSeal,
    { signerKind: 'auditor', position: head.position },
    {
      ...ADMIN,
      actor: 'admin:auditor-li(auditor)',
      action: 'audit.sealed',
      target: `audit:${head.position}`,
      detail: {},
      outcome: 'allowed',
    },
    T0 + 20_001,
  );
}

/** Makes DIR/pki, two administrators (identities under `adminsDir`) and a store holding every kind of row. */
export async function populateEveryKind(dataDir: string, adminsDir: string): Promise<void> {
  await initPki({ dataDir });
  const auditorDir = path.join(adminsDir, 'auditor');
  await addAdmin({ dataDir, name: 'auditor-li', role: 'auditor', outDir: auditorDir });
  await addAdmin({ dataDir, name: 'ops-wang', role: 'system_admin', outDir: path.join(adminsDir, 'ops') });
  const store = await openSqliteStore(sqliteStoreFileOf(dataDir));
  try {
    await writeFleet(store);
    await writeSweepsAndTrust(store);
    await sealHead(store, dataDir, auditorDir);
    // One more record after the seals: the head is past the newest seal, as it usually is.
    await store.appendAudit(
      {
        ...ADMIN,
        action: 'ledger.updated',
        target: 'dev-05',
        detail: { changed: ['location'] },
        outcome: 'allowed',
      },
      T0 + 21_000,
    );
  } finally {
    await store.close();
  }
}
