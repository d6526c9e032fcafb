// When the kernel log's clock read zero, in epoch ms: what a record's "microseconds since boot" is added to.
//
// Live ("/"), it is now − CLOCK_MONOTONIC, to the millisecond. printk stamps each record with local_clock()
// (sched_clock), which counts from boot and stops while the machine is suspended — as CLOCK_MONOTONIC does
// (Node's process.hrtime is CLOCK_MONOTONIC). Measured on a 6.18 kernel: a record written to /dev/kmsg
// comes out 0.6–2.0 ms after the write with this boot time, and 61–62 ms early with btime (that boot's
// lost fraction of a second; up to 1000 ms on another boot).
// Not the others the kernel offers:
//   - /proc/stat `btime` is whole seconds, truncated: every time came out up to a second early, and the
//     log claimed to cover from up to a second before the boot;
//   - btime and /proc/uptime are CLOCK_BOOTTIME, which keeps counting in suspend: after one, every record
//     would come out early by the time slept since it was written.
// After a suspend, now − CLOCK_MONOTONIC is the boot moved later by the time slept: records since the last
// resume come out exact, older ones late by the sleep after them, and "the log covers from" errs later,
// never claiming more of the past than the log holds.
//
// A recorded root has no live clock: there the boot time is its proc/stat `btime`, to the second, as read
// when the tree was recorded (test/kernel/scenarios/usb-stick-in-and-out.sh).
import type { MachineRoot } from '../machine-root';
import { readSource } from '../machine-root';

export interface SystemClocks {
  /** Epoch ms (CLOCK_REALTIME). */
  wallMs(): number;
  /** ns since boot, not counting suspend (CLOCK_MONOTONIC). */
  monotonicNs(): bigint;
}

export const SYSTEM_CLOCKS: SystemClocks = {
  wallMs: () => Date.now(),
  monotonicNs: () => process.hrtime.bigint(),
};

export type BootTime = { ok: true; bootMs: number; from: string } | { ok: false; reason: string };

/** The boot time from the running system's clocks; fractional ms. */
export function bootTimeFromClocks(clocks: SystemClocks): number {
  // Monotonic read on both sides of the wall clock: the pair is as close as two calls can be.
  const before = clocks.monotonicNs();
  const wallMs = clocks.wallMs();
  const after = clocks.monotonicNs();
  return wallMs - Number(before + after) / 2 / 1e6;
}

export async function readBootTime(
  root: MachineRoot,
  clocks: SystemClocks | null = root.dir === '/' ? SYSTEM_CLOCKS : null,
): Promise<BootTime> {
  if (clocks) return { ok: true, bootMs: bootTimeFromClocks(clocks), from: 'CLOCK_MONOTONIC' };
  const stat = await readSource(root, 'proc', 'stat');
  if (!stat.ok) return { ok: false, reason: `boot time unknown: ${stat.reason}` };
  const btime = /^btime (\d+)$/m.exec(stat.text)?.[1];
  if (btime === undefined) return { ok: false, reason: 'boot time unknown: no btime in /proc/stat' };
  return { ok: true, bootMs: Number(btime) * 1000, from: '/proc/stat btime' };
}
