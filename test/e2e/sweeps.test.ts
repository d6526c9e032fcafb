// Fleet sweeps and silent agents, end to end: a real collector and three real agents as separate processes
// over loopback gRPC, each reading the recorded clean machine (test/fixtures/roots/clean) from its own data
// directory and told apart by --device-id (they share the recorded machine-id, from which the device id
// would otherwise be derived, so without it they would be one device).
//
// The collector runs a copy of the baseline policy that allows 2 s of silence; the live agents heartbeat
// every 300 ms, so only the one killed with SIGKILL goes silent. Phases run in order on one deployment:
// (1) a scheduled sweep fires and counts the killed agent offline, and `sweep run --wait` times out naming
// it; (2) the killed agent is flagged silent; (3) restarted, it runs the sweeps it missed and is heard
// again; (4) a schedule that missed a fire while the collector was down fires once at start-up.
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { SweepStatus__Output } from '../../proto/generated/shoumi/v1/SweepStatus';
import { type Deployment, deployment } from '../support/collector-fixture';
import { eventually, REPO, type Running, run } from '../support/processes';

const ROOT = path.join(REPO, 'test', 'fixtures', 'roots', 'clean');
const LIVE = ['e2e-sweep-a', 'e2e-sweep-b'];
const KILLED = 'e2e-sweep-c';
const SILENCE_RULE = 'agent-reports-regularly';

