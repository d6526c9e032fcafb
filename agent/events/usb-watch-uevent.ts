// USB hot-plug from kernel uevents through `udevadm monitor --kernel`, for a live Linux machine whose /dev
// is not devtmpfs (then the kernel makes no device nodes for inotify to see). `--kernel` reads the kernel's
// uevent netlink group directly, so it needs no udev daemon and no native module in the agent.
//
// Where /dev is devtmpfs (every current distribution, and the bare initramfs of the kernel tests) this
// source is not started: the device nodes say the same thing without a child process, and the block
// device's uevent adds nothing that watching /dev for sdX does not (usb-watch-devtmpfs.ts).
//
// The event time is when the line reached us; udevadm prints the monitor's own receive time, not the
// kernel's, so there is no earlier kernel timestamp to take from it either.
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
  onEvent: (event: RawEvent) => void;
  onEnd: (end: MonitorEnd) => void;
  command?: string;
}): Watcher {
  const monitor = startChildLineMonitor({
    command: options.command ?? 'udevadm',
    args: ['monitor', '--kernel', '--subsystem-match=usb', '--subsystem-match=block'],
    onLine: (line, atMs) => {
      const event = parseUeventLine(line);
      // Header lines ("monitor will print the received events for:") are not events.
      if (event)
        options.onEvent({ atMs, detail: `uevent ${event.action} ${event.devpath} (${event.subsystem})` });
    },
    onEnd: options.onEnd,
  });
  return { description: 'udevadm monitor --kernel (usb, block)', stop: () => monitor.stop() };
}
