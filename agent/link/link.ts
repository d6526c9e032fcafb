// The link: one long-lived gRPC stream to the collector, carrying the outbox up and acks, policy and sweep
// commands down.
//
// Per connection:  open stream → send Hello (last acked / last assigned seq) → the collector answers with an
// Ack of what it has stored → drop that from the outbox (or rebase our numbering if the collector is ahead of
// us: our outbox was lost) → send every pending finding after it, at most WINDOW unacked at a time → on each
// Ack, record it durably in the outbox and send more. When the stream breaks, everything unacked is simply
// sent again on the next connection: the collector ignores a (device, seq) it already stored.
// Reconnects wait a full-jitter backoff that resets once a connection got as far as the collector's Ack.
//
// restart(credentials) (after a certificate renewal): half-close the stream so the collector can answer
// what it has, wait for it to end the stream (at most RESTART_DRAIN_MS), then open a new channel with the
// new credentials and connect at once. Anything still unacked is sent again on the new stream.
// renew(csrPem) asks for that new certificate over the channel in use, authenticated by the current one.
import * as grpc from '@grpc/grpc-js';
import { findingToWire } from '../../proto/convert';
import type { AgentMessage } from '../../proto/generated/shoumi/v1/AgentMessage';
import type { CollectorMessage__Output } from '../../proto/generated/shoumi/v1/CollectorMessage';
import type { HardwareIdentity } from '../../proto/generated/shoumi/v1/HardwareIdentity';
import type { IssuedCertificate__Output } from '../../proto/generated/shoumi/v1/IssuedCertificate';
import type { PolicyBundle__Output } from '../../proto/generated/shoumi/v1/PolicyBundle';
import type { SweepCommand__Output } from '../../proto/generated/shoumi/v1/SweepCommand';
import type { SweepResult } from '../../proto/generated/shoumi/v1/SweepResult';
import { loadContract } from '../../proto/load';
import { describeCallError } from '../enrolment/enrol';
import type { RenewAnswer } from '../enrolment/renewal';
import type { Outbox } from '../outbox/outbox';
import { type Backoff, fullJitterBackoff } from './backoff';

const BATCH = 500;
const WINDOW = 20_000;
const MAX_MESSAGE_BYTES = 16 * 1024 * 1024;
const RESTART_DRAIN_MS = 2_000;
const RENEW_TIMEOUT_MS = 30_000;

export interface LinkOptions {
  /** host:port of the collector's agent service. */
  collector: string;
  /** The device id in our certificate: the collector reads it from there and ignores any other. */
  deviceId: string;
  agentVersion: string;
  hardware: HardwareIdentity;
  outbox: Outbox;
  /** Version of the bundle the agent judges with now, for the hello. */
  policyVersion: () => string;
  onPolicy: (bundle: PolicyBundle__Output) => void;
  onSweep: (command: SweepCommand__Output) => void;
  onStateChange?: (state: LinkState, detail?: string) => void;
  /** The collector acknowledged every seq up to this one (called on receipt, before the ack file is written). */
  onAcked?: (upToSeq: number) => void;
  heartbeatMs?: number;
  backoff?: Backoff;
  /** mTLS: our certificate and key, and the pinned CA (agent/enrolment/agent-credentials.ts). No plaintext. */
  credentials: grpc.ChannelCredentials;
}

export type LinkState = 'connecting' | 'connected' | 'waiting' | 'stopped';

export interface Link {
  readonly state: LinkState;
  /** Sends a sweep summary if connected; findings themselves always go through the outbox. */
  sendSweepResult(result: SweepResult): boolean;
  /** AgentService.Renew over the channel in use. */
  renew(csrPem: string): Promise<RenewAnswer>;
  /** Ends the current stream cleanly and connects again with these credentials. */
  restart(credentials: grpc.ChannelCredentials): Promise<void>;
  stop(): Promise<void>;
}

