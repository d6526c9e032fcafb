import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { agentLog } from '../agent-log';
import { machineRoot } from '../probes/machine-root';
import { startUsbWatch } from './usb-watch';
import { loadUsbDetection } from './usb-watch-native';
import type { WatchEvent, Watcher } from './watch-event';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function captured() {
  const lines: Record<string, unknown>[] = [];
  return { lines, log: agentLog((line) => lines.push(JSON.parse(line))) };
}

describe('startUsbWatch', () => {
  let watcher: Watcher | undefined;
  afterEach(() => watcher?.stop());

  it('publishes a stick as a first event at once and a settled one after the burst', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'shoumi-usbwatch-'));
    await mkdir(path.join(dir, 'dev', 'bus', 'usb', '002'), { recursive: true });
    const { lines, log } = captured();
    const events: WatchEvent[] = [];
    watcher = startUsbWatch({
      root: machineRoot(dir),
      onEvent: (event) => events.push(event),
      log,
      quietMs: 50,
    });
    expect(lines[0]).toMatchObject({ message: 'usb watch started' });
    expect(String(lines[0]!.source)).toContain('/dev/bus/usb');

    await writeFile(path.join(dir, 'dev', 'bus', 'usb', '002', '002'), '');
    await sleep(30);
    expect(events.map((event) => event.phase)).toEqual(['first']);
    expect(events[0]).toMatchObject({ area: 'usb', detail: 'inotify /dev/bus/usb/002/002' });
    await sleep(80);
    expect(events.map((event) => event.phase)).toEqual(['first', 'settled']);
    expect(events[1]!.firstAtMs).toBe(events[0]!.firstAtMs);
  });

  it('says so when a platform has no source because usb-detection does not load', () => {
    const { lines, log } = captured();
    watcher = startUsbWatch({
      root: machineRoot('/'),
      onEvent: () => {},
      log,
      platform: 'win32',
      loadNative: () => ({ ok: false, reason: 'usb-detection is not available: Cannot find module' }),
    });
    expect(lines).toEqual([
      expect.objectContaining({
        level: 'warn',
        message: 'no USB hot-plug source: USB rules are judged on the schedule only',
        usbDetection: 'usb-detection is not available: Cannot find module',
      }),
    ]);
    expect(watcher.description).toBe('none');
  });

  it('uses usb-detection where it loads', () => {
    const { log } = captured();
    const listeners = new Map<string, (device: { deviceName?: string }) => void>();
    let monitoring = false;
    const events: WatchEvent[] = [];
    watcher = startUsbWatch({
      root: machineRoot('/'),
      onEvent: (event) => events.push(event),
      log,
      platform: 'win32',
      loadNative: () => ({
        ok: true,
        module: {
          startMonitoring: () => (monitoring = true),
          stopMonitoring: () => (monitoring = false),
          on: (event, listener) => listeners.set(event, listener),
        },
      }),
    });
    expect(monitoring).toBe(true);
    listeners.get('add')!({ deviceName: 'USB DISK' });
    expect(events[0]).toMatchObject({ phase: 'first', detail: 'usb-detection add USB DISK' });
    watcher.stop();
    expect(monitoring).toBe(false);
  });
});

describe('loadUsbDetection', () => {
  it('turns a module that cannot load into a reason, never an exception', () => {
    const outcome = loadUsbDetection(() => {
      throw new Error("Cannot find module 'usb-detection'\nRequire stack: ...");
    });
    expect(outcome).toEqual({
      ok: false,
      reason: "usb-detection is not available: Cannot find module 'usb-detection'",
    });
  });

  it('answers on this machine either way (it is an optional dependency)', () => {
    const outcome = loadUsbDetection();
    if (!outcome.ok) expect(outcome.reason).toMatch(/^usb-detection is not available/);
  });
});
