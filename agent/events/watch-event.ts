// What the watchers publish and the runtime subscribes to: "something changed in this area of the machine,
// at this time". Watchers own their OS handles (inotify watches, child processes, the native module) and
// say nothing about rules; the runtime decides which rules an area affects (affected-rules.ts).

/** usb: usb-watch.ts; network: network-watch.ts; radio: radio-watch.ts (Wi‑Fi, Bluetooth, rfkill, WWAN). */
export type WatchArea = 'usb' | 'network' | 'radio';

/** One burst of OS events, as the debouncer hands it on (burst-debounce.ts). */
export interface WatchEvent {
  area: WatchArea;
  /**
   * `first`: the first OS event of a burst, passed on at once. `settled`: the burst has been quiet for a
   * while (or lasted too long); the machine has had time to finish what the first event began.
   */
  phase: 'first' | 'settled';
  /** Epoch ms when this process saw the burst's first OS event (not a kernel timestamp: see usb-watch.ts). */
  firstAtMs: number;
  /** OS events in the burst so far. */
  count: number;
  /** What the first OS event was, for the log: "inotify /dev/bus/usb/002/002", "ip monitor: 3: usb0: ...",
   * "poll: rfkill/rfkill0 soft=0 hard=0 state=1 → soft=1 hard=0 state=0". */
  detail: string;
}

/** A raw OS event before debouncing. */
export interface RawEvent {
  atMs: number;
  detail: string;
}

export interface Watcher {
  /** What it listens to, for the start-up log line. */
  readonly description: string;
  stop(): void;
}

/** The radio watch, which a sweep tells when it reads the radios (radio-watch-poll.ts says why). */
export interface RadioWatcher extends Watcher {
  /**
   * Called as a sweep starts reading the radios; what it resolves to is called once the sweep has read
   * them. A no-op for a source that reports every change itself (the kernel's uevents).
   */
  bracketRead(): Promise<() => Promise<void>>;
}
