// Printers on Windows: the spooler service (Get-Service Spooler: absent means no print system), its queues
// (Get-Printer), where their ports point (Get-PrinterPort), which queue is the default (Win32_Printer —
// Get-Printer does not say), and print auditing, which on Windows is the
// Microsoft-Windows-PrintService/Operational event log being enabled (Get-WinEvent -ListLog).
//
// deviceUri is the port name Windows uses ("IP_10.1.2.3", "USB001", "WSD-…") or, for a queue connected
// from a print server, the queue's UNC name ("\\printsrv\HP-3F"). remoteHost is the TCP/IP port's host or
// the print server; a WSD port names its device by a WSD id, not a host, so remoteHost stays null for it.
// Windows shares queue by queue; serverSharing is whether any queue is shared.

import type { PrintersFacts, PrintQueueFact } from '../../facts';
import { observed, type Probe, unavailable } from '../probe';
import { booleanOf, enumOf, type JsonRecord, parseJsonList, textOf } from '../windows/powershell-json';
import { type PowerShellRunner, powerShellRunner } from '../windows/powershell-runner';
import { readCommands, toJson } from '../windows/read-commands';

const PRINT_LOG = 'Microsoft-Windows-PrintService/Operational';

export const SPOOLER_COMMAND = {
  name: 'Get-Service Spooler',
  script: toJson(
    'Get-Service -Name Spooler -ErrorAction SilentlyContinue | Select-Object Name, Status, StartType',
  ),
} as const;

export const PRINTER_COMMANDS = {
  printers: {
    name: 'Get-Printer',
    script: toJson(
      'Get-Printer | Select-Object Name, ComputerName, Type, Shared, ShareName, PortName, DriverName',
    ),
  },
  ports: {
    name: 'Get-PrinterPort',
    script: toJson('Get-PrinterPort | Select-Object Name, Description, PrinterHostAddress'),
  },
  defaults: {
    name: 'Win32_Printer',
    script: toJson('Get-CimInstance -ClassName Win32_Printer | Select-Object Name, Default'),
  },
  log: {
    name: 'Get-WinEvent -ListLog',
    script: toJson(`Get-WinEvent -ListLog '${PRINT_LOG}' | Select-Object LogName, IsEnabled`),
  },
} as const;

const SOURCE = 'Get-Service Spooler, Get-Printer, Get-PrinterPort, Win32_Printer, Get-WinEvent -ListLog';

/** MSFT_Printer.Type: a queue of this spooler, or a connection to a queue on a print server. */
const PRINTER_TYPES: Readonly<Record<number, string>> = { 0: 'Local', 1: 'Connection' };

export function windowsPrintersProbe(run: PowerShellRunner = powerShellRunner()): Probe<'printers'> {
  return {
    fact: 'printers',
    async read() {
      const observedAtMs = Date.now();
      const spoolerOutput = await run(SPOOLER_COMMAND);
      const spooler = spoolerOutput.ok
        ? parseJsonList(spoolerOutput.stdout, SPOOLER_COMMAND.name)
        : spoolerOutput;
      if (!spooler.ok) return unavailable(SOURCE, spooler.reason, observedAtMs);
      if (spooler.records.length === 0) {
        return observed<PrintersFacts>(
          SOURCE,
          {
            installed: false,
            queues: [],
            serverSharing: false,
            auditing: { enabled: null, source: 'no Spooler service: nothing to audit' },
          },
          observedAtMs,
        );
      }
      // A stopped spooler makes Get-Printer fail: the queues are then unknown, which is not "none".
      const read = await readCommands(run, PRINTER_COMMANDS);
      if (!read.ok) return unavailable(SOURCE, read.reason, observedAtMs);
      const { printers, ports, defaults, log } = read.records;
      const queues = printers.flatMap((printer) => queue(printer, ports, defaults));
      const logRecord = log.find(
        (record) => textOf(record, 'LogName')?.toLowerCase() === PRINT_LOG.toLowerCase(),
      );
      return observed<PrintersFacts>(
        SOURCE,
        {
          installed: true,
          queues,
          serverSharing: queues.some((entry) => entry.shared),
          auditing: {
            enabled: logRecord === undefined ? null : booleanOf(logRecord, 'IsEnabled'),
            source: `event log ${PRINT_LOG}`,
          },
        },
        observedAtMs,
      );
    },
  };
}

function queue(printer: JsonRecord, ports: JsonRecord[], defaults: JsonRecord[]): PrintQueueFact[] {
  const name = textOf(printer, 'Name');
  if (name === null) return [];
  const isConnection = enumOf(printer, 'Type', PRINTER_TYPES)?.toLowerCase() === 'connection';
  const portName = textOf(printer, 'PortName');
  const port = ports.find((entry) => textOf(entry, 'Name') === portName);
  const defaultEntry = defaults.find((entry) => textOf(entry, 'Name') === name);
  return [
    {
      name,
      deviceUri: isConnection ? name : (portName ?? ''),
      shared: booleanOf(printer, 'Shared') ?? false,
      isDefault: defaultEntry === undefined ? false : booleanOf(defaultEntry, 'Default') === true,
      remoteHost: isConnection
        ? (textOf(printer, 'ComputerName') ?? serverOf(name))
        : port === undefined
          ? null
          : textOf(port, 'PrinterHostAddress'),
    },
  ];
}

/** "\\printsrv\HP-3F" → "printsrv". */
function serverOf(uncName: string): string | null {
  return /^\\\\([^\\]+)\\/.exec(uncName)?.[1] ?? null;
}
