// Routes and TCP connections on Windows: Get-NetRoute (MSFT_NetRoute, the active store only: the
// persistent store holds routes for the next boot, not the ones in use) and Get-NetTCPConnection
// (MSFT_NetTCPConnection). UDP is left out: Get-NetUDPEndpoint has no remote address, because Windows does
// not expose which peer a connected UDP socket is bound to.

import type { ConnectionFact, NetworkFacts, RouteFact } from '../../facts';
import type { Probe } from '../probe';
import { enumOf, type JsonRecord, numberOf, textOf } from '../windows/powershell-json';
import type { PowerShellRunner } from '../windows/powershell-runner';
import { toJson } from '../windows/read-commands';
import { windowsProbe } from '../windows/windows-probe';

export const NETWORK_COMMANDS = {
  routes: {
    name: 'Get-NetRoute',
    script: toJson(
      'Get-NetRoute -PolicyStore ActiveStore | ' +
        'Select-Object DestinationPrefix, NextHop, InterfaceAlias, InterfaceIndex, RouteMetric, AddressFamily',
    ),
  },
  connections: {
    name: 'Get-NetTCPConnection',
    script: toJson(
      'Get-NetTCPConnection | Select-Object LocalAddress, LocalPort, RemoteAddress, RemotePort, State, OwningProcess',
    ),
  },
} as const;

/** MSFT_NetTCPConnection.State, named as Linux names TCP states so that evidence reads the same. */
const TCP_STATES: Readonly<Record<number, string>> = {
  1: 'CLOSE',
  2: 'LISTEN',
  3: 'SYN_SENT',
  4: 'SYN_RECV',
  5: 'ESTABLISHED',
  6: 'FIN_WAIT1',
  7: 'FIN_WAIT2',
  8: 'CLOSE_WAIT',
  9: 'CLOSING',
  10: 'LAST_ACK',
  11: 'TIME_WAIT',
  12: 'DELETE_TCB',
  100: 'BOUND',
};

/** The same states as PowerShell 7 or -EnumsAsStrings print them. */
const TCP_STATE_NAMES: Readonly<Record<string, string>> = {
  ...Object.fromEntries(
    Object.values(TCP_STATES).map((name) => [name.replace(/_/g, '').toLowerCase(), name]),
  ),
  closed: 'CLOSE',
  synreceived: 'SYN_RECV',
};

/** Sockets that have no peer: a listener, or one bound and never connected. */
const NO_PEER_STATES = new Set(['LISTEN', 'BOUND']);

const ON_LINK_NEXT_HOPS = new Set(['0.0.0.0', '::']);

export function windowsNetworkProbe(run?: PowerShellRunner): Probe<'network'> {
  return windowsProbe(
    {
      fact: 'network',
      source: 'Get-NetRoute, Get-NetTCPConnection',
      commands: NETWORK_COMMANDS,
      build: (records): NetworkFacts => ({
        routes: records.routes.flatMap(route),
        connections: records.connections.flatMap(connection),
      }),
    },
    run,
  );
}

function route(record: JsonRecord): RouteFact[] {
  const destination = textOf(record, 'DestinationPrefix');
  if (destination === null) return [];
  const nextHop = textOf(record, 'NextHop');
  return [
    {
      family: destination.includes(':') ? 6 : 4,
      interface: textOf(record, 'InterfaceAlias') ?? `ifIndex ${numberOf(record, 'InterfaceIndex') ?? '?'}`,
      destination,
      // "0.0.0.0" and "::" are how Windows writes "no gateway": the destination is on the link.
      gateway: nextHop === null || ON_LINK_NEXT_HOPS.has(nextHop) ? null : nextHop,
      // The route's own metric; Windows adds the interface metric to choose between routes.
      metric: numberOf(record, 'RouteMetric') ?? 0,
    },
  ];
}

function connection(record: JsonRecord): ConnectionFact[] {
  const rawState = enumOf(record, 'State', TCP_STATES);
  const state = rawState === null ? 'UNKNOWN' : (TCP_STATE_NAMES[rawState.toLowerCase()] ?? rawState);
  const localAddress = textOf(record, 'LocalAddress');
  const remoteAddress = textOf(record, 'RemoteAddress');
  if (NO_PEER_STATES.has(state) || localAddress === null || remoteAddress === null) return [];
  if (remoteAddress === '0.0.0.0' || remoteAddress === '::') return [];
  return [
    {
      protocol: 'tcp',
      family: localAddress.includes(':') ? 6 : 4,
      local: { address: localAddress, port: numberOf(record, 'LocalPort') ?? 0 },
      remote: { address: remoteAddress, port: numberOf(record, 'RemotePort') ?? 0 },
      state,
    },
  ];
}
