// Which probe reads which fact on which platform, and reading the facts a sweep needs. Platform
// differences live here and in the probe folders, nowhere else.

import type { FactName, Facts } from '../facts';
import { type ClamavProbeOptions, clamavProbe } from './antivirus/clamav';
import type { MachineRoot } from './machine-root';
import { linuxNetworkProbe } from './network/linux';
import { type Probe, type ProbeSet, unavailableFact } from './probe';
import { linuxRadiosProbe } from './radios/linux';
import { linuxUsbProbe } from './usb/linux';

export const FACT_NAMES: readonly FactName[] = ['usb', 'radios', 'network', 'antivirus'];

export interface ProbeOptions {
  clamav?: ClamavProbeOptions;
}

export function probesFor(platform: NodeJS.Platform, options: ProbeOptions = {}): ProbeSet {
  const antivirus = clamavProbe(options.clamav);
  if (platform === 'linux') {
    return { usb: linuxUsbProbe, radios: linuxRadiosProbe, network: linuxNetworkProbe, antivirus };
  }
  return {
    usb: notImplemented('usb', platform),
    radios: notImplemented('radios', platform),
    network: notImplemented('network', platform),
    antivirus,
  };
}

/**
 * Reads the needed facts concurrently (all of them by default). A fact not needed is not read, and says
 * so, so that the result is always a complete `Facts` and a check that wrongly leaves a fact out of its
 * `needs` gets an error rather than a pass.
 */
export async function readFacts(
  root: MachineRoot,
  needs: readonly FactName[] = FACT_NAMES,
  probes: ProbeSet = probesFor(process.platform),
): Promise<Facts> {
  const wanted = new Set(needs);
  const read = <K extends FactName>(probe: Probe<K>): Promise<Facts[K]> =>
    wanted.has(probe.fact)
      ? probe.read(root)
      : Promise.resolve(
          unavailableFact<K>(probe.fact, `${probe.fact} was not read: no check needed it`, Date.now()),
        );
  const [usb, radios, network, antivirus] = await Promise.all([
    read(probes.usb),
    read(probes.radios),
    read(probes.network),
    read(probes.antivirus),
  ]);
  return { usb, radios, network, antivirus };
}

function notImplemented<K extends FactName>(fact: K, platform: NodeJS.Platform): Probe<K> {
  return {
    fact,
    read: async () =>
      unavailableFact<K>(fact, `the ${fact} probe is not implemented on ${platform} yet`, Date.now()),
  };
}
