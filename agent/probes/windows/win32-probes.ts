// The Windows probes, as one entry for the platform table in ../index.ts. Each is built with the real
// PowerShell runner; nothing runs until a probe is read. Facts not listed here (usbHistory, proxies,
// screenLock) have no Windows probe yet and say so when read.

import { BUILTIN_PRODUCT_DEFINITIONS } from '../../../policies/antivirus/builtin-products';
import type { AntivirusProductDefinition } from '../../../policies/antivirus/product-definition';
import { windowsAccountsProbe } from '../accounts/win32';
import { windowsAntivirusProbe } from '../antivirus/win32';
import { windowsDnsProbe } from '../dns/win32';
import { windowsInterfacesProbe } from '../interfaces/win32';
import { windowsNetworkProbe } from '../network/win32';
import { windowsOpticalProbe } from '../optical/win32';
import { windowsPasswordPolicyProbe } from '../password-policy/win32';
import { windowsPciProbe } from '../pci/win32';
import { windowsPrintersProbe } from '../printers/win32';
import type { ProbeSet } from '../probe';
import { windowsProcessesProbe } from '../processes/win32';
import { windowsRadiosProbe } from '../radios/win32';
import { windowsUsbProbe } from '../usb/win32';
import { windowsWifiToolsProbe } from '../wifi-tools/win32';
import { powerShellRunner } from './powershell-runner';

/** `antivirusProducts`: the definitions to recognise (built-in ones merged with the policy's). */
export function win32Probes(
  antivirusProducts: readonly AntivirusProductDefinition[] = BUILTIN_PRODUCT_DEFINITIONS,
): Partial<ProbeSet> {
  return {
    usb: windowsUsbProbe(),
    radios: windowsRadiosProbe(),
    pci: windowsPciProbe(),
    wifiTools: windowsWifiToolsProbe,
    network: windowsNetworkProbe(),
    interfaces: windowsInterfacesProbe(),
    dns: windowsDnsProbe(),
    printers: windowsPrintersProbe(),
    optical: windowsOpticalProbe(),
    accounts: windowsAccountsProbe(),
    processes: windowsProcessesProbe(),
    antivirus: windowsAntivirusProbe(powerShellRunner(), () => antivirusProducts),
    passwordPolicy: windowsPasswordPolicyProbe(),
  };
}
