// USB hot-plug from devtmpfs, through inotify (fs.watch): no udev daemon, no native module.
//
// The kernel itself creates /dev/bus/usb/BBB/DDD in devtmpfs while it registers a USB device (device_add,
// before any driver binds), and removes it when the device goes. So watching /dev/bus/usb (for new bus
// directories) and each bus directory (for device nodes) sees every USB device come and go, on every Linux
// with devtmpfs — a workstation with systemd-udevd and a bare initramfs alike.
//
// The block device of a stick comes about a second later (usb-storage's delay_use) as /dev/sdX. Watching /dev
// itself all the time would wake the agent for every write to /dev/null (inotify reports writes to files in a
// watched directory), so /dev is watched only for `blockWindowMs` after each USB event.
//
// The event time is when our inotify callback runs: inotify carries no kernel timestamp.
import { existsSync, type FSWatcher, readdirSync, watch } from 'node:fs';
import path from 'node:path';
import type { MachineRoot } from '../probes/machine-root';
import type { RawEvent, Watcher } from './watch-event';

const BLOCK_DISK = /^sd[a-z]+$/;

export interface DevtmpfsUsbWatchOptions {
  root: MachineRoot;
  onEvent: (event: RawEvent) => void;
  /** How often to look for /dev/bus/usb while it does not exist (no USB host controller yet). */
  retryMs?: number;
  /** How long /dev is watched for a new sdX after a USB event. */
  blockWindowMs?: number;
  onProblem?: (message: string) => void;
}

export function watchDevtmpfsUsb(options: DevtmpfsUsbWatchOptions): Watcher {
  const { root, onEvent } = options;
  const retryMs = options.retryMs ?? 2000;
  const blockWindowMs = options.blockWindowMs ?? 5000;
  const topDir = root.path('dev', 'bus', 'usb');
  const busWatchers = new Map<string, FSWatcher>();
  let topWatcher: FSWatcher | null = null;
  let retryTimer: NodeJS.Timeout | undefined;
  let blockWatcher: FSWatcher | null = null;
  let blockTimer: NodeJS.Timeout | undefined;
  let stopped = false;

  const emit = (machinePath: string) => {
    if (stopped) return;
    onEvent({ atMs: Date.now(), detail: `inotify ${machinePath}` });
  };

  const safeWatch = (dir: string, listener: (name: string | null) => void): FSWatcher | null => {
    try {
      const watcher = watch(dir, { persistent: false }, (_type, name) => listener(name));
      watcher.on('error', () => watcher.close());
      return watcher;
    } catch (error) {
      options.onProblem?.(`cannot watch ${dir}: ${(error as Error).message}`);
      return null;
    }
  };

  const closeBlockWatch = () => {
    clearTimeout(blockTimer);
    blockWatcher?.close();
    blockWatcher = null;
  };

  const armBlockWatch = () => {
    if (stopped) return;
    clearTimeout(blockTimer);
    blockTimer = setTimeout(closeBlockWatch, blockWindowMs);
    blockTimer.unref();
    if (blockWatcher) return;
    blockWatcher = safeWatch(root.path('dev'), (name) => {
      if (name && BLOCK_DISK.test(name)) emit(`/dev/${name}`);
    });
  };

  const usbEvent = (machinePath: string) => {
    emit(machinePath);
    armBlockWatch();
  };

  const watchBus = (bus: string) => {
    if (busWatchers.has(bus)) return;
    const watcher = safeWatch(path.join(topDir, bus), (name) =>
      usbEvent(`/dev/bus/usb/${bus}/${name ?? ''}`),
    );
    if (!watcher) return;
    // A bus directory goes away with its host controller; forget it so that a new one can be watched.
    watcher.on('close', () => busWatchers.delete(bus));
    busWatchers.set(bus, watcher);
  };

  const scanBuses = () => {
    let buses: string[] = [];
    try {
      buses = readBusDirs(topDir);
    } catch {
      return;
    }
    for (const bus of buses) watchBus(bus);
    for (const [bus, watcher] of busWatchers) {
      if (!buses.includes(bus)) watcher.close();
    }
  };

  const attachTop = (): boolean => {
    if (!existsSync(topDir)) return false;
    topWatcher = safeWatch(topDir, (name) => {
      scanBuses();
      usbEvent(`/dev/bus/usb/${name ?? ''}`);
    });
    if (!topWatcher) return false;
    scanBuses();
    return true;
  };

  if (!attachTop()) {
    // No USB host controller has registered yet (its module loads later, or the machine has none).
    const retry = () => {
      if (stopped) return;
      if (attachTop()) {
        usbEvent('/dev/bus/usb');
        return;
      }
      retryTimer = setTimeout(retry, retryMs);
      retryTimer.unref();
    };
    retryTimer = setTimeout(retry, retryMs);
    retryTimer.unref();
  }

  return {
    description: `inotify ${root.dir === '/' ? '' : root.dir}/dev/bus/usb (devtmpfs)`,
    stop() {
      stopped = true;
      clearTimeout(retryTimer);
      closeBlockWatch();
      topWatcher?.close();
      for (const watcher of busWatchers.values()) watcher.close();
      busWatchers.clear();
    },
  };
}

function readBusDirs(topDir: string): string[] {
  // Synchronous on purpose: a handful of entries, read right after an inotify event, and keeping it
  // synchronous means no second event can interleave with attaching the watchers.
  return readdirSync(topDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name);
}
