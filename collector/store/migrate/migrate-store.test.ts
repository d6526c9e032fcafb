// migrate --from DIR --to postgres://…: a SQLite store holding a row of every kind, written through the Store
// interface, moved into a real PostgreSQL; then both stores are read through every read method the Store
// offers and must answer alike (the SQLite side is the expected value: it is the independent source). The
// audit chain verifies on PostgreSQL with the project's verifier, its head the source's plus the migration
// record. Refusals leave the target as empty as they found it and the source's bytes as they were.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AGENT_DEVICES,
  LEDGER_ONLY,
  MEDIA,
  POPULATED_T0,
  PRINTERS,
  populateEveryKind,
  REQUIRED,
  SILENT_RULE,
  TOKEN_HASHES,
} from '../../../test/support/populated-collector-store';
import { freshPostgresDatabase, type TestDatabase } from '../../../test/support/postgres';
import { readSealFile } from '../../audit/seal-file';
import { trailSourceOfStore } from '../../audit/verify-data-dir';
import { verifyTrail } from '../../audit/verify-trail';
import { pkiPaths } from '../../pki/pki-files';
import { GENESIS_PREVIOUS_HASH } from '../audit-hash';
import { legacyAuditRecordHash } from '../legacy-audit-hash';
import { sqliteStoreFileOf } from '../open-store';
import { openPostgresStore } from '../postgres';
import { openSqliteStore } from '../sqlite';
import { openConnection } from '../sqlite/connection';
import { lockDataDir } from '../sqlite/data-dir-lock';
import { MIGRATIONS } from '../sqlite/migrations';
import type { DeviceFilter, FindingQuery, Store } from '../store';
import { helloFor, ledgerEntryFor } from '../store-fixtures';
import { migrateStore } from './migrate-store';
import { COPIED_TABLES, tablesThatMustBeEmpty } from './migrated-tables';
import { MigrationRefused } from './migration-refused';

const REPO = path.resolve(import.meta.dirname, '..', '..', '..');
const run = promisify(execFile);

type Reading = [name: string, read: (store: Store) => Promise<unknown>];

/** A reading's answer or its refusal, so that the two stores must also refuse alike. */
const settle = (reading: Promise<unknown>) =>
  reading.then(
    (value) => ({ value }),
    (error: Error) => ({ error: `${error.constructor.name}: ${error.message}` }),
  );

async function allDevicePages(store: Store, filter: DeviceFilter): Promise<unknown[]> {
  const pages: unknown[] = [];
  let afterDeviceId = '';
  do {
    const page = await store.listDevices({ ...filter, limit: 3, afterDeviceId, countTotal: true });
    pages.push(page);
    afterDeviceId = page.nextAfterDeviceId;
  } while (afterDeviceId !== '' && pages.length < 100);
  return pages;
}

/** Every finding over every page (the page tokens themselves are each backend's own). */
async function allFindings(
  store: Store,
  query: Omit<FindingQuery, 'limit' | 'pageToken'>,
): Promise<unknown[]> {
  const findings: unknown[] = [];
  let pageToken = '';
  let pages = 0;
  do {
    const page = await store.listFindings({ ...query, limit: 4, pageToken });
    findings.push(...page.findings);
    pageToken = page.nextPageToken;
    pages += 1;
  } while (pageToken !== '' && pages < 500);
  return findings;
}

