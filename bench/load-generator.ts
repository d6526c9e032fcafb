// The load generator of `npm run bench`: many agent streams from one process, each on its own connection
// (its own grpc-js channel, TLS session and device certificate), speaking the agent protocol for real:
// Hello first (and waiting for the collector's Ack), finding batches with the device's sequence numbers,
// heartbeats, and a SweepResult for every SweepCommand. It is not the agent: no outbox, no probes, no
// reconnection; an ended stream stays ended and is counted.
//
// Driven over the IPC channel by bench/load.ts, one command at a time; every command is answered with one
// message (`{ ok: true, ... }` or `{ ok: false, message }`). LOAD_DEVICES names the JSON file of
// load-devices.ts (CA, key, a certificate per device).
import { readFileSync } from 'node:fs';
import * as grpc from '@grpc/grpc-js';
import { MAX_MESSAGE_BYTES } from '../collector/collector-server';
import { loadBaselinePolicy } from '../policies/load-policy';
import type { Finding } from '../policies/model';
import { agentRuleIds } from '../policies/rule-params';
import { findingToWire } from '../proto/convert';
import type { AgentMessage } from '../proto/generated/shoumi/v1/AgentMessage';
import type { AgentServiceClient } from '../proto/generated/shoumi/v1/AgentService';
import type { CollectorMessage__Output } from '../proto/generated/shoumi/v1/CollectorMessage';
import type { Finding as WireFinding } from '../proto/generated/shoumi/v1/Finding';
import { loadContract } from '../proto/load';
import { syntheticFinding } from './ingest-rows';
import type { LoadDevices } from './load-devices';

export type LoadCommand =
  | { kind: 'connect'; address: string; from: number; count: number; concurrency: number }
  | { kind: 'heartbeats'; durationMs: number; intervalMs: number }
  | { kind: 'ingest'; findingsPerStream: number; batchSize: number; windowFindings: number }
  | { kind: 'sweeps' }
  | { kind: 'close' };

export type LoadReply = ({ ok: true } & Record<string, unknown>) | { ok: false; message: string };

interface AgentStreamState {
  deviceId: string;
  client: AgentServiceClient;
  call: grpc.ClientDuplexStream<AgentMessage, CollectorMessage__Output>;
  /** Highest seq the collector has acknowledged; the hello's Ack starts it. */
  acked: number;
  /** Next seq this device assigns. */
  nextSeq: number;
  /** When each unanswered heartbeat left, oldest first: replies come in order on a stream. */
  heartbeatsInFlight: number[];
  ended: string | null;
  onAck: (() => void) | null;
}

const devices = JSON.parse(readFileSync(process.env.LOAD_DEVICES ?? '', 'utf8')) as LoadDevices;
const AgentService = loadContract().shoumi.v1.AgentService;
const streams: AgentStreamState[] = [];
let rttSamples: number[] | null = null;
const sweepsSeen = new Map<string, { received: number; firstAtMs: number; lastAtMs: number }>();
/** The policy bundle version each device last received, reported in its next hello as the agent does. */
const policyVersions = new Map<string, string>();

const CHANNEL_OPTIONS: grpc.ChannelOptions = {
  // One connection per stream: without a local pool, channels to one address could share a subchannel.
  'grpc.use_local_subchannel_pool': 1,
  // Channelz keeps a registry entry and trace per channel: 10,000 of them only cost memory and CPU here.
  'grpc.enable_channelz': 0,
  'grpc.max_receive_message_length': MAX_MESSAGE_BYTES,
  'grpc.max_send_message_length': MAX_MESSAGE_BYTES,
};

function onMessage(state: AgentStreamState, message: CollectorMessage__Output) {
  switch (message.body) {
    case 'ack':
      state.acked = Math.max(state.acked, message.ack?.upToSeq ?? 0);
      state.onAck?.();
      break;
    case 'heartbeatReply': {
      const sentAt = state.heartbeatsInFlight.shift();
      if (sentAt !== undefined && rttSamples) rttSamples.push(performance.now() - sentAt);
      break;
    }
    case 'sweep': {
      const sweepId = message.sweep?.sweepId ?? '';
      const at = Date.now();
      const seen = sweepsSeen.get(sweepId) ?? { received: 0, firstAtMs: at, lastAtMs: at };
      seen.received += 1;
      seen.lastAtMs = at;
      sweepsSeen.set(sweepId, seen);
      // A sweep that judged every rule and emitted no new finding (nothing changed since the last one).
      state.call.write({
        sweepResult: {
          sweepId,
          startedAtMs: at,
          finishedAtMs: at,
          rulesEvaluated: 30,
          failed: 0,
          errors: 0,
          firstSeq: 0,
          lastSeq: 0,
          error: '',
        },
      });
      break;
    }
    case 'policy':
      // An agent would judge with it; the load generator only keeps its version for the next hello.
      policyVersions.set(state.deviceId, message.policy?.version ?? '');
      break;
    default:
      break;
  }
}

