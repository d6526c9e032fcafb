// Against machine roots recorded from a real Linux 6.1 kernel in a QEMU guest (test/kernel/record-roots.sh).
// wifi-bluetooth loads mac80211_hwsim (one Wi-Fi phy, soft-blocked by the scenario through rfkill) and
// hci_vhci (one Bluetooth controller); clean has neither.

import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RadiosFacts } from '../../facts';
import { machineRoot } from '../machine-root';
import { linuxRadiosProbe } from './linux';

const ROOTS = path.resolve(__dirname, '../../../test/fixtures/roots');

async function radiosOf(scenario: string): Promise<RadiosFacts> {
  const result = await linuxRadiosProbe.read(machineRoot(path.join(ROOTS, scenario)));
  if (!result.ok) throw new Error(`expected facts from ${scenario}, got: ${result.reason}`);
  return result.facts;
}

describe('linux radios probe', () => {
  it('finds the virtual Wi-Fi phy, switched off, and the virtual Bluetooth controller', async () => {
    const facts = await radiosOf('wifi-bluetooth');
    expect(facts.radios).toEqual([
      {
        kind: 'wifi',
        name: 'phy0',
        interfaces: ['wlan0'],
        driver: null,
        bus: 'virtual',
        devicePath: null,
        vendorId: null,
        productId: null,
        rfkill: { soft: true, hard: false },
      },
      {
        kind: 'bluetooth',
        name: 'hci0',
        interfaces: [],
        driver: null,
        bus: 'virtual',
        devicePath: null,
        vendorId: null,
        productId: null,
        rfkill: { soft: false, hard: false },
      },
    ]);
    expect(facts.sources).toEqual(
      expect.arrayContaining(['/sys/class/ieee80211', '/sys/class/bluetooth', '/sys/class/rfkill']),
    );
  });

  it('finds no radio on the clean machine', async () => {
    expect((await radiosOf('clean')).radios).toEqual([]);
  });

  it('does not take a cdc_ether tethering device for a WWAN modem (usb-net-tether)', async () => {
    expect((await radiosOf('usb-net-tether')).radios).toEqual([]);
  });

  it('fails naming the path and errno when the root does not exist', async () => {
    const missing = path.join(tmpdir(), 'shoumi-no-such-root');
    const result = await linuxRadiosProbe.read(machineRoot(missing));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.reason).toBe(`cannot read ${missing}/sys/class: ENOENT (no such file or directory)`);
  });

  it('fails when /sys/class is there but empty, as no real sysfs is', async () => {
    const root = await mkdtemp(path.join(tmpdir(), 'shoumi-emptyclass-'));
    try {
      await mkdir(path.join(root, 'sys/class'), { recursive: true });
      const result = await linuxRadiosProbe.read(machineRoot(root));
      expect(result).toMatchObject({ ok: false, reason: `no sysfs classes in ${root}/sys/class` });
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });
});
