// Which product definition a Windows Security Center entry is: by name first (any of the definition's
// names equal to the entry's displayName, ignoring case and surrounding space), then by the entry's
// pathToSignedProductExe lying under one of the definition's Windows install paths. Windows paths compare
// without regard to case and to / versus \. The entry's own path only chooses the definition; whether the
// product is there is decided by the definition's paths and services (windows-products.ts), because a tool
// that registers an entry can point it at any file it likes.

import type { AntivirusProductDefinition } from '../../../policies/antivirus/product-definition';
import type { LayoutReport } from './windows-layout-command';

export interface SecurityCenterEntry {
  displayName: string;
  productState: number | null;
  pathToSignedProductExe: string | null;
}

/** "%ProgramFiles%\\X" with the variables `environment` sets (names ignore case); others stay as written. */
export function expandWindowsPath(path: string, environment: Readonly<Record<string, string>>): string {
  const byName = new Map(Object.entries(environment).map(([name, value]) => [name.toLowerCase(), value]));
  return path.replace(/%([^%\\/]+)%/g, (whole, name: string) => byName.get(name.toLowerCase()) ?? whole);
}

export function normalizeWindowsPath(path: string): string {
  return path
    .trim()
    .replace(/\//g, '\\')
    .replace(/\\{2,}/g, '\\')
    .replace(/\\$/, '')
    .toLowerCase();
}

/** Whether `file` is `directory` or lies below it (a sibling "…\\Sysdiag2" is not below "…\\Sysdiag"). */
export function isUnder(file: string, directory: string): boolean {
  const parent = normalizeWindowsPath(directory);
  const child = normalizeWindowsPath(file);
  return parent !== '' && (child === parent || child.startsWith(`${parent}\\`));
}

export function definitionOfEntry(
  entry: SecurityCenterEntry,
  definitions: readonly AntivirusProductDefinition[],
  layout: LayoutReport,
): AntivirusProductDefinition | null {
  const name = entry.displayName.trim().toLowerCase();
  const byName = definitions.find((definition) =>
    definition.names.some((known) => known.trim().toLowerCase() === name),
  );
  if (byName) return byName;
  if (entry.pathToSignedProductExe === null) return null;
  const exe = expandWindowsPath(entry.pathToSignedProductExe, layout.environment);
  return (
    definitions.find((definition) =>
      (definition.windows?.install_paths ?? []).some((installPath) => {
        const expanded = layout.paths.get(installPath)?.expanded ?? null;
        return expanded !== null && isUnder(exe, expanded);
      }),
    ) ?? null
  );
}