export function startLink(options: LinkOptions): Link {
  const contract = loadContract();
  const newClient = (credentials: grpc.ChannelCredentials) =>
    new contract.shoumi.v1.AgentService(options.collector, credentials, {
      'grpc.max_receive_message_length': MAX_MESSAGE_BYTES,
      'grpc.max_send_message_length': MAX_MESSAGE_BYTES,
      'grpc.keepalive_time_ms': 30_000,
      'grpc.keepalive_timeout_ms': 10_000,
      'grpc.keepalive_permit_without_calls': 1,
      // Our own backoff decides when to try again; keep the channel's short so it does not add to it.
      'grpc.initial_reconnect_backoff_ms': 100,
      'grpc.max_reconnect_backoff_ms': 1000,
    });
  let client = newClient(options.credentials);
  const { outbox } = options;
  const backoff = options.backoff ?? fullJitterBackoff();
  const heartbeatMs = options.heartbeatMs ?? 30_000;

  let state: LinkState = 'connecting';
  let stream: grpc.ClientDuplexStream<AgentMessage, CollectorMessage__Output> | undefined;
  /** Highest seq written to the current stream; -1 until the collector has answered our hello. */
  let sentUpTo = -1;
  /** Set when the collector's first Ack on this stream (the answer to our hello) has arrived. */
  let helloAnswered = false;
  let retryTimer: NodeJS.Timeout | undefined;
  let heartbeatTimer: NodeJS.Timeout | undefined;
  let ackWriting: Promise<void> = Promise.resolve();
  let ackTarget = 0;
  /** Ends the current stream without scheduling a reconnect; resolves when it has ended or the wait ran out. */
  let drainCurrent: ((waitMs: number) => Promise<void>) | undefined;

  const setState = (next: LinkState, detail?: string) => {
    state = next;
    options.onStateChange?.(next, detail);
  };

  const pump = () => {
    if (!stream || sentUpTo < 0) return;
    while (sentUpTo - Math.max(outbox.lastAckedSeq, ackTarget) < WINDOW) {
      const batch = outbox.pending(sentUpTo, BATCH);
      if (batch.length === 0) return;
      stream.write({ findings: { findings: batch.map(findingToWire) } });
      sentUpTo = batch[batch.length - 1]!.seq;
    }
  };

  // Acks arrive per batch; writing each one durably would cost an fsync per batch. Coalesce: while one ack
  // write runs, later acks only raise the target, and the next write takes the highest.
  const recordAck = (upToSeq: number) => {
    if (upToSeq <= ackTarget) return;
    ackTarget = upToSeq;
    options.onAcked?.(upToSeq);
    ackWriting = ackWriting
      .then(async () => {
        if (ackTarget > outbox.lastAckedSeq) await outbox.ack(ackTarget);
      })
      .catch(() => {
        // A failed ack write only means we resend those findings later; the collector ignores duplicates.
      });
    // The window counts what the collector has acknowledged, not what our ack file says: send more now,
    // without waiting for the ack file's fsync.
    pump();
  };

  const onHelloAck = async (collectorLastSeq: number) => {
    if (collectorLastSeq > outbox.lastAssignedSeq) {
      // The collector holds more of our findings than we ever numbered: our outbox was lost or reset.
      // Continue numbering above it so nothing new is mistaken for a duplicate.
      await outbox.rebase(collectorLastSeq);
    }
    const acked = Math.min(collectorLastSeq, outbox.lastAssignedSeq);
    if (acked > outbox.lastAckedSeq) recordAck(acked);
    sentUpTo = Math.max(acked, outbox.lastAckedSeq);
    backoff.reset();
    setState('connected');
    pump();
  };

  const onMessage = (message: CollectorMessage__Output) => {
    switch (message.body) {
      case 'ack': {
        const upTo = message.ack?.upToSeq ?? 0;
        if (!helloAnswered) {
          helloAnswered = true;
          void onHelloAck(upTo);
        } else recordAck(upTo);
        return;
      }
      case 'policy':
        if (message.policy) options.onPolicy(message.policy);
        return;
      case 'sweep':
        if (message.sweep) options.onSweep(message.sweep);
        return;
      default:
        return;
    }
  };

  const connect = () => {
    if (state === 'stopped') return;
    setState('connecting');
    sentUpTo = -1;
    helloAnswered = false;
    const call = client.Connect();
    stream = call;
    call.on('data', onMessage);
    let ended = false;
    let draining = false;
    let onEnded: (() => void) | undefined;
    const lost = (detail: string) => {
      if (ended) return;
      ended = true;
      onEnded?.();
      if (stream === call) stream = undefined;
      clearInterval(heartbeatTimer);
      if (state === 'stopped' || draining) return;
      const delay = backoff.next();
      setState('waiting', `${detail}; retrying in ${delay} ms`);
      retryTimer = setTimeout(connect, delay);
    };
    call.on('error', (error: grpc.ServiceError) =>
      lost(`${grpc.status[error.code] ?? error.code}: ${error.details}`),
    );
    call.on('end', () => lost('collector ended the stream'));
    drainCurrent = (waitMs) => {
      if (ended) return Promise.resolve();
      draining = true;
      // Nothing more may be written after end(); acks that arrive meanwhile are still recorded.
      if (stream === call) stream = undefined;
      clearInterval(heartbeatTimer);
      return new Promise<void>((resolve) => {
        const timeout = setTimeout(() => {
          call.cancel();
          resolve();
        }, waitMs);
        onEnded = () => {
          clearTimeout(timeout);
          resolve();
        };
        call.end();
      });
    };
    call.write({
      hello: {
        deviceId: options.deviceId,
        hardware: options.hardware,
        agentVersion: options.agentVersion,
        policyVersion: options.policyVersion(),
        lastAckedSeq: outbox.lastAckedSeq,
        lastAssignedSeq: outbox.lastAssignedSeq,
      },
    });
    heartbeatTimer = setInterval(() => {
      stream?.write({ heartbeat: { sentAtMs: Date.now(), outboxDepth: outbox.depth } });
    }, heartbeatMs);
  };

  const unsubscribe = outbox.onAppend(pump);
  connect();

  return {
    get state() {
      return state;
    },
    sendSweepResult(result) {
      if (!stream || sentUpTo < 0) return false;
      stream.write({ sweepResult: result });
      return true;
    },
    renew(csrPem) {
      return new Promise((resolve) => {
        client.Renew(
          { csrPem },
          { deadline: Date.now() + RENEW_TIMEOUT_MS },
          (error, issued?: IssuedCertificate__Output) => {
            if (error || !issued) resolve(describeCallError('renewal', options.collector, error));
            else resolve({ ok: true, issued });
          },
        );
      });
    },
    async restart(credentials) {
      if (state === 'stopped') return;
      clearTimeout(retryTimer);
      await drainCurrent?.(RESTART_DRAIN_MS);
      // stop() may have run during the drain.
      if ((state as LinkState) === 'stopped') return;
      const old = client;
      client = newClient(credentials);
      old.close();
      backoff.reset();
      connect();
    },
    async stop() {
      setState('stopped');
      unsubscribe();
      clearTimeout(retryTimer);
      clearInterval(heartbeatTimer);
      stream?.end();
      stream?.cancel();
      await ackWriting;
      client.close();
    },
  };
}
