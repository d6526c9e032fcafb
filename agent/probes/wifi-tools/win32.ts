// Wi-Fi tools on Windows: not read. The tools the Linux probe asks for a second opinion wrap nmcli and
// iw; on Windows both would only wrap `netsh wlan`, which reads the same WLAN service as Get-NetAdapter in
// the radios probe, so they would add no independent opinion. Each report says so instead of claiming
// "no Wi-Fi".

import type { WifiToolFacts } from '../../facts';
import { observed, type Probe } from '../probe';

const REASON =
  'not asked on Windows: it would only repeat netsh wlan, the same WLAN service the radios probe reads through Get-NetAdapter';

export const windowsWifiToolsProbe: Probe<'wifiTools'> = {
  fact: 'wifiTools',
  async read() {
    const facts: WifiToolFacts = {
      reports: [
        { tool: 'systeminformation', interfaces: [], unavailable: REASON },
        { tool: 'node-wifi', interfaces: [], unavailable: REASON },
      ],
    };
    return observed('windows', facts, Date.now());
  },
};
