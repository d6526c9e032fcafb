// DNS servers on Windows: Get-DnsClientServerAddress (one record per interface and address family, with
// ServerAddresses), and the suffix search list from Get-DnsClientGlobalSetting.

import type { DnsFacts } from '../../facts';
import type { Probe } from '../probe';
import { textListOf, textOf } from '../windows/powershell-json';
import type { PowerShellRunner } from '../windows/powershell-runner';
import { toJson } from '../windows/read-commands';
import { windowsProbe } from '../windows/windows-probe';

export const DNS_COMMANDS = {
  servers: {
    name: 'Get-DnsClientServerAddress',
    script: toJson(
      'Get-DnsClientServerAddress | Select-Object InterfaceAlias, InterfaceIndex, AddressFamily, ServerAddresses',
    ),
  },
  global: {
    name: 'Get-DnsClientGlobalSetting',
    script: toJson('Get-DnsClientGlobalSetting | Select-Object SuffixSearchList'),
  },
} as const;

export function windowsDnsProbe(run?: PowerShellRunner): Probe<'dns'> {
  return windowsProbe(
    {
      fact: 'dns',
      source: 'Get-DnsClientServerAddress, Get-DnsClientGlobalSetting',
      commands: DNS_COMMANDS,
      build: (records): DnsFacts => ({
        servers: records.servers.flatMap((record) =>
          textListOf(record, 'ServerAddresses').map((address) => ({
            address,
            source: `Get-DnsClientServerAddress: ${textOf(record, 'InterfaceAlias') ?? 'unnamed interface'}`,
          })),
        ),
        searchDomains: records.global.flatMap((record) => textListOf(record, 'SuffixSearchList')),
      }),
    },
    run,
  );
}
