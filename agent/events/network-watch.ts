// The network publisher: links, addresses and routes coming and going, published as debounced `network`
// watch events. On the live Linux machine `ip monitor link address route` (rtnetlink, pushed by the
// kernel, no native module) is the source; where it cannot run (busybox's `ip` has no `monitor`) or the
// machine root is a recorded tree, a two-second fingerprint poll stands in (network-watch-poll.ts).
//
// A network change is several messages (link up, address, routes), so bursts settle before a second sweep;
// a single message gets its one sweep at once and no other.
import type { AgentLog } from '../agent-log';
import type { MachineRoot } from '../probes/machine-root';
import { burstDebounce } from './burst-debounce';
import { startChildLineMonitor } from './child-line-monitor';
import { pollNetwork } from './network-watch-poll';
import type { RawEvent, WatchEvent, Watcher } from './watch-event';

export interface NetworkWatchOptions {
  root: MachineRoot;
  onEvent: (event: WatchEvent) => void;
  log: AgentLog;
  platform?: NodeJS.Platform;
  /** `ip` by default; tests point it at something that does not exist to get the poll. */
  ipCommand?: string;
  pollIntervalMs?: number;
  quietMs?: number;
  maxBurstMs?: number;
}

export function startNetworkWatch(options: NetworkWatchOptions): Watcher {
  const { root, log } = options;
  const platform = options.platform ?? process.platform;
  const debounce = burstDebounce({
    area: 'network',
    quietMs: options.quietMs ?? 300,
    maxBurstMs: options.maxBurstMs ?? 3000,
    settle: 'if-more',
    fire: options.onEvent,
  });
  const push = (event: RawEvent) => debounce.push(event);
  let source: Watcher | null = null;
  let stopped = false;

  const startPoll = (why: string) => {
    if (stopped) return;
    source = pollNetwork({ root, onEvent: push, intervalMs: options.pollIntervalMs });
    log.info('network watch started', { source: source.description, why });
  };

  if (platform !== 'linux') {
    log.warn('no network change source on this platform yet: network rules are judged on the schedule only', {
      platform,
    });
  } else if (root.dir !== '/') {
    startPoll('the machine root is a recorded tree, not this machine');
  } else {
    const command = options.ipCommand ?? 'ip';
    const monitor = startChildLineMonitor({
      command,
      args: ['monitor', 'link', 'address', 'route'],
      onLine: (line, atMs) => push({ atMs, detail: `ip monitor: ${line.slice(0, 120)}` }),
      onEnd: (end) => {
        source = null;
        startPoll(`${command} monitor ${end.kind}: ${end.reason}`);
      },
    });
    source = { description: `${command} monitor link address route`, stop: () => monitor.stop() };
    log.info('network watch started', { source: source.description });
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
