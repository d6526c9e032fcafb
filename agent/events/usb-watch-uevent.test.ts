import { describe, expect, it } from 'vitest';
import { parseUeventLine, watchKernelUevents } from './usb-watch-uevent';

describe('parseUeventLine', () => {
  it('reads udevadm monitor --kernel event lines and skips its headers', () => {
    expect(
      parseUeventLine('KERNEL[123.456789] add      /devices/pci0000:00/0000:00:05.0/usb2/2-1 (usb)'),
    ).toEqual({ action: 'add', devpath: '/devices/pci0000:00/0000:00:05.0/usb2/2-1', subsystem: 'usb' });
    expect(parseUeventLine('monitor will print the received events for:')).toBeNull();
    expect(parseUeventLine('KERNEL - the kernel uevent')).toBeNull();
  });
});

describe('watchKernelUevents', () => {
  it('reports as a value that udevadm could not start', async () => {
    const end = await new Promise((resolve) => {
      watchKernelUevents({ onEvent: () => {}, onEnd: resolve, command: 'shoumi-no-such-udevadm' });
    });
    expect(end).toMatchObject({ kind: 'spawn-failed' });
  });
});
