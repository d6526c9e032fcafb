// Antivirus on Windows, from three PowerShell calls run side by side:
//
// - Windows Security Center (root/SecurityCenter2 AntiVirusProduct): every antivirus that wants Windows
//   to stop nagging registers there, domestic ones included. Windows Server has no Security Center: the
//   namespace does not exist, and Get-CimInstance fails with "Invalid namespace" (HRESULT 0x8004100e;
//   e.g. amidaware/tacticalrmm#1202 on Windows Server 2019). That message is translated on a Chinese or
//   French Windows ("Espace de noms non valide", glpi-project/glpi-agent#565), so the script does not read
//   it: it first asks root for a __NAMESPACE named SecurityCenter2 and says whether there is one. Any
//   other failure (access denied, a broken WMI repository) fails the probe.
// - Get-MpComputerStatus, for Defender's signature time, last full scan and real-time state, which
//   Security Center does not give. Needed only when a Defender is among the products; an edition without
//   Defender (神州网信政府版 / EnterpriseG) fails the cmdlet, and that says nothing about other products.
// - The product definitions' Windows layouts (windows-layout-command.ts): which install paths exist and
//   which services and processes run, to corroborate each Security Center entry and, where Security Center
//   is missing or lists nothing, to find the products by their files (windows-products.ts).

import { BUILTIN_PRODUCT_DEFINITIONS } from '../../../policies/antivirus/builtin-products';
import type { AntivirusProductDefinition } from '../../../policies/antivirus/product-definition';
import type { AntivirusFacts } from '../../facts';
import { observed, type Probe, unavailable } from '../probe';
import { nestedJsonList } from '../windows/nested-json-list';
import { parsePowerShellDate } from '../windows/powershell-date';
import { booleanOf, type JsonRecord, numberOf, parseJsonList, textOf } from '../windows/powershell-json';
import { type PowerShellRunner, powerShellRunner } from '../windows/powershell-runner';
import { toJson } from '../windows/read-commands';
import type { SecurityCenterEntry } from './security-center-match';
import { layoutCommand, parseLayoutReport } from './windows-layout-command';
import {
  type DefenderStatus,
  productsFromDefinitions,
  productsFromSecurityCenter,
  type ReadDefender,
} from './windows-products';

export const ANTIVIRUS_COMMANDS = {
  securityCenter: {
    name: 'AntiVirusProduct',
    script:
      '$present = @(Get-CimInstance -Namespace root -ClassName __NAMESPACE -Filter "Name=\'SecurityCenter2\'").Count -gt 0; ' +
      'ConvertTo-Json -Depth 4 -Compress -InputObject @{ namespacePresent = $present; products = @(if ($present) { ' +
      'Get-CimInstance -Namespace root/SecurityCenter2 -ClassName AntiVirusProduct | ' +
      'Select-Object displayName, productState, pathToSignedProductExe, timestamp }) }',
  },
  defender: {
    name: 'Get-MpComputerStatus',
    script: toJson(
      'Get-MpComputerStatus | Select-Object AMServiceEnabled, AntivirusEnabled, RealTimeProtectionEnabled, ' +
        'AntivirusSignatureLastUpdated, AntivirusSignatureVersion, FullScanEndTime',
    ),
  },
} as const;

const SOURCE =
  'root/SecurityCenter2 AntiVirusProduct, Get-MpComputerStatus, product definitions (Test-Path, Get-Service, Get-Process)';

type SecurityCenterReading =
  | { ok: true; present: boolean; entries: SecurityCenterEntry[] }
  | { ok: false; reason: string };

export function parseSecurityCenter(stdout: string): SecurityCenterReading {
  const name = ANTIVIRUS_COMMANDS.securityCenter.name;
  const parsed = parseJsonList(stdout, name);
  if (!parsed.ok) return parsed;
  const [report] = parsed.records;
  const present = report === undefined ? null : booleanOf(report, 'namespacePresent');
  if (parsed.records.length !== 1 || report === undefined || present === null)
    return { ok: false, reason: `${name} printed no report of the SecurityCenter2 namespace` };
  const items = nestedJsonList(report.products);
  const entries: SecurityCenterEntry[] = [];
  for (const item of items) {
    if (item === null || typeof item !== 'object' || Array.isArray(item)) continue;
    const record = item as JsonRecord;
    const displayName = textOf(record, 'displayName');
    if (displayName === null) continue;
    entries.push({
      displayName,
      productState: numberOf(record, 'productState'),
      pathToSignedProductExe: textOf(record, 'pathToSignedProductExe'),
    });
  }
  return { ok: true, present, entries };
}

function defenderStatus(status: JsonRecord): DefenderStatus {
  return {
    signaturesUpdatedAtMs: parsePowerShellDate(status.AntivirusSignatureLastUpdated),
    lastFullScanAtMs: parsePowerShellDate(status.FullScanEndTime),
    realtimeProtection: booleanOf(status, 'RealTimeProtectionEnabled'),
  };
}

/**
 * @param definitions the product definitions in force (built-in ones merged with the policy's); read at
 * every sweep so that a policy change reaches the next one.
 */
export function windowsAntivirusProbe(
  run: PowerShellRunner = powerShellRunner(),
  definitions: () => readonly AntivirusProductDefinition[] = () => BUILTIN_PRODUCT_DEFINITIONS,
): Probe<'antivirus'> {
  return {
    fact: 'antivirus',
    async read() {
      const observedAtMs = Date.now();
      const known = definitions();
      const [centerOutput, defenderOutput, layoutOutput] = await Promise.all([
        run(ANTIVIRUS_COMMANDS.securityCenter),
        run(ANTIVIRUS_COMMANDS.defender),
        run(layoutCommand(known)),
      ]);
      const center = centerOutput.ok ? parseSecurityCenter(centerOutput.stdout) : centerOutput;
      const layout = layoutOutput.ok ? parseLayoutReport(layoutOutput.stdout, known) : layoutOutput;
      const failures = [center, layout].flatMap((reading) => (reading.ok ? [] : [reading.reason]));
      if (!center.ok || !layout.ok) return unavailable(SOURCE, failures.join('; '), observedAtMs);

      const readDefender: ReadDefender = () => {
        const name = ANTIVIRUS_COMMANDS.defender.name;
        const defender = defenderOutput.ok ? parseJsonList(defenderOutput.stdout, name) : defenderOutput;
        if (!defender.ok) return defender;
        const status = defender.records[0];
        if (status === undefined) return { ok: false, reason: `${name} printed no status for Defender` };
        return { ok: true, status: defenderStatus(status) };
      };
      const found =
        center.present && center.entries.length > 0
          ? productsFromSecurityCenter(center.entries, known, layout.report, readDefender)
          : productsFromDefinitions(known, layout.report, readDefender);
      if (!found.ok) return unavailable(SOURCE, found.reason, observedAtMs);
      return observed<AntivirusFacts>(SOURCE, { products: found.products }, observedAtMs);
    },
  };
}
