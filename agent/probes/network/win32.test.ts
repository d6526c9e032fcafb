// Against PowerShell outputs constructed from Microsoft's documentation (test/fixtures/powershell/README.md).

import { describe, expect, it } from 'vitest';
import { machineRoot } from '../machine-root';
import { recordedPowerShell } from '../windows/recorded-powershell';
import { windowsNetworkProbe } from './win32';

const root = machineRoot('/');

describe('windows network probe', () => {
  it('reads default routes with their gateways and on-link routes without', async () => {
    const { run } = recordedPowerShell({
      'Get-NetRoute': 'get-netroute-office.json',
      'Get-NetTCPConnection': 'get-nettcpconnection-office.json',
    });
    const result = await windowsNetworkProbe(run).read(root);
    if (!result.ok) throw new Error(result.reason);
    const defaults = result.facts.routes.filter((route) => route.destination.endsWith('/0'));
    expect(defaults).toEqual([
      { family: 4, interface: '以太网', destination: '0.0.0.0/0', gateway: '10.20.0.1', metric: 0 },
      { family: 6, interface: '以太网', destination: '::/0', gateway: 'fe80::1', metric: 0 },
    ]);
    expect(result.facts.routes.find((route) => route.destination === '10.20.0.0/16')?.gateway).toBeNull();
    expect(result.facts.routes).toHaveLength(6);
  });

  it('keeps sockets with a peer, named by Linux state names, and drops listeners and bound sockets', async () => {
    const { run } = recordedPowerShell({
      'Get-NetRoute': 'get-netroute-office.json',
      'Get-NetTCPConnection': 'get-nettcpconnection-office.json',
    });
    const result = await windowsNetworkProbe(run).read(root);
    if (!result.ok) throw new Error(result.reason);
    expect(result.facts.connections).toEqual([
      {
        protocol: 'tcp',
        family: 4,
        local: { address: '10.20.3.17', port: 52311 },
        remote: { address: '10.20.0.5', port: 7700 },
        state: 'ESTABLISHED',
      },
      {
        protocol: 'tcp',
        family: 4,
        local: { address: '10.20.3.17', port: 52340 },
        remote: { address: '203.0.113.80', port: 443 },
        state: 'SYN_SENT',
      },
      {
        protocol: 'tcp',
        family: 6,
        local: { address: 'fe80::8e16:45ff:fe12:3456', port: 50122 },
        remote: { address: 'fe80::1', port: 445 },
        state: 'TIME_WAIT',
      },
    ]);
  });

  it('reads enum states printed as names (PowerShell 7 -EnumsAsStrings)', async () => {
    const { run } = recordedPowerShell({
      'Get-NetRoute': 'empty-list.json',
      'Get-NetTCPConnection': {
        ok: true,
        stdout:
          '{"LocalAddress":"10.0.0.2","LocalPort":5000,"RemoteAddress":"10.0.0.3","RemotePort":22,"State":"SynReceived"}',
      },
    });
    const result = await windowsNetworkProbe(run).read(root);
    if (!result.ok) throw new Error(result.reason);
    expect(result.facts).toEqual({
      routes: [],
      connections: [
        {
          protocol: 'tcp',
          family: 4,
          local: { address: '10.0.0.2', port: 5000 },
          remote: { address: '10.0.0.3', port: 22 },
          state: 'SYN_RECV',
        },
      ],
    });
  });

  it('fails naming both commands when PowerShell cannot run', async () => {
    const { run } = recordedPowerShell({
      'Get-NetRoute': {
        ok: false,
        reason: 'Get-NetRoute: cannot run powershell.exe: spawn powershell.exe ENOENT',
      },
      'Get-NetTCPConnection': {
        ok: false,
        reason: 'Get-NetTCPConnection: cannot run powershell.exe: spawn powershell.exe ENOENT',
      },
    });
    const result = await windowsNetworkProbe(run).read(root);
    expect(result).toMatchObject({
      ok: false,
      source: 'Get-NetRoute, Get-NetTCPConnection',
      reason:
        'Get-NetRoute: cannot run powershell.exe: spawn powershell.exe ENOENT; Get-NetTCPConnection: cannot run powershell.exe: spawn powershell.exe ENOENT',
    });
  });
});
