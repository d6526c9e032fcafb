// Against PowerShell outputs constructed from Microsoft's documentation (test/fixtures/powershell/README.md).

import { describe, expect, it } from 'vitest';
import { machineRoot } from '../machine-root';
import { recordedPowerShell } from '../windows/recorded-powershell';
import { windowsPrintersProbe } from './win32';

const root = machineRoot('/');
const OFFICE = {
  'Get-Service Spooler': 'get-service-spooler-running.json',
  'Get-Printer': 'get-printer-office.json',
  'Get-PrinterPort': 'get-printerport-office.json',
  Win32_Printer: 'win32-printer-office.json',
  'Get-WinEvent -ListLog': 'get-winevent-listlog-printservice-disabled.json',
};

describe('windows printers probe', () => {
  it('reads queues with where they print, sharing, the default and whether jobs are logged', async () => {
    const result = await windowsPrintersProbe(recordedPowerShell(OFFICE).run).read(root);
    if (!result.ok) throw new Error(result.reason);
    expect(result.facts).toEqual({
      installed: true,
      queues: [
        {
          name: 'HP LaserJet M403 (3F)',
          deviceUri: 'IP_10.20.8.15',
          shared: true,
          isDefault: false,
          remoteHost: '10.20.8.15',
        },
        {
          name: '\\\\printsrv\\Canon-2F',
          deviceUri: '\\\\printsrv\\Canon-2F',
          shared: false,
          isDefault: false,
          remoteHost: 'printsrv',
        },
        { name: 'Brother HL-2260D', deviceUri: 'USB001', shared: false, isDefault: true, remoteHost: null },
        {
          name: 'Microsoft Print to PDF',
          deviceUri: 'PORTPROMPT:',
          shared: false,
          isDefault: false,
          remoteHost: null,
        },
      ],
      serverSharing: true,
      auditing: { enabled: false, source: 'event log Microsoft-Windows-PrintService/Operational' },
    });
  });

  it('sees auditing on when the PrintService log is enabled', async () => {
    const { run } = recordedPowerShell({
      ...OFFICE,
      'Get-WinEvent -ListLog': 'get-winevent-listlog-printservice-enabled.json',
    });
    const result = await windowsPrintersProbe(run).read(root);
    expect(result).toMatchObject({ ok: true, facts: { auditing: { enabled: true } } });
  });

  it('says no print system is installed when there is no Spooler service, and reads nothing else', async () => {
    const recorded = recordedPowerShell({ 'Get-Service Spooler': 'empty-list.json' });
    const result = await windowsPrintersProbe(recorded.run).read(root);
    expect(result).toMatchObject({ ok: true, facts: { installed: false, queues: [], serverSharing: false } });
    expect(recorded.commands.map((command) => command.name)).toEqual(['Get-Service Spooler']);
  });

  it('fails with the reason when the spooler is there but Get-Printer fails', async () => {
    const { run } = recordedPowerShell({
      ...OFFICE,
      'Get-Printer': {
        ok: false,
        reason: 'Get-Printer: powershell.exe exited with 1: The spooler service is not reachable.',
      },
    });
    expect(await windowsPrintersProbe(run).read(root)).toMatchObject({
      ok: false,
      reason: 'Get-Printer: powershell.exe exited with 1: The spooler service is not reachable.',
    });
  });
});
