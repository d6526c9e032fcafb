// Against PowerShell outputs constructed from Microsoft's documentation (test/fixtures/powershell/README.md).

import { describe, expect, it } from 'vitest';
import { machineRoot } from '../machine-root';
import { recordedPowerShell } from '../windows/recorded-powershell';
import { windowsDnsProbe } from './win32';

describe('windows DNS probe', () => {
  it('lists every server of every interface, and the suffix search list', async () => {
    const { run } = recordedPowerShell({
      'Get-DnsClientServerAddress': 'get-dnsclientserveraddress-office.json',
      'Get-DnsClientGlobalSetting': 'get-dnsclientglobalsetting-office.json',
    });
    const result = await windowsDnsProbe(run).read(machineRoot('/'));
    if (!result.ok) throw new Error(result.reason);
    expect(result.facts.servers.slice(0, 2)).toEqual([
      { address: '10.20.0.53', source: 'Get-DnsClientServerAddress: 以太网' },
      { address: '10.20.0.54', source: 'Get-DnsClientServerAddress: 以太网' },
    ]);
    // The loopback pseudo-interface carries Windows' well-known site-local placeholders; they are reported.
    expect(result.facts.servers).toHaveLength(5);
    expect(result.facts.searchDomains).toEqual(['corp.example.cn']);
  });

  it('fails with the reason when a command fails', async () => {
    const { run } = recordedPowerShell({
      'Get-DnsClientServerAddress': {
        ok: false,
        reason: 'Get-DnsClientServerAddress: powershell.exe exited with 1',
      },
      'Get-DnsClientGlobalSetting': 'get-dnsclientglobalsetting-office.json',
    });
    expect(await windowsDnsProbe(run).read(machineRoot('/'))).toMatchObject({
      ok: false,
      reason: 'Get-DnsClientServerAddress: powershell.exe exited with 1',
    });
  });
});
