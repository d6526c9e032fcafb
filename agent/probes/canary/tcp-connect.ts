// Canary reachability: a plain TCP connection to each endpoint the policy lists, closed as soon as it
// opens; nothing is sent. Only a completed handshake counts as reached. A refusal (RST) is not counted,
// though a host answered: a local firewall's REJECT looks the same, and the rule is about getting through.
// The timeout covers name resolution and the handshake. Endpoints are tried together, so a sweep waits at
// most one timeout. Works the same on every platform, so the probe is shared rather than per platform.

import net from 'node:net';
import type { CanaryFacts, CanaryResult } from '../../facts';
import { observed, type Probe } from '../probe';

export interface CanaryEndpoint {
  host: string;
  port: number;
}

export interface CanaryProbeOptions {
  endpoints: readonly CanaryEndpoint[];
  /** Per endpoint; 1500 ms by default. */
  timeoutMs?: number;
}

export const DEFAULT_CANARY_TIMEOUT_MS = 1500;

export function endpointText(endpoint: CanaryEndpoint): string {
  return `${endpoint.host.includes(':') ? `[${endpoint.host}]` : endpoint.host}:${endpoint.port}`;
}

export function tryConnect(endpoint: CanaryEndpoint, timeoutMs: number): Promise<CanaryResult> {
  const started = performance.now();
  return new Promise((resolve) => {
    const socket = net.connect({ host: endpoint.host, port: endpoint.port });
    let settled = false;
    const finish = (reachable: boolean, error: string | null) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      resolve({
        endpoint: endpointText(endpoint),
        reachable,
        error,
        elapsedMs: Math.round(performance.now() - started),
      });
    };
    const timer = setTimeout(() => finish(false, `timeout after ${timeoutMs} ms`), timeoutMs);
    socket.once('connect', () => finish(true, null));
    socket.once('error', (error: NodeJS.ErrnoException) => finish(false, error.code ?? error.message));
  });
}

export function canaryProbe(options: CanaryProbeOptions = { endpoints: [] }): Probe<'canary'> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_CANARY_TIMEOUT_MS;
  return {
    fact: 'canary',
    async read() {
      const observedAtMs = Date.now();
      const results = await Promise.all(options.endpoints.map((endpoint) => tryConnect(endpoint, timeoutMs)));
      return observed<CanaryFacts>('tcp connect', { results }, observedAtMs);
    },
  };
}
