import { mkdtemp, readFile, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { HardwareIdentity } from '../../policies/model';
import { deriveDeviceId, deviceIdSource, resolveDeviceId } from './device-id';

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

  it('generates an id when nothing identifies the machine, keeps it 0600 and reuses it', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'shoumi-id-'));
    const first = await resolveDeviceId(dir, hardware('', ''));
    expect(first).toMatch(/^gen-[0-9a-f]{24}$/);
    expect((await readFile(path.join(dir, 'device-id'), 'utf8')).trim()).toBe(first);
    expect((await stat(path.join(dir, 'device-id'))).mode & 0o777).toBe(0o600);
    expect(await resolveDeviceId(dir, hardware('', ''))).toBe(first);
    // A machine-id that appears later (systemd-machine-id-setup on the next boot) changes nothing.
    expect(await resolveDeviceId(dir, hardware('aaaa', ''))).toBe(first);
    // Another machine without either draws another id.
    const other = await mkdtemp(path.join(os.tmpdir(), 'shoumi-id-'));
    expect(await resolveDeviceId(other, hardware('', ''))).not.toBe(first);
  });

  it('ignores a corrupted kept id and derives it again', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'shoumi-id-'));
    await writeFile(path.join(dir, 'device-id'), '\u0000garbage\n');
    expect(await resolveDeviceId(dir, hardware('aaaa', ''))).toBe(deriveDeviceId(hardware('aaaa', '')));
  });
});

describe('device id source', () => {
  // Known answers, computed apart with sha256sum (first 24 hex digits): printf 'aaaa\nuuid-1', printf
  // 'aaaa', printf 'uuid-1'.
  const DERIVED = {
    both: 'dev-4500480e85bf48b8b5b2012f',
    machineOnly: 'dev-61be55a8e2f6b4e172338bdd',
    dmiOnly: 'dev-1b95bc50c157d62c759f67e1',
  };
  const both = hardware('aaaa', 'uuid-1');
  const machineOnly = hardware('aaaa', '');
  const dmiOnly = hardware('', 'uuid-1');
  const neither = hardware('', '');
  const table: Array<[string, string, HardwareIdentity, string]> = [
    ['derived from machine-id and DMI uuid', DERIVED.both, both, 'machine-id'],
    ['derived from machine-id alone', DERIVED.machineOnly, machineOnly, 'machine-id'],
    ['derived from the DMI uuid alone', DERIVED.dmiOnly, dmiOnly, 'dmi-product-uuid'],
    ['generated, on a machine that still has neither', 'gen-0123456789abcdef01234567', neither, 'generated'],
    ['generated, machine-id appeared since', 'gen-0123456789abcdef01234567', machineOnly, 'generated'],
    ['derived, machine-id regenerated since', DERIVED.both, hardware('bbbb', 'uuid-1'), ''],
    ['derived once, both gone since', DERIVED.machineOnly, neither, ''],
    ['from an enrolment token or --device-id', 'ws-0042', both, ''],
    ['not quite the generated form', 'gen-0123', neither, ''],
  ];
  it.each(table)('%s: %s → "%s"', (_case, id, facts, source) => {
    expect(deviceIdSource(id, facts)).toBe(source);
  });
});
