// gRPC calls by service, method and status code, counted in one place for every service a collector serves
// (agent, enrolment, admin): a grpc-js server interceptor, handed to each grpc.Server, sees the method path
// and the status each call ends with, so no handler counts anything itself. A call ends once: with the
// status sent, or cancelled by the peer (a cut cable, an agent stopped) with CANCELLED.
//
// The duration is observed for unary calls only: a stream's duration is how long an agent stayed
// connected, not how long the collector took to answer, and would fill the top bucket.
//
// Admin calls made through the console's door (console/admin-door.ts) do not pass a grpc.Server and are not
// counted here: they are page requests, not gRPC calls.
import * as grpc from '@grpc/grpc-js';
import { Counter, Histogram, type Registry } from 'prom-client';

export interface GrpcCallMetrics {
  interceptor: grpc.ServerInterceptor;
}

/** "/shoumi.v1.AgentService/Connect" → { service: "shoumi.v1.AgentService", method: "Connect" }. */
export function methodOfPath(path: string): { service: string; method: string } {
  const match = /^\/([^/]+)\/([^/]+)$/.exec(path);
  return match ? { service: match[1]!, method: match[2]! } : { service: 'unknown', method: 'unknown' };
}

/** The status code as its name ("OK", "PERMISSION_DENIED"); a number grpc-js does not know as itself. */
export function codeName(code: number): string {
  return grpc.status[code] ?? String(code);
}

export function grpcCallMetrics(registry: Registry): GrpcCallMetrics {
  const handled = new Counter({
    name: 'shoumi_grpc_server_handled_total',
    help: 'gRPC calls this collector ended, by service, method and status code',
    labelNames: ['grpc_service', 'grpc_method', 'grpc_code'] as const,
    registers: [registry],
  });
  const seconds = new Histogram({
    name: 'shoumi_grpc_server_handling_seconds',
    help: 'Time from the start of a unary gRPC call to its status, by service and method',
    labelNames: ['grpc_service', 'grpc_method'] as const,
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });

  const interceptor: grpc.ServerInterceptor = (descriptor, call) => {
    const { service, method } = methodOfPath(descriptor.path);
    const unary = !descriptor.requestStream && !descriptor.responseStream;
    const startedNs = process.hrtime.bigint();
    let ended = false;
    const end = (code: number) => {
      if (ended) return;
      ended = true;
      handled.inc({ grpc_service: service, grpc_method: method, grpc_code: codeName(code) });
      if (unary)
        seconds.observe(
          { grpc_service: service, grpc_method: method },
          Number(process.hrtime.bigint() - startedNs) / 1e9,
        );
    };
    return new grpc.ServerInterceptingCall(call, {
      start: (next) => next({ onCancel: () => end(grpc.status.CANCELLED) }),
      sendStatus: (status, next) => {
        end(status.code ?? grpc.status.UNKNOWN);
        next(status);
      },
    });
  };
  return { interceptor };
}
