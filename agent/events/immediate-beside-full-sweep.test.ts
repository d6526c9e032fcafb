// A stick plugged in while a full sweep is still reading: its immediate sweep must not wait for the full
// sweep, and the full sweep, which read the USB bus before the stick appeared, must not turn the stick's
// fail back to pass when it commits after it ("newer reading wins", reading-order.ts).
//
// The agent runs in this process (startAgent) against a collector in this process, both on loopback, the
// agent reading a copy of a recorded machine root with the stick held back. The full sweep is a sweep the
// collector commands (so its "send everything" path is exercised too), held by the agent's afterProbeRead
// seam right after its USB probe has read the bus without the stick.
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { AdminClient } from '../../collector/ctl/admin-client';
import type { StoredFinding } from '../../collector/store/store';
import { type InProcessCollector, inProcessCollector } from '../../test/support/in-process-collector';
import { eventually } from '../../test/support/processes';
import { recordedRootWithStickHeldBack } from '../../test/support/recorded-stick-root';
import { roleRoutedAdmin } from '../../test/support/trust-fixture';
import type { AgentLog } from '../agent-log';
import { type AgentRuntime, startAgent } from '../agent-runtime';
import type { SweepRequest } from './sweep-queue';

const DEVICE = 'events-preempt-1';
const STICK = '46f4:0001:SHM0001STICK';
const RULE = 'usb-storage-registered';

/** An AgentLog that keeps its lines for the test to read. */
function keptLog() {
  const lines: Array<{ level: string; message: string } & Record<string, unknown>> = [];
  const keep = (level: string) => (message: string, fields?: Record<string, unknown>) =>
    lines.push({ level, message, ...fields });
  const log: AgentLog = { info: keep('info'), warn: keep('warn'), error: keep('error') };
  return { lines, log };
}

describe('an immediate sweep beside a running full sweep', () => {
  let world: InProcessCollector | undefined;
  let admin: AdminClient | undefined;
  let agent: AgentRuntime | undefined;
  let root: string | undefined;
  let release = () => {};
  afterAll(async () => {
    release();
    await agent?.stop();
    admin?.close();
    await world?.stop();
    if (root) await rm(root, { recursive: true, force: true });
  });

  it('stores the stick’s fail while the full sweep is held, and the full sweep does not undo it', async () => {
    world = await inProcessCollector('preempt');
    const { collector, trust } = world;
    admin = roleRoutedAdmin(collector.adminAddress, trust);
    const stickRoot = await recordedRootWithStickHeldBack('preempt');
    root = stickRoot.root;

    // The seam: once armed, the next full sweep stops right after its USB probe has read the bus.
    let armed = false;
    let entered = () => {};
    const holding = new Promise<void>((resolve) => {
      entered = resolve;
    });
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    const hold = async (fact: string, request: SweepRequest) => {
      if (!armed || fact !== 'usb' || request.onlyRuleIds !== undefined) return;
      armed = false;
      entered();
      await held;
    };

    const { lines, log } = keptLog();
    agent = await startAgent({
      root,
      dataDir: path.join(world.dir, 'agent'),
      collector: collector.agentAddress,
      enrolment: { address: collector.enrolAddress, token: trust.token(), caSha256: trust.caSha256 },
      deviceId: DEVICE,
      intervalMs: 3_600_000,
      reportUnchanged: false,
      heartbeatMs: 1000,
      afterProbeRead: hold,
      log,
    });
    const findings = async (history: boolean): Promise<StoredFinding[]> =>
      (await collector.store.listFindings({ deviceId: DEVICE, ruleId: RULE, history, limit: 1000 })).findings;
    await eventually(
      async () => lines.some((line) => line.message === 'usb watch started') || undefined,
      'the usb watch to start',
    );
    await eventually(async () => ((await findings(false)).length > 0 ? true : undefined), 'the first sweep');
    await eventually(
      async () => lines.some((line) => line.message === 'policy bundle applied') || undefined,
      'the collector’s bundle',
    );
    expect((await findings(false)).filter((finding) => finding.subject === STICK)).toEqual([]);

    armed = true;
    const { sweepId } = await admin.runSweep({ ruleIds: [] });
    await holding;

    const pluggedAtMs = await stickRoot.plug();
    const stickFail = await eventually(
      async () =>
        (await findings(true)).find((finding) => finding.subject === STICK && finding.status === 'fail'),
      'the stick’s fail to be stored while the full sweep is held',
      5000,
      10,
    );
    const storedAfterMs = Date.now() - pluggedAtMs;
    // Still held: the fail reached the outbox and the collector before the full sweep finished.
    expect((await collector.store.getSweep(sweepId))?.sweep.completedAtMs).toBe(0);

    release();
    process.stdout.write(`stick fail stored ${storedAfterMs} ms after plugging, beside a held full sweep\n`);
    await eventually(
      async () => ((await collector.store.getSweep(sweepId))?.sweep.completedAtMs ?? 0) > 0 || undefined,
      'the commanded sweep to be answered',
      10_000,
    );
    // Anything the full sweep sent is in the outbox by the time it answers; give the link time to deliver.
    await eventually(
      async () =>
        (await collector.store.listFindings({ deviceId: DEVICE, sweepId, limit: 1 })).findings.length > 0 ||
        undefined,
      'the commanded sweep’s findings',
    );

    const after = (await findings(true)).filter((finding) => finding.seq > stickFail.seq);
    expect(after.filter((finding) => finding.subject === STICK && finding.status !== 'fail')).toEqual([]);
    expect(after.filter((finding) => finding.sweepId === sweepId)).toEqual([]);
    const current = (await findings(false)).find((finding) => finding.subject === STICK);
    expect(current?.status).toBe('fail');
    // The rest of the full sweep was committed: its other rules were sent under its id.
    const commandedRules = new Set(
      (await collector.store.listFindings({ deviceId: DEVICE, sweepId, limit: 1000 })).findings.map(
        (finding) => finding.ruleId,
      ),
    );
    expect(commandedRules.size).toBeGreaterThan(1);
    expect(commandedRules.has(RULE)).toBe(false);
    expect(lines).toContainEqual(
      expect.objectContaining({
        message: 'sweep left out rules a newer reading already reported',
        sweepId,
        ruleIds: expect.arrayContaining([RULE]),
      }),
    );
  });
});
