// How much agents still have to send: each heartbeat carries the agent's outbox depth (proto Heartbeat
// outbox_depth, the records appended and not yet acknowledged). Read where the message arrives, by a
// grpc-js server interceptor on the agent stream, and kept per stream (the call object), never per device:
// no figure here can be turned back into a device id, and a stream's last report is forgotten when the
// stream ends, so the gauges speak of the agents connected to this collector now.
//
//   shoumi_agent_outbox_depth_reported     histogram of every heartbeat's depth (its rate: the distribution
//                                          over agents reporting, every 30 s each)
//   shoumi_agent_outbox_depth_sum / _max   over the last report of each stream open here
//   shoumi_agent_outbox_reporting_streams  streams open here that have reported a depth
import * as grpc from '@grpc/grpc-js';
import { Gauge, Histogram, type Registry } from 'prom-client';
import type { AgentMessage__Output } from '../../proto/generated/shoumi/v1/AgentMessage';
import { methodOfPath } from './grpc-call-metrics';

const AGENT_STREAM = { service: 'shoumi.v1.AgentService', method: 'Connect' };

export interface OutboxDepthMetrics {
  interceptor: grpc.ServerInterceptor;
}

/** A depth as an agent may send it (uint64, read as a number): a whole number ≥ 0, else not a report. */
function depthOf(message: AgentMessage__Output | undefined): number | undefined {
  if (message?.body !== 'heartbeat') return undefined;
  const depth = Number(message.heartbeat?.outboxDepth);
  return Number.isSafeInteger(depth) && depth >= 0 ? depth : undefined;
}

export function outboxDepthMetrics(registry: Registry): OutboxDepthMetrics {
  const latest = new Map<object, number>();
  const reported = new Histogram({
    name: 'shoumi_agent_outbox_depth_reported',
    help: 'Outbox depths agents reported in their heartbeats (records not yet acknowledged)',
    buckets: [0, 1, 10, 100, 1_000, 10_000, 100_000, 1_000_000],
    registers: [registry],
  });
  new Gauge({
    name: 'shoumi_agent_outbox_depth_sum',
    help: 'Sum of the last outbox depth reported on each agent stream open on this collector',
    registers: [registry],
    collect() {
      let sum = 0;
      for (const depth of latest.values()) sum += depth;
      this.set(sum);
    },
  });
  new Gauge({
    name: 'shoumi_agent_outbox_depth_max',
    help: 'Largest last outbox depth reported on an agent stream open on this collector (0 when none)',
    registers: [registry],
    collect() {
      let max = 0;
      for (const depth of latest.values()) max = Math.max(max, depth);
      this.set(max);
    },
  });
  new Gauge({
    name: 'shoumi_agent_outbox_reporting_streams',
    help: 'Agent streams open on this collector that have reported an outbox depth',
    registers: [registry],
    collect() {
      this.set(latest.size);
    },
  });

  const interceptor: grpc.ServerInterceptor = (descriptor, call) => {
    const { service, method } = methodOfPath(descriptor.path);
    if (service !== AGENT_STREAM.service || method !== AGENT_STREAM.method)
      return new grpc.ServerInterceptingCall(call);
    const stream = {};
    const forget = () => latest.delete(stream);
    return new grpc.ServerInterceptingCall(call, {
      start: (next) =>
        next({
          onReceiveMessage: (message: AgentMessage__Output, pass) => {
            const depth = depthOf(message);
            if (depth !== undefined) {
              latest.set(stream, depth);
              reported.observe(depth);
            }
            pass(message);
          },
          onCancel: forget,
        }),
      sendStatus: (status, next) => {
        forget();
        next(status);
      },
    });
  };
  return { interceptor };
}
