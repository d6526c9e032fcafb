// A temp directory stands in for devtmpfs: creating and removing files there makes the same inotify events
// the kernel's device nodes make.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { machineRoot } from '../probes/machine-root';
import { watchDevtmpfsUsb } from './usb-watch-devtmpfs';
import type { RawEvent, Watcher } from './watch-event';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until(events: RawEvent[], predicate: (event: RawEvent) => boolean, timeoutMs = 2000) {
  const deadline = Date.now() + timeoutMs;
  while (!events.some(predicate)) {
    if (Date.now() > deadline)
      throw new Error(`no such event; saw ${events.map((e) => e.detail).join(', ')}`);
    await sleep(5);
  }
}

describe('watchDevtmpfsUsb', () => {
  let watcher: Watcher | undefined;
  afterEach(() => watcher?.stop());

  const setUp = async (withBus: boolean, options: { blockWindowMs?: number } = {}) => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'shoumi-devtmpfs-'));
    await mkdir(path.join(dir, 'dev'), { recursive: true });
    if (withBus) await mkdir(path.join(dir, 'dev', 'bus', 'usb', '001'), { recursive: true });
    const events: RawEvent[] = [];
    watcher = watchDevtmpfsUsb({
      root: machineRoot(dir),
      onEvent: (event) => events.push(event),
      retryMs: 20,
      blockWindowMs: options.blockWindowMs ?? 300,
    });
    return { dir, events };
  };

  it('sees a device node appear and go, named as the machine names it, with the time it saw it', async () => {
    const { dir, events } = await setUp(true);
    const before = Date.now();
    await writeFile(path.join(dir, 'dev', 'bus', 'usb', '001', '002'), '');
    await until(events, (event) => event.detail === 'inotify /dev/bus/usb/001/002');
    expect(events[0]!.atMs).toBeGreaterThanOrEqual(before);
    expect(events[0]!.atMs - before).toBeLessThan(500);
    events.length = 0;
    await rm(path.join(dir, 'dev', 'bus', 'usb', '001', '002'));
    await until(events, (event) => event.detail === 'inotify /dev/bus/usb/001/002');
  });

  it('watches a bus that appears later, and the device nodes in it', async () => {
    const { dir, events } = await setUp(true);
    await mkdir(path.join(dir, 'dev', 'bus', 'usb', '002'));
    await until(events, (event) => event.detail === 'inotify /dev/bus/usb/002');
    await writeFile(path.join(dir, 'dev', 'bus', 'usb', '002', '005'), '');
    await until(events, (event) => event.detail === 'inotify /dev/bus/usb/002/005');
  });

  it('starts watching once /dev/bus/usb exists (a host controller module loaded after the agent)', async () => {
    const { dir, events } = await setUp(false);
    await sleep(50);
    await mkdir(path.join(dir, 'dev', 'bus', 'usb', '001'), { recursive: true });
    await until(events, (event) => event.detail === 'inotify /dev/bus/usb');
    await writeFile(path.join(dir, 'dev', 'bus', 'usb', '001', '003'), '');
    await until(events, (event) => event.detail === 'inotify /dev/bus/usb/001/003');
  });

  it('sees the block device that follows a USB device, but ignores /dev outside that window', async () => {
    const { dir, events } = await setUp(true, { blockWindowMs: 200 });
    await writeFile(path.join(dir, 'dev', 'sdz'), '');
    await sleep(100);
    expect(events).toEqual([]);

    await writeFile(path.join(dir, 'dev', 'bus', 'usb', '001', '002'), '');
    await until(events, (event) => event.detail.endsWith('/001/002'));
    await writeFile(path.join(dir, 'dev', 'sda'), '');
    await writeFile(path.join(dir, 'dev', 'sda1'), '');
    await writeFile(path.join(dir, 'dev', 'null'), 'x');
    await until(events, (event) => event.detail === 'inotify /dev/sda');
    await sleep(50);
    expect(events.map((event) => event.detail)).not.toContain('inotify /dev/sda1');
    expect(events.map((event) => event.detail)).not.toContain('inotify /dev/null');

    await sleep(300);
    events.length = 0;
    await writeFile(path.join(dir, 'dev', 'sdb'), '');
    await sleep(100);
    expect(events).toEqual([]);
  });

  it('reports nothing after stop', async () => {
    const { dir, events } = await setUp(true);
    watcher!.stop();
    await writeFile(path.join(dir, 'dev', 'bus', 'usb', '001', '009'), '');
    await sleep(100);
    expect(events).toEqual([]);
  });
});
