// The antivirus products of a Windows machine, from what the probe read (win32.ts does the reading):
//
// - Security Center lists products: each entry is a product. Its definition (security-center-match.ts)
//   says where the product's files and services are; `corroborated` is whether any of those were found
//   (or, for Defender, whether Defender itself answered Get-MpComputerStatus). A registration is only a
//   claim — a tool can register "火绒安全软件" to switch Defender off without the suite being there — so an
//   entry whose product is not found (corroborated false) is not taken at its word for real-time
//   protection either (false). An entry no definition knows is reported as Security Center gives it,
//   corroborated null. The entry's own pathToSignedProductExe existing does not count: the registering
//   tool chooses that path.
// - No Security Center (Windows Server: the namespace does not exist), or one listing nothing (an
//   edition without Defender, a product that does not register): the products are those whose
//   definition's install paths exist, as on Linux. They were not registered anywhere, so `corroborated`
//   is left out.
//
// Defender's signature time, last full scan and real-time state come from Get-MpComputerStatus. Other
// products give no signature time through Windows; Security Center's definition state (up to date or
// out of date) is passed on as signaturesOutOfDate, which can fail the signature rule but never pass it.

import type { AntivirusProductDefinition } from '../../../policies/antivirus/product-definition';
import type { AntivirusProductFact } from '../../facts';
import { definitionOfEntry, type SecurityCenterEntry } from './security-center-match';
import { decodeProductState } from './security-center-state';
import { type LayoutReport, processName } from './windows-layout-command';

export const DEFENDER_DEFINITION_ID = 'microsoft-defender';
/** Security Center names Defender "Windows Defender" even where Windows calls it Microsoft Defender. */
const DEFENDER_NAME = /\bdefender\b/i;

export type DefenderStatus = Pick<
  AntivirusProductFact,
  'signaturesUpdatedAtMs' | 'lastFullScanAtMs' | 'realtimeProtection'
>;

/** Get-MpComputerStatus read only when a Defender is among the products; its failure then fails the probe. */
export type ReadDefender = () => { ok: true; status: DefenderStatus } | { ok: false; reason: string };

export type WindowsProducts = { ok: true; products: AntivirusProductFact[] } | { ok: false; reason: string };

interface Sighting {
  /** Install paths found, expanded. */
  installPaths: string[];
  /** Whether any of the definition's services exists (running or not). */
  serviceInstalled: boolean;
  /** Any of its services or processes running; null when the definition names none. */
  running: boolean | null;
  /** Any of its real-time processes running; null when the definition names none. */
  realtimeRunning: boolean | null;
}

function sight(definition: AntivirusProductDefinition, layout: LayoutReport): Sighting {
  const windows = definition.windows;
  if (!windows) return { installPaths: [], serviceInstalled: false, running: null, realtimeRunning: null };
  const installPaths = windows.install_paths.flatMap((path) => {
    const found = layout.paths.get(path);
    return found?.exists ? [found.expanded] : [];
  });
  const services = windows.services.flatMap((name) => layout.services.get(name.toLowerCase()) ?? []);
  const runs = (name: string) => layout.processes.has(processName(name).toLowerCase());
  const resident = [...windows.processes, ...windows.realtime_processes];
  return {
    installPaths,
    serviceInstalled: services.length > 0,
    running:
      windows.services.length + resident.length === 0
        ? null
        : services.some((service) => service.running) || resident.some(runs),
    realtimeRunning: windows.realtime_processes.length === 0 ? null : windows.realtime_processes.some(runs),
  };
}

/** Real-time protection as the product's own processes show it (schema: platformLayout.realtime_processes). */
function realtimeFromProcesses(sighting: Sighting): boolean | null {
  if (sighting.realtimeRunning !== null) return sighting.realtimeRunning;
  return sighting.running === false ? false : null;
}

