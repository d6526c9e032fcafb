// Optical drives on Linux: every SCSI CD/DVD drive (sr_mod; SATA, USB and SAS drives alike) is a block
// device "srN" in /sys/class/block, with its SCSI vendor and model in device/; what it can write comes from
// the Uniform CD-ROM driver's /proc/sys/dev/cdrom/info. /sys/class/block is read rather than /sys/block
// because both hold the same devices and the former is what the kernel harness records.
// No drive is a fact. A drive whose capabilities cannot be found is reported with canWrite null, for the
// check to turn into an error.

import { stat } from 'node:fs/promises';
import type { OpticalDriveFact, OpticalFacts } from '../../facts';
import { describeIoError, listDirectory, readAttribute, readSource, resolveLink } from '../machine-root';
import { observed, type Probe, unavailable } from '../probe';
import { parseCdromInfo } from './cdrom-info';

const SOURCE = '/sys/class/block,/proc/sys/dev/cdrom/info';

export const linuxOpticalProbe: Probe<'optical'> = {
  fact: 'optical',
  async read(root) {
    const observedAtMs = Date.now();
    // /sys/class always exists where sysfs is mounted; without it nothing can be said about drives.
    const sysClass = root.path('sys', 'class');
    const sysfsProblem = await stat(sysClass).then(
      () => null,
      (error: unknown) => describeIoError(sysClass, error),
    );
    if (sysfsProblem !== null) return unavailable(SOURCE, sysfsProblem, observedAtMs);
    const names = (await listDirectory(root, 'sys', 'class', 'block')).filter((name) => /^sr\d+$/.test(name));
    if (names.length === 0) return observed<OpticalFacts>(SOURCE, { drives: [] }, observedAtMs);
    const info = await readSource(root, 'proc', 'sys', 'dev', 'cdrom', 'info');
    const capabilities = info.ok ? parseCdromInfo(info.text) : new Map();
    const drives = await Promise.all(
      names.map(async (name): Promise<OpticalDriveFact> => {
        const [vendor, model, devicePath] = await Promise.all([
          readAttribute(root, 'sys', 'class', 'block', name, 'device', 'vendor'),
          readAttribute(root, 'sys', 'class', 'block', name, 'device', 'model'),
          resolveLink(root, 'sys', 'class', 'block', name),
        ]);
        const found = capabilities.get(name);
        return {
          name,
          vendor: vendor || null,
          model: model || null,
          canWrite: found ? found.writes.length > 0 : null,
          writeCapabilities: found?.writes ?? [],
          bus: busOf(devicePath),
        };
      }),
    );
    return observed<OpticalFacts>(SOURCE, { drives }, observedAtMs);
  },
};

function busOf(devicePath: string | null): string | null {
  if (devicePath === null) return null;
  if (/\/usb\d+\//.test(devicePath)) return 'usb';
  if (/\/ata\d+\//.test(devicePath)) return 'ata';
  return 'scsi';
}
