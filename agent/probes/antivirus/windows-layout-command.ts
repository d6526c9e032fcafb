// Looking for the products the definitions describe, on Windows, in one PowerShell call: whether each
// install path exists (Test-Path, after Windows expands %ProgramFiles% and the like in the agent's own
// environment), which of the named services exist and run (Get-Service), which of the named processes run
// (Get-Process), and the Program Files folders of that environment, with which a Security Center entry's
// pathToSignedProductExe is expanded and compared.
//
// The script is built from the definitions (a policy may add some), so every name and path goes into it
// as a PowerShell single-quoted string: nothing in it is expanded or run. PowerShell also ends a
// single-quoted string at the typographic quotes ‘ ’ ‚ ‛, so those are doubled like ' is
// (about_Quoting_Rules). Get-Service and Get-Process treat their -Name as a wildcard pattern, so what they
// print is filtered here to the exact names asked for.

import type { AntivirusProductDefinition } from '../../../policies/antivirus/product-definition';
import { nestedJsonList } from '../windows/nested-json-list';
import { type JsonRecord, parseJsonList, textOf } from '../windows/powershell-json';
import type { PowerShellCommand } from '../windows/powershell-runner';

export const LAYOUT_COMMAND_NAME = 'Antivirus product layouts';

/** The environment variables a Security Center path or an install path is expanded with. */
export const REPORTED_ENVIRONMENT = ['ProgramFiles', 'ProgramFiles(x86)', 'ProgramW6432'] as const;

/** ServiceControllerStatus.Running, as Windows PowerShell 5.1 prints the enum. */
const SERVICE_RUNNING = 4;

export interface LayoutReport {
  /** The variables of REPORTED_ENVIRONMENT that are set, by name. */
  environment: Readonly<Record<string, string>>;
  /** By install path as the definition writes it. */
  paths: ReadonlyMap<string, { expanded: string; exists: boolean }>;
  /** Services found, by lowercased name: whether each runs. */
  services: ReadonlyMap<string, { name: string; running: boolean }>;
  /** Running processes among those asked for, lowercased, without ".exe". */
  processes: ReadonlySet<string>;
}

export type LayoutReading = { ok: true; report: LayoutReport } | { ok: false; reason: string };

export function quotePowerShell(text: string): string {
  return `'${text.replace(/['\u2018\u2019\u201A\u201B]/g, (quote) => quote + quote)}'`;
}

/** "wsctrlsvc.exe" → "wsctrlsvc": Get-Process names images without the extension. */
export function processName(name: string): string {
  return name.replace(/\.exe$/i, '');
}

function unique(items: readonly string[]): string[] {
  const seen = new Map<string, string>();
  for (const item of items) if (!seen.has(item.toLowerCase())) seen.set(item.toLowerCase(), item);
  return [...seen.values()];
}

function list(items: readonly string[]): string {
  return `@(${items.map(quotePowerShell).join(',')})`;
}

export function layoutCommand(definitions: readonly AntivirusProductDefinition[]): PowerShellCommand {
  const layouts = definitions.flatMap((definition) => (definition.windows ? [definition.windows] : []));
  const paths = unique(layouts.flatMap((layout) => layout.install_paths));
  const services = unique(layouts.flatMap((layout) => layout.services));
  const processes = unique(
    layouts.flatMap((layout) => [...layout.processes, ...layout.realtime_processes].map(processName)),
  );
  const environment = REPORTED_ENVIRONMENT.map(
    (name) => `${quotePowerShell(name)} = [Environment]::GetEnvironmentVariable(${quotePowerShell(name)})`,
  ).join('; ');
  // A path still relative after expansion (a variable this Windows does not set, such as
  // %ProgramFiles(x86)% on 32-bit Windows) would be tested against the current directory: it counts as
  // absent instead.
  const testPaths =
    paths.length === 0
      ? '@()'
      : `@(foreach ($p in ${list(paths)}) { $e = [Environment]::ExpandEnvironmentVariables($p); ` +
        '[pscustomobject]@{ path = $p; expanded = $e; ' +
        'exists = ([IO.Path]::IsPathRooted($e) -and (Test-Path -LiteralPath $e)) } })';
  const getServices =
    services.length === 0
      ? '@()'
      : `@(Get-Service -Name ${list(services)} -ErrorAction SilentlyContinue | Select-Object Name, Status)`;
  const getProcesses =
    processes.length === 0
      ? '@()'
      : `@(Get-Process -Name ${list(processes)} -ErrorAction SilentlyContinue | ` +
        'Select-Object -ExpandProperty Name)';
  return {
    name: LAYOUT_COMMAND_NAME,
    script:
      'ConvertTo-Json -Depth 4 -Compress -InputObject @{ ' +
      `environment = @{ ${environment} }; paths = ${testPaths}; services = ${getServices}; ` +
      `processes = ${getProcesses} }`,
  };
}