/** Every read method of the Store, over every device, medium, sweep, token and filter the fixture made. */
function readings(sourceHead: number): Reading[] {
  const devices = [...AGENT_DEVICES, ...LEDGER_ONLY, 'dev-new', 'nobody'];
  const list: Reading[] = [];
  for (const id of devices) {
    list.push(
      [`getDevice ${id}`, (s) => s.getDevice(id)],
      [`ledgerSlice ${id}`, (s) => s.ledgerSlice(id)],
      [`ledgerHistory ${id}`, (s) => s.ledgerHistory(id, 100)],
      [`sightingsOfDevice ${id}`, (s) => s.sightingsOfDevice(id)],
      [`mediaSeenByDevice ${id}`, (s) => s.mediaSeenByDevice(id, 10)],
      [`sweepsOfDevice ${id}`, (s) => s.sweepsOfDevice(id, 10)],
      [`current findings of ${id}`, (s) => allFindings(s, { deviceId: id })],
      [`history of ${id}`, (s) => allFindings(s, { deviceId: id, history: true })],
      [`refusals of ${id}`, (s) => s.listRefusals({ deviceId: id, afterSeq: 0, upToSeq: 100, limit: 100 })],
    );
  }
  const filters: Array<[string, DeviceFilter]> = [
    ['all', {}],
    ['department', { department: '一处' }],
    ['classification', { classification: 'secret' }],
    ['status', { status: 'retired' }],
    ['open clause', { openClause: '3.7.4' }],
    ['open rule', { openRuleId: 'wifi-radio-absent' }],
    ['compliant', { state: 'compliant' }],
    ['failing', { state: 'failing' }],
    ['not judged', { state: 'not_judged' }],
    ['never seen', { state: 'never_seen' }],
    ['silent', { silentRuleId: SILENT_RULE }],
    ['search', { search: 'DEV-0' }],
    ['search asset', { search: 'zc-dev' }],
    ['last seen', { lastSeenFromMs: POPULATED_T0 + 1002, lastSeenToMs: POPULATED_T0 + 1006 }],
    ['ids in', { deviceIdsIn: ['dev-02', 'dev-05', 'ledger-only-1'] }],
    ['ids not in', { deviceIdsNotIn: ['dev-02', 'dev-05'] }],
  ];
  for (const [name, filter] of filters) list.push([`listDevices ${name}`, (s) => allDevicePages(s, filter)]);
  const queries: Array<[string, Omit<FindingQuery, 'limit' | 'pageToken'>]> = [
    ['current', {}],
    ['history', { history: true }],
    ['history newest first', { history: true, newestFirst: true }],
    ['open', { openOnly: true }],
    ['clause', { clause: '3.7.4' }],
    ['rule', { ruleId: 'usb.unregistered-storage', history: true }],
    ['status', { status: 'fail' }],
    ['department', { department: '保密办' }],
    ['classification', { classification: 'secret', history: true }],
    ['window', { fromMs: POPULATED_T0 + 5002, toMs: POPULATED_T0 + 5104, history: true }],
    ['sweep', { sweepId: 'sw-1', history: true }],
  ];
  for (const [name, query] of queries) list.push([`listFindings ${name}`, (s) => allFindings(s, query)]);
  const key = (serial: string) => ({ vendorId: '0781', productId: '5581', serial });
  const findingKeys = [
    { deviceId: 'dev-02', ruleId: 'wifi-radio-absent', subject: '' },
    { deviceId: 'dev-01', ruleId: 'usb.unregistered-storage', subject: 'usb:0781:5581:S0' },
    { deviceId: 'dev-03', ruleId: 'usb.unregistered-storage', subject: 'none' },
  ];
  // The chain as SQLite held it: PostgreSQL's one more record (the migration's) is compared apart.
  const upToSource = <T extends { position: number }>(records: T[]) =>
    records.filter((record) => record.position <= sourceHead);
  list.push(
    [
      'ledgerIdentities',
      (s) => s.ledgerIdentities({ deviceIds: devices, assetNumbers: ['ZC-dev-01', 'none'] }),
    ],
    ['listMedia', (s) => s.listMedia()],
    ...[...MEDIA, key('NOPE')].map(
      (medium): Reading => [`getMedium ${medium.serial}`, (s) => s.getMedium(medium)],
    ),
    ...[...MEDIA, key('NOPE')].map(
      (medium): Reading => [`mediumSightings ${medium.serial}`, (s) => s.mediumSightings(medium)],
    ),
    ...[...PRINTERS, 'ipp://none:631'].map(
      (printer): Reading => [`printerSightings ${printer}`, (s) => s.printerSightings(printer)],
    ),
    ['allMediumSightings', (s) => s.allMediumSightings()],
    [
      'collectorFindingStatuses',
      (s) => s.collectorFindingStatuses('media-cross-use-absent', 'usb:0781:5581:S1', devices),
    ],
    ['fleetCounts', (s) => s.fleetCounts()],
    ['requiredRules', (s) => s.requiredRules()],
    ['listAudit', async (s) => upToSource(await s.listAudit({ limit: 1000 }))],
    [
      'readAuditRecords',
      async (s) => upToSource(await s.readAuditRecords({ afterPosition: 0, limit: 1000 })),
    ],
    [
      'readAuditRecords by action',
      async (s) =>
        upToSource(await s.readAuditRecords({ afterPosition: 0, limit: 1000, action: 'policy.reloaded' })),
    ],
    [
      'readAuditRecords by actor and time',
      async (s) =>
        upToSource(
          await s.readAuditRecords({
            afterPosition: 3,
            limit: 1000,
            actor: 'collector',
            fromMs: POPULATED_T0 + 13_010,
            toMs: POPULATED_T0 + 13_100,
          }),
        ),
    ],
    ['auditFormatBoundary', (s) => s.auditFormatBoundary()],
    ['readSeals', (s) => s.readSeals({ afterId: 0, limit: 100 })],
    ['readNewestSeals', (s) => s.readNewestSeals(10)],
    ['newestSealPosition collector', (s) => s.newestSealPosition('collector')],
    ['newestSealPosition auditor', (s) => s.newestSealPosition('auditor')],
    // In no promised order (the backends differ): compared by key.
    [
      'dispositionsFor',
      async (s) =>
        (await s.dispositionsFor(findingKeys)).sort((a, b) =>
          `${a.deviceId}\u0000${a.ruleId}`.localeCompare(`${b.deviceId}\u0000${b.ruleId}`),
        ),
    ],
    ['inspection sw-1', (s) => s.inspectionMaterial({ kind: 'sweep', sweepId: 'sw-1' })],
    ['inspection sw-old', (s) => s.inspectionMaterial({ kind: 'sweep', sweepId: 'sw-old' })],
    ['inspection unknown', (s) => s.inspectionMaterial({ kind: 'sweep', sweepId: 'sw-none' })],
    [
      'inspection window',
      (s) => s.inspectionMaterial({ kind: 'window', fromMs: POPULATED_T0, toMs: POPULATED_T0 + 20_000 }),
    ],
    ...['sw-1', 'sw-old', 'sw-none'].flatMap((sweepId): Reading[] => [
      [`getSweep ${sweepId}`, (s) => s.getSweep(sweepId)],
      [`getSweep ${sweepId} counts`, (s) => s.getSweep(sweepId, { countsOnly: true })],
    ]),
    ['listSweeps', (s) => s.listSweeps({ limit: 10 })],
    ['listSweepSchedules', (s) => s.listSweepSchedules()],
    ['newlySilentDevices', (s) => s.newlySilentDevices(SILENT_RULE, POPULATED_T0 + 1005, 100)],
    ['revivedSilentDevices', (s) => s.revivedSilentDevices(SILENT_RULE, POPULATED_T0 + 1000, 100)],
    ...[...REQUIRED, 'media-cross-use-absent'].map(
      (ruleId): Reading => [
        `failingDevicesOfRule ${ruleId}`,
        (s) => s.failingDevicesOfRule({ ruleId, clause: '3.7.4' }),
      ],
    ),
    ['complianceDays', (s) => s.complianceDays('2026-11-01', '2026-11-30')],
    ...[...TOKEN_HASHES, 'f'.repeat(64)].map(
      (sha256): Reading => [`findEnrolmentToken ${sha256.slice(0, 4)}`, (s) => s.findEnrolmentToken(sha256)],
    ),
    ['listCertificates', (s) => s.listCertificates({})],
    ['listCertificates admin', (s) => s.listCertificates({ kind: 'admin' })],
    ['listCertificates dev-04', (s) => s.listCertificates({ kind: 'device', subject: 'dev-04' })],
    [
      'certificateStanding of each',
      async (s) =>
        Promise.all(
          [...(await s.listCertificates({})).map((c) => c.serial), 'ffff'].map((serial) =>
            s.certificateStanding(serial),
          ),
        ),
    ],
  );
  return list;
}

