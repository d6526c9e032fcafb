import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { parseUeventLine, watchKernelUevents } from './kernel-uevents';

describe('parseUeventLine', () => {
  it('reads udevadm monitor --kernel event lines and skips its headers', () => {
    expect(
      parseUeventLine('KERNEL[123.456789] add      /devices/pci0000:00/0000:00:05.0/usb2/2-1 (usb)'),
    ).toEqual({ action: 'add', devpath: '/devices/pci0000:00/0000:00:05.0/usb2/2-1', subsystem: 'usb' });
    // rfkill reports a soft or hard block as a change of the switch itself.
    expect(
      parseUeventLine('KERNEL[88.102030] change   /devices/virtual/ieee80211/phy0/rfkill0 (rfkill)'),
    ).toEqual({ action: 'change', devpath: '/devices/virtual/ieee80211/phy0/rfkill0', subsystem: 'rfkill' });
    expect(parseUeventLine('monitor will print the received events for:')).toBeNull();
    expect(parseUeventLine('KERNEL - the kernel uevent')).toBeNull();
  });
});

describe('watchKernelUevents', () => {
  it('reports as a value that udevadm could not start', async () => {
    const end = await new Promise((resolve) => {
      watchKernelUevents({
        subsystems: ['usb'],
        onEvent: () => {},
        onEnd: resolve,
        command: 'shoumi-no-such-udevadm',
      });
    });
    expect(end).toMatchObject({ kind: 'spawn-failed' });
  });

  it('asks udevadm for the subsystems it is given and passes event lines on, headers not', async () => {
    // A stand-in udevadm: prints udevadm's header, then one event line whose path spells the arguments it
    // was given, and stays running as the monitor does.
    const dir = await mkdtemp(path.join(os.tmpdir(), 'shoumi-uevents-'));
    const fake = path.join(dir, 'udevadm');
    await writeFile(
      fake,
      '#!/bin/sh\necho "monitor will print the received events for:"\n' +
        'echo "KERNEL[88.102030] change   /fake/$(echo "$*" | tr " " "+") (rfkill)"\nexec sleep 30\n',
      { mode: 0o755 },
    );
    const events: string[] = [];
    const watcher = watchKernelUevents({
      subsystems: ['rfkill', 'bluetooth'],
      onEvent: (event) => events.push(event.detail),
      onEnd: () => {},
      command: fake,
    });
    try {
      await vi.waitFor(() => expect(events).toHaveLength(1));
      expect(events[0]).toBe(
        'uevent change /fake/monitor+--kernel+--subsystem-match=rfkill+--subsystem-match=bluetooth (rfkill)',
      );
      expect(watcher.description).toBe('udevadm monitor --kernel (rfkill, bluetooth)');
    } finally {
      watcher.stop();
    }
  });
});