function records(value: unknown): JsonRecord[] {
  return nestedJsonList(value).filter(
    (item): item is JsonRecord => item !== null && typeof item === 'object' && !Array.isArray(item),
  );
}

/**
 * What the layout command printed, restricted to what `definitions` asked for. A service is running only
 * when its status is Running (4); Get-Service -ErrorAction SilentlyContinue leaves out a service that does
 * not exist.
 */
export function parseLayoutReport(
  stdout: string,
  definitions: readonly AntivirusProductDefinition[],
): LayoutReading {
  const parsed = parseJsonList(stdout, LAYOUT_COMMAND_NAME);
  if (!parsed.ok) return parsed;
  const [report] = parsed.records;
  if (parsed.records.length !== 1 || report === undefined || typeof report.paths !== 'object')
    return { ok: false, reason: `${LAYOUT_COMMAND_NAME} printed no report object` };
  const layouts = definitions.flatMap((definition) => (definition.windows ? [definition.windows] : []));
  const reportedPaths = new Set(records(report.paths).map((record) => textOf(record, 'path')));
  const missing = layouts.flatMap((layout) => layout.install_paths).find((path) => !reportedPaths.has(path));
  // A path left out would read as absent, and an absent product fails: better to say the report is short.
  if (missing !== undefined)
    return { ok: false, reason: `${LAYOUT_COMMAND_NAME} did not report the path ${missing}` };
  const wantedServices = new Set(layouts.flatMap((layout) => layout.services.map((s) => s.toLowerCase())));
  const wantedProcesses = new Set(
    layouts.flatMap((layout) =>
      [...layout.processes, ...layout.realtime_processes].map((p) => processName(p).toLowerCase()),
    ),
  );

  const environment: Record<string, string> = {};
  const reportedEnvironment = records(report.environment)[0] ?? {};
  for (const name of REPORTED_ENVIRONMENT) {
    const value = textOf(reportedEnvironment, name);
    if (value !== null) environment[name] = value;
  }
  const paths = new Map<string, { expanded: string; exists: boolean }>();
  for (const record of records(report.paths)) {
    const path = textOf(record, 'path');
    const expanded = textOf(record, 'expanded');
    if (path === null || expanded === null) continue;
    paths.set(path, { expanded, exists: record.exists === true });
  }
  const services = new Map<string, { name: string; running: boolean }>();
  for (const record of records(report.services)) {
    const name = textOf(record, 'Name');
    if (name === null || !wantedServices.has(name.toLowerCase())) continue;
    const status = record.Status;
    services.set(name.toLowerCase(), { name, running: status === SERVICE_RUNNING || status === 'Running' });
  }
  const processes = new Set(
    nestedJsonList(report.processes)
      .filter((name): name is string => typeof name === 'string')
      .map((name) => processName(name.trim()).toLowerCase())
      .filter((name) => wantedProcesses.has(name)),
  );
  return { ok: true, report: { environment, paths, services, processes } };
}
