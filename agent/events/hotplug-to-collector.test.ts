import { afterAll, describe, expect, it } from 'vitest';
import { type Deployment, deployment } from '../../test/support/collector-fixture';
import { eventually, type Running } from '../../test/support/processes';
import { recordedRootWithStickHeldBack } from '../../test/support/recorded-stick-root';

const DEVICE = 'events-hotplug-1';

describe('a USB stick plugged in reaches the collector', () => {
  const running: Running[] = [];
  let world: Deployment;
  afterAll(async () => {
    await Promise.all(running.map((process) => process.kill('SIGKILL')));
    world?.admin.close();
  });

  it('stores its failing finding within a second of the device node appearing, and logs the latency', async () => {
    world = await deployment();
    const stickRoot = await recordedRootWithStickHeldBack('hotplug');
    const root = stickRoot.root;

    running.push(await world.startCollector());
    const agent = world.startAgent('agent', [
      '--root',
      root,
      '--interval',
      '1h',
      '--device-id',
      DEVICE,
      '--heartbeat',
      '1s',
    ]);
    running.push(agent);
    await agent.waitForLog('usb watch started');
    const before = await eventually(async () => {
      const seq = await world.lastSeq(DEVICE);
      return seq > 0 ? seq : undefined;
    }, 'the first sweep to arrive');
    await agent.waitForLog('link connected');
    // The collector's first bundle carries the same baseline: it must not set off a sweep of its own.
    expect(await agent.waitForLog('policy bundle applied')).toMatchObject({ rulesOrLedgerChanged: false });

    const pluggedAtMs = await stickRoot.plug();

    const storedAfterMs = await eventually(
      async () => ((await world.lastSeq(DEVICE)) > before ? Date.now() - pluggedAtMs : undefined),
      'the stick finding to be stored',
      5000,
      5,
    );
    expect(storedAfterMs).toBeLessThan(1000);

    const history = await world.admin.listFindings({ deviceId: DEVICE, history: true, limit: 1000 });
    const stick = history.findings.filter((finding) => finding.seq > before);
    expect(stick).toContainEqual(
      expect.objectContaining({
        ruleId: 'usb-storage-registered',
        status: 'FAIL',
        subject: expect.any(String),
      }),
    );

    const line = await agent.waitForLog('hotplug finding acknowledged', 3000);
    expect(line).toMatchObject({ area: 'usb', phase: 'first', detail: 'inotify /dev/bus/usb/002/002' });
    expect(line.ruleIds).toContain('usb-storage-registered');
    const { eventAtMs, sweptAtMs, appendedAtMs, ackedAtMs, latencyMs } = line as Record<string, number>;
    expect(eventAtMs).toBeGreaterThanOrEqual(pluggedAtMs);
    expect(eventAtMs).toBeLessThanOrEqual(sweptAtMs);
    expect(sweptAtMs).toBeLessThanOrEqual(appendedAtMs);
    expect(latencyMs).toBe(ackedAtMs - eventAtMs);
    expect(latencyMs).toBeLessThan(1000);
    process.stdout.write(
      `hot-plug to stored: ${storedAfterMs} ms (polled); event to ack: ${latencyMs} ms ` +
        `(sweep ${sweptAtMs - eventAtMs}, outbox ${appendedAtMs - sweptAtMs}, ack ${ackedAtMs - appendedAtMs})\n`,
    );
  });
});
