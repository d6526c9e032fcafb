import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readFixedDisks } from './fixed-disks';

const roots = path.join(import.meta.dirname, '..', '..', 'test', 'fixtures', 'roots');

describe('readFixedDisks', () => {
  it('reads a virtio disk with its serial and size, and leaves loop and zram devices out', async () => {
    expect(await readFixedDisks(path.join(roots, 'host-virtio-disk'))).toEqual([
      { name: 'vda', model: '', serial: '17766312111673372', sizeBytes: 536_870_912 * 512 },
    ]);
  });

  it("leaves out a USB stick and its partition: removable media are not the computer's disks", async () => {
    expect(await readFixedDisks(path.join(roots, 'usb-storage-qemu'))).toEqual([]);
  });

  it('answers an empty list for a root without block devices', async () => {
    expect(await readFixedDisks(path.join(roots, 'no-such-root'))).toEqual([]);
  });
});
