// Against PowerShell outputs constructed from Microsoft's documentation (test/fixtures/powershell/README.md).

import { describe, expect, it } from 'vitest';
import { machineRoot } from '../machine-root';
import { recordedPowerShell } from '../windows/recorded-powershell';
import { windowsAccountsProbe } from './win32';

describe('windows accounts probe', () => {
  it('reads disabled accounts as locked and enabled ones that need no password as empty', async () => {
    const { run } = recordedPowerShell({ 'Get-LocalUser': 'get-localuser-desktop.json' });
    const result = await windowsAccountsProbe(run).read(machineRoot('/'));
    if (!result.ok) throw new Error(result.reason);
    expect(result.facts.accounts).toEqual([
      { name: 'Administrator', uid: 500, passwordState: 'locked', shell: null },
      { name: 'DefaultAccount', uid: 503, passwordState: 'locked', shell: null },
      { name: 'Guest', uid: 501, passwordState: 'empty', shell: null },
      { name: 'zhangwei', uid: 1001, passwordState: 'set', shell: null },
    ]);
  });

  it('fails with the reason when Get-LocalUser fails', async () => {
    const { run } = recordedPowerShell({
      'Get-LocalUser': { ok: false, reason: "Get-LocalUser: The term 'Get-LocalUser' is not recognized" },
    });
    expect(await windowsAccountsProbe(run).read(machineRoot('/'))).toMatchObject({ ok: false });
  });
});
