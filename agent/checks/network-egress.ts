// 3.7.4: no classified computer on the Internet, a public network or a non-classified internal network.
// Two rules read the routing table and the live sockets:
//   default-route-gateway-allowed — every default route's gateway lies inside the allowed networks. A
//     link-local gateway is NOT excused (an IPv6 router advertising itself on the link is a way out), and an
//     on-link default route (ppp, tun) fails because no gateway can be shown to be allowed.
//   connection-peers-allowed — every connected peer lies inside the allowed networks, or is loopback or
//     link-local (which cannot leave the machine or its link). Live connections (ESTABLISHED, SYN_SENT,
//     SYN_RECV, CLOSE_WAIT, connected UDP) and closing ones (TIME_WAIT, FIN_WAIT1/2, CLOSING, LAST_ACK)
//     alike: a closing socket is evidence that the connection existed within about the last minute
//     (TIME_WAIT lasts 60 s on Linux, up to 240 s on Windows), and the standard forbids the connection
//     having happened, so a closing socket to an outside peer still fails — a wrong pass would cost the
//     unit its certification. The subject is the peer ("tcp 203.0.113.9:443"), never the socket or its
//     state, so that a peer whose sockets close keeps one key; the reason says "live" or "recently
//     closed" and the evidence counts the sockets by state and shows the first few.
//     The agent's own link to its collector is never a violation: a TCP socket whose remote end is the
//     collector's agent or enrolment endpoint (context.collectorEndpoints: the host resolved to its
//     addresses by the runtime, and the port) is left out in every state and counted as `ownLinks`.
//     Without that, each restart of the agent (old link in TIME_WAIT, new one ESTABLISHED) would flip the
//     finding of any unit whose collector lies outside the networks it may reach otherwise.
// Allowed networks: the ledger's list for this device when it has one, else the rule's allowed_networks.

import {
  formatIpAddress,
  type IpAddress,
  LOCAL_ONLY_NETWORKS,
  networkContains,
  parseIpAddress,
} from '../../policies/ip-network';
import { reasonOf } from '../../policies/messages/reason-catalogue';
import type { ConnectionFact, RouteFact, SocketEndpoint } from '../facts';
import { type AllowedNetworks, allowedNetworksFor } from './allowed-networks';
import type { Check, CheckOutcome } from './check';

const DEFAULT_ROUTE = 'default-route-gateway-allowed';
const PEERS = 'connection-peers-allowed';
const DEFAULT_DESTINATIONS = new Set(['0.0.0.0/0', '::/0', 'default']);
/**
 * TCP states of a connection that has ended and is closing (include/net/tcp_states.h; Windows names them
 * the same way, probes/network/win32.ts). Every other state — ESTABLISHED, SYN_SENT, SYN_RECV, CLOSE_WAIT,
 * connected UDP, and any state not known here — counts as live: calling a live socket closed would
 * understate it.
 */
const CLOSING_STATES = new Set(['TIME_WAIT', 'FIN_WAIT1', 'FIN_WAIT2', 'CLOSING', 'LAST_ACK']);
/** Sockets shown in full per peer; the rest are counted by state. */
const FIRST_SOCKETS = 5;

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
        reason: reasonOf('network-egress.no-default-route', { routes: String(routes.length) }),
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
        reason: reasonOf('network-egress.on-link-default-route', {
          family: String(route.family),
          interface: route.interface,
        }),
      };
    }
    const gateway = parseIpAddress(route.gateway);
    if (!gateway.ok) {
      return {
        ruleId: DEFAULT_ROUTE,
        subject,
        status: 'error',
        evidence,
        reason: reasonOf('network-egress.gateway-unparsable', { detail: gateway.reason }),
      };
    }
    const inside = allowed.networks.some((network) => networkContains(network, gateway.value));
    return inside
      ? {
          ruleId: DEFAULT_ROUTE,
          subject,
          status: 'pass',
          evidence,
          reason: reasonOf('network-egress.gateway-allowed', {
            gateway: route.gateway,
            interface: route.interface,
          }),
        }
      : {
          ruleId: DEFAULT_ROUTE,
          subject,
          status: 'fail',
          evidence,
          reason: reasonOf('network-egress.gateway-outside', {
            family: String(route.family),
            gateway: route.gateway,
            interface: route.interface,
            allowed: allowedText(allowed),
          }),
        };
  });
}

function formatPeer(connection: ConnectionFact, address: string): string {
  const host = address.includes(':') ? `[${address}]` : address;
  return `${connection.protocol} ${host}:${connection.remote.port}`;
}

/** A socket whose remote end is one of the collector's endpoints: the agent's own link, in any state. */
function ownLinkMatcher(
  endpoints: readonly SocketEndpoint[],
): (connection: ConnectionFact, remote: IpAddress) => boolean {
  const own = endpoints.flatMap((endpoint) => {
    const address = parseIpAddress(endpoint.address);
    // The runtime resolved these to addresses; one that is not is left out (it can match no socket).
    return address.ok ? [{ ...address.value, port: endpoint.port }] : [];
  });
  return (connection, remote) =>
    connection.protocol === 'tcp' &&
    own.some(
      (endpoint) =>
        endpoint.port === connection.remote.port &&
        endpoint.family === remote.family &&
        endpoint.value === remote.value,
    );
}

