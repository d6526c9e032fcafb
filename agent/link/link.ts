// The link: one long-lived gRPC stream to the collector, carrying the outbox up and acks, policy and sweep
// commands down.
//
// Per connection:  open stream → send Hello (last acked / last assigned seq) → the collector answers with an
// Ack of what it has stored or refused → drop that from the outbox (or rebase our numbering if the collector
// is ahead of us: our outbox was lost) → send every pending finding after it, in batches of at most BATCH
// findings and FINDING_LIMITS.batchBytes (batches.ts), at most WINDOW unacked at a time → on each Ack,
// record it durably in the outbox and send more. When the stream breaks, everything unacked is simply sent
// again on the next connection: the collector ignores a (device, seq) it already stored.
// Reconnects wait a full-jitter backoff that resets once a connection got as far as the collector's Ack.
//
// Several collectors (--collector a:7700,b:7700; link-addresses.ts): the link is on one address at a time.
// When its stream is lost, failover.ts decides whether the next attempt goes to the next address (cycling)
// or to the same one, and the switch is logged with its reason. Nothing else changes at a switch: the hello
// says where the agent stands (last acked, last assigned seq), the new collector answers with what the
// shared store holds, and the pump resends everything unacked after that, from the outbox, in seq order.
//
// Three outcomes per record (delivery.ts): acked, retry (the stream broke), and refused — the collector
// listed it in an Ack's `refused`, or the agent found it could never be stored and did not send it (a
// record an older agent wrote before findings were bounded). A refused record is settled (settleRefused:
// kept on disk, reported by a finding of its own, its key marked unreported; settle-refusals.ts) BEFORE the
// ack that covers it is written, because that ack drops it from the outbox. So Acks are handled one at a
// time in arrival order, each waiting for the refusals before it. If settling fails, the stream is ended
// without writing that ack or any later one of the stream, and the refusal comes again on the next stream:
// the hello's Ack lists every refusal above our ack file, and a record we refused ourselves is refused again
// when the pump reaches it — or, when the collector's hello Ack already covers it (a later record was
// stored before a crash), when that Ack is handled.
//
// restart(credentials) (after a certificate renewal): half-close the stream so the collector can answer
// what it has, wait for it to end the stream (at most RESTART_DRAIN_MS), then open a new channel with the
// new credentials and connect at once. Anything still unacked is sent again on the new stream.
// renew(csrPem) asks for that new certificate over the channel in use, authenticated by the current one.
import * as grpc from '@grpc/grpc-js';
import { boundErrorText } from '../../proto/bounded-error-text';
import { findingToWire } from '../../proto/convert';
import { FINDING_LIMITS } from '../../proto/finding-limits';
import type { Ack__Output } from '../../proto/generated/shoumi/v1/Ack';
import type { AgentMessage } from '../../proto/generated/shoumi/v1/AgentMessage';
import type { CollectorMessage__Output } from '../../proto/generated/shoumi/v1/CollectorMessage';
import type { HardwareIdentity } from '../../proto/generated/shoumi/v1/HardwareIdentity';
import type { IssuedCertificate__Output } from '../../proto/generated/shoumi/v1/IssuedCertificate';
import type { PolicyBundle__Output } from '../../proto/generated/shoumi/v1/PolicyBundle';
import type { SweepCommand__Output } from '../../proto/generated/shoumi/v1/SweepCommand';
import type { SweepResult } from '../../proto/generated/shoumi/v1/SweepResult';
import { loadContract } from '../../proto/load';
import type { AgentLog } from '../agent-log';
import { describeCallError } from '../enrolment/enrol';
import type { RenewAnswer } from '../enrolment/renewal';
import type { Outbox } from '../outbox/outbox';
import { type Backoff, fullJitterBackoff } from './backoff';
import { nextBatch, unsendableReason } from './batches';
import { type Delivery, deliveriesOfAck, type Refused, type SettleRefused } from './delivery';
import { failoverAfter, nextCollectorIndex, type StreamLoss } from './failover';

const BATCH = 500;
const WINDOW = 20_000;
const MAX_MESSAGE_BYTES = 16 * 1024 * 1024;
const RESTART_DRAIN_MS = 2_000;
const RENEW_TIMEOUT_MS = 30_000;

