// Kernel uevents through `udevadm monitor --kernel`, as a line source for a watcher. `--kernel` reads the
// kernel's uevent netlink group directly, so it needs no udev daemon and no native module in the agent;
// `--subsystem-match` keeps the child quiet about everything the watcher does not care for. Used by:
//
//   usb-watch.ts   (usb, block) on a live Linux machine whose /dev is not devtmpfs (then the kernel makes
//                  no device nodes for inotify to see). Where /dev is devtmpfs this source is not started:
//                  the device nodes say the same thing without a child process.
//   radio-watch.ts (rfkill, bluetooth, ieee80211, wwan): a radio makes no device node, and rfkill sends a
//                  `change` uevent on every soft or hard state change.
//
// The event time is when the line reached us; udevadm prints the monitor's own receive time, not the
// kernel's, so there is no earlier kernel timestamp to take from it either.
//
// What this cannot see: since Linux 4.18 the kernel broadcasts uevents only into network namespaces owned by
// the initial user namespace, so an agent in an unprivileged (user-namespaced) container gets none, and
// udevadm runs on in silence. The schedule still sweeps such a machine.
import { type MonitorEnd, startChildLineMonitor } from './child-line-monitor';
import type { RawEvent, Watcher } from './watch-event';

/** "KERNEL[1234.567890] add      /devices/pci0000:00/.../2-1 (usb)" */
const EVENT_LINE = /^KERNEL\[[\d.]+\]\s+(\w+)\s+(\S+)\s+\((\w+)\)/;

export function parseUeventLine(line: string): { action: string; devpath: string; subsystem: string } | null {
  const match = EVENT_LINE.exec(line);
  if (!match) return null;
  return { action: match[1]!, devpath: match[2]!, subsystem: match[3]! };
}

export function watchKernelUevents(options: {
  /** Kernel subsystems to report ("usb", "rfkill"); udevadm filters out the rest. */
  subsystems: readonly string[];
  onEvent: (event: RawEvent) => void;
  onEnd: (end: MonitorEnd) => void;
  command?: string;
}): Watcher {
  const monitor = startChildLineMonitor({
    command: options.command ?? 'udevadm',
    args: ['monitor', '--kernel', ...options.subsystems.map((name) => `--subsystem-match=${name}`)],
    onLine: (line, atMs) => {
      const event = parseUeventLine(line);
      // Header lines ("monitor will print the received events for:") are not events.
      if (event)
        options.onEvent({ atMs, detail: `uevent ${event.action} ${event.devpath} (${event.subsystem})` });
    },
    onEnd: options.onEnd,
  });
  return {
    description: `udevadm monitor --kernel (${options.subsystems.join(', ')})`,
    stop: () => monitor.stop(),
  };
}
