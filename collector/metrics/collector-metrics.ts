// The collector's metrics, on a registry of its own (never prom-client's global one: several collectors
// run in one test process, and each must report only itself). No metric carries a device id, a person's
// name or anything else per device: the labels are gRPC service, method and status, job names and
// versions. The parts, one file each:
//
//   collector-info-metrics.ts    shoumi_collector_info, and the process figures (process_*, nodejs_*)
//   grpc-call-metrics.ts         shoumi_grpc_server_handled_total, shoumi_grpc_server_handling_seconds
//   ingest-metrics.ts            shoumi_findings_{stored,duplicate,refused}_total,
//                                shoumi_ingest_commit_seconds, shoumi_ingest_commit_failures_total
//   intake-metrics.ts            shoumi_intake_findings_held, shoumi_intake_budget_findings
//   agent-stream-metrics.ts      shoumi_agent_streams
//   outbox-depth-metrics.ts      shoumi_agent_outbox_depth_{reported,sum,max}, shoumi_agent_outbox_reporting_streams
//   job-leadership-metrics.ts    shoumi_job_leading{job}
//
// Served by metrics-endpoint.ts, on the console's listener and on --metrics-listen (metrics-listener.ts).
import type * as grpc from '@grpc/grpc-js';
import { Registry } from 'prom-client';
import type { IntakeBudget } from '../intake-budget';
import type { Store } from '../store/store';
import { agentStreamMetrics } from './agent-stream-metrics';
import { collectorInfoMetrics } from './collector-info-metrics';
import { grpcCallMetrics } from './grpc-call-metrics';
import { ingestMetrics } from './ingest-metrics';
import { intakeMetrics } from './intake-metrics';
import { type JobLeadershipMetrics, jobLeadershipMetrics } from './job-leadership-metrics';
import { outboxDepthMetrics } from './outbox-depth-metrics';

export interface CollectorMetrics extends JobLeadershipMetrics {
  registry: Registry;
  /** For every grpc.Server of the collector (its `interceptors` option). */
  grpcInterceptors: grpc.ServerInterceptor[];
  /** The store as the agent service should be given it: finding commits counted and timed. */
  observedIngest(store: Store): Store;
}

export function collectorMetrics(sources: {
  intake: Pick<IntakeBudget, 'held' | 'limit'>;
  streams: { readonly size: number };
}): CollectorMetrics {
  const registry = new Registry();
  collectorInfoMetrics(registry);
  const calls = grpcCallMetrics(registry);
  const outbox = outboxDepthMetrics(registry);
  const ingest = ingestMetrics(registry);
  intakeMetrics(registry, sources.intake);
  agentStreamMetrics(registry, sources.streams);
  const leadership = jobLeadershipMetrics(registry);
  return {
    registry,
    grpcInterceptors: [calls.interceptor, outbox.interceptor],
    observedIngest: ingest.observedIngest,
    recordLeadership: leadership.recordLeadership,
  };
}
