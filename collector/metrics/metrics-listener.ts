// `serve --metrics-listen HOST:PORT`: an HTTPS listener that serves GET /metrics and nothing else, so that
// Prometheus can scrape a collector that runs no console. The same mutual TLS as the console (a client
// certificate from this collector's CA, or no handshake) and the same endpoint (metrics-endpoint.ts: who may
// scrape is decided by authorization, a refusal recorded like any other).
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { mutualTlsHttpsOptions, peerOfRequest } from '../https-mutual-tls';
import type { Logger } from '../logger';
import type { CollectorPki } from '../pki/pki-files';
import { parseListenAddress } from '../service/serve-settings';
import { METRICS_PATH, type MetricsEndpoint } from './metrics-endpoint';

export interface RunningMetricsListener {
  /** "https://host:port/metrics" */
  url: string;
  stop(): Promise<void>;
}

export async function startMetricsListener(options: {
  listen: string;
  pki: CollectorPki;
  endpoint: MetricsEndpoint;
  log: Logger;
}): Promise<RunningMetricsListener> {
  const { log } = options;
  const listen = parseListenAddress(options.listen, '--metrics-listen');
  const server = https.createServer(mutualTlsHttpsOptions(options.pki), (request, response) => {
    const path = new URL(request.url ?? '/', 'https://collector').pathname;
    if (path !== METRICS_PATH) {
      response.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' });
      response.end(`only ${METRICS_PATH} is served here\n`);
      return;
    }
    options.endpoint(request, response, peerOfRequest(request), 'metrics').catch((error: Error) => {
      log.error('metrics request failed', { error: error.message });
      if (!response.headersSent) {
        response.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' });
        response.end('internal error\n');
      } else response.destroy();
    });
  });
  server.headersTimeout = 20_000;
  server.requestTimeout = 60_000;
  server.keepAliveTimeout = 5_000;
  server.on('tlsClientError', (error) => log.info('metrics TLS handshake refused', { error: error.message }));
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error) =>
      reject(new Error(`cannot listen on ${options.listen} (--metrics-listen): ${error.message}`)),
    );
    server.listen(listen.port, listen.host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const host = listen.host.includes(':') ? `[${listen.host}]` : listen.host;
  const url = `https://${host}:${port}${METRICS_PATH}`;
  log.info('metrics listening', { metrics: url });
  return {
    url,
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
