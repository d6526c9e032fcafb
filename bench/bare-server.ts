// The baseline the collector is compared with in `npm run bench`: a bare grpc-js server in its own process,
// with the collector's own server certificate and CA (mTLS, client certificate required), the same proto and
// message limits, and a trivial handler: hello → ack 0, findings → ack of the batch's last seq at once,
// heartbeat → reply with the echo. No store, no policy, no authentication beyond the TLS handshake: what is
// left is what grpc-js, HTTP/2, TLS and protobuf cost on this machine.
//
// Given a PostgreSQL URL as well (bench:postgres), each findings batch is first inserted into that database's
// `bare_findings` table (made by the caller) with one plain unnest INSERT of the batch's rows, then acked:
// the same wire path, only the insert differs from the collector's (bare-postgres-insert.ts).
//
// Usage: tsx bench/bare-server.ts COLLECTOR_DATA_DIR [POSTGRES_URL] — prints one JSON line {"port": N} once
// listening.
import * as grpc from '@grpc/grpc-js';
import { MAX_MESSAGE_BYTES } from '../collector/collector-server';
import { loadCollectorPki } from '../collector/pki/pki-files';
import type { AgentMessage__Output } from '../proto/generated/shoumi/v1/AgentMessage';
import type { AgentServiceHandlers } from '../proto/generated/shoumi/v1/AgentService';
import { loadContract } from '../proto/load';
import { barePostgresInsert } from './bare-postgres-insert';

async function main() {
  const dataDir = process.argv[2];
  if (!dataDir) throw new Error('usage: bare-server.ts COLLECTOR_DATA_DIR (a data directory after pki init)');
  const pki = await loadCollectorPki(dataDir);
  const postgres = process.argv[3] ? barePostgresInsert(process.argv[3]) : null;
  const server = new grpc.Server({
    'grpc.max_receive_message_length': MAX_MESSAGE_BYTES,
    'grpc.max_send_message_length': MAX_MESSAGE_BYTES,
    'grpc.keepalive_permit_without_calls': 1,
  });
  const handlers: AgentServiceHandlers = {
    Connect(call) {
      let deviceId = '';
      // Inserts run side by side (up to the pool's size), acks leave in seq order: an ack claims every
      // finding up to its seq is stored, as the collector's does.
      let acked: Promise<unknown> = Promise.resolve();
      call.on('data', (message: AgentMessage__Output) => {
        switch (message.body) {
          case 'hello':
            deviceId = message.hello?.deviceId ?? '';
            call.write({ ack: { upToSeq: 0 } });
            break;
          case 'findings': {
            const findings = message.findings?.findings ?? [];
            const ack = () => call.write({ ack: { upToSeq: findings[findings.length - 1]?.seq ?? 0 } });
            if (!postgres) ack();
            else
              acked = Promise.all([acked, postgres.insert(deviceId, findings)]).then(ack, (error: Error) =>
                call.emit('error', { code: grpc.status.INTERNAL, details: `bare insert: ${error.message}` }),
              );
            break;
          }
          case 'heartbeat':
            call.write({
              heartbeatReply: { echoSentAtMs: message.heartbeat?.sentAtMs ?? 0, collectorTimeMs: Date.now() },
            });
            break;
        }
      });
      call.on('end', () => call.end());
      call.on('error', () => {});
    },
    Renew: (_call, callback) => callback({ code: grpc.status.UNIMPLEMENTED, details: 'bare server' }),
  };
  server.addService(loadContract().shoumi.v1.AgentService.service, handlers);
  const credentials = grpc.ServerCredentials.createSsl(
    Buffer.from(pki.caPem),
    [{ cert_chain: Buffer.from(pki.serverChainPem), private_key: Buffer.from(pki.serverKeyPem) }],
    true,
  );
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync('127.0.0.1:0', credentials, (error, bound) => (error ? reject(error) : resolve(bound))),
  );
  process.stdout.write(`${JSON.stringify({ port })}\n`);
  process.on('SIGTERM', () => {
    server.forceShutdown();
    void postgres?.close();
  });
}

main().catch((error: unknown) => {
  process.stderr.write(`bare-server: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
