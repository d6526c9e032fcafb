import { chmod, mkdir, mkdtemp, rename, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { agentLog } from '../agent-log';
import { machineRoot } from '../probes/machine-root';
import { startRadioWatch } from './radio-watch';
import type { WatchEvent, Watcher } from './watch-event';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function captured() {
  const lines: Record<string, unknown>[] = [];
  return { lines, log: agentLog((line) => lines.push(JSON.parse(line))) };
}

/** A stand-in for udevadm that prints these kernel event lines after its header and keeps running. */
async function fakeUdevadm(eventLines: string[]): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'shoumi-fake-udevadm-'));
  const file = path.join(dir, 'udevadm');
  const echoes = eventLines.map((line) => `echo '${line}'`).join('\n');
  await writeFile(
    file,
    `#!/bin/sh\necho 'monitor will print the received events for:'\n${echoes}\nexec sleep 30\n`,
  );
  await chmod(file, 0o755);
  return file;
}

describe('startRadioWatch', () => {
  let watcher: Watcher | undefined;
  afterEach(() => watcher?.stop());

  it('on the live machine, publishes a lone rfkill change uevent once, at once', async () => {
    const udevadm = await fakeUdevadm([
      'KERNEL[88.102030] change   /devices/virtual/ieee80211/phy0/rfkill0 (rfkill)',
    ]);
    const { lines, log } = captured();
    const events: WatchEvent[] = [];
    watcher = startRadioWatch({
      root: machineRoot('/'),
      onEvent: (event) => events.push(event),
      log,
      platform: 'linux',
      udevadmCommand: udevadm,
      quietMs: 30,
    });
    expect(lines).toEqual([
      expect.objectContaining({
        message: 'radio watch started',
        source: 'udevadm monitor --kernel (rfkill, bluetooth, ieee80211, wwan)',
      }),
    ]);
    await vi.waitFor(() => expect(events).toHaveLength(1));
    expect(events[0]).toMatchObject({
      area: 'radio',
      phase: 'first',
      count: 1,
      detail: 'uevent change /devices/virtual/ieee80211/phy0/rfkill0 (rfkill)',
    });
    await sleep(100); // three quiet periods: a single event gets no settled sweep
    expect(events).toHaveLength(1);
  });

  it('sweeps a radio appearing (phy, then its switch) at once and again once the burst settles', async () => {
    const udevadm = await fakeUdevadm([
      'KERNEL[90.000100] add      /devices/virtual/mac80211_hwsim/hwsim0/ieee80211/phy0 (ieee80211)',
      'KERNEL[90.000900] add      /devices/virtual/mac80211_hwsim/hwsim0/ieee80211/phy0/rfkill0 (rfkill)',
    ]);
    const events: WatchEvent[] = [];
    watcher = startRadioWatch({
      root: machineRoot('/'),
      onEvent: (event) => events.push(event),
      log: captured().log,
      platform: 'linux',
      udevadmCommand: udevadm,
      quietMs: 30,
    });
    await vi.waitFor(() => expect(events.map((event) => event.phase)).toEqual(['first', 'settled']));
    expect(events[1]).toMatchObject({ area: 'radio', count: 2, firstAtMs: events[0]!.firstAtMs });
    expect(events[0]!.detail).toContain('(ieee80211)');
  });

  it('polls sysfs where udevadm is not installed, and says why', async () => {
    const { lines, log } = captured();
    watcher = startRadioWatch({
      root: machineRoot('/'),
      onEvent: () => {},
      log,
      platform: 'linux',
      udevadmCommand: 'shoumi-no-such-udevadm',
    });
    expect(lines).toEqual([
      expect.objectContaining({
        message: 'radio watch started',
        why: 'shoumi-no-such-udevadm is not installed',
      }),
    ]);
    expect(watcher.description).toMatch(
      /^poll every 1000 ms of \/sys\/class\/\{ieee80211,bluetooth,rfkill,wwan\}/,
    );
  });

  it('falls back to the poll when udevadm exits (no uevent socket for it, say)', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'shoumi-fake-udevadm-'));
    const udevadm = path.join(dir, 'udevadm');
    await writeFile(udevadm, '#!/bin/sh\necho "error: Failed to bind socket" >&2\nexit 1\n');
    await chmod(udevadm, 0o755);
    const { lines, log } = captured();
    watcher = startRadioWatch({ root: machineRoot('/'), onEvent: () => {}, log, udevadmCommand: udevadm });
    await vi.waitFor(() => expect(lines).toHaveLength(2));
    expect(lines[1]).toMatchObject({
      message: 'radio watch started',
      why: `${udevadm} monitor exited: ${udevadm} exit code 1: error: Failed to bind socket`,
    });
    expect(watcher.description).toMatch(/^poll every 1000 ms/);
  });

  it('polls a recorded machine root, and publishes a soft block there', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'shoumi-radiowatch-'));
    const device = (state: string) => path.join(dir, 'sys', 'devices', 'virtual', 'rfkill0', state);
    for (const [state, soft] of [
      ['on', '0'],
      ['off', '1'],
    ] as const) {
      await mkdir(device(state), { recursive: true });
      await writeFile(path.join(device(state), 'soft'), `${soft}\n`);
      await writeFile(path.join(device(state), 'hard'), '0\n');
      await writeFile(path.join(device(state), 'state'), soft === '1' ? '0\n' : '1\n');
    }
    await mkdir(path.join(dir, 'sys', 'class', 'rfkill'), { recursive: true });
    const link = path.join(dir, 'sys', 'class', 'rfkill', 'rfkill0');
    await symlink(device('on'), link);
    const { lines, log } = captured();
    const events: WatchEvent[] = [];
    let polls = 0;
    watcher = startRadioWatch({
      root: machineRoot(dir),
      onEvent: (event) => events.push(event),
      log,
      pollIntervalMs: 20,
      quietMs: 10,
      onPolled: () => {
        polls += 1;
      },
    });
    expect(lines[0]).toMatchObject({
      message: 'radio watch started',
      why: 'the machine root is a recorded tree, not this machine',
    });
    // The first tick takes the fingerprint; the next ones find nothing changed.
    await vi.waitFor(() => expect(polls).toBeGreaterThanOrEqual(3));
    expect(events).toEqual([]);
    await symlink(device('off'), `${link}.new`);
    await rename(`${link}.new`, link);
    await vi.waitFor(() => expect(events).toHaveLength(1));
    expect(events[0]).toMatchObject({
      area: 'radio',
      phase: 'first',
      detail: 'poll: rfkill/rfkill0 soft=0 hard=0 state=1 → soft=1 hard=0 state=0',
    });
  });

  it('says once that Windows has no radio source yet, and starts none', () => {
    const { lines, log } = captured();
    watcher = startRadioWatch({ root: machineRoot('/'), onEvent: () => {}, log, platform: 'win32' });
    expect(lines).toEqual([
      expect.objectContaining({
        level: 'warn',
        message: 'no radio change source on this platform yet: radio rules are judged on the schedule only',
        platform: 'win32',
      }),
    ]);
    expect(watcher.description).toBe('none');
  });
});