/** Opens one device's stream and resolves once the collector has answered its hello. */
function openStream(
  address: string,
  index: number,
  credentialsOf: (index: number) => grpc.ChannelCredentials,
) {
  const { deviceId } = devices.devices[index]!;
  const client = new AgentService(address, credentialsOf(index), CHANNEL_OPTIONS) as AgentServiceClient;
  const call = client.Connect();
  const state: AgentStreamState = {
    deviceId,
    client,
    call,
    acked: -1,
    nextSeq: 1,
    heartbeatsInFlight: [],
    ended: null,
    onAck: null,
  };
  return new Promise<AgentStreamState>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${deviceId}: no answer to hello in 120 s`)), 120_000);
    state.onAck = () => {
      clearTimeout(timer);
      state.nextSeq = state.acked + 1;
      state.onAck = null;
      resolve(state);
    };
    call.on('data', (message: CollectorMessage__Output) => onMessage(state, message));
    call.on('error', (error: grpc.ServiceError) => {
      state.ended = `${grpc.status[error.code] ?? error.code}: ${error.details}`;
      clearTimeout(timer);
      reject(new Error(`${deviceId}: ${state.ended}`));
      state.onAck?.();
    });
    call.on('end', () => {
      state.ended ??= 'ended by the server';
    });
    call.write({
      hello: {
        deviceId,
        agentVersion: 'load-generator',
        policyVersion: policyVersions.get(deviceId) ?? '',
        lastAckedSeq: 0,
        lastAssignedSeq: 0,
        hardware: { hostname: deviceId, osName: 'Debian', arch: 'x64' },
      },
    });
  });
}

async function connect(command: Extract<LoadCommand, { kind: 'connect' }>): Promise<Record<string, unknown>> {
  // One secure context per device: each certificate is its own identity.
  const caPem = Buffer.from(devices.caPem);
  const keyPem = Buffer.from(devices.keyPem);
  const credentialsOf = (index: number) =>
    grpc.credentials.createSsl(caPem, keyPem, Buffer.from(devices.devices[index]!.certPem));
  const started = performance.now();
  const failures: string[] = [];
  let next = command.from;
  const end = command.from + command.count;
  await Promise.all(
    Array.from({ length: command.concurrency }, async () => {
      while (next < end) {
        const index = next++;
        try {
          streams.push(await openStream(command.address, index, credentialsOf));
        } catch (error) {
          failures.push((error as Error).message);
        }
      }
    }),
  );
  return {
    streams: streams.length,
    failed: failures.length,
    firstFailures: failures.slice(0, 5),
    ms: performance.now() - started,
  };
}

const quantile = (sorted: readonly number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;

async function heartbeats(command: Extract<LoadCommand, { kind: 'heartbeats' }>) {
  rttSamples = [];
  const samples = rttSamples;
  const timers: NodeJS.Timeout[] = [];
  let sent = 0;
  const beat = (state: AgentStreamState) => {
    if (state.ended) return;
    state.heartbeatsInFlight.push(performance.now());
    sent += 1;
    state.call.write({ heartbeat: { sentAtMs: Date.now(), outboxDepth: 0 } });
  };
  // Spread over the interval, as agents that started at different times are.
  for (const state of streams) {
    const phase = Math.random() * command.intervalMs;
    timers.push(
      setTimeout(() => {
        beat(state);
        timers.push(setInterval(() => beat(state), command.intervalMs));
      }, phase),
    );
  }
  await new Promise((resolve) => setTimeout(resolve, command.durationMs));
  for (const timer of timers) clearTimeout(timer);
  // Replies to the last beats still on their way: up to 10 s, then what is missing counts as lost.
  const waitUntil = Date.now() + 10_000;
  while (samples.length < sent && Date.now() < waitUntil) await new Promise((r) => setTimeout(r, 50));
  rttSamples = null;
  for (const state of streams) state.heartbeatsInFlight.length = 0;
  const sorted = [...samples].sort((a, b) => a - b);
  return {
    sent,
    answered: sorted.length,
    p50: quantile(sorted, 0.5),
    p99: quantile(sorted, 0.99),
    max: sorted[sorted.length - 1] ?? Number.NaN,
  };
}

/**
 * Every stream sends `findingsPerStream` findings in batches, keeping at most `windowFindings` of its own
 * unacknowledged (as the agent's link does). The window runs from the first batch written to the last ack.
 */
async function ingest(command: Extract<LoadCommand, { kind: 'ingest' }>) {
  // Under the baseline's agent rules with their clauses: the collector refuses any other (agent-judged-rules.ts).
  const policy = await loadBaselinePolicy();
  if (!policy.ok) throw new Error('the baseline policy does not load');
  const agentRules = new Set(agentRuleIds(policy.policy));
  const rules = policy.policy.rules.filter((rule) => agentRules.has(rule.id));
  const templates: WireFinding[] = Array.from({ length: command.batchSize }, (_, index) => {
    const rule = rules[index % rules.length]!;
    return findingToWire({
      ...syntheticFinding(index),
      ruleId: rule.id,
      clause: rule.clause,
      seq: 0,
    } as Finding);
  });
  const started = performance.now();
  let lastAckAt = started;
  const live = streams.filter((state) => !state.ended);
  await Promise.all(
    live.map(async (state) => {
      const last = state.nextSeq + command.findingsPerStream - 1;
      const waitForAck = () =>
        new Promise<void>((resolve) => {
          state.onAck = () => {
            state.onAck = null;
            resolve();
          };
        });
      while (state.nextSeq <= last && !state.ended) {
        while (state.nextSeq - 1 - state.acked + command.batchSize > command.windowFindings && !state.ended)
          await waitForAck();
        const size = Math.min(command.batchSize, last - state.nextSeq + 1);
        const first = state.nextSeq;
        const findings = templates
          .slice(0, size)
          .map((template, index) => ({ ...template, seq: first + index }));
        state.nextSeq += size;
        state.call.write({ findings: { findings } });
      }
      while (state.acked < last && !state.ended) await waitForAck();
      lastAckAt = Math.max(lastAckAt, performance.now());
    }),
  );
  const seconds = (lastAckAt - started) / 1000;
  const ended = live.filter((state) => state.ended);
  return {
    streams: live.length,
    findings: (live.length - ended.length) * command.findingsPerStream,
    seconds,
    perSecond: ((live.length - ended.length) * command.findingsPerStream) / seconds,
    endedStreams: ended.length,
    firstEnded: ended.slice(0, 3).map((state) => `${state.deviceId}: ${state.ended}`),
  };
}

async function close() {
  const closing = streams.splice(0);
  for (const state of closing) {
    state.ended ??= 'closed by the load generator';
    state.call.end();
  }
  // Give the half-closes a moment to reach the server before the channels go.
  await new Promise((resolve) => setTimeout(resolve, 500));
  for (const state of closing) state.client.close();
  return {
    closed: closing.length,
    stillEnded: closing.filter((s) => s.ended !== 'closed by the load generator').length,
  };
}

async function run(command: LoadCommand): Promise<Record<string, unknown>> {
  switch (command.kind) {
    case 'connect':
      return connect(command);
    case 'heartbeats':
      return heartbeats(command);
    case 'ingest':
      return ingest(command);
    case 'sweeps':
      return { sweeps: Object.fromEntries(sweepsSeen), ended: streams.filter((s) => s.ended).length };
    case 'close':
      return close();
  }
}

process.on('message', (command: LoadCommand) => {
  const cpuBefore = process.cpuUsage();
  const wallBefore = performance.now();
  run(command).then(
    (result) => {
      const cpu = process.cpuUsage(cpuBefore);
      const wallMs = performance.now() - wallBefore;
      process.send!({
        ok: true,
        ...result,
        generatorCpuPercent: ((cpu.user + cpu.system) / 1000 / wallMs) * 100,
        generatorRssMb: process.memoryUsage.rss() / 2 ** 20,
      } satisfies LoadReply);
    },
    (error: unknown) => process.send!({ ok: false, message: (error as Error).message } satisfies LoadReply),
  );
});
process.send!({ ok: true, ready: true });
