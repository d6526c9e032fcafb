// The USB publisher: picks the hot-plug source this machine has, debounces its bursts and publishes
// `usb` watch events. Which source, and why only one:
//
//   Linux, /dev is devtmpfs (every current distribution; the bare initramfs of the kernel tests) → inotify
//     on /dev/bus/usb (usb-watch-devtmpfs.ts). The kernel makes the node itself, so this needs neither a
//     udev daemon nor a native module, and a second source would only repeat the same events.
//   Linux, /dev is not devtmpfs → `udevadm monitor --kernel` (kernel-uevents.ts), and if that cannot run,
//     usb-detection.
//   Windows, macOS → usb-detection (usb-watch-native.ts), when its native module loads.
//   A machine root other than "/" (recorded trees in tests) → inotify under that root: nothing else there
//     describes it.
// With no source at all, USB rules are judged on the schedule only, and the log says so once.
//
// Timing: the event time is when this process saw the OS event (inotify callback, a monitor line), never a
// kernel timestamp — inotify carries none. Latency figures built on it leave out the kernel's own delay
// between registering the device and creating its node, which is microseconds.
import { readFileSync } from 'node:fs';
import type { AgentLog } from '../agent-log';
import type { MachineRoot } from '../probes/machine-root';
import { burstDebounce } from './burst-debounce';
import { watchKernelUevents } from './kernel-uevents';
import { watchDevtmpfsUsb } from './usb-watch-devtmpfs';
import { loadUsbDetection, type NativeLoad, watchUsbDetection } from './usb-watch-native';
import type { RawEvent, WatchEvent, Watcher } from './watch-event';

export interface UsbWatchOptions {
  root: MachineRoot;
  onEvent: (event: WatchEvent) => void;
  log: AgentLog;
  platform?: NodeJS.Platform;
  /** Quiet time that ends a burst; interfaces bind within tens of ms of the node, even under emulation. */
  quietMs?: number;
  maxBurstMs?: number;
  loadNative?: () => NativeLoad;
  /** Passed to the devtmpfs watcher (tests shorten them). */
  retryMs?: number;
  blockWindowMs?: number;
}

export function startUsbWatch(options: UsbWatchOptions): Watcher {
  const { root, log } = options;
  const platform = options.platform ?? process.platform;
  const debounce = burstDebounce({
    area: 'usb',
    quietMs: options.quietMs ?? 150,
    maxBurstMs: options.maxBurstMs ?? 2000,
    settle: 'always',
    fire: options.onEvent,
  });
  const push = (event: RawEvent) => debounce.push(event);
  let source: Watcher | null = null;
  let stopped = false;

  const startNative = (why: string) => {
    if (stopped) return;
    const loaded = (options.loadNative ?? loadUsbDetection)();
    if (!loaded.ok) {
      log.warn('no USB hot-plug source: USB rules are judged on the schedule only', {
        why,
        usbDetection: loaded.reason,
      });
      return;
    }
    source = watchUsbDetection(loaded.module, push);
    log.info('usb watch started', { source: source.description, why });
  };

  if (platform !== 'linux') {
    startNative(`${platform} has no devtmpfs`);
  } else if (root.dir !== '/' || devIsDevtmpfs(root)) {
    source = watchDevtmpfsUsb({
      root,
      onEvent: push,
      retryMs: options.retryMs,
      blockWindowMs: options.blockWindowMs,
      onProblem: (message) => log.warn('usb watch problem', { message }),
    });
    log.info('usb watch started', {
      source: source.description,
      usbDetection: 'not loaded: devtmpfs inotify sees the same events without a native module or udevd',
    });
  } else {
    source = watchKernelUevents({
      subsystems: ['usb', 'block'],
      onEvent: push,
      onEnd: (end) => {
        source = null;
        startNative(`/dev is not devtmpfs and udevadm ${end.kind}: ${end.reason}`);
      },
    });
    log.info('usb watch started', { source: source.description, why: '/dev is not devtmpfs' });
  }

  return {
    get description() {
      return source?.description ?? 'none';
    },
    stop() {
      stopped = true;
      debounce.stop();
      source?.stop();
    },
  };
}

function devIsDevtmpfs(root: MachineRoot): boolean {
  try {
    return readFileSync(root.path('proc', 'mounts'), 'utf8')
      .split('\n')
      .some((line) => {
        const [, mountPoint, type] = line.split(' ');
        return mountPoint === '/dev' && type === 'devtmpfs';
      });
  } catch {
    // Cannot tell: inotify on a non-devtmpfs /dev would see nothing, so prefer the uevent monitor.
    return false;
  }
}
