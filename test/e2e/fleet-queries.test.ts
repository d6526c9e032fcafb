// shoumictl's fleet queries against a real collector process on loopback, over a generated fleet of 300
// devices: every filter flag reaches the store (each answer checked against the rows), pages join up, and
// a bad value is refused with an error naming its flag before anything is asked of the collector.
import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deviceIdOf, type GeneratedFleet, generateFleet } from '../../bench/fleet-generator';
import type { StoredFinding__Output } from '../../proto/generated/shoumi/v1/StoredFinding';
import { type Deployment, deployment } from '../support/collector-fixture';
import { type Running, run } from '../support/processes';

const DEVICES = 300;

describe('shoumictl fleet queries', () => {
  let fleetDeployment: Deployment;
  let collector: Running;
  let fleet: GeneratedFleet;
  let everything: StoredFinding__Output[];

  const ctl = (...args: string[]) => run('shoumictl', fleetDeployment.ctl(['--json', ...args]));
  const findings = async (...args: string[]): Promise<StoredFinding__Output[]> => {
    const result = await ctl('findings', '--limit', '100000', ...args);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    return (JSON.parse(result.stdout) as { findings: StoredFinding__Output[] }).findings;
  };
  const keys = (list: readonly StoredFinding__Output[]) =>
    list.map((finding) => `${finding.deviceId}|${finding.ruleId}|${finding.subject}`);

  beforeAll(async () => {
    fleetDeployment = await deployment();
    const dataDir = path.join(fleetDeployment.dir, 'collector');
    await mkdir(dataDir, { recursive: true });
    fleet = await generateFleet(path.join(dataDir, 'collector.sqlite'), { devices: DEVICES, seed: 3 });
    collector = await fleetDeployment.startCollector();
    everything = await findings('--page-size', '1000');
  });
  afterAll(async () => {
    await collector?.kill();
    fleetDeployment?.admin.close();
    if (fleetDeployment) await rm(fleetDeployment.dir, { recursive: true, force: true });
  });

  it('answers status with the counts the fleet was generated with', async () => {
    const result = await ctl('status');
    expect(result.code).toBe(0);
    const status = JSON.parse(result.stdout) as Record<string, unknown>;
    const { notJudged, ...counts } = fleet.expected;
    expect(status).toMatchObject({ ...counts, notYetJudged: notJudged });
    expect(notJudged).toBeGreaterThan(0);
    expect(everything).toHaveLength(fleet.currentFindings);
  });

  it('filters findings by rule, status, department, classification, sweep and time, in small pages', async () => {
    // Department and classification are the ledger's, so they are checked against ListDevices.
    const devices = JSON.parse(
      (await ctl('devices', '--department', fleet.departments[1]!, '--classification', '机密')).stdout,
    ) as { devices: Array<{ deviceId: string; department: string; classification: string }> };
    expect(devices.devices.length).toBeGreaterThan(3);
    expect(devices.devices.every((device) => device.classification === 'CONFIDENTIAL')).toBe(true);
    const inDepartment = new Set(devices.devices.map((device) => device.deviceId));
    const failingThere = await findings(
      '--department',
      fleet.departments[1]!,
      '--classification',
      'confidential',
      '--status',
      'fail',
      '--page-size',
      '3',
    );
    expect(keys(failingThere)).toEqual(
      keys(everything.filter((f) => inDepartment.has(f.deviceId) && f.status === 'FAIL')),
    );

    const rule = await findings('--rule', 'usb-storage-registered', '--open', '--page-size', '2');
    expect(keys(rule)).toEqual(
      keys(
        everything.filter(
          (f) => f.ruleId === 'usb-storage-registered' && (f.status === 'FAIL' || f.status === 'ERROR'),
        ),
      ),
    );
    expect(rule.length).toBeGreaterThan(0);

    const sweep = fleet.sweepIds[2]!;
    expect(keys(await findings('--sweep', sweep, '--status', 'error'))).toEqual(
      keys(everything.filter((f) => f.sweepId === sweep && f.status === 'ERROR')),
    );

    // Observations fall on 18–24 November (UTC); a window in explicit UTC picks out 20 November.
    const window = await findings('--from', '2026-11-20T00:00Z', '--to', '2026-11-20T23:59:59Z');
    const expected = everything.filter(
      (f) => f.observedAtMs >= Date.UTC(2026, 10, 20) && f.observedAtMs < Date.UTC(2026, 10, 21),
    );
    expect(expected.length).toBeGreaterThan(100);
    expect(keys(window)).toEqual(keys(expected));

    const one = deviceIdOf(42);
    const history = await findings('--history', '--device', one, '--clause', '3.7.8');
    expect(history.map((f) => f.seq)).toEqual(
      everything
        .filter((f) => f.deviceId === one && f.clause === '3.7.8')
        .map((f) => f.seq)
        .sort((a, b) => a - b),
    );
  });

  it('lists devices by status across pages', async () => {
    const all = JSON.parse((await ctl('devices', '--limit', '7')).stdout) as {
      devices: Array<{ deviceId: string; status: string }>;
    };
    expect(all.devices).toHaveLength(DEVICES);
    const repair = JSON.parse((await ctl('devices', '--status', 'under_repair', '--limit', '2')).stdout) as {
      devices: Array<{ deviceId: string }>;
    };
    expect(repair.devices.map((device) => device.deviceId)).toEqual(
      all.devices.filter((device) => device.status === 'under_repair').map((device) => device.deviceId),
    );
    expect(repair.devices.length).toBeGreaterThan(0);
  });

  it('lists devices failing a clause or rule, by state and by search, across pages', async () => {
    const listed = async (...args: string[]) =>
      (
        JSON.parse((await ctl('devices', '--limit', '7', ...args)).stdout) as {
          devices: Array<{ deviceId: string; state: string; assetNumber: string; hostname: string }>;
        }
      ).devices;
    const openUnder = (match: (finding: StoredFinding__Output) => boolean) =>
      [
        ...new Set(
          everything
            .filter((f) => match(f) && (f.status === 'FAIL' || f.status === 'ERROR'))
            .map((f) => f.deviceId),
        ),
      ].sort();
    const clause = await listed('--clause', '3.7.8');
    expect(clause.map((device) => device.deviceId)).toEqual(openUnder((f) => f.clause === '3.7.8'));
    expect(clause.length).toBeGreaterThan(0);
    const rule = await listed('--rule', 'usb-storage-registered', '--state', 'failing');
    expect(rule.map((device) => device.deviceId)).toEqual(
      openUnder((f) => f.ruleId === 'usb-storage-registered'),
    );
    const failing = await listed('--state', 'failing');
    expect(failing.every((device) => device.state === 'failing')).toBe(true);
    expect(failing.length).toBe(fleet.expected.failing);
    // Asset numbers are BM-<index> (bench/fleet-generator.ts): "bm-00004" is BM-000040 … BM-000049.
    const search = await listed('--search', 'bm-00004');
    expect(search.map((device) => device.deviceId)).toEqual([
      'dev-000040',
      'dev-000041',
      'dev-000042',
      'dev-000043',
      'dev-000044',
      'dev-000045',
      'dev-000046',
      'dev-000047',
      'dev-000048',
      'dev-000049',
    ]);
  });

  it('refuses bad filter values with an error naming the flag', async () => {
    const cases: Array<[string[], RegExp]> = [
      [['findings', '--classification', '超密'], /--classification 超密: not a classification.*机密/],
      [['findings', '--status', 'failed'], /--status failed: not a finding status/],
      [['findings', '--from', '2026-13-01'], /--from 2026-13-01: expected YYYY-MM-DD/],
      [['findings', '--to', 'yesterday'], /--to yesterday: expected YYYY-MM-DD/],
      [['findings', '--from', '2026-11-30', '--to', '2026-11-01'], /--from 2026-11-30 is after --to/],
      [['findings', '--page-size', '0'], /--page-size 0: expected a positive integer/],
      [['devices', '--classification', 'secret-ish'], /--classification secret-ish/],
      [['devices', '--status', 'broken'], /--status broken: .*unknown status "broken"/],
      [['devices', '--state', 'broken'], /state "broken" is not one of compliant, failing/],
      [['devices', '--clause', '9.9'], /clause "9.9" is not a clause of the policy in force/],
    ];
    const results = await Promise.all(cases.map(([args]) => ctl(...args)));
    for (const [index, [args, message]] of cases.entries()) {
      const result = results[index]!;
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stderr).toMatch(message);
      expect(result.stdout).toBe('');
    }
  });
});
