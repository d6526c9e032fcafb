// Which probe reads which fact on which platform, and reading the facts a sweep needs. Platform
// differences live here and in the probe folders, nowhere else.

import type { AntivirusProductDefinition } from '../../policies/antivirus/product-definition';
import type { FactName, Facts } from '../facts';
import { linuxAccountsProbe } from './accounts/linux';
import { linuxAntivirusProbe } from './antivirus/linux';
import { type CanaryProbeOptions, canaryProbe } from './canary/tcp-connect';
import { linuxDnsProbe } from './dns/linux';
import { linuxInterfacesProbe } from './interfaces/linux';
import type { MachineRoot } from './machine-root';
import { linuxNetworkProbe } from './network/linux';
import { linuxOpticalProbe } from './optical/linux';
import { linuxPasswordPolicyProbe } from './password-policy/linux';
import { linuxPciProbe } from './pci/linux';
import { linuxPrintersProbe } from './printers/linux';
import { type Probe, type ProbeSet, unavailableFact } from './probe';
import { linuxProcessesProbe } from './processes/linux';
import { linuxProxiesProbe } from './proxies/linux';
import { linuxRadiosProbe } from './radios/linux';
import { linuxScreenLockProbe } from './screen-lock/linux';
import { linuxUsbProbe } from './usb/linux';
import { linuxUsbHistoryProbe } from './usb-history/linux';
import { linuxWifiToolsProbe } from './wifi-tools/linux';
import { win32Probes } from './windows/win32-probes';

export const FACT_NAMES: readonly FactName[] = [
  'usb',
  'radios',
  'network',
  'antivirus',
  'pci',
  'usbHistory',
  'wifiTools',
  'interfaces',
  'dns',
  'proxies',
  'canary',
  'printers',
  'optical',
  'accounts',
  'processes',
  'screenLock',
  'passwordPolicy',
];

export interface ProbeOptions {
  /**
   * The antivirus product definitions to recognise: the built-in ones merged with the policy's
   * (probe-options.ts); the built-in ones alone by default.
   */
  antivirusProducts?: readonly AntivirusProductDefinition[];
  /** Canary endpoints to try (see probe-options.ts); none by default, and then no connection is made. */
  canary?: CanaryProbeOptions;
}

/** The probe for every fact on `platform`; a fact with no probe there yet says so when read. */
export function probesFor(platform: NodeJS.Platform, options: ProbeOptions = {}): ProbeSet {
  const shared: Partial<ProbeSet> = {
    canary: canaryProbe(options.canary),
  };
  const byPlatform: Partial<Record<NodeJS.Platform, Partial<ProbeSet>>> = {
    linux: {
      antivirus: linuxAntivirusProbe(options.antivirusProducts),
      usb: linuxUsbProbe,
      radios: linuxRadiosProbe,
      pci: linuxPciProbe,
      usbHistory: linuxUsbHistoryProbe,
      wifiTools: linuxWifiToolsProbe,
      network: linuxNetworkProbe,
      interfaces: linuxInterfacesProbe,
      dns: linuxDnsProbe,
      proxies: linuxProxiesProbe,
      printers: linuxPrintersProbe,
      optical: linuxOpticalProbe,
      accounts: linuxAccountsProbe,
      processes: linuxProcessesProbe,
      screenLock: linuxScreenLockProbe,
      passwordPolicy: linuxPasswordPolicyProbe,
    },
    win32: win32Probes(options.antivirusProducts),
  };
  const available = { ...shared, ...byPlatform[platform] };
  const set = {} as Record<FactName, Probe<FactName>>;
  for (const fact of FACT_NAMES)
    set[fact] = (available[fact] as Probe<FactName> | undefined) ?? notImplemented(fact, platform);
  return set as ProbeSet;
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
  const entries = await Promise.all(
    FACT_NAMES.map(async (fact) => {
      const probe = probes[fact] as Probe<FactName>;
      const result = wanted.has(fact)
        ? await probe.read(root)
        : unavailableFact(fact, `${fact} was not read: no check needed it`, Date.now());
      return [fact, result] as const;
    }),
  );
  return Object.fromEntries(entries) as unknown as Facts;
}

function notImplemented<K extends FactName>(fact: K, platform: NodeJS.Platform): Probe<K> {
  return {
    fact,
    read: async () =>
      unavailableFact<K>(fact, `the ${fact} probe is not implemented on ${platform} yet`, Date.now()),
  };
}
