// USB devices that came and went since boot, from the kernel ring buffer through ROOT/dev/kmsg. Live, that
// is the character device (root only when kernel.dmesg_restrict=1): opened non-blocking, one record per
// read, read until EAGAIN says the buffer is drained. In a recorded root it is a regular file holding the
// same records (test/kernel/scenarios/usb-stick-in-and-out.sh), read until end of file. Same parser for both.
//
// Wall time = boot time + the record's microseconds since boot. The boot time is now − CLOCK_MONOTONIC on
// the running machine (to the millisecond, and the clock printk counts on) and ROOT/proc/stat `btime` in a
// recorded tree, which has no live clock: boot-time.ts says why, and what a suspend does to either.

import { closeSync, constants, openSync, readSync } from 'node:fs';
import type { UsbHistoryFacts } from '../../facts';
import { describeIoError, type MachineRoot } from '../machine-root';
import { observed, type Probe, unavailable } from '../probe';
import { readBootTime, type SystemClocks } from './boot-time';
import { parseKmsgRecords } from './kmsg-records';
import { usbEventsFromLog } from './usb-log-events';

const SOURCE = '/dev/kmsg';
/** Larger than the kernel's longest record (8 KiB with its dictionary), so every read returns a whole one. */
const READ_BYTES = 16 * 1024;
/** Far above any ring buffer (log_buf_len is at most a few MiB): a guard against a file that never ends. */
const MAX_BYTES = 64 * 1024 * 1024;

/** The probe, with the clocks a live root's boot time is read from (tests give fixed ones). */
export function usbHistoryProbe(clocks?: SystemClocks | null): Probe<'usbHistory'> {
  return {
    fact: 'usbHistory',
    async read(root) {
      const observedAtMs = Date.now();
      const [log, boot] = await Promise.all([readKmsg(root), readBootTime(root, clocks)]);
      if (!log.ok) return unavailable(SOURCE, log.reason, observedAtMs);
      if (!boot.ok) return unavailable(SOURCE, boot.reason, observedAtMs);
      const { bootMs } = boot;
      const records = parseKmsgRecords(log.text);
      if (records.length === 0)
        return unavailable(SOURCE, `${SOURCE} held no kernel log records`, observedAtMs);

      // Complete from boot only if the first record is the kernel's first (seq 0) and none were lost since:
      // after a gap (ring buffer overwritten, EPIPE while reading) the log covers only what follows it.
      let coversFromMs = Math.round(bootMs + (records[0]?.seq === 0 ? 0 : (records[0]?.usec ?? 0) / 1000));
      for (let index = 1; index < records.length; index++) {
        const record = records[index];
        const previous = records[index - 1];
        if (record && previous && record.seq !== previous.seq + 1)
          coversFromMs = Math.round(bootMs + record.usec / 1000);
      }
      return observed<UsbHistoryFacts>(
        SOURCE,
        { events: usbEventsFromLog(records, bootMs), coversFromMs },
        observedAtMs,
      );
    },
  };
}

export const linuxUsbHistoryProbe: Probe<'usbHistory'> = usbHistoryProbe();

type LogRead = { ok: true; text: string } | { ok: false; reason: string };

/**
 * Synchronous on purpose: /dev/kmsg is opened non-blocking, so a read never waits (EAGAIN ends it), and the
 * log is one read per record. Awaiting each read cost a thread-pool round trip and a fresh 16 KiB buffer
 * per record, thousands of them on a machine up for weeks; one reused buffer and copies of the exact bytes
 * keep a sweep's garbage to the size of the log itself.
 */
async function readKmsg(root: MachineRoot): Promise<LogRead> {
  const file = root.path('dev', 'kmsg');
  let fd: number | undefined;
  try {
    fd = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK);
    const buffer = Buffer.allocUnsafe(READ_BYTES);
    const chunks: Buffer[] = [];
    let total = 0;
    while (total < MAX_BYTES) {
      let bytesRead: number;
      try {
        bytesRead = readSync(fd, buffer, 0, READ_BYTES, null);
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code === 'EAGAIN') break; // drained
        if (code === 'EPIPE') continue; // records overwritten under us; the seq gap tells the parser
        throw error;
      }
      if (bytesRead === 0) break;
      chunks.push(Buffer.from(buffer.subarray(0, bytesRead)));
      total += bytesRead;
    }
    return { ok: true, text: Buffer.concat(chunks, total).toString('utf8') };
  } catch (error) {
    return { ok: false, reason: describeIoError(file, error) };
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
