// Which networks a computer may reach: the ledger's list for this device when the security office has set
// one, else the rule's allowed_networks parameter. Every network-facing check judges against this.

import { type IpNetwork, parseIpNetwork } from '../../policies/ip-network';
import type { LedgerSlice, Rule } from '../../policies/model';
import { allowedNetworksParams } from '../../policies/rule-params';

export interface AllowedNetworks {
  source: 'ledger' | 'policy';
  cidrs: string[];
  networks: IpNetwork[];
}

export function allowedNetworksFor(rule: Rule, ledger: LedgerSlice): AllowedNetworks {
  const fromLedger = ledger.allowedNetworks.length > 0;
  const cidrs = fromLedger
    ? ledger.allowedNetworks
    : allowedNetworksParams.parse(rule.params).allowed_networks;
  const networks = cidrs.map((cidr) => {
    const parsed = parseIpNetwork(cidr);
    // The loader validated the policy and the collector the ledger; a bad block here is a bug upstream.
    if (!parsed.ok)
      throw new Error(
        `allowed network from the ${fromLedger ? 'ledger' : 'policy'} is invalid: ${parsed.reason}`,
      );
    return parsed.value;
  });
  return { source: fromLedger ? 'ledger' : 'policy', cidrs, networks };
}
