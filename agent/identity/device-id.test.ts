import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { HardwareIdentity } from '../../policies/model';
import { deriveDeviceId, resolveDeviceId } from './device-id';

const hardware = (machineId: string, dmiProductUuid: string): HardwareIdentity => ({
  hostname: 'ws-01',
  machineId,
  dmiProductUuid,
  dmiBoardSerial: '',
  macAddresses: [],
  disks: [],
  osName: 'Debian GNU/Linux',
  osVersion: '12',
  kernel: '6.1.0',
  arch: 'x64',
});

describe('device id', () => {
  it('tells apart cloned images that share a machine-id but not a DMI uuid', () => {
    const a = deriveDeviceId(
      hardware('5f1c0e9b2a3d4c5e6f708192a3b4c5d6', '4c4c4544-0051-3510-8052-b4c04f4e4b32'),
    );
    const b = deriveDeviceId(
      hardware('5f1c0e9b2a3d4c5e6f708192a3b4c5d6', '4c4c4544-0051-3510-8052-b4c04f4e4b33'),
    );
    expect(a).toMatch(/^dev-[0-9a-f]{24}$/);
    expect(a).not.toBe(b);
  });

  it('is kept in the data directory and survives a later change of machine-id', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'shoumi-id-'));
    const first = await resolveDeviceId(dir, hardware('aaaa', 'uuid-1'));
    const again = await resolveDeviceId(dir, hardware('bbbb', 'uuid-2'));
    expect(again).toBe(first);
    expect((await readFile(path.join(dir, 'device-id'), 'utf8')).trim()).toBe(first);
  });

  it('refuses to invent an id when nothing identifies the machine', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'shoumi-id-'));
    await expect(resolveDeviceId(dir, hardware('', ''))).rejects.toThrow(/machine-id/);
  });

  it('ignores a corrupted kept id and derives it again', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'shoumi-id-'));
    await writeFile(path.join(dir, 'device-id'), '\u0000garbage\n');
    expect(await resolveDeviceId(dir, hardware('aaaa', ''))).toBe(deriveDeviceId(hardware('aaaa', '')));
  });
});