const sha256Of = async (file: string) =>
  createHash('sha256')
    .update(await readFile(file))
    .digest('hex');

/** Rows of every table that must be empty before a migration: what a refused one must have left. */
async function rowsIn(url: string): Promise<Record<string, number>> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const counts: Record<string, number> = {};
    for (const table of tablesThatMustBeEmpty()) {
      const found = await client.query<{ n: number }>(`SELECT count(*)::integer AS n FROM ${table}`);
      counts[table] = found.rows[0]!.n;
    }
    return counts;
  } finally {
    await client.end();
  }
}

const emptyEverywhere = () => Object.fromEntries(tablesThatMustBeEmpty().map((table) => [table, 0]));

describe('migrate --from DIR --to postgres://…', { timeout: 180_000 }, () => {
  let root: string;
  let dataDir: string;
  const databases: TestDatabase[] = [];
  const freshDatabase = async () => {
    const database = await freshPostgresDatabase('migrate');
    databases.push(database);
    return database;
  };

  beforeAll(async () => {
    root = await mkdtemp(path.join(os.tmpdir(), 'shoumi-migrate-'));
    dataDir = path.join(root, 'collector');
    await mkdir(dataDir, { mode: 0o700 });
    await populateEveryKind(dataDir, path.join(root, 'admins'));
  }, 120_000);

  afterAll(async () => {
    for (const database of databases) await database.drop().catch(() => undefined);
    await rm(root, { recursive: true, force: true });
  });

  it('moves every table; both stores answer every read alike; the chain verifies with one record more', async () => {
    const database = await freshDatabase();
    const sourceBytes = await sha256Of(sqliteStoreFileOf(dataDir));
    // The expected row counts, read from the SQLite file directly (not by the code under test).
    const raw = await openConnection(sqliteStoreFileOf(dataDir), 'read-only');
    const expectedRows: Record<string, number> = {};
    for (const { table } of COPIED_TABLES)
      expectedRows[table] = (await raw.get<{ n: number }>(`SELECT count(*) AS n FROM ${table}`))!.n;
    const sourceHead = (await raw.get<{ position: number; hash: string }>(
      'SELECT position, hash FROM audit ORDER BY position DESC LIMIT 1',
    ))!;
    await raw.close();
    // Every kind is there to be carried (the fixture wrote each).
    for (const [table, rows] of Object.entries(expectedRows)) expect(rows, table).toBeGreaterThan(0);

    const report = await migrateStore({ dataDir, url: database.url, batchRows: 7 });

    expect(Object.fromEntries(report.tables.map(({ table, rows }) => [table, rows]))).toEqual(expectedRows);
    expect(report.devicesRecounted).toBe(0);
    expect(report.collectorFindingSeqs).toBe(3); // dev-01, dev-02, dev-04 hold collector findings
    expect(await sha256Of(sqliteStoreFileOf(dataDir))).toBe(sourceBytes);

    const sqlite = await openSqliteStore(sqliteStoreFileOf(dataDir));
    const postgres = await openPostgresStore(database.url, { max: 2 });
    try {
      const differing: string[] = [];
      const all = readings(sourceHead.position);
      let answered = 0;
      for (const [name, read] of all) {
        const [expected, actual] = [await settle(read(sqlite)), await settle(read(postgres))];
        if (
          !['null', '[]', '{}', undefined].includes(JSON.stringify((expected as { value?: unknown }).value))
        )
          answered += 1;
        try {
          expect(actual).toEqual(expected);
        } catch {
          differing.push(
            `${name}:\n  sqlite   ${JSON.stringify(expected)}\n  postgres ${JSON.stringify(actual)}`,
          );
        }
      }
      expect(differing.join('\n')).toBe('');
      // Most readings found something to compare (the fixture's rows), not two empty answers.
      expect(answered).toBeGreaterThan(all.length * 0.7);

      // The chain: the project's verifier, through the PostgreSQL Store, with DIR's CA and seal file.
      const caPem = await readFile(pkiPaths(dataDir).caCert, 'utf8');
      const sealFile = await readSealFile(dataDir);
      const verdict = await verifyTrail(trailSourceOfStore(postgres), { caPem, sealFile: sealFile! });
      expect(verdict).toMatchObject({
        ok: true,
        recordsChecked: sourceHead.position + 1,
        headPosition: sourceHead.position + 1,
        sealsChecked: 3, // the collector's and the auditor's in the store, and the seal file
      });
      const head = (await postgres.auditHead())!;
      expect(head).toMatchObject({ position: sourceHead.position + 1, previousHash: sourceHead.hash });
      const record = (await postgres.listAudit({ afterPosition: sourceHead.position, limit: 1 }))[0]!;
      expect(record).toMatchObject({
        action: 'store.migrated',
        detail: {
          from: dataDir,
          records: sourceHead.position,
          headHash: sourceHead.hash,
          tables: expectedRows,
        },
      });

      // The PostgreSQL store continues where SQLite stopped: collector seqs, identity, seals, the chain.
      const crossUse = {
        deviceId: 'dev-01',
        ruleId: 'printer-cross-use-absent',
        clause: '3.7.4',
        subject: PRINTERS[0]!,
        status: 'fail' as const,
        severity: 'high' as const,
        evidence: {},
        reason: 'printer shared across classifications',
        observedAtMs: POPULATED_T0 + 30_000,
        sweepId: '',
      };
      for (const store of [sqlite, postgres])
        await store.recordCollectorFindings([crossUse], POPULATED_T0 + 30_000);
      const collectorSeqs = async (store: Store) =>
        ((await allFindings(store, { deviceId: 'dev-01', history: true })) as Array<{ seq: number }>)
          .map((finding) => finding.seq)
          .filter((seq) => seq < 0);
      expect(await collectorSeqs(postgres)).toEqual(await collectorSeqs(sqlite));
      expect(await collectorSeqs(postgres)).toContain(-2);
      const before = await postgres.ledgerHistory('dev-05', 100);
      await postgres.importLedger(
        [ledgerEntryFor('dev-05', { department: '一处', location: '999' })],
        { fileName: 'after.csv' },
        { actor: 'admin:wang', source: 'local' },
        { dryRun: false },
      );
      const after = await postgres.ledgerHistory('dev-05', 100);
      expect(after.slice(1)).toEqual(before);
      expect(after[0]).toMatchObject({ field: 'location', newValue: '999', action: 'ledger.imported' });
      expect(await verifyTrail(trailSourceOfStore(postgres), { caPem })).toMatchObject({
        ok: true,
        // the migration's record, then the import's (collector findings write no record)
        headPosition: sourceHead.position + 2,
      });
    } finally {
      await sqlite.close();
      await postgres.close();
    }
  });

  it('refuses a target that already holds shoumi data, naming it, and writes nothing', async () => {
    const database = await freshDatabase();
    const first = await migrateStore({ dataDir, url: database.url });
    const held = await rowsIn(database.url);
    const raw = await openConnection(sqliteStoreFileOf(dataDir), 'read-only');
    const devices = (await raw.get<{ n: number }>('SELECT count(*) AS n FROM devices'))!.n;
    await raw.close();
    await expect(migrateStore({ dataDir, url: database.url })).rejects.toThrow(
      new RegExp(
        `already holds shoumi data \\(audit ${first.migrationRecord.position}, audit_seals 2, devices ${devices}, .*nothing was written`,
      ),
    );
    expect(await rowsIn(database.url)).toEqual(held);
    expect(held.audit).toBe(first.migrationRecord.position);
  });

  it('a failure half-way (a row PostgreSQL refuses) leaves the target empty', async () => {
    const dir = path.join(root, 'clash');
    await mkdir(dir, { mode: 0o700 });
    const store = await openSqliteStore(sqliteStoreFileOf(dir));
    const ids = ['clash-a', 'clash-b', 'clash-c', 'clash-d', 'clash-e'];
    await store.importLedger(
      ids.map((id) => ledgerEntryFor(id)),
      {},
      { actor: 'admin:wang', source: 'local' },
      { dryRun: false },
    );
    for (const id of ids) await store.recordHello(helloFor(id), POPULATED_T0);
    await store.close();
    // A pair of one asset number, as a store from before migration 10 may hold: the last device in key order.
    const raw = await openConnection(sqliteStoreFileOf(dir), 'read-write');
    await raw.exec('DROP TRIGGER devices_asset_number_unique_on_update');
    await raw.run("UPDATE devices SET asset_number = 'ZC-clash-a' WHERE device_id = 'clash-e'");
    await raw.close();
    const database = await freshDatabase();
    const copied: string[] = [];
    await expect(
      migrateStore({ dataDir: dir, url: database.url, batchRows: 2, onTable: (table) => copied.push(table) }),
    ).rejects.toThrow(
      /table devices, rows from key \(clash-e\): two devices of the SQLite store share an asset number/,
    );
    // The audit and seal tables had been copied, and two pages of devices, before the refusal.
    expect(copied).toEqual(['audit', 'audit_seals']);
    expect(await rowsIn(database.url)).toEqual(emptyEverywhere());
  });

  it('refuses while a collector holds DIR, and a missing DIR, a directory without a store, a bad URL', async () => {
    const database = await freshDatabase();
    const lock = await lockDataDir(dataDir);
    try {
      await expect(migrateStore({ dataDir, url: database.url })).rejects.toThrow(
        new RegExp(`data directory ${dataDir} is in use by another collector \\(pid ${process.pid}\\)`),
      );
    } finally {
      await lock.release();
    }
    await expect(migrateStore({ dataDir: path.join(root, 'nowhere'), url: database.url })).rejects.toThrow(
      /--from .*nowhere: no such directory/,
    );
    const empty = path.join(root, 'empty');
    await mkdir(empty);
    await expect(migrateStore({ dataDir: empty, url: database.url })).rejects.toThrow(
      /no collector store at .*empty\/collector\.sqlite/,
    );
    await expect(migrateStore({ dataDir, url: 'mysql://db/shoumi' })).rejects.toBeInstanceOf(
      MigrationRefused,
    );
    await expect(migrateStore({ dataDir, url: 'mysql://db/shoumi' })).rejects.toThrow(
      /--to mysql:\/\/db\/shoumi: expected a postgres:\/\/ or postgresql:\/\/ URL/,
    );
    expect(await rowsIn(database.url).catch(() => 'no schema')).toBe('no schema');
    // Every refusal released DIR: a collector could start on it now.
    const again = await lockDataDir(dataDir);
    await again.release();
  });

  it("carries a first release's format boundary: its format-1 records verify on PostgreSQL too", async () => {
    // A store as release 1 left it (schema 7, records hashed by the old format), upgraded and written on.
    const dir = path.join(root, 'legacy');
    await mkdir(dir, { mode: 0o700 });
    const old = await openConnection(sqliteStoreFileOf(dir), 'read-write');
    for (const migration of MIGRATIONS.filter((m) => m.version <= 7)) await old.exec(migration.sql);
    await old.exec('PRAGMA user_version = 7');
    let previousHash = GENESIS_PREVIOUS_HASH;
    for (let position = 1; position <= 4; position++) {
      const content = {
        position,
        atMs: POPULATED_T0 + position,
        actor: 'collector',
        source: 'local',
        action: 'ledger.updated',
        target: `PC-${position}`,
        detail: { note: `第 ${position} 条`, changed: ['department'] },
        outcome: 'allowed' as const,
      };
      const hash = legacyAuditRecordHash('sha256', previousHash, content);
      await old.run(
        `INSERT INTO audit (position, at_ms, actor, source, action, target, detail, outcome, algorithm,
           previous_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'sha256', ?, ?)`,
        [
          position,
          content.atMs,
          'collector',
          'local',
          content.action,
          content.target,
          JSON.stringify(content.detail),
          'allowed',
          previousHash,
          hash,
        ],
      );
      previousHash = hash;
    }
    await old.close();
    const upgraded = await openSqliteStore(sqliteStoreFileOf(dir));
    await upgraded.appendAudit(
      {
        actor: 'collector',
        source: 'local',
        action: 'collector.started',
        target: dir,
        detail: { b: 1, a: 2 },
        outcome: 'allowed',
      },
      POPULATED_T0 + 10,
    );
    expect(await upgraded.auditFormatBoundary()).toBe(5);
    await upgraded.close();

    const database = await freshDatabase();
    const report = await migrateStore({ dataDir: dir, url: database.url });
    expect(report.target).toMatchObject({ ok: true, recordsChecked: 6, headPosition: 6 });
    const postgres = await openPostgresStore(database.url, { max: 1 });
    try {
      expect(await postgres.auditFormatBoundary()).toBe(5);
      // The boundary row is fixed again once the migration committed.
      const client = new pg.Client({ connectionString: database.url });
      await client.connect();
      await expect(client.query('UPDATE audit_format SET canonical_from = 1')).rejects.toThrow(/append-only/);
      await client.end();
    } finally {
      await postgres.close();
    }
  });

  it('refuses a source whose audit chain does not verify, naming the record, and writes nothing', async () => {
    const dir = path.join(root, 'tampered');
    await mkdir(dir, { mode: 0o700 });
    const store = await openSqliteStore(sqliteStoreFileOf(dir));
    for (let i = 0; i < 5; i++)
      await store.appendAudit(
        {
          actor: 'collector',
          source: 'local',
          action: 'policy.reloaded',
          target: `p${i}`,
          detail: { i },
          outcome: 'allowed',
        },
        POPULATED_T0 + i,
      );
    await store.close();
    const raw = await openConnection(sqliteStoreFileOf(dir), 'read-write');
    await raw.exec('DROP TRIGGER audit_no_update');
    await raw.run(`UPDATE audit SET target = 'p-changed' WHERE position = 3`);
    await raw.close();
    const database = await freshDatabase();
    await expect(migrateStore({ dataDir: dir, url: database.url })).rejects.toThrow(
      /audit chain does not verify; migrating would carry it broken[\s\S]*BROKEN at record 3/,
    );
    // Refused before PostgreSQL was touched: not even its schema was made.
    expect(await rowsIn(database.url).catch(() => 'no schema')).toBe('no schema');
  });

  it('the command runs as a real process: exit 0 with the summary, then exit 2 naming the refusal', async () => {
    const database = await freshDatabase();
    const cli = [process.execPath, '--import', 'tsx', 'collector/main.ts', 'migrate', '--from', dataDir];
    const done = await run(cli[0]!, [...cli.slice(1), '--to', database.url], { cwd: REPO });
    expect(done.stdout).toMatch(/迁移完成 \/ migrated: .* → postgres:\/\/shoumi_test:\*\*\*@/);
    expect(done.stdout).toMatch(/audit chain verified on PostgreSQL: \d+ records and 3 seals as on SQLite/);
    expect(done.stdout).toMatch(/migration record: position \d+ store\.migrated/);
    expect(done.stdout).toMatch(/cluster upload --store URL --key-file KEY --data /);
    expect(done.stdout).not.toContain('shoumi_test@');
    const refused = await run(cli[0]!, [...cli.slice(1), '--to', database.url], { cwd: REPO }).catch(
      (error: { code: number; stderr: string }) => error,
    );
    expect(refused).toMatchObject({ code: 2 });
    expect((refused as { stderr: string }).stderr).toMatch(/already holds shoumi data/);
  });
});
