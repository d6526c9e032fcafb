// Radio changes without `udevadm` (the bare busybox guest of the kernel tests, a recorded machine root): a
// fingerprint of the radio class directories and of every rfkill switch's state, compared every
// `intervalMs`. sysfs has no inotify for new class entries and no attribute change notice that a plain
// file watch would see, so a poll is what is left without a uevent socket.
//
// What one tick reads: four directory listings (/sys/class/{ieee80211,bluetooth,rfkill,wwan}) and three
// attributes per rfkill switch (soft, hard, state) — a handful of reads the kernel answers from memory.
// Measured with Node 20 on the development host (2 cores shared with other work, load average ~10): one
// tick costs 0.05 ms of CPU with no radio class present and 0.28 ms with 2 phys, 2 hcis and 4 switches; a
// minute of 1 s ticks costs 66–125 ms more than a minute idle, 0.11–0.21 % of one core, of which ~0.07 % is
// Node waking once a second at all (an empty 1 s timer measured 42 ms a minute). That is the size of the
// agent's whole idle budget (0.2 %), so this is the fallback only: a workstation has udevadm, whose uevent
// monitor wakes only when the kernel sends a uevent, which an idle machine hardly does.
import type { MachineRoot } from '../probes/machine-root';
import { listDirectory, readAttribute } from '../probes/machine-root';
import type { RadioWatcher, RawEvent } from './watch-event';

/** The class directories whose entries are radios or their switches (probes/radios/linux.ts reads them). */
export const RADIO_CLASSES = ['ieee80211', 'bluetooth', 'rfkill', 'wwan'] as const;

/**
 * One line per radio class entry, sorted: "ieee80211/phy0", and for a switch its state,
 * "rfkill/rfkill0 soft=1 hard=0 state=0". Two fingerprints differ exactly when a radio or switch came,
 * went, or a switch changed state.
 */
export async function radioFingerprint(root: MachineRoot): Promise<string[]> {
  const lines: string[] = [];
  for (const kind of RADIO_CLASSES) {
    for (const name of await listDirectory(root, 'sys', 'class', kind)) {
      if (kind !== 'rfkill') {
        lines.push(`${kind}/${name}`);
        continue;
      }
      const [soft, hard, state] = await Promise.all(
        ['soft', 'hard', 'state'].map((attribute) =>
          readAttribute(root, 'sys', 'class', kind, name, attribute),
        ),
      );
      lines.push(`${kind}/${name} soft=${soft ?? '-'} hard=${hard ?? '-'} state=${state ?? '-'}`);
    }
  }
  return lines;
}

/** What changed between two fingerprints, for the log: "+ieee80211/phy0", "rfkill/rfkill0 soft=0 … → soft=1 …". */
export function describeRadioChange(before: readonly string[], after: readonly string[]): string {
  const entry = (line: string) => line.split(' ')[0]!;
  const beforeByEntry = new Map(before.map((line) => [entry(line), line]));
  const afterByEntry = new Map(after.map((line) => [entry(line), line]));
  const changes: string[] = [];
  for (const [name, line] of afterByEntry) {
    const old = beforeByEntry.get(name);
    if (old === undefined) changes.push(`+${name}`);
    else if (old !== line) changes.push(`${old} → ${line.slice(name.length + 1)}`);
  }
  for (const name of beforeByEntry.keys()) if (!afterByEntry.has(name)) changes.push(`-${name}`);
  return changes.join(', ');
}

/**
 * A poll compares each tick with the one before, so a change undone between two ticks is invisible to it.
 * That is harmless while nobody looked in between, but a sweep that read the radios in between (a network
 * event's sweep reads them too) reported the passing state, and nothing would follow its undoing: a soft
 * block reported, unblocked 0.5 s later, stayed reported blocked (seen in the kernel test). So a sweep
 * brackets its read of the radios (`bracketRead`): the fingerprint taken after the read becomes the poll's
 * baseline — what was reported is what the next tick is compared with — and a fingerprint that moved while
 * the sweep read is an event of its own, since the sweep may have seen either side of it.
 */
export function pollRadios(options: {
  root: MachineRoot;
  onEvent: (event: RawEvent) => void;
  intervalMs?: number;
  /** Called after each tick has compared (or, the first time, taken) the fingerprint: a test seam. */
  onPolled?: () => void;
}): RadioWatcher {
  const intervalMs = options.intervalMs ?? 1000;
  let previous: string[] | null = null;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  const differ = (a: readonly string[], b: readonly string[]) => a.join('\n') !== b.join('\n');
  const tick = async () => {
    const current = await radioFingerprint(options.root);
    if (stopped) return;
    if (previous !== null && differ(previous, current))
      options.onEvent({ atMs: Date.now(), detail: `poll: ${describeRadioChange(previous, current)}` });
    previous = current;
    options.onPolled?.();
    timer = setTimeout(() => void tick(), intervalMs);
    timer.unref();
  };
  void tick();
  const where = options.root.dir === '/' ? '' : options.root.dir;
  return {
    description: `poll every ${intervalMs} ms of ${where}/sys/class/{${RADIO_CLASSES.join(',')}} and rfkill states`,
    async bracketRead() {
      const before = await radioFingerprint(options.root);
      return async () => {
        const after = await radioFingerprint(options.root);
        if (stopped) return;
        if (differ(before, after)) {
          options.onEvent({
            atMs: Date.now(),
            detail: `poll: while a sweep read the radios: ${describeRadioChange(before, after)}`,
          });
        }
        previous = after;
      };
    },
    stop() {
      stopped = true;
      clearTimeout(timer);
    },
  };
}
