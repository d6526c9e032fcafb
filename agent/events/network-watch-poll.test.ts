import { mkdir, mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { machineRoot } from '../probes/machine-root';
import { pollNetwork } from './network-watch-poll';
import type { RawEvent, Watcher } from './watch-event';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('pollNetwork', () => {
  let watcher: Watcher | undefined;
  afterEach(() => watcher?.stop());

  it('reports an interface appearing, a route changing and nothing while the machine stays as it is', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'shoumi-netpoll-'));
    await mkdir(path.join(dir, 'sys', 'class', 'net', 'lo'), { recursive: true });
    await mkdir(path.join(dir, 'proc', 'net'), { recursive: true });
    await writeFile(path.join(dir, 'proc', 'net', 'route'), 'Iface\tDestination\n');
    const events: RawEvent[] = [];
    watcher = pollNetwork({ root: machineRoot(dir), onEvent: (event) => events.push(event), intervalMs: 20 });

    await sleep(100);
    expect(events).toEqual([]);

    await mkdir(path.join(dir, 'sys', 'class', 'net', 'usb0'));
    await sleep(80);
    expect(events).toHaveLength(1);

    // Replaced whole, as the kernel's /proc files are: a truncate-then-write would show the poll an
    // intermediate empty file (two changes where the machine made one).
    await writeFile(path.join(dir, 'route.tmp'), 'Iface\tDestination\nusb0\t00000000\n');
    await rename(path.join(dir, 'route.tmp'), path.join(dir, 'proc', 'net', 'route'));
    await sleep(80);
    expect(events).toHaveLength(2);

    await rm(path.join(dir, 'sys', 'class', 'net', 'usb0'), { recursive: true });
    await sleep(80);
    expect(events).toHaveLength(3);
    expect(events[0]!.detail).toBe('poll: interfaces or routes changed');
  });
});
