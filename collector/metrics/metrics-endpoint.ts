// GET /metrics: the collector's figures as Prometheus text, for whoever authorization admits to the
// operator endpoint Metrics (admin/method-roles.ts: the system administrator). Served by the console's
// listener and by a listener of its own (metrics-listener.ts); both have already demanded, in the TLS
// handshake, a client certificate from this collector's CA. Here the certificate is read for who it names,
// whether it is revoked and what its role may do, by the same admission every admin call passes
// (admin/authorization.ts): a refusal is a 403 (429 over the rate limit) and is recorded or counted as any
// refused admin call. Which allowed scrapes are recorded: scrape-record.ts.
import type { IncomingMessage, ServerResponse } from 'node:http';
import * as grpc from '@grpc/grpc-js';
import type { Registry } from 'prom-client';
import type { Admission } from '../admin/authorization';
import type { ConsolePeer } from '../console/admin-door';
import type { Logger } from '../logger';
import { type ScrapeRecord, scrapeRecord } from './scrape-record';

export const METRICS_PATH = '/metrics';

/** Which listener a scrape came through; written into the audit record as its door. */
export type MetricsDoor = 'console' | 'metrics';

export type MetricsEndpoint = (
  request: IncomingMessage,
  response: ServerResponse,
  peer: ConsolePeer,
  door: MetricsDoor,
) => Promise<void>;

const HTTP_STATUS_OF_REFUSAL: Partial<Record<grpc.status, number>> = {
  [grpc.status.PERMISSION_DENIED]: 403,
  [grpc.status.UNAUTHENTICATED]: 403,
  [grpc.status.RESOURCE_EXHAUSTED]: 429,
};

export function metricsEndpoint(deps: {
  registry: Registry;
  admission: Admission;
  log: Logger;
  scrapes?: ScrapeRecord;
  now?: () => number;
}): MetricsEndpoint {
  const now = deps.now ?? Date.now;
  const scrapes = deps.scrapes ?? scrapeRecord();
  const send = (response: ServerResponse, status: number, contentType: string, body: string) => {
    response.writeHead(status, {
      'Content-Type': contentType,
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
    });
    response.end(body);
  };

  return async (request, response, peer, door) => {
    if (request.method !== 'GET') {
      response.setHeader('Allow', 'GET');
      send(response, 405, 'text/plain; charset=utf-8', 'GET only\n');
      return;
    }
    const atMs = now();
    let recordedFor: string | undefined;
    let refusal: Awaited<ReturnType<Admission['admit']>>;
    try {
      refusal = await deps.admission.admit(
        'Metrics',
        {
          request: {},
          door,
          getPeer: () => peer.address,
          getAuthContext: () => ({ sslPeerCertificate: peer.certificate }),
        },
        {
          recordAllowed: (identity) => {
            const due = scrapes.due(identity.serialNumber, atMs);
            if (due) recordedFor = identity.serialNumber;
            return due;
          },
        },
      );
    } catch (error) {
      // The record could not be written: nothing is served that the trail was meant to show.
      deps.log.error('metrics scrape refused: cannot write its audit record', {
        error: (error as Error).message,
      });
      send(response, 503, 'text/plain; charset=utf-8', 'cannot record the scrape in the audit trail\n');
      return;
    }
    if (refusal) {
      send(
        response,
        HTTP_STATUS_OF_REFUSAL[refusal.code] ?? 503,
        'text/plain; charset=utf-8',
        `${refusal.reason}\n`,
      );
      return;
    }
    if (recordedFor !== undefined) scrapes.recorded(recordedFor, atMs);
    send(response, 200, deps.registry.contentType, await deps.registry.metrics());
  };
}
