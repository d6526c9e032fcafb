// The radio publisher: a Wi‑Fi phy, a Bluetooth controller, an rfkill switch or a WWAN modem appearing,
// going, or a switch changing state, published as debounced `radio` watch events. A radio makes no node
// under /dev/bus/usb and often no network interface (hci0 never has one; a soft block changes none), so
// neither the USB nor the network watch sees it; without this, a radio waited for the scheduled sweep.
// Which source, and why only one:
//
//   Linux, live machine, udevadm installed → `udevadm monitor --kernel` matching rfkill, bluetooth,
//     ieee80211 and wwan (kernel-uevents.ts). The kernel pushes the event; rfkill sends a `change` uevent
//     on every soft or hard block and unblock, so the evidence's rfkill state is current too.
//   Linux without udevadm (the busybox guest of the kernel tests), or a machine root other than "/" (a
//     recorded tree in tests) → a poll of the radio class directories and rfkill states every second
//     (radio-watch-poll.ts).
//   Windows, macOS → nothing yet. On Windows, WM_DEVICECHANGE (DBT_DEVICEARRIVAL / DBT_DEVICEREMOVECOMPLETE
//     for the Bluetooth and network adapter interface classes, through a message-only window) or the PnP
//     events of WMI (Win32_DeviceChangeEvent, __InstanceCreationEvent on Win32_PnPEntity) would serve; radio
//     on/off is a Radio Management API (Windows.Devices.Radios) state change. None is built: the radio rules
//     are judged on the schedule there, and the log says so once.
//
// A radio appearing is several kernel events (the phy or hci, then its rfkill switch, then a network
// interface), so a burst of more than one event is swept again once it settles; a lone rfkill change gets
// its one sweep at once and no other.
import { accessSync, constants } from 'node:fs';
import path from 'node:path';
import type { AgentLog } from '../agent-log';
import type { MachineRoot } from '../probes/machine-root';
import { burstDebounce } from './burst-debounce';
import { watchKernelUevents } from './kernel-uevents';
import { pollRadios } from './radio-watch-poll';
import type { RadioWatcher, RawEvent, WatchEvent, Watcher } from './watch-event';

export interface RadioWatchOptions {
  root: MachineRoot;
  onEvent: (event: WatchEvent) => void;
  log: AgentLog;
  platform?: NodeJS.Platform;
  /** `udevadm` by default; tests point it at a stand-in, or at something that does not exist to get the poll. */
  udevadmCommand?: string;
  pollIntervalMs?: number;
  /** Passed to the poll when it is the source (radio-watch-poll.ts onPolled): a test seam. */
  onPolled?: () => void;
  quietMs?: number;
  maxBurstMs?: number;
}

export function startRadioWatch(options: RadioWatchOptions): RadioWatcher {
  const { root, log } = options;
  const platform = options.platform ?? process.platform;
  const debounce = burstDebounce({
    area: 'radio',
    // The phy's rfkill switch follows it within milliseconds; hci_vhci's within a few tens under emulation.
    quietMs: options.quietMs ?? 200,
    maxBurstMs: options.maxBurstMs ?? 2000,
    settle: 'if-more',
    fire: options.onEvent,
  });
  const push = (event: RawEvent) => debounce.push(event);
  let source: Watcher | null = null;
  // Only the poll needs to hear of a sweep's read: uevents report every change, undone or not.
  let poll: RadioWatcher | null = null;
  let stopped = false;

  const startPoll = (why: string) => {
    if (stopped) return;
    source = poll = pollRadios({
      root,
      onEvent: push,
      intervalMs: options.pollIntervalMs,
      onPolled: options.onPolled,
    });
    log.info('radio watch started', { source: source.description, why });
  };

  const command = options.udevadmCommand ?? 'udevadm';
  if (platform !== 'linux') {
    log.warn('no radio change source on this platform yet: radio rules are judged on the schedule only', {
      platform,
    });
  } else if (root.dir !== '/') {
    startPoll('the machine root is a recorded tree, not this machine');
  } else if (!isExecutable(command)) {
    // Looked for before spawning: a failed spawn still forks the whole agent only to learn ENOENT.
    startPoll(`${command} is not installed`);
  } else {
    source = watchKernelUevents({
      command,
      // ieee80211 (phy), bluetooth (hci), wwan (modem ports) and rfkill (every switch and its state).
      subsystems: ['rfkill', 'bluetooth', 'ieee80211', 'wwan'],
      onEvent: push,
      onEnd: (end) => {
        source = null;
        startPoll(`${command} monitor ${end.kind}: ${end.reason}`);
      },
    });
    log.info('radio watch started', { source: source.description });
  }

  return {
    get description() {
      return source?.description ?? 'none';
    },
    async bracketRead() {
      return poll ? poll.bracketRead() : async () => {};
    },
    stop() {
      stopped = true;
      debounce.stop();
      source?.stop();
    },
  };
}

/** A command name found executable on PATH, or a path that is executable. */
function isExecutable(command: string): boolean {
  const candidates = command.includes('/')
    ? [command]
    : (process.env.PATH ?? '')
        .split(path.delimiter)
        .filter((dir) => dir !== '')
        .map((dir) => path.join(dir, command));
  return candidates.some((candidate) => {
    try {
      accessSync(candidate, constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}
