// 3.7.4: no classified computer on the Internet, a public network or a non-classified internal network.
// Two rules read the routing table and the live sockets:
//   default-route-gateway-allowed — every default route's gateway lies inside the allowed networks. A
//     link-local gateway is NOT excused (an IPv6 router advertising itself on the link is a way out), and an
//     on-link default route (ppp, tun) fails because no gateway can be shown to be allowed.
//   connection-peers-allowed — every connected peer lies inside the allowed networks, or is loopback or
//     link-local (which cannot leave the machine or its link).
// Allowed networks: the ledger's list for this device when it has one, else the rule's allowed_networks.

import {
  formatIpAddress,
  LOCAL_ONLY_NETWORKS,
  networkContains,
  parseIpAddress,
} from '../../policies/ip-network';
import type { ConnectionFact, RouteFact } from '../facts';
import { type AllowedNetworks, allowedNetworksFor } from './allowed-networks';
import type { Check, CheckOutcome } from './check';

const DEFAULT_ROUTE = 'default-route-gateway-allowed';
const PEERS = 'connection-peers-allowed';
const DEFAULT_DESTINATIONS = new Set(['0.0.0.0/0', '::/0', 'default']);

function isDefaultRoute(route: RouteFact): boolean {
  return DEFAULT_DESTINATIONS.has(route.destination.trim().toLowerCase());
}

function judgeDefaultRoutes(routes: readonly RouteFact[], allowed: AllowedNetworks): CheckOutcome[] {
  const defaults = routes.filter(isDefaultRoute);
  const allowedEvidence = { allowedNetworks: allowed.cidrs, allowedNetworksFrom: allowed.source };
  if (defaults.length === 0) {
    return [
      {
        ruleId: DEFAULT_ROUTE,
        subject: '',
        status: 'pass',
        evidence: { routesExamined: routes.length, defaultRoutes: 0, ...allowedEvidence },
        reason: `no default route among ${routes.length} routes`,
      },
    ];
  }
  return defaults.map((route): CheckOutcome => {
    const subject = `${route.interface} via ${route.gateway ?? 'on-link'}`;
    const evidence = { route, ...allowedEvidence };
    if (route.gateway === null) {
      return {
        ruleId: DEFAULT_ROUTE,
        subject,
        status: 'fail',
        evidence,
        reason: `IPv${route.family} default route goes straight out of ${route.interface} with no gateway`,
      };
    }
    const gateway = parseIpAddress(route.gateway);
    if (!gateway.ok) {
      return {
        ruleId: DEFAULT_ROUTE,
        subject,
        status: 'error',
        evidence,
        reason: `cannot judge the gateway: ${gateway.reason}`,
      };
    }
    const inside = allowed.networks.some((network) => networkContains(network, gateway.value));
    return inside
      ? {
          ruleId: DEFAULT_ROUTE,
          subject,
          status: 'pass',
          evidence,
          reason: `default route via ${route.gateway} on ${route.interface}, inside the allowed networks`,
        }
      : {
          ruleId: DEFAULT_ROUTE,
          subject,
          status: 'fail',
          evidence,
          reason: `IPv${route.family} default route via ${route.gateway} on ${route.interface}: the gateway is outside the allowed networks (${allowed.cidrs.join(', ') || 'none'})`,
        };
  });
}

function formatPeer(connection: ConnectionFact, address: string): string {
  const host = address.includes(':') ? `[${address}]` : address;
  return `${connection.protocol} ${host}:${connection.remote.port}`;
}

function judgeConnections(connections: readonly ConnectionFact[], allowed: AllowedNetworks): CheckOutcome[] {
  const acceptable = [...allowed.networks, ...LOCAL_ONLY_NETWORKS];
  // One finding per peer, however many sockets lead to it, so that closing the peer resolves one thing.
  const byPeer = new Map<string, { outcome: CheckOutcome; sockets: ConnectionFact[] }>();
  for (const connection of connections) {
    const remote = parseIpAddress(connection.remote.address);
    if (!remote.ok) {
      const subject = formatPeer(connection, connection.remote.address);
      const outcome: CheckOutcome = {
        ruleId: PEERS,
        subject,
        status: 'error',
        evidence: { connection },
        reason: `cannot judge the peer: ${remote.reason}`,
      };
      byPeer.set(subject, { outcome, sockets: [connection] });
      continue;
    }
    if (acceptable.some((network) => networkContains(network, remote.value))) continue;
    // Shown in the family it was judged in: an IPv4-mapped peer appears as plain IPv4.
    const subject = formatPeer(connection, formatIpAddress(remote.value));
    const known = byPeer.get(subject);
    if (known) {
      known.sockets.push(connection);
      continue;
    }
    const sockets = [connection];
    byPeer.set(subject, {
      sockets,
      outcome: {
        ruleId: PEERS,
        subject,
        status: 'fail',
        evidence: { sockets, allowedNetworks: allowed.cidrs, allowedNetworksFrom: allowed.source },
        reason: `${connection.state} ${connection.protocol} connection to ${subject.slice(connection.protocol.length + 1)}, outside the allowed networks (${allowed.cidrs.join(', ') || 'none'})`,
      },
    });
  }
  if (byPeer.size === 0) {
    return [
      {
        ruleId: PEERS,
        subject: '',
        status: 'pass',
        evidence: {
          connectionsExamined: connections.length,
          allowedNetworks: allowed.cidrs,
          allowedNetworksFrom: allowed.source,
        },
        reason: `all ${connections.length} connections stay on this computer or inside the allowed networks`,
      },
    ];
  }
  return [...byPeer.values()].map((entry) => entry.outcome);
}

export const networkEgressCheck: Check = {
  family: 'network-egress',
  ruleIds: [DEFAULT_ROUTE, PEERS],
  needs: ['network'],
  judge(facts, context) {
    if (!facts.network.ok) throw new Error('engine ran network-egress without network facts');
    const { routes, connections } = facts.network.facts;
    const outcomes: CheckOutcome[] = [];
    const routeRule = context.rules.get(DEFAULT_ROUTE);
    if (routeRule)
      outcomes.push(...judgeDefaultRoutes(routes, allowedNetworksFor(routeRule, context.ledger)));
    const peersRule = context.rules.get(PEERS);
    if (peersRule)
      outcomes.push(...judgeConnections(connections, allowedNetworksFor(peersRule, context.ledger)));
    return outcomes;
  },
};