describe('fleet sweeps, schedules, offline and silent agents', () => {
  const agents = new Map<string, Running>();
  let collector: Running;
  let world: Deployment;
  let policyFile: string;
  let scheduledSweep: SweepStatus__Output;

  afterAll(async () => {
    await Promise.all(
      [...agents.values(), collector].filter(Boolean).map((process) => process.kill('SIGKILL')),
    );
    world?.admin.close();
  });

  const ctl = (...args: string[]) => run('shoumictl', world.ctl(args));
  const startAgent = (deviceId: string) => {
    const agent = world.startAgent(deviceId, [
      '--root',
      ROOT,
      '--device-id',
      deviceId,
      '--heartbeat',
      '300ms',
      '--interval',
      '1h',
      '--no-events',
    ]);
    agents.set(deviceId, agent);
    return agent;
  };
  const silenceStatus = async (deviceId: string) => {
    const page = await world.admin.listFindings({ deviceId, ruleId: SILENCE_RULE, limit: 10 });
    return page.findings.find((finding) => finding.subject === '');
  };
  const connected = async () =>
    new Set(
      (await world.admin.listDevices({ limit: 100 })).devices
        .filter((device) => device.connected)
        .map((device) => device.deviceId),
    );

  it('a scheduled sweep fires and reports coverage, counting the killed agent offline', {
    timeout: 40_000,
  }, async () => {
    world = await deployment();
    const baseline = await readFile(path.join(REPO, 'policies', 'baseline.yaml'), 'utf8');
    const quick = baseline.replace(/max_silence_seconds: 1800\b/, 'max_silence_seconds: 2');
    expect(quick).not.toBe(baseline);
    policyFile = path.join(world.dir, 'policy-2s-silence.yaml');
    await writeFile(policyFile, quick);
    collector = await world.startCollector(['--policy', policyFile]);

    for (const deviceId of [...LIVE, KILLED]) startAgent(deviceId);
    await eventually(
      async () => ((await connected()).size === 3 ? true : undefined),
      'three agents connected',
      15_000,
    );
    await agents.get(KILLED)!.kill('SIGKILL');
    await eventually(
      async () => (!(await connected()).has(KILLED) ? true : undefined),
      'the collector to notice the killed agent is gone',
      10_000,
    );

    const scheduled = await ctl('--json', 'sweep', 'schedule', '*/2 * * * * *', '--tz', 'Asia/Shanghai');
    expect(scheduled.stderr).toBe('');
    expect(scheduled.code).toBe(0);
    const schedule = JSON.parse(scheduled.stdout) as { scheduleId: string; nextFireMs: number; cron: string };
    expect(schedule).toMatchObject({ cron: '*/2 * * * * *', timezone: 'Asia/Shanghai' });
    expect(schedule.nextFireMs).toBeGreaterThan(Date.now() - 1000);

    scheduledSweep = await eventually(
      async () => {
        const { sweeps } = await world.admin.listSweeps({ limit: 10 });
        const fired = sweeps.find((sweep) => sweep.scheduleId === schedule.scheduleId);
        if (!fired) return undefined;
        const status = await world.admin.getSweep({ sweepId: fired.sweepId });
        return status.answered === 2 ? status : undefined;
      },
      'the scheduled sweep answered by both live agents',
      10_000,
    );
    // Stop firing: the sweeps already fired are what the killed agent must catch up on.
    await world.admin.deleteSweepSchedule({ scheduleId: schedule.scheduleId });

    expect(scheduledSweep).toMatchObject({
      requestedBy: `schedule:${schedule.scheduleId}`,
      targets: 3,
      answered: 2,
      failed: 0,
      offline: 1,
      waiting: 0,
      completedAtMs: 0,
    });
    expect(scheduledSweep.targetList.map((target) => [target.deviceId, target.state]).sort()).toEqual([
      [LIVE[0], 'answered'],
      [LIVE[1], 'answered'],
      [KILLED, 'pending'],
    ]);
    const shown = await ctl('sweep', 'show', scheduledSweep.sweepId);
    expect(shown.code).toBe(0);
    expect(shown.stdout).toContain('answered 2  failed 0  offline 1  waiting 0');
    expect(shown.stdout).toMatch(new RegExp(`${KILLED}\\s+\\S+\\s+offline`));

    // A manual sweep with --wait cannot complete while the agent is away: exit 1, naming who did not answer.
    const waited = await ctl(
      'sweep',
      'run',
      '--wait',
      '--timeout',
      '2s',
      '--rules',
      'usb-storage-registered',
    );
    expect(waited.code).toBe(1);
    expect(waited.stderr).toContain(`not answered: ${KILLED} (offline)`);
    expect(waited.stderr).toMatch(/answered 2 {2}failed 0 {2}offline 1/);
    expect(waited.stdout).toMatch(new RegExp(`${LIVE[0]}\\s+\\S+\\s+answered`));
  });

  it('flags the killed agent silent, and only that one', { timeout: 15_000 }, async () => {
    const flagged = await eventually(
      async () => {
        const finding = await silenceStatus(KILLED);
        return finding?.status === 'FAIL' ? finding : undefined;
      },
      `${SILENCE_RULE} to fail for the killed agent`,
      10_000,
    );
    const evidence = JSON.parse(flagged.evidenceJson) as Record<string, number>;
    expect(evidence.maxSilenceSeconds).toBe(2);
    expect(evidence.silentForSeconds).toBeGreaterThanOrEqual(2);
    expect(evidence.lastSeenMs).toBeGreaterThan(0);
    expect(flagged).toMatchObject({ clause: '3.7.5', origin: 'collector' });
    for (const deviceId of LIVE) expect((await silenceStatus(deviceId))?.status).not.toBe('FAIL');
  });

  it('the restarted agent runs the sweeps it missed and is heard again', { timeout: 20_000 }, async () => {
    startAgent(KILLED);
    const caughtUp = await eventually(
      async () => {
        const status = await world.admin.getSweep({ sweepId: scheduledSweep.sweepId });
        return status.completedAtMs > 0 ? status : undefined;
      },
      'the scheduled sweep to complete once the agent is back',
      15_000,
    );
    expect(caughtUp).toMatchObject({ targets: 3, answered: 3, offline: 0, waiting: 0 });
    expect(caughtUp.targetList.find((target) => target.deviceId === KILLED)).toMatchObject({
      state: 'answered',
      error: '',
    });
    expect(
      Number(caughtUp.targetList.find((target) => target.deviceId === KILLED)!.answeredAtMs),
    ).toBeGreaterThan(
      Number(caughtUp.targetList.find((target) => target.deviceId === LIVE[0])!.answeredAtMs),
    );
    await eventually(
      async () => ((await silenceStatus(KILLED))?.status === 'PASS' ? true : undefined),
      `${SILENCE_RULE} to pass again for the returned agent`,
      5_000,
    );
    // Every sweep the schedule fired is complete now: the agent ran each one it missed.
    const { sweeps } = await world.admin.listSweeps({ limit: 50 });
    const fired = sweeps.filter((sweep) => sweep.scheduleId === scheduledSweep.scheduleId);
    expect(fired.length).toBeGreaterThan(0);
    await eventually(
      async () => {
        const now = await Promise.all(fired.map((sweep) => world.admin.getSweep({ sweepId: sweep.sweepId })));
        return now.every((sweep) => sweep.answered === 3) ? true : undefined;
      },
      'every fired sweep answered by all three',
      5_000,
    );
  });

  it('a schedule that missed its time while the collector was down fires once at start-up', {
    timeout: 20_000,
  }, async () => {
    // Every second; down for longer than a second, so at least one scheduled second passes unfired.
    const { scheduleId } = await world.admin.scheduleSweep({
      cron: '* * * * * *',
      timezone: '',
      ruleIds: ['usb-storage-registered'],
    });
    await collector.kill('SIGTERM');
    await new Promise((resolve) => setTimeout(resolve, 1200));
    collector = await world.startCollector(['--policy', policyFile]);
    const fired = await collector.waitForLog('scheduled sweep fired', 5000);
    expect(fired).toMatchObject({ scheduleId, why: 'missed while down' });
    const [resumed] = (await world.admin.listSweepSchedules({})).schedules;
    expect(resumed?.scheduleId).toBe(scheduleId);
    expect(resumed!.lastFiredMs).toBeGreaterThan(0);
    const catchUp = await world.admin.getSweep({ sweepId: String(fired.sweepId) });
    expect(catchUp).toMatchObject({
      scheduleId,
      requestedBy: `schedule:${scheduleId}`,
      ruleIds: ['usb-storage-registered'],
    });
  });
});
