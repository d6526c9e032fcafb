// Antivirus products on Linux, as their definitions describe them (policies/antivirus/): the built-in ones
// merged with the policy's. A product is installed when any of its install paths exists; for each installed
// one the probe reads its signature date and last full scan from the sources its definition names, and the
// state of its systemd units. Whether its processes run is left to the check, which has the processes fact.
//
// What is a fact and what is a failure to read:
//   - no install path of a product exists (ENOENT, ENOTDIR): the product is absent, a fact;
//   - an install path that cannot be looked at (EACCES, EIO, …): the probe is unavailable, because "absent"
//     would fail 3.7.6 with confidence for a product that may well be there;
//   - a signature source that cannot be read (a directory where a file should be, a corrupt database, a
//     version file that no longer matches its pattern): that product's signature date is unknown, with why.

import { statSync } from 'node:fs';
import { BUILTIN_PRODUCT_DEFINITIONS } from '../../../policies/antivirus/builtin-products';
import type {
  AntivirusProductDefinition,
  PlatformLayout,
} from '../../../policies/antivirus/product-definition';
import type { AntivirusFacts, AntivirusProductFact } from '../../facts';
import { describeIoError, type MachineRoot, segmentsOf } from '../machine-root';
import { observed, type Probe, unavailable } from '../probe';
import { readDatedSources } from './signature-sources';
import { isAbsence } from './source-reading';
import { unitRunning } from './systemd-unit-state';

export function linuxAntivirusProbe(
  definitions: readonly AntivirusProductDefinition[] = BUILTIN_PRODUCT_DEFINITIONS,
): Probe<'antivirus'> {
  const linux = definitions.flatMap((definition) =>
    definition.linux ? [{ definition, layout: definition.linux }] : [],
  );
  const source = `antivirus product definitions: ${linux.map(({ definition }) => definition.id).join(', ')}`;
  return {
    fact: 'antivirus',
    async read(root) {
      const observedAtMs = Date.now();
      // Absence of every product is a fact, but absence of the whole machine root is a broken reading.
      try {
        statSync(root.dir);
      } catch (error) {
        return unavailable(source, describeIoError(root.dir, error), observedAtMs);
      }
      const products: AntivirusProductFact[] = [];
      for (const { definition, layout } of linux) {
        const installed = installPathsFound(root, layout.install_paths);
        if (!installed.ok) return unavailable(source, installed.reason, observedAtMs);
        if (installed.paths.length === 0) continue;
        products.push(await productFact(root, definition, layout, installed.paths));
      }
      return observed<AntivirusFacts>(source, { products }, observedAtMs);
    },
  };
}

type InstallPaths = { ok: true; paths: string[] } | { ok: false; reason: string };

function installPathsFound(root: MachineRoot, installPaths: readonly string[]): InstallPaths {
  const paths: string[] = [];
  for (const installPath of installPaths) {
    const realPath = root.path(...segmentsOf(installPath));
    try {
      statSync(realPath);
      paths.push(installPath);
    } catch (error) {
      if (!isAbsence(error)) return { ok: false, reason: describeIoError(realPath, error) };
    }
  }
  return { ok: true, paths };
}

async function productFact(
  root: MachineRoot,
  definition: AntivirusProductDefinition,
  layout: PlatformLayout,
  installPaths: string[],
): Promise<AntivirusProductFact> {
  const [signatures, fullScan] = await Promise.all([
    readDatedSources(root, layout.signatures, 'signature date', definition.id),
    readDatedSources(root, layout.full_scan, 'last full scan', definition.id),
  ]);
  return {
    product: definition.names[0]!,
    definitionId: definition.id,
    names: [...definition.names],
    installPaths,
    databases: signatures.readings,
    signaturesUnknownBecause: signatures.unknownBecause,
    lastFullScanAtMs: fullScan.newestMs,
    fullScanUnknownBecause: fullScan.unknownBecause,
    services: layout.services.map((name) => ({ name, running: unitRunning(root, name) })),
    processNames: [...layout.processes],
    realtimeProcesses: [...layout.realtime_processes],
  };
}
