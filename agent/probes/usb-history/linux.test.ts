// Against test/fixtures/roots/usb-stick-in-and-out: its dev/kmsg is the guest kernel's /dev/kmsg read to
// the end, and proc/stat its /proc/stat (test/kernel/scenarios/usb-stick-in-and-out.sh). The scenario
// plugged a Kingston stick in at 3-1, pulled it out, then plugged a two-slot card reader in at 4-1; the
// ids and serials below are the ones the script gave the gadgets.

import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { machineRoot } from '../machine-root';
import { linuxUsbHistoryProbe } from './linux';

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
