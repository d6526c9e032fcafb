// The real runner can only be seen failing here: no powershell.exe exists on the machines the tests run
// on, and that failure must be a value naming the command, never a throw and never a pass.

import { describe, expect, it } from 'vitest';
import { powerShellRunner, runPowerShell } from './powershell-runner';

describe.skipIf(process.platform === 'win32')('runPowerShell where there is no PowerShell', () => {
  it('says it cannot run powershell.exe', async () => {
    const output = await runPowerShell('Get-Process', { timeoutMs: 5000 });
    expect(output).toEqual({ ok: false, reason: 'cannot run powershell.exe: spawn powershell.exe ENOENT' });
  });

  it('names the command in the reason', async () => {
    const run = powerShellRunner({ timeoutMs: 5000 });
    expect(await run({ name: 'Get-NetRoute', script: 'Get-NetRoute' })).toEqual({
      ok: false,
      reason: 'Get-NetRoute: cannot run powershell.exe: spawn powershell.exe ENOENT',
    });
  });
});
