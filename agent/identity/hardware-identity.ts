// Who this machine is: the facts its hello carries and its device id derives from. Read through the machine
// root like every probe, so a recorded tree stands in for a machine in tests.
import { readdir, readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { HardwareIdentity } from '../../policies/model';
import { readFixedDisks } from './fixed-disks';

async function readText(root: string, ...segments: string[]): Promise<string> {
  try {
    return (await readFile(path.join(root, ...segments), 'utf8')).trim();
  } catch {
    // Absent or unreadable (DMI serials are root-only): the field stays empty; the id falls back.
    return '';
  }
}

function osRelease(text: string): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const match = /^([A-Z_]+)=("?)(.*)\2$/.exec(line.trim());
    if (match) fields[match[1]!] = match[3]!;
  }
  return fields;
}

const UNSET_MAC = '00:00:00:00:00:00';

async function macAddresses(root: string): Promise<string[]> {
  const netDir = path.join(root, 'sys', 'class', 'net');
  const names = await readdir(netDir).catch(() => [] as string[]);
  const macs = await Promise.all(
    names.filter((name) => name !== 'lo').map((name) => readText(netDir, name, 'address')),
  );
  return [...new Set(macs.filter((mac) => mac && mac !== UNSET_MAC))].sort();
}

export async function readHardwareIdentity(root: string): Promise<HardwareIdentity> {
  const live = path.resolve(root) === '/';
  const [hostname, machineId, dmiProductUuid, dmiBoardSerial, release, kernel, macs, disks] =
    await Promise.all([
      readText(root, 'proc', 'sys', 'kernel', 'hostname'),
      readText(root, 'etc', 'machine-id'),
      readText(root, 'sys', 'class', 'dmi', 'id', 'product_uuid'),
      readText(root, 'sys', 'class', 'dmi', 'id', 'board_serial'),
      readText(root, 'etc', 'os-release'),
      readText(root, 'proc', 'sys', 'kernel', 'osrelease'),
      macAddresses(root),
      readFixedDisks(root),
    ]);
  const osFields = osRelease(release);
  return {
    hostname: hostname || (live ? os.hostname() : ''),
    machineId,
    dmiProductUuid: dmiProductUuid.toLowerCase(),
    dmiBoardSerial,
    macAddresses: macs,
    osName: osFields.NAME ?? (live ? os.type() : ''),
    osVersion: osFields.VERSION_ID ?? osFields.VERSION ?? '',
    kernel: kernel || (live ? os.release() : ''),
    arch: process.arch,
    disks,
  };
}
