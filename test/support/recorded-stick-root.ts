// A copy of a machine root recorded in a QEMU guest with a USB stick plugged in
// (test/fixtures/roots/usb-storage-qemu), with the stick's sysfs entries held back so that a test can
// "plug it in" later: `plug()` puts them back and creates the stick's device node under ROOT/dev/bus/usb, as
// the kernel's devtmpfs would, and resolves with the time it did so.
import { cp, mkdir, mkdtemp, rename, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { REPO } from './processes';

const RECORDED = path.join(REPO, 'test', 'fixtures', 'roots', 'usb-storage-qemu');
/** The stick's device and its interface under sys/bus/usb/devices. */
const STICK_LINKS = ['2-1', '2-1:1.0'];

export interface RecordedStickRoot {
  root: string;
  /** Puts the stick back; resolves with Date.now() taken just before its device node appeared. */
  plug(): Promise<number>;
}

export async function recordedRootWithStickHeldBack(name: string): Promise<RecordedStickRoot> {
  const root = await mkdtemp(path.join(os.tmpdir(), `shoumi-${name}-root-`));
  await cp(RECORDED, root, { recursive: true, verbatimSymlinks: true });
  const devices = path.join(root, 'sys', 'bus', 'usb', 'devices');
  const heldBack = path.join(root, 'held-back');
  await mkdir(heldBack);
  for (const link of STICK_LINKS) await rename(path.join(devices, link), path.join(heldBack, link));
  await mkdir(path.join(root, 'dev', 'bus', 'usb', '001'), { recursive: true });
  await mkdir(path.join(root, 'dev', 'bus', 'usb', '002'), { recursive: true });
  return {
    root,
    async plug() {
      for (const link of STICK_LINKS) await rename(path.join(heldBack, link), path.join(devices, link));
      const pluggedAtMs = Date.now();
      await writeFile(path.join(root, 'dev', 'bus', 'usb', '002', '002'), '');
      return pluggedAtMs;
    },
  };
}
