// Antivirus on Windows: the products registered with Windows Security Center (root/SecurityCenter2
// AntiVirusProduct — every antivirus that wants Windows to stop nagging registers there, domestic ones
// included), and for Microsoft Defender its own status (Get-MpComputerStatus), which gives the signature
// and full-scan times that Security Center does not.
//
// Security Center is required: without it the probe cannot say which products exist. Get-MpComputerStatus
// is required only when Security Center lists Defender; a machine with Defender removed fails that cmdlet,
// and that says nothing about its other products.
//
// Third-party products give no signature time through any Windows interface; signaturesUpdatedAtMs is null
// for them, and the signature check must say it cannot tell rather than pass.

import type { AntivirusFacts, AntivirusProductFact } from '../../facts';
import { observed, type Probe, unavailable } from '../probe';
import { parsePowerShellDate } from '../windows/powershell-date';
import { booleanOf, type JsonRecord, numberOf, parseJsonList, textOf } from '../windows/powershell-json';
import { type PowerShellRunner, powerShellRunner } from '../windows/powershell-runner';
import { toJson } from '../windows/read-commands';
import { decodeProductState } from './security-center-state';

export const ANTIVIRUS_COMMANDS = {
  securityCenter: {
    name: 'AntiVirusProduct',
    script: toJson(
      'Get-CimInstance -Namespace root/SecurityCenter2 -ClassName AntiVirusProduct | ' +
        'Select-Object displayName, productState, pathToSignedProductExe, timestamp',
    ),
  },
  defender: {
    name: 'Get-MpComputerStatus',
    script: toJson(
      'Get-MpComputerStatus | Select-Object AMServiceEnabled, AntivirusEnabled, RealTimeProtectionEnabled, ' +
        'AntivirusSignatureLastUpdated, AntivirusSignatureVersion, FullScanEndTime',
    ),
  },
} as const;

const SOURCE = 'root/SecurityCenter2 AntiVirusProduct, Get-MpComputerStatus';

/** Security Center names Defender "Windows Defender" even where Windows calls it Microsoft Defender. */
const DEFENDER_NAME = /\bdefender\b/i;

export function windowsAntivirusProbe(run: PowerShellRunner = powerShellRunner()): Probe<'antivirus'> {
  return {
    fact: 'antivirus',
    async read() {
      const observedAtMs = Date.now();
      const [centerOutput, defenderOutput] = await Promise.all([
        run(ANTIVIRUS_COMMANDS.securityCenter),
        run(ANTIVIRUS_COMMANDS.defender),
      ]);
      const center = centerOutput.ok
        ? parseJsonList(centerOutput.stdout, ANTIVIRUS_COMMANDS.securityCenter.name)
        : centerOutput;
      if (!center.ok) return unavailable(SOURCE, center.reason, observedAtMs);
      const products: AntivirusProductFact[] = [];
      for (const record of center.records) {
        const name = textOf(record, 'displayName');
        if (name === null) continue;
        const state = decodeProductState(numberOf(record, 'productState'));
        const product: AntivirusProductFact = {
          product: name,
          databases: [],
          signaturesUpdatedAtMs: null,
          lastFullScanAtMs: null,
          realtimeProtection: state?.realtimeProtection ?? null,
        };
        if (DEFENDER_NAME.test(name)) {
          const defender = defenderOutput.ok
            ? parseJsonList(defenderOutput.stdout, ANTIVIRUS_COMMANDS.defender.name)
            : defenderOutput;
          if (!defender.ok) return unavailable(SOURCE, defender.reason, observedAtMs);
          const status = defender.records[0];
          if (status === undefined)
            return unavailable(SOURCE, 'Get-MpComputerStatus printed no status for Defender', observedAtMs);
          Object.assign(product, defenderStatus(status, product.realtimeProtection ?? null));
        }
        products.push(product);
      }
      return observed<AntivirusFacts>(SOURCE, { products }, observedAtMs);
    },
  };
}

function defenderStatus(
  status: JsonRecord,
  fromSecurityCenter: boolean | null,
): Pick<AntivirusProductFact, 'signaturesUpdatedAtMs' | 'lastFullScanAtMs' | 'realtimeProtection'> {
  return {
    signaturesUpdatedAtMs: parsePowerShellDate(status.AntivirusSignatureLastUpdated),
    lastFullScanAtMs: parsePowerShellDate(status.FullScanEndTime),
    realtimeProtection: booleanOf(status, 'RealTimeProtectionEnabled') ?? fromSecurityCenter,
  };
}
