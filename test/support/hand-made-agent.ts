// An agent stream made by hand over the real agent port, with a device certificate the collector issued
// (trust-fixture.ts): it says hello, keeps every sweep command it is sent, and answers one only when the
// test says so — so a test can watch a sweep's coverage move one answer at a time.
import type * as grpc from '@grpc/grpc-js';
import type { AgentMessage } from '../../proto/generated/shoumi/v1/AgentMessage';
import type { CollectorMessage__Output } from '../../proto/generated/shoumi/v1/CollectorMessage';
import { loadContract } from '../../proto/load';
import type { DeviceTls } from './trust-fixture';

export interface HandMadeAgent {
  deviceId: string;
  /** Sweep ids this stream has been sent, in order. */
  readonly sweepsSent: readonly string[];
  /** Answers a sweep as an agent that ran it: `failed` rules failing, no error. */
  answer(sweepId: string, counts?: { failed?: number; errors?: number }): void;
  close(): void;
}

export function handMadeAgent(
  agentAddress: string,
  device: DeviceTls,
  deviceId: string,
  hostname: string,
): HandMadeAgent {
  const contract = loadContract();
  const client = new contract.shoumi.v1.AgentService(agentAddress, device.credentials);
  const call = client.Connect() as grpc.ClientDuplexStream<AgentMessage, CollectorMessage__Output>;
  const sweepsSent: string[] = [];
  call.on('data', (message: CollectorMessage__Output) => {
    if (message.sweep) sweepsSent.push(message.sweep.sweepId);
  });
  // The collector ends the stream at its stop; nothing to report then.
  call.on('error', () => undefined);
  call.write({ hello: { deviceId, agentVersion: 'test', hardware: { hostname } } });
  return {
    deviceId,
    sweepsSent,
    answer(sweepId, counts = {}) {
      const atMs = Date.now();
      call.write({
        sweepResult: {
          sweepId,
          startedAtMs: atMs,
          finishedAtMs: atMs,
          rulesEvaluated: 30,
          failed: counts.failed ?? 0,
          errors: counts.errors ?? 0,
        },
      });
    },
    close() {
      call.end();
      client.close();
    },
  };
}
