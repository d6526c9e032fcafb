// Turns a burst of OS events into at most two sweeps: one at once on the first event, one after the burst.
//
// A USB stick is several events: its device node, then (a few ms later, once the kernel has chosen a
// configuration) its interfaces and their drivers, then about a second later its block device. Sweeping on
// every one wastes work; sweeping only after the burst settles delays the first finding. So the first event
// fires immediately, and a `settled` fire follows once no event came for `quietMs` (or `maxBurstMs` after
// the first, so that a flapping link still gets swept). With `settle: 'always'` the settled fire happens
// even after a single event: a device node appears before its interfaces exist in sysfs, and the sweep
// that the node triggered may have read the device without them.
import type { RawEvent, WatchArea, WatchEvent } from './watch-event';

export interface BurstDebounceOptions {
  area: WatchArea;
  quietMs: number;
  maxBurstMs: number;
  /** `always`: a settled fire follows every burst; `if-more`: only bursts of more than one event. */
  settle: 'always' | 'if-more';
  fire: (event: WatchEvent) => void;
  now?: () => number;
}

export interface BurstDebounce {
  push(event: RawEvent): void;
  stop(): void;
}

export function burstDebounce(options: BurstDebounceOptions): BurstDebounce {
  const now = options.now ?? Date.now;
  let burst: { first: RawEvent; count: number; startedAtMs: number } | null = null;
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;

  const settle = () => {
    timer = undefined;
    const ended = burst;
    burst = null;
    if (!ended || stopped) return;
    if (options.settle === 'if-more' && ended.count < 2) return;
    options.fire({
      area: options.area,
      phase: 'settled',
      firstAtMs: ended.first.atMs,
      count: ended.count,
      detail: ended.first.detail,
    });
  };

  const arm = () => {
    if (!burst) return;
    clearTimeout(timer);
    const untilQuiet = options.quietMs;
    const untilMax = burst.startedAtMs + options.maxBurstMs - now();
    timer = setTimeout(settle, Math.max(0, Math.min(untilQuiet, untilMax)));
  };

  return {
    push(event) {
      if (stopped) return;
      if (burst) {
        burst.count += 1;
        arm();
        return;
      }
      burst = { first: event, count: 1, startedAtMs: now() };
      arm();
      options.fire({
        area: options.area,
        phase: 'first',
        firstAtMs: event.atMs,
        count: 1,
        detail: event.detail,
      });
    },
    stop() {
      stopped = true;
      clearTimeout(timer);
      burst = null;
    },
  };
}
