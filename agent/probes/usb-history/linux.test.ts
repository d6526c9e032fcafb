// Against test/fixtures/roots/usb-stick-in-and-out: its dev/kmsg is the guest kernel's /dev/kmsg read to
// the end, and proc/stat its /proc/stat (test/kernel/scenarios/usb-stick-in-and-out.sh). The scenario
// plugged a Kingston stick in at 3-1, pulled it out, then plugged a two-slot card reader in at 4-1; the
// ids and serials below are the ones the script gave the gadgets.

import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { machineRoot } from '../machine-root';
import { bootTimeFromClocks, readBootTime, type SystemClocks } from './boot-time';
import { linuxUsbHistoryProbe, usbHistoryProbe } from './linux';

const ROOT = path.resolve(__dirname, '../../../test/fixtures/roots/usb-stick-in-and-out');
const BOOT_MS = 1795611496 * 1000; // btime in the recorded proc/stat

describe('linux USB history probe', () => {
  it('tells when the stick came and went, with its ids, serial and driver', async () => {
    const result = await linuxUsbHistoryProbe.read(machineRoot(ROOT));
    if (!result.ok) throw new Error(result.reason);
    expect(result.source).toBe('/dev/kmsg');
    expect(result.facts.coversFromMs).toBe(BOOT_MS);
    const stick = result.facts.events.filter((event) => event.busPath === '3-1');
    const identity = {
      vendorId: '0951',
      productId: '1666',
      serial: '4C530001090321117410',
      manufacturer: 'Kingston',
      product: 'DataTraveler 3.0',
      drivers: ['usb-storage'],
    };
    expect(stick).toEqual([
      { atMs: BOOT_MS + 4415, action: 'add', busPath: '3-1', ...identity },
      { atMs: BOOT_MS + 6708, action: 'remove', busPath: '3-1', ...identity },
    ]);
    const reader = result.facts.events.filter((event) => event.busPath === '4-1');
    expect(reader).toMatchObject([
      {
        action: 'add',
        vendorId: '05e3',
        productId: '0751',
        serial: '000000001532',
        drivers: ['usb-storage'],
      },
    ]);
    // Root hubs are announced without a "new ... device number" line and are events too.
    expect(result.facts.events.find((event) => event.busPath === 'usb1')).toMatchObject({
      action: 'add',
      vendorId: '1d6b',
      productId: '0002',
    });
  });

  it('covers only what follows a gap in the sequence numbers (ring buffer overwritten)', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'shoumi-kmsg-'));
    try {
      const lines = (await readFile(path.join(ROOT, 'dev', 'kmsg'), 'utf8')).split('\n');
      const firstStick = lines.findIndex((line) => line.includes('usb 3-1: new high-speed'));
      // Drop everything before the stick, as if older records had been overwritten.
      await mkdir(path.join(dir, 'dev'));
      await mkdir(path.join(dir, 'proc'));
      await writeFile(path.join(dir, 'dev', 'kmsg'), lines.slice(firstStick).join('\n'));
      await writeFile(path.join(dir, 'proc', 'stat'), await readFile(path.join(ROOT, 'proc', 'stat')));
      const result = await linuxUsbHistoryProbe.read(machineRoot(dir));
      if (!result.ok) throw new Error(result.reason);
      expect(result.facts.coversFromMs).toBe(BOOT_MS + 4415);
      expect(result.facts.events[0]).toMatchObject({ busPath: '3-1', action: 'add' });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('cannot read a root without a kernel log, and says which file', async () => {
    const result = await linuxUsbHistoryProbe.read(
      machineRoot(path.resolve(__dirname, '../../../test/fixtures/roots/clean')),
    );
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toMatch(/dev\/kmsg: ENOENT/);
  });
});

describe('kernel log times on a live machine', () => {
  // Fixed clocks standing for a machine that booted at 1795611496.789 s (inside the recorded btime's
  // second, 1795611496) and has run 10 s since: CLOCK_REALTIME 1795611506789 ms, CLOCK_MONOTONIC 10 s.
  const clocks: SystemClocks = { wallMs: () => 1_795_611_506_789, monotonicNs: () => 10_000_000_000n };
  const TRUE_BOOT_MS = 1_795_611_496_789;

  it('takes the boot time as now − CLOCK_MONOTONIC, to the millisecond', () => {
    expect(bootTimeFromClocks(clocks)).toBe(TRUE_BOOT_MS);
  });

  it('puts each record at boot + its microseconds, not up to a second early as btime did', async () => {
    // The recorded kernel log read as if live with the clocks above. Known answers, by hand:
    //   the stick's "new high-speed USB device" record, usec 4414971: 1795611496789 + 4414.971 → …501204
    //   its "USB disconnect" record, usec 6708371:                   1795611496789 + 6708.371 → …503497
    const result = await usbHistoryProbe(clocks).read(machineRoot(ROOT));
    if (!result.ok) throw new Error(result.reason);
    expect(result.facts.coversFromMs).toBe(TRUE_BOOT_MS);
    expect(
      result.facts.events
        .filter((event) => event.busPath === '3-1')
        .map((event) => [event.action, event.atMs]),
    ).toEqual([
      ['add', 1_795_611_501_204],
      ['remove', 1_795_611_503_497],
    ]);
  });

  it('reads the running machine\'s clocks for "/" and the recorded btime for any other root', async () => {
    const live = await readBootTime(machineRoot('/'));
    expect(live).toMatchObject({ ok: true, from: 'CLOCK_MONOTONIC' });
    expect(await readBootTime(machineRoot(ROOT))).toEqual({
      ok: true,
      bootMs: BOOT_MS,
      from: '/proc/stat btime',
    });
  });
});
