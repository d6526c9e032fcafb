// The script is compared with text written out by hand: what PowerShell is asked to run is the part no
// recorded output can check.

import { describe, expect, it } from 'vitest';
import {
  type AntivirusProductDefinitionInput,
  antivirusProductDefinition,
} from '../../../policies/antivirus/product-definition';
import {
  LAYOUT_COMMAND_NAME,
  layoutCommand,
  parseLayoutReport,
  quotePowerShell,
} from './windows-layout-command';

const define = (input: AntivirusProductDefinitionInput) => antivirusProductDefinition.parse(input);

const HUORONG = define({
  id: 'huorong-esm',
  names: ['火绒安全软件'],
  source: 'test',
  windows: {
    install_paths: ['%ProgramFiles%\\Huorong\\Sysdiag', '%ProgramFiles(x86)%\\Huorong\\Sysdiag'],
    processes: ['wsctrlsvc.exe', 'HipsDaemon.exe'],
  },
});
const DEFENDER = define({
  id: 'microsoft-defender',
  names: ['Windows Defender'],
  source: 'test',
  windows: {
    install_paths: ['%ProgramFiles%\\Windows Defender'],
    services: ['WinDefend'],
    processes: ['MsMpEng.exe'],
  },
});
const LINUX_ONLY = define({
  id: 'clamav',
  names: ['ClamAV'],
  source: 'test',
  linux: { install_paths: ['/usr/sbin/clamd'] },
});

describe('layout command', () => {
  it('asks for every Windows path, service and process of the definitions, once each', () => {
    expect(layoutCommand([HUORONG, DEFENDER, LINUX_ONLY, DEFENDER])).toEqual({
      name: LAYOUT_COMMAND_NAME,
      script:
        'ConvertTo-Json -Depth 4 -Compress -InputObject @{ environment = @{ ' +
        "'ProgramFiles' = [Environment]::GetEnvironmentVariable('ProgramFiles'); " +
        "'ProgramFiles(x86)' = [Environment]::GetEnvironmentVariable('ProgramFiles(x86)'); " +
        "'ProgramW6432' = [Environment]::GetEnvironmentVariable('ProgramW6432') }; " +
        "paths = @(foreach ($p in @('%ProgramFiles%\\Huorong\\Sysdiag','%ProgramFiles(x86)%\\Huorong\\Sysdiag'," +
        "'%ProgramFiles%\\Windows Defender')) { $e = [Environment]::ExpandEnvironmentVariables($p); " +
        '[pscustomobject]@{ path = $p; expanded = $e; ' +
        'exists = ([IO.Path]::IsPathRooted($e) -and (Test-Path -LiteralPath $e)) } }); ' +
        "services = @(Get-Service -Name @('WinDefend') -ErrorAction SilentlyContinue | Select-Object Name, Status); " +
        "processes = @(Get-Process -Name @('wsctrlsvc','HipsDaemon','MsMpEng') -ErrorAction SilentlyContinue | " +
        'Select-Object -ExpandProperty Name) }',
    });
  });

  it('asks for no service or process when no definition names one', () => {
    const { script } = layoutCommand([LINUX_ONLY]);
    expect(script).toContain('paths = @(); services = @(); processes = @() }');
  });

  it.each([
    ["C:\\O'Brien\\AV", "'C:\\O''Brien\\AV'"],
    ['C:\\a\u2019b', "'C:\\a\u2019\u2019b'"],
    ['$(Remove-Item C:\\ -Recurse)', "'$(Remove-Item C:\\ -Recurse)'"],
  ])('quotes %s so PowerShell reads it as text', (text, quoted) => {
    expect(quotePowerShell(text)).toBe(quoted);
  });
});

describe('layout report', () => {
  const report = {
    environment: {
      ProgramFiles: 'C:\\Program Files',
      'ProgramFiles(x86)': 'C:\\Program Files (x86)',
      ProgramW6432: null,
    },
    paths: [
      {
        path: '%ProgramFiles%\\Huorong\\Sysdiag',
        expanded: 'C:\\Program Files\\Huorong\\Sysdiag',
        exists: true,
      },
      {
        path: '%ProgramFiles(x86)%\\Huorong\\Sysdiag',
        expanded: 'C:\\Program Files (x86)\\Huorong\\Sysdiag',
        exists: false,
      },
      {
        path: '%ProgramFiles%\\Windows Defender',
        expanded: 'C:\\Program Files\\Windows Defender',
        exists: true,
      },
    ],
    // Get-Service -Name is a wildcard: a service matching a pattern but not asked for is dropped.
    services: [
      { Name: 'WinDefend', Status: 1 },
      { Name: 'WinDefendX', Status: 4 },
    ],
    // One process printed bare, as PowerShell may unroll a list of one.
    processes: 'MsMpEng',
  };

  it('reads the environment, paths, services (4 = Running) and processes asked for', () => {
    const reading = parseLayoutReport(JSON.stringify(report), [HUORONG, DEFENDER]);
    if (!reading.ok) throw new Error(reading.reason);
    expect(reading.report.environment).toEqual({
      ProgramFiles: 'C:\\Program Files',
      'ProgramFiles(x86)': 'C:\\Program Files (x86)',
    });
    expect([...reading.report.paths.entries()]).toEqual([
      ['%ProgramFiles%\\Huorong\\Sysdiag', { expanded: 'C:\\Program Files\\Huorong\\Sysdiag', exists: true }],
      [
        '%ProgramFiles(x86)%\\Huorong\\Sysdiag',
        { expanded: 'C:\\Program Files (x86)\\Huorong\\Sysdiag', exists: false },
      ],
      ['%ProgramFiles%\\Windows Defender', { expanded: 'C:\\Program Files\\Windows Defender', exists: true }],
    ]);
    expect([...reading.report.services.entries()]).toEqual([
      ['windefend', { name: 'WinDefend', running: false }],
    ]);
    expect([...reading.report.processes]).toEqual(['msmpeng']);
  });

  it('refuses output that is not JSON', () => {
    expect(parseLayoutReport('Get-Service : Cannot find', [DEFENDER])).toMatchObject({ ok: false });
  });
});
