import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  linkName,
  listDirectory,
  machinePath,
  machineRoot,
  readAttribute,
  readSource,
  resolveLink,
} from './machine-root';

// A tiny tree shaped like sysfs: a bus entry that is a relative link into /sys/devices, as the kernel
// makes them, and one absolute link that would lead out of the root.
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'shoumi-root-'));
  await mkdir(path.join(dir, 'sys/devices/usb1/1-1'), { recursive: true });
  await mkdir(path.join(dir, 'sys/bus/usb/devices'), { recursive: true });
  await mkdir(path.join(dir, 'sys/bus/usb/drivers/usb'), { recursive: true });
  await writeFile(path.join(dir, 'sys/devices/usb1/1-1/idVendor'), '046d\n');
  await symlink('../../../devices/usb1/1-1', path.join(dir, 'sys/bus/usb/devices/1-1'));
  await symlink('../../bus/usb/drivers/usb', path.join(dir, 'sys/devices/usb1/1-1/driver'));
  await symlink('/etc', path.join(dir, 'sys/bus/usb/devices/escape'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('machine root', () => {
  it('resolves a relative link to the machine path, not the fixture path', async () => {
    const root = machineRoot(dir);
    expect(await resolveLink(root, 'sys/bus/usb/devices/1-1')).toBe('/sys/devices/usb1/1-1');
    expect(await linkName(root, 'sys/devices/usb1/1-1/driver')).toBe('usb');
  });

  it('refuses a link that leads out of the root', async () => {
    expect(await resolveLink(machineRoot(dir), 'sys/bus/usb/devices/escape')).toBeNull();
  });

  it('reads attributes trimmed, and absent ones as null', async () => {
    const root = machineRoot(dir);
    expect(await readAttribute(root, 'sys/bus/usb/devices/1-1/idVendor')).toBe('046d');
    expect(await readAttribute(root, 'sys/bus/usb/devices/1-1/serial')).toBeNull();
    expect(await listDirectory(root, 'sys/bus/usb/devices')).toEqual(['1-1', 'escape']);
    expect(await listDirectory(root, 'sys/class/none')).toEqual([]);
  });

  it('names the path and errno when a source file is missing', async () => {
    const read = await readSource(machineRoot(dir), 'proc', 'net', 'route');
    expect(read).toEqual({
      ok: false,
      reason: `cannot read ${path.join(dir, 'proc/net/route')}: ENOENT (no such file or directory)`,
    });
  });

  it('gives "/" paths unchanged for the real machine', () => {
    const root = machineRoot('/');
    expect(root.path('sys', 'class')).toBe('/sys/class');
    expect(machinePath(root, '/sys/class/net')).toBe('/sys/class/net');
    expect(machinePath(machineRoot(dir), '/etc/passwd')).toBeNull();
  });
});
