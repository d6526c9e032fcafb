// Against PowerShell outputs constructed from Microsoft's documentation (test/fixtures/powershell/README.md).

import { describe, expect, it } from 'vitest';
import { machineRoot } from '../machine-root';
import { recordedPowerShell } from '../windows/recorded-powershell';
import { windowsOpticalProbe } from './win32';

describe('windows optical probe', () => {
  it('reads "Supports Writing" from Capabilities, and unknown when none are reported', async () => {
    const { run } = recordedPowerShell({ Win32_CDROMDrive: 'win32-cdromdrive-writer.json' });
    const result = await windowsOpticalProbe(run).read(machineRoot('/'));
    if (!result.ok) throw new Error(result.reason);
    expect(result.facts.drives).toEqual([
      {
        name: 'E:',
        vendor: 'HL-DT-ST',
        model: 'HL-DT-ST DVDRAM GUD1N',
        canWrite: true,
        writeCapabilities: ['DVD Writer'],
        bus: 'scsi',
      },
      // A writer by name, but without Capabilities the probe does not guess.
      {
        name: 'F:',
        vendor: 'TSSTCORP',
        model: 'TSSTcorp CDDVDW SE-208GB USB Device',
        canWrite: null,
        writeCapabilities: [],
        bus: 'usb',
      },
      {
        name: 'G:',
        vendor: 'ATAPI',
        model: 'ATAPI iHDS118',
        canWrite: false,
        writeCapabilities: [],
        bus: 'scsi',
      },
    ]);
  });

  it('reports no drives when there are none, and fails when the query fails', async () => {
    const none = recordedPowerShell({ Win32_CDROMDrive: 'empty-list.json' });
    expect(await windowsOpticalProbe(none.run).read(machineRoot('/'))).toMatchObject({
      ok: true,
      facts: { drives: [] },
    });
    const failed = recordedPowerShell({
      Win32_CDROMDrive: { ok: false, reason: 'Win32_CDROMDrive: Access denied' },
    });
    expect(await windowsOpticalProbe(failed.run).read(machineRoot('/'))).toMatchObject({
      ok: false,
      reason: 'Win32_CDROMDrive: Access denied',
    });
  });
});
