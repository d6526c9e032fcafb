// Which interface holds each local IPv4 address, from files alone (no netlink, no `ip addr`).
//
// Method: when an address A/N is added to interface X the kernel also adds the on-link route
// "network(A/N) dev X" to the main table, which /proc/net/route lists with Iface X and no gateway. So each
// address from fib_trie goes to the interface of the longest on-link route containing it, and takes that
// route's prefix length (the "/24" of the fact). Ties between interfaces (two NICs on one subnet) go to the
// lowest metric, then the first listed, which is the route the kernel itself would send by.
// 127.0.0.0/8 has no main-table route (it lives in the local table only) and always belongs to loopback.
// An address with no containing on-link route (the local end of a point-to-point link, or one added with
// `noprefixroute`) is returned as unattributed rather than guessed onto an interface.
// Addresses of an interface that is administratively down are absent from fib_trie altogether: the kernel
// withdraws them from the FIB until it is brought up, and they carry no traffic meanwhile.

import { networkContains, parseIpAddress, parseIpNetwork } from '../../../policies/ip-network';
import type { RouteFact } from '../../facts';

export interface Ipv4Attribution {
  byInterface: Map<string, string[]>;
  unattributed: string[];
}

export function attributeIpv4(
  addresses: readonly string[],
  routes: readonly RouteFact[],
  loopbackInterface: string | null,
): Ipv4Attribution {
  const onLink = routes.flatMap((route) => {
    if (route.family !== 4 || route.gateway !== null) return [];
    const network = parseIpNetwork(route.destination);
    return network.ok && network.value.prefixLength > 0 ? [{ route, network: network.value }] : [];
  });
  const byInterface = new Map<string, string[]>();
  const unattributed: string[] = [];
  const add = (name: string, cidr: string) => byInterface.set(name, [...(byInterface.get(name) ?? []), cidr]);
  for (const address of addresses) {
    const parsed = parseIpAddress(address);
    if (!parsed.ok) {
      unattributed.push(`${address}/32`);
      continue;
    }
    if (address.startsWith('127.') && loopbackInterface !== null) {
      add(loopbackInterface, `${address}/8`);
      continue;
    }
    const best = onLink
      .filter((candidate) => networkContains(candidate.network, parsed.value))
      .sort((a, b) => b.network.prefixLength - a.network.prefixLength || a.route.metric - b.route.metric)[0];
    if (best) add(best.route.interface, `${address}/${best.network.prefixLength}`);
    else unattributed.push(`${address}/32`);
  }
  return { byInterface, unattributed };
}