function formatEndpoint(endpoint: SocketEndpoint): string {
  return `${endpoint.address.includes(':') ? `[${endpoint.address}]` : endpoint.address}:${endpoint.port}`;
}

/** "ESTABLISHED 2, TIME_WAIT 1": states in name order, so that the text is the same for the same sockets. */
function stateCounts(sockets: readonly ConnectionFact[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const state of sockets.map((socket) => socket.state).sort()) counts[state] = (counts[state] ?? 0) + 1;
  return counts;
}

const countsText = (counts: Record<string, number>) =>
  Object.entries(counts)
    .map(([state, count]) => `${state} ${count}`)
    .join(', ');

/** The allowed networks as a reason shows them; "none" when the ledger and the policy list none. */
const allowedText = (allowed: AllowedNetworks) => allowed.cidrs.join(', ') || 'none';

function peerOutcome(
  subject: string,
  protocol: string,
  sockets: readonly ConnectionFact[],
  allowed: AllowedNetworks,
  ownLinks: number,
): CheckOutcome {
  const closed = sockets.filter((socket) => CLOSING_STATES.has(socket.state));
  const live = sockets.length - closed.length;
  const byState = stateCounts(sockets);
  const peer = subject.slice(protocol.length + 1);
  const params = { protocol, peer, states: countsText(byState), allowed: allowedText(allowed) };
  const one = sockets.length === 1;
  return {
    ruleId: PEERS,
    subject,
    status: 'fail',
    evidence: {
      activity: live > 0 ? 'live' : 'recently closed',
      sockets: sockets.length,
      live,
      recentlyClosed: closed.length,
      byState,
      firstSockets: sockets.slice(0, FIRST_SOCKETS),
      ownLinks,
      allowedNetworks: allowed.cidrs,
      allowedNetworksFrom: allowed.source,
    },
    reason:
      live > 0
        ? one
          ? reasonOf('network-egress.peer-live-one', params)
          : reasonOf('network-egress.peer-live', { ...params, sockets: String(sockets.length) })
        : one
          ? reasonOf('network-egress.peer-closed-one', params)
          : reasonOf('network-egress.peer-closed', { ...params, sockets: String(sockets.length) }),
  };
}

function judgeConnections(
  connections: readonly ConnectionFact[],
  allowed: AllowedNetworks,
  collectorEndpoints: readonly SocketEndpoint[],
): CheckOutcome[] {
  const acceptable = [...allowed.networks, ...LOCAL_ONLY_NETWORKS];
  const isOwnLink = ownLinkMatcher(collectorEndpoints);
  let ownLinks = 0;
  // One finding per peer, however many sockets lead to it and in whatever state, so that closing the
  // peer resolves one thing and a socket that goes from live to TIME_WAIT keeps its peer's key.
  const outsidePeers = new Map<string, { protocol: string; sockets: ConnectionFact[] }>();
  const unjudgeable: CheckOutcome[] = [];
  for (const connection of connections) {
    const remote = parseIpAddress(connection.remote.address);
    if (remote.ok && isOwnLink(connection, remote.value)) {
      ownLinks++;
      continue;
    }
    if (!remote.ok) {
      unjudgeable.push({
        ruleId: PEERS,
        subject: formatPeer(connection, connection.remote.address),
        status: 'error',
        evidence: { connection },
        reason: reasonOf('network-egress.peer-unparsable', { detail: remote.reason }),
      });
      continue;
    }
    if (acceptable.some((network) => networkContains(network, remote.value))) continue;
    // Shown in the family it was judged in: an IPv4-mapped peer appears as plain IPv4.
    const subject = formatPeer(connection, formatIpAddress(remote.value));
    const known = outsidePeers.get(subject);
    if (known) known.sockets.push(connection);
    else outsidePeers.set(subject, { protocol: connection.protocol, sockets: [connection] });
  }
  const outcomes = [
    ...[...outsidePeers].map(([subject, peer]) =>
      peerOutcome(subject, peer.protocol, peer.sockets, allowed, ownLinks),
    ),
    ...unjudgeable,
  ];
  if (outcomes.length > 0) return outcomes;
  const judged = connections.length - ownLinks;
  return [
    {
      ruleId: PEERS,
      subject: '',
      status: 'pass',
      evidence: {
        connectionsExamined: connections.length,
        ownLinks,
        collectorEndpoints: collectorEndpoints.map(formatEndpoint),
        allowedNetworks: allowed.cidrs,
        allowedNetworksFrom: allowed.source,
      },
      reason: insideReason(judged, ownLinks),
    },
  ];
}

function insideReason(judged: number, ownLinks: number) {
  const connections = String(judged);
  if (ownLinks === 0)
    return judged === 1
      ? reasonOf('network-egress.peers-inside-one', {})
      : reasonOf('network-egress.peers-inside', { connections });
  return judged === 1
    ? reasonOf('network-egress.peers-inside-one-own-link', { ownLinks: String(ownLinks) })
    : reasonOf('network-egress.peers-inside-own-link', { connections, ownLinks: String(ownLinks) });
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
      outcomes.push(
        ...judgeConnections(
          connections,
          allowedNetworksFor(peersRule, context.ledger),
          context.collectorEndpoints,
        ),
      );
    return outcomes;
  },
};
