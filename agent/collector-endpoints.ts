// The collector's endpoints as the kernel's socket table shows them: the agent and enrolment addresses
// ("host:port") with the host resolved to its IP addresses. connection-peers-allowed leaves sockets to these
// out (checks/network-egress.ts): they are the agent's own link, in whatever state a restart left them.
//
// Resolved once at start-up and again whenever the link (re)connects (agent-runtime.ts): a reconnect is when
// gRPC resolves the name again, so a changed DNS answer is picked up at the moment the link may start using
// it, and a sweep never waits on DNS. A name that cannot be resolved keeps the addresses it had; with none
// yet, its sockets are judged like any other (a fail, never a pass) until a later resolution succeeds.
import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import type { AgentLog } from './agent-log';
import { parseHostPort } from './enrolment/enrol';
import type { SocketEndpoint } from './facts';

export type ResolveHost = (host: string) => Promise<string[]>;

export interface CollectorEndpoints {
  /** The endpoints as last resolved; empty before the first resolution. */
  current(): readonly SocketEndpoint[];
  /** Resolves every host again; never rejects (a failure is logged and keeps what was known). */
  refresh(): Promise<void>;
}

const resolveWithSystem: ResolveHost = async (host) =>
  (await lookup(host, { all: true })).map((entry) => entry.address);

export function collectorEndpoints(
  addresses: readonly string[],
  options: { log: AgentLog; resolve?: ResolveHost },
): CollectorEndpoints {
  const resolve = options.resolve ?? resolveWithSystem;
  const targets = [...new Set(addresses)].map((address) => ({ address, ...parseHostPort(address) }));
  const known = new Map<string, SocketEndpoint[]>();
  let endpoints: SocketEndpoint[] = [];

  const resolveOne = async (target: (typeof targets)[number]): Promise<void> => {
    if (isIP(target.host) !== 0) {
      known.set(target.address, [{ address: target.host, port: target.port }]);
      return;
    }
    try {
      const resolved = await resolve(target.host);
      known.set(
        target.address,
        resolved.map((address) => ({ address, port: target.port })),
      );
    } catch (error) {
      options.log.warn(
        "cannot resolve the collector's address; its sockets count as the agent's own by the addresses known before",
        {
          collector: target.address,
          error: (error as Error).message,
          knownAddresses: (known.get(target.address) ?? []).map((endpoint) => endpoint.address),
        },
      );
    }
  };

  return {
    current: () => endpoints,
    async refresh() {
      await Promise.all(targets.map(resolveOne));
      const unique = new Map<string, SocketEndpoint>();
      for (const list of known.values())
        for (const endpoint of list) unique.set(`${endpoint.address} ${endpoint.port}`, endpoint);
      endpoints = [...unique.values()];
    },
  };
}