export interface LinkOptions {
  /** host:port of the collector's agent service, or several: the link starts at the first (failover.ts). */
  collector: string | readonly string[];
  /** The device id in our certificate: the collector reads it from there and ignores any other. */
  deviceId: string;
  agentVersion: string;
  hardware: HardwareIdentity;
  outbox: Outbox;
  /** Version of the bundle the agent judges with now, for the hello. */
  policyVersion: () => string;
  onPolicy: (bundle: PolicyBundle__Output) => void;
  onSweep: (command: SweepCommand__Output) => void;
  /** `collector`: the address the link is on, or will try next when waiting. */
  onStateChange?: (state: LinkState, detail: string | undefined, collector: string) => void;
  /** The collector acknowledged every seq up to this one (called on receipt, before the ack file is written). */
  onAcked?: (upToSeq: number) => void;
  /** Keeps and reports refused records (settle-refusals.ts); the ack that covers them waits for it. */
  settleRefused: SettleRefused;
  /** Refusals of records no longer held are logged here (there is nothing left to keep). */
  log?: AgentLog;
  /** Encoded findings per batch message (tests lower it); default FINDING_LIMITS.batchBytes. */
  batchBytes?: number;
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
  /** The address of the collector the link is on, or will try next. */
  readonly collector: string;
  /** Ends the current stream cleanly and connects again with these credentials. */
  restart(credentials: grpc.ChannelCredentials): Promise<void>;
  stop(): Promise<void>;
}

