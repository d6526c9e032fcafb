// Corrective measures and the inspection material of a sweep or a window, on a real SQLite file.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AuditContext, Store } from '../store';
import { InvalidStoreInputError } from '../store-errors';
import { findingOf, helloFor } from '../store-fixtures';
import { openConnection } from './connection';
import { openSqliteStore } from './index';

const ADMIN: AuditContext = { actor: 'admin@test', source: 'local' };
const T0 = Date.UTC(2026, 10, 3, 1, 0, 0);
const USB = { ruleId: 'usb-storage-registered', clause: '3.7.4', subject: '0781:5567:AA01' };
const WIFI = { ruleId: 'wifi-radio-absent', clause: '3.7.8', subject: 'phy0' };

describe('sqlite dispositions and inspection material', () => {
  let directory: string;
  let file: string;
  let store: Store;
  beforeEach(async () => {
    directory = await mkdtemp(join(tmpdir(), 'shoumi-dispositions-'));
    file = join(directory, 'collector.db');
    store = await openSqliteStore(file);
    await store.recordHello(helloFor('dev-a'), T0 - 1000);
    await store.recordHello(helloFor('dev-b'), T0 - 1000);
    await store.recordHello(helloFor('dev-c'), T0 - 1000);
    await store.updateLedger(
      'dev-a',
      { assetNumber: 'BM-001', classification: 'confidential', responsiblePerson: '张三' },
      ADMIN,
    );
  });
  afterEach(async () => {
    await store.close();
    await rm(directory, { recursive: true, force: true });
  });

  /** Writes what the sweep runner writes, through a connection of its own (this file only reads them). */
  async function seedSweep(sweepId: string, targets: Array<[string, string, number, string]>) {
    const connection = await openConnection(file, 'read-write');
    await connection.exec('PRAGMA busy_timeout = 5000');
    await connection.run(
      `INSERT INTO sweeps (sweep_id, created_at_ms, requested_by, rule_ids, completed_at_ms) VALUES (?, ?, 'admin@test', '[]', ?)`,
      [sweepId, T0, T0 + 60_000],
    );
    for (const [deviceId, state, answeredAtMs, error] of targets) {
      await connection.run(
        'INSERT INTO sweep_targets (sweep_id, device_id, state, answered_at_ms, error) VALUES (?, ?, ?, ?, ?)',
        [sweepId, deviceId, state, answeredAtMs, error],
      );
    }
    await connection.close();
  }

  it('records a measure for a current finding, with its audit record in the same transaction', async () => {
    await store.recordFindings('dev-a', [findingOf(1, { ...USB, observedAtMs: T0 })], T0);
    const outcome = await store.markFinding(
      { deviceId: 'dev-a', ...USB, measure: '收回U盘并登记', completed: false },
      ADMIN,
      T0 + 10,
    );
    expect(outcome.kind).toBe('recorded');
    if (outcome.kind !== 'recorded') return;
    expect(outcome.disposition).toEqual({
      deviceId: 'dev-a',
      ruleId: USB.ruleId,
      subject: USB.subject,
      measure: '收回U盘并登记',
      completed: false,
      completedAtMs: 0,
      recordedBy: 'admin@test',
      recordedAtMs: T0 + 10,
      auditPosition: outcome.disposition.auditPosition,
    });
    const audit = await store.listAudit({ limit: 100 });
    const record = audit.find((entry) => entry.position === outcome.disposition.auditPosition)!;
    expect(record).toMatchObject({
      action: 'finding.disposition',
      actor: 'admin@test',
      target: `finding:dev-a/${USB.ruleId}/${USB.subject}`,
      outcome: 'allowed',
      detail: {
        deviceId: 'dev-a',
        ruleId: USB.ruleId,
        subject: USB.subject,
        findingStatus: 'fail',
        before: null,
        after: { measure: '收回U盘并登记', completed: false },
      },
    });

    // Completing it keeps the first completion time; a later edit records who and when again.
    const done = await store.markFinding(
      { deviceId: 'dev-a', ...USB, measure: '收回U盘并登记', completed: true },
      ADMIN,
      T0 + 20,
    );
    const again = await store.markFinding(
      { deviceId: 'dev-a', ...USB, measure: '收回U盘并登记（复核）', completed: true },
      ADMIN,
      T0 + 30,
    );
    expect(done.kind === 'recorded' && done.disposition.completedAtMs).toBe(T0 + 20);
    expect(again.kind === 'recorded' && again.disposition).toMatchObject({
      completedAtMs: T0 + 20,
      recordedAtMs: T0 + 30,
    });
    const [stored] = await store.dispositionsFor([{ deviceId: 'dev-a', ...USB }]);
    expect(stored).toMatchObject({
      measure: '收回U盘并登记（复核）',
      completed: true,
      completedAtMs: T0 + 20,
    });
    const trail = (await store.listAudit({ limit: 100 })).filter(
      (entry) => entry.action === 'finding.disposition',
    );
    expect(trail.map((entry) => entry.detail.before)).toEqual([
      null,
      { measure: '收回U盘并登记', completed: false },
      { measure: '收回U盘并登记', completed: true },
    ]);
  });

  it('refuses an unknown device, a key with no current finding and an empty measure, changing nothing', async () => {
    await store.recordFindings('dev-a', [findingOf(1, { ...USB, observedAtMs: T0 })], T0);
    const before = await store.listAudit({ limit: 100 });
    expect(
      await store.markFinding({ deviceId: 'nope', ...USB, measure: 'x', completed: false }, ADMIN, T0),
    ).toEqual({
      kind: 'unknown-device',
    });
    expect(
      await store.markFinding(
        { deviceId: 'dev-a', ...USB, subject: 'other', measure: 'x', completed: false },
        ADMIN,
        T0,
      ),
    ).toEqual({ kind: 'no-current-finding' });
    await expect(
      store.markFinding({ deviceId: 'dev-a', ...USB, measure: '   ', completed: false }, ADMIN, T0),
    ).rejects.toThrow(InvalidStoreInputError);
    expect(await store.listAudit({ limit: 100 })).toEqual(before);
    expect(await store.dispositionsFor([{ deviceId: 'dev-a', ...USB }])).toEqual([]);
  });

  it("reads a sweep's targets, its tagged findings per key and the measures of its problems", async () => {
    await store.recordFindings(
      'dev-a',
      [
        findingOf(1, { ...USB, status: 'fail', observedAtMs: T0 - 5000, sweepId: '' }), // before the sweep
        findingOf(2, { ...USB, status: 'fail', observedAtMs: T0 + 1000, sweepId: 'sw-1' }),
        findingOf(3, { ...WIFI, status: 'fail', observedAtMs: T0 + 1000, sweepId: 'sw-1' }),
        findingOf(4, { ...WIFI, status: 'pass', observedAtMs: T0 + 2000, sweepId: 'sw-1' }),
      ],
      T0 + 2000,
    );
    await store.recordFindings(
      'dev-b',
      [findingOf(1, { ...USB, status: 'pass', observedAtMs: T0 + 1500, sweepId: 'sw-1' })],
      T0 + 2000,
    );
    await store.markFinding(
      { deviceId: 'dev-a', ...USB, measure: '收回U盘并登记', completed: true },
      ADMIN,
      T0 + 3000,
    );
    await seedSweep('sw-1', [
      ['dev-a', 'answered', T0 + 2000, ''],
      ['dev-b', 'answered', T0 + 1500, ''],
      ['dev-c', 'pending', 0, ''],
    ]);

    expect(await store.inspectionMaterial({ kind: 'sweep', sweepId: 'sw-unknown' })).toBeNull();
    const material = (await store.inspectionMaterial({ kind: 'sweep', sweepId: 'sw-1' }))!;
    expect(material.sweep).toEqual({
      sweepId: 'sw-1',
      createdAtMs: T0,
      completedAtMs: T0 + 60_000,
      requestedBy: 'admin@test',
      ruleIds: [],
    });
    expect(material.targets.map((target) => [target.deviceId, target.state])).toEqual([
      ['dev-a', 'answered'],
      ['dev-b', 'answered'],
      ['dev-c', 'pending'],
    ]);
    expect(material.devices.map((device) => [device.deviceId, device.assetNumber])).toEqual([
      ['dev-a', 'BM-001'],
      ['dev-b', ''],
      ['dev-c', ''],
    ]);
    const keys = material.keys.map(({ latest, lastProblem }) => [
      latest.deviceId,
      latest.ruleId,
      latest.seq,
      latest.status,
      lastProblem?.seq ?? null,
    ]);
    expect(keys).toEqual([
      ['dev-a', USB.ruleId, 2, 'fail', 2],
      ['dev-a', WIFI.ruleId, 4, 'pass', 3],
      ['dev-b', USB.ruleId, 1, 'pass', null],
    ]);
    expect(material.dispositions.map((disposition) => [disposition.deviceId, disposition.ruleId])).toEqual([
      ['dev-a', USB.ruleId],
    ]);
  });

  it('reads a window: findings observed in it, agent-made and collector-made, ends inclusive', async () => {
    await store.recordFindings(
      'dev-a',
      [
        findingOf(1, { ...USB, status: 'fail', observedAtMs: T0 - 1 }),
        findingOf(2, { ...WIFI, status: 'fail', observedAtMs: T0 }),
        findingOf(3, { ...WIFI, status: 'fail', observedAtMs: T0 + 1000 }),
        findingOf(4, { ...USB, status: 'pass', observedAtMs: T0 + 1001 }),
      ],
      T0 + 2000,
    );
    await store.recordCollectorFindings(
      [
        {
          deviceId: 'dev-b',
          ruleId: 'agent-reports-regularly',
          clause: '3.7.5',
          subject: '',
          status: 'fail',
          severity: 'high',
          evidence: {},
          reason: 'silent for 2 h',
          observedAtMs: T0 + 500,
          sweepId: '',
        },
      ],
      T0 + 500,
    );
    const material = (await store.inspectionMaterial({ kind: 'window', fromMs: T0, toMs: T0 + 1000 }))!;
    expect(material.sweep).toBeNull();
    expect(material.targets).toEqual([]);
    // Every ledger device not retired may belong to the window (dev-c: in service, nothing observed in it).
    expect(material.devices.map((device) => device.deviceId)).toEqual(['dev-a', 'dev-b', 'dev-c']);
    expect(
      material.keys.map(({ latest, lastProblem }) => [
        latest.deviceId,
        latest.ruleId,
        latest.seq,
        lastProblem?.seq,
      ]),
    ).toEqual([
      ['dev-a', WIFI.ruleId, 3, 3],
      ['dev-b', 'agent-reports-regularly', -1, -1],
    ]);
    expect(material.keys[1]!.latest.origin).toBe('collector');
  });
});
