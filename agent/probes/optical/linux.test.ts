// Against the root recorded from Linux 6.1 in a QEMU guest with a USB optical drive (QEMU scsi-cd behind
// usb-bot; test/kernel/scenarios/optical-drive.sh). QEMU's drive cannot write; the writer case is the same
// recorded root with the kernel's write rows answering 1, as a real DVD writer's would.

import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { machineRoot } from '../machine-root';
import { linuxOpticalProbe } from './linux';

const ROOTS = path.resolve(__dirname, '../../../test/fixtures/roots');
const INFO = 'proc/sys/dev/cdrom/info';

// One copy of the recorded root for the tests that change its cdrom info (copying takes a second or two).
let copy = '';
beforeAll(async () => {
  copy = await mkdtemp(path.join(tmpdir(), 'shoumi-optical-'));
  await cp(path.join(ROOTS, 'optical-drive'), copy, { recursive: true, verbatimSymlinks: true });
});
afterAll(async () => {
  await rm(copy, { recursive: true, force: true });
});

async function copyOfRecordedRoot(): Promise<string> {
  await cp(path.join(ROOTS, 'optical-drive', INFO), path.join(copy, INFO));
  return copy;
}

describe('linux optical drives probe', () => {
  it('finds the USB CD drive and reads that it cannot write', async () => {
    const result = await linuxOpticalProbe.read(machineRoot(path.join(ROOTS, 'optical-drive')));
    expect(result).toMatchObject({
      ok: true,
      facts: {
        drives: [
          {
            name: 'sr0',
            vendor: 'QEMU',
            model: 'QEMU CD-ROM',
            canWrite: false,
            writeCapabilities: [],
            bus: 'usb',
          },
        ],
      },
    });
  });

  it('reports a drive whose write rows say 1 as a writer', async () => {
    const dir = await copyOfRecordedRoot();
    const text = await readFile(path.join(dir, INFO), 'utf8');
    await writeFile(path.join(dir, INFO), text.replace(/^(Can write (?:CD-R|CD-RW|DVD-R):\t+)0$/gm, '$11'));
    const result = await linuxOpticalProbe.read(machineRoot(dir));
    expect(result.ok && result.facts.drives[0]).toMatchObject({
      canWrite: true,
      writeCapabilities: ['CD-R', 'CD-RW', 'DVD-R'],
    });
  });

  it('reports the capability as unknown when the cdrom info is missing', async () => {
    const dir = await copyOfRecordedRoot();
    await rm(path.join(dir, INFO));
    const result = await linuxOpticalProbe.read(machineRoot(dir));
    expect(result.ok && result.facts.drives[0]).toMatchObject({ canWrite: null });
  });

  it('finds no drive on a machine without one', async () => {
    const result = await linuxOpticalProbe.read(machineRoot(path.join(ROOTS, 'clean')));
    expect(result).toMatchObject({ ok: true, facts: { drives: [] } });
  });

  it('is unavailable, naming the path, where there is no sysfs', async () => {
    const result = await linuxOpticalProbe.read(machineRoot(path.join(ROOTS, 'host-cups-default')));
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toMatch(/sys\/class: ENOENT/);
  });
});
