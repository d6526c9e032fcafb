// The computer's own disks, for the ledger's hardware facts: every block device in /sys/class/block that is
// a whole disk (no `partition` attribute) on a fixed bus. Virtual devices (loop, ram, zram, device-mapper, md, nbd) and optical drives
// are not disks of the machine; USB storage is removable media, which the media rules judge, so a disk
// whose device path runs through a USB bus is left out here.
//
// Sources (Linux sysfs ABI, Documentation/ABI/stable/sysfs-block): `size` in 512-byte sectors whatever the
// logical block size; `device/model` for SCSI/SATA and NVMe; the serial in `serial` (virtio-blk),
// `device/serial` (NVMe) or the SCSI unit serial in `device/vpd_pg80` (4 header bytes, then ASCII).
import { access, readdir, readFile, readlink } from 'node:fs/promises';
import path from 'node:path';
import type { DiskIdentity } from '../../policies/model';

const NOT_A_FIXED_DISK = /^(loop|ram|zram|dm-|md|nbd|sr|fd)/;
const SECTOR_BYTES = 512;

async function text(file: string): Promise<string> {
  try {
    return (await readFile(file, 'utf8')).trim();
  } catch {
    return '';
  }
}

/** The SCSI Unit Serial Number page: 4 header bytes, then the serial (ASCII, space padded). */
async function vpdSerial(file: string): Promise<string> {
  try {
    const page = await readFile(file);
    // Printable ASCII only: a malformed page must not put control bytes into the ledger.
    return page
      .subarray(4)
      .toString('latin1')
      .replace(/[^\x20-\x7e]/g, '')
      .trim();
  } catch {
    return '';
  }
}

async function readDisk(blockDir: string, name: string): Promise<DiskIdentity | null> {
  const dir = path.join(blockDir, name);
  const target = await readlink(dir).catch(() => '');
  if (target.split('/').some((segment) => /^usb\d+$/.test(segment))) return null;
  const isPartition = await access(path.join(dir, 'partition')).then(
    () => true,
    () => false,
  );
  if (isPartition) return null;
  const [size, model, serial, nvmeSerial, scsiSerial] = await Promise.all([
    text(path.join(dir, 'size')),
    text(path.join(dir, 'device', 'model')),
    text(path.join(dir, 'serial')),
    text(path.join(dir, 'device', 'serial')),
    vpdSerial(path.join(dir, 'device', 'vpd_pg80')),
  ]);
  const sectors = Number(size);
  return {
    name,
    model,
    serial: serial || nvmeSerial || scsiSerial,
    sizeBytes: Number.isSafeInteger(sectors) ? sectors * SECTOR_BYTES : 0,
  };
}

export async function readFixedDisks(root: string): Promise<DiskIdentity[]> {
  const blockDir = path.join(root, 'sys', 'class', 'block');
  const names = await readdir(blockDir).catch(() => [] as string[]);
  const disks = await Promise.all(
    names.filter((name) => !NOT_A_FIXED_DISK.test(name)).map((name) => readDisk(blockDir, name)),
  );
  return disks
    .filter((disk): disk is DiskIdentity => disk !== null)
    .sort((a, b) => a.name.localeCompare(b.name));
}