export function startLink(options: LinkOptions): Link {
  const contract = loadContract();
  const addresses = typeof options.collector === 'string' ? [options.collector] : [...options.collector];
  if (addresses.length === 0) throw new Error('the link needs at least one collector address');
  /** Position in `addresses` of the collector the link is on. */
  let on = 0;
  let credentials = options.credentials;
  const newClient = () =>
    new contract.shoumi.v1.AgentService(addresses[on] as string, credentials, {
      'grpc.max_receive_message_length': MAX_MESSAGE_BYTES,
      'grpc.max_send_message_length': MAX_MESSAGE_BYTES,
      'grpc.keepalive_time_ms': 30_000,
      'grpc.keepalive_timeout_ms': 10_000,
      'grpc.keepalive_permit_without_calls': 1,
      // Our own backoff decides when to try again; keep the channel's short so it does not add to it.
      'grpc.initial_reconnect_backoff_ms': 100,
      'grpc.max_reconnect_backoff_ms': 1000,
    });
  let client = newClient();
  const { outbox } = options;
  const backoff = options.backoff ?? fullJitterBackoff();
  const heartbeatMs = options.heartbeatMs ?? 30_000;
  const batchBytes = options.batchBytes ?? FINDING_LIMITS.batchBytes;

  let state: LinkState = 'connecting';
  /** The stream in use: written to, and the one whose hello answer starts the pump. */
  let current: Connection | undefined;
  /** Highest seq taken from the outbox on the current stream (sent or refused); -1 until the hello's answer. */
  let sentUpTo = -1;
  let retryTimer: NodeJS.Timeout | undefined;
  let heartbeatTimer: NodeJS.Timeout | undefined;
  let ackWriting: Promise<void> = Promise.resolve();
  let ackTarget = 0;
  /** Ends the current stream without scheduling a reconnect; resolves when it has ended or the wait ran out. */
  let drainCurrent: ((waitMs: number) => Promise<void>) | undefined;
  /** Acks and refusals, handled one at a time in arrival order (header). */
  let deliveries: Promise<void> = Promise.resolve();
  let deliveriesWaiting = 0;
  /** Seqs this process refused before sending, settled or being settled: each is settled once per process. */
  const refusedHere = new Set<number>();
  /** Highest seq this process has looked at for sending: records above it may be unsendable and unseen. */
  let examinedUpTo = 0;

  const setState = (next: LinkState, detail?: string) => {
    state = next;
    options.onStateChange?.(next, detail, addresses[on] as string);
  };

  /** Moves the link to the next address after a lost stream, if failover.ts says so; logs the switch. */
  const afterLoss = (loss: StreamLoss, reason: string, retryInMs: number) => {
    if (addresses.length < 2 || failoverAfter(loss) === 'stay') return;
    const from = addresses[on] as string;
    on = nextCollectorIndex(on, addresses.length);
    const old = client;
    client = newClient();
    old.close();
    options.log?.info('link switching collector', { from, to: addresses[on], reason, retryInMs });
  };

  const inOrder = (work: () => Promise<void>) => {
    deliveriesWaiting += 1;
    deliveries = deliveries
      .then(work)
      .catch((error: Error) => options.log?.error('link: handling an ack failed', { error: error.message }))
      .finally(() => {
        deliveriesWaiting -= 1;
      });
  };

  /** Settles refusals for `connection`; on failure ends it, so that none of its later acks is written. */
  const settle = async (connection: Connection, refused: readonly Refused[]): Promise<boolean> => {
    if (refused.length === 0) return connection.failed === null;
    const outcome =
      connection.failed === null
        ? await options.settleRefused(refused)
        : { ok: false as const, message: connection.failed };
    if (outcome.ok) return true;
    // Not settled: ours are looked at again on the next stream, by the pump or, when the hello's Ack
    // already covers them (a later record was stored), by unsendableUpTo.
    for (const { record, refusedBy } of refused) {
      refusedHere.delete(record.seq);
      if (refusedBy === 'agent') examinedUpTo = Math.min(examinedUpTo, record.seq - 1);
    }
    if (connection.failed === null) {
      connection.failed = `refused records not settled: ${outcome.message}`;
      connection.call.cancel();
    }
    return false;
  };

  const held = (seq: number) => {
    const [record] = outbox.pending(seq - 1, 1);
    return record?.seq === seq ? record : undefined;
  };

  const logNotHeld = (notHeld: ReadonlyArray<{ seq: number; reason: string }>) => {
    for (const { seq, reason } of notHeld)
      options.log?.warn('collector refused a record the outbox no longer holds', { seq, reason });
  };

  const pump = () => {
    const connection = current;
    if (!connection || sentUpTo < 0 || connection.failed !== null) return;
    while (sentUpTo - Math.max(outbox.lastAckedSeq, ackTarget) < WINDOW) {
      const batch = nextBatch(outbox.pending(sentUpTo, BATCH), batchBytes);
      if (batch === null) return;
      examinedUpTo = Math.max(examinedUpTo, batch.lastSeq);
      const refused = batch.refused.filter(({ record }) => !refusedHere.has(record.seq));
      if (refused.length > 0) {
        for (const { record } of refused) refusedHere.add(record.seq);
        // Settled before any ack that covers them: those come after this batch is answered.
        inOrder(async () => {
          await settle(connection, refused);
        });
      }
      if (batch.wire.length > 0) connection.call.write({ findings: { findings: batch.wire } });
      sentUpTo = batch.lastSeq;
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

  /**
   * Records up to `upToSeq` that this process never looked at and that could never be sent: a process
   * before us skipped them and a later record was stored before it settled them (header). The hello's Ack
   * would otherwise drop them unseen.
   */
  const unsendableUpTo = (upToSeq: number): Refused[] => {
    const refused: Refused[] = [];
    const from = Math.max(outbox.lastAckedSeq, examinedUpTo);
    for (const record of outbox.pending(from, Number.POSITIVE_INFINITY)) {
      if (record.seq > upToSeq) break;
      if (refusedHere.has(record.seq)) continue;
      const reason = unsendableReason(findingToWire(record), batchBytes);
      if (reason !== null) refused.push({ outcome: 'refused', record, refusedBy: 'agent', reason });
    }
    examinedUpTo = Math.max(examinedUpTo, Math.min(upToSeq, outbox.lastAssignedSeq));
    return refused;
  };

  const onHelloAck = async (connection: Connection, ack: Ack__Output) => {
    const collectorLastSeq = ack.upToSeq;
    if (collectorLastSeq > outbox.lastAssignedSeq) {
      // The collector holds more of our findings than we ever numbered: our outbox was lost or reset.
      // Continue numbering above it so nothing new is mistaken for a duplicate. (Its refusals, none here by
      // the collector's rule, would name seqs of the numbering we lost.)
      await outbox.rebase(collectorLastSeq);
      refusedHere.clear(); // those seqs were of the numbering we lost
    } else {
      const { refused, notHeld } = deliveriesOfAck(ack, held);
      logNotHeld(notHeld);
      const mine = unsendableUpTo(collectorLastSeq);
      for (const { record } of mine) refusedHere.add(record.seq);
      if (!(await settle(connection, [...refused, ...mine]))) return;
    }
    const acked = Math.min(collectorLastSeq, outbox.lastAssignedSeq);
    if (acked > outbox.lastAckedSeq) recordAck(acked);
    if (current !== connection || connection.failed !== null) return;
    sentUpTo = Math.max(acked, outbox.lastAckedSeq, ackTarget);
    backoff.reset();
    setState('connected');
    pump();
  };

  const onAck = (connection: Connection, ack: Ack__Output) => {
    if (!connection.helloAnswered) {
      connection.helloAnswered = true;
      inOrder(() => onHelloAck(connection, ack));
      return;
    }
    const { refused, notHeld, acked } = deliveriesOfAck(ack, held);
    logNotHeld(notHeld);
    if (refused.length === 0 && deliveriesWaiting === 0) {
      if (connection.failed === null) recordAck(acked.upToSeq);
      return;
    }
    inOrder(async () => {
      if (await settle(connection, refused)) recordAck(acked.upToSeq);
    });
  };

  const onMessage = (connection: Connection, message: CollectorMessage__Output) => {
    switch (message.body) {
      case 'ack':
        if (message.ack) onAck(connection, message.ack);
        return;
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
    const call = client.Connect();
    const connection: Connection = { call, helloAnswered: false, failed: null };
    current = connection;
    call.on('data', (message: CollectorMessage__Output) => onMessage(connection, message));
    let ended = false;
    let draining = false;
    let onEnded: (() => void) | undefined;
    const lost = (detail: string, loss: StreamLoss) => {
      if (ended) return;
      ended = true;
      onEnded?.();
      if (current === connection) current = undefined;
      clearInterval(heartbeatTimer);
      if (state === 'stopped' || draining) return;
      const retry: Delivery = {
        outcome: 'retry',
        afterMs: backoff.next(),
        detail: connection.failed ?? detail,
      };
      afterLoss(connection.failed === null ? loss : { kind: 'local' }, retry.detail, retry.afterMs);
      setState('waiting', `${retry.detail}; retrying in ${retry.afterMs} ms`);
      retryTimer = setTimeout(connect, retry.afterMs);
    };
    call.on('error', (error: grpc.ServiceError) =>
      // The collector's text, bounded: it goes into the agent's log and `status` (bounded-error-text.ts).
      lost(`${grpc.status[error.code] ?? error.code}: ${boundErrorText(error.details)}`, {
        kind: 'error',
        code: error.code,
      }),
    );
    call.on('end', () => lost('collector ended the stream', { kind: 'ended' }));
    drainCurrent = (waitMs) => {
      if (ended) return Promise.resolve();
      draining = true;
      // Nothing more may be written after end(); acks that arrive meanwhile are still recorded.
      if (current === connection) current = undefined;
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
        // What a collector acknowledged, even if the ack file's write has not finished: after a switch, the
        // new collector must not be sent again what the last one acknowledged a moment ago.
        lastAckedSeq: Math.max(outbox.lastAckedSeq, ackTarget),
        lastAssignedSeq: outbox.lastAssignedSeq,
      },
    });
    heartbeatTimer = setInterval(() => {
      current?.call.write({ heartbeat: { sentAtMs: Date.now(), outboxDepth: outbox.depth } });
    }, heartbeatMs);
  };

  const unsubscribe = outbox.onAppend(pump);
  connect();

  return {
    get state() {
      return state;
    },
    get collector() {
      return addresses[on] as string;
    },
    sendSweepResult(result) {
      if (!current || sentUpTo < 0) return false;
      current.call.write({ sweepResult: result });
      return true;
    },
    renew(csrPem) {
      return new Promise((resolve) => {
        client.Renew(
          { csrPem },
          { deadline: Date.now() + RENEW_TIMEOUT_MS },
          (error, issued?: IssuedCertificate__Output) => {
            if (error || !issued) resolve(describeCallError('renewal', addresses[on] as string, error));
            else resolve({ ok: true, issued });
          },
        );
      });
    },
    async restart(renewed) {
      if (state === 'stopped') return;
      clearTimeout(retryTimer);
      await drainCurrent?.(RESTART_DRAIN_MS);
      // stop() may have run during the drain.
      if ((state as LinkState) === 'stopped') return;
      const old = client;
      credentials = renewed;
      client = newClient();
      old.close();
      backoff.reset();
      connect();
    },
    async stop() {
      setState('stopped');
      unsubscribe();
      clearTimeout(retryTimer);
      clearInterval(heartbeatTimer);
      current?.call.end();
      current?.call.cancel();
      await deliveries;
      await ackWriting;
      client.close();
    },
  };
}

/** One stream to the collector, and what the link knows of it. */
interface Connection {
  call: grpc.ClientDuplexStream<AgentMessage, CollectorMessage__Output>;
  /** The collector's first Ack on this stream (the answer to our hello) has arrived. */
  helloAnswered: boolean;
  /** Why refused records could not be settled: the stream is being ended and none of its acks is written. */
  failed: string | null;
}