function signaturesUnknownBecause(definition: AntivirusProductDefinition | null): string {
  const base =
    'Windows gives no signature date for this product (Security Center says only current or out of date)';
  return definition?.windows?.signatures.length
    ? `${base}; reading its definition's signature sources on Windows is not implemented`
    : base;
}

function isDefender(definition: AntivirusProductDefinition | null, name: string): boolean {
  return definition ? definition.id === DEFENDER_DEFINITION_ID : DEFENDER_NAME.test(name);
}

function withDefender(product: AntivirusProductFact, readDefender: ReadDefender): WindowsProducts | null {
  const defender = readDefender();
  if (!defender.ok) return { ok: false, reason: defender.reason };
  const { status } = defender;
  Object.assign(product, {
    signaturesUpdatedAtMs: status.signaturesUpdatedAtMs ?? null,
    lastFullScanAtMs: status.lastFullScanAtMs ?? null,
    realtimeProtection: status.realtimeProtection ?? product.realtimeProtection ?? null,
    signaturesUnknownBecause:
      status.signaturesUpdatedAtMs == null
        ? 'Get-MpComputerStatus gave no AntivirusSignatureLastUpdated'
        : null,
  });
  return null;
}

export function productsFromSecurityCenter(
  entries: readonly SecurityCenterEntry[],
  definitions: readonly AntivirusProductDefinition[],
  layout: LayoutReport,
  readDefender: ReadDefender,
): WindowsProducts {
  const products: AntivirusProductFact[] = [];
  for (const entry of entries) {
    const definition = definitionOfEntry(entry, definitions, layout);
    const state = decodeProductState(entry.productState);
    const sighting = definition ? sight(definition, layout) : null;
    const product: AntivirusProductFact = {
      product: entry.displayName,
      definitionId: definition?.id ?? null,
      names: definition ? unique([entry.displayName, ...definition.names]) : [entry.displayName],
      installPaths: sighting?.installPaths ?? [],
      running: sighting?.running ?? null,
      corroborated: sighting ? sighting.installPaths.length > 0 || sighting.serviceInstalled : null,
      databases: [],
      signaturesUpdatedAtMs: null,
      signaturesUnknownBecause: signaturesUnknownBecause(definition),
      signaturesOutOfDate: state?.signaturesOutOfDate ?? null,
      lastFullScanAtMs: null,
      realtimeProtection: state?.realtimeProtection ?? null,
    };
    if (isDefender(definition, entry.displayName)) {
      const failed = withDefender(product, readDefender);
      if (failed) return failed;
      // Defender answering for itself is the strongest sign it is there.
      if (product.corroborated !== null) product.corroborated = true;
    }
    if (product.corroborated === false) product.realtimeProtection = false;
    products.push(product);
  }
  return { ok: true, products };
}

export function productsFromDefinitions(
  definitions: readonly AntivirusProductDefinition[],
  layout: LayoutReport,
  readDefender: ReadDefender,
): WindowsProducts {
  const products: AntivirusProductFact[] = [];
  for (const definition of definitions) {
    if (!definition.windows) continue;
    const sighting = sight(definition, layout);
    if (sighting.installPaths.length === 0) continue;
    const product: AntivirusProductFact = {
      product: definition.names[0]!,
      definitionId: definition.id,
      names: [...definition.names],
      installPaths: sighting.installPaths,
      running: sighting.running,
      databases: [],
      signaturesUpdatedAtMs: null,
      signaturesUnknownBecause: signaturesUnknownBecause(definition),
      signaturesOutOfDate: null,
      lastFullScanAtMs: null,
      realtimeProtection: realtimeFromProcesses(sighting),
    };
    if (definition.id === DEFENDER_DEFINITION_ID) {
      const failed = withDefender(product, readDefender);
      if (failed) return failed;
    }
    products.push(product);
  }
  return { ok: true, products };
}

function unique(names: readonly string[]): string[] {
  const seen = new Set<string>();
  return names.filter((name) => {
    const key = name.trim().toLowerCase();
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
