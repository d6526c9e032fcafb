// Against PowerShell outputs constructed from Microsoft's documentation (test/fixtures/powershell/README.md).

import { describe, expect, it } from 'vitest';
import { machineRoot } from '../machine-root';
import { recordedPowerShell } from '../windows/recorded-powershell';
import { windowsProcessesProbe } from './win32';

describe('windows processes probe', () => {
  it('lists each process by name and id', async () => {
    const { run } = recordedPowerShell({ 'Get-Process': 'get-process-desktop.json' });
    const result = await windowsProcessesProbe(run).read(machineRoot('/'));
    if (!result.ok) throw new Error(result.reason);
    expect(result.facts.processes).toContainEqual({ pid: 7720, name: 'TeamViewer' });
    expect(result.facts.processes).toHaveLength(5);
  });

  it('fails with the reason when Get-Process fails', async () => {
    const { run } = recordedPowerShell({ 'Get-Process': { ok: false, reason: 'Get-Process: timed out' } });
    expect(await windowsProcessesProbe(run).read(machineRoot('/'))).toMatchObject({
      ok: false,
      reason: 'Get-Process: timed out',
    });
  });
});
