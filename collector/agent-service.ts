// The agent service: one bidirectional stream per workstation.
//
// Order on a stream: the agent's first message must be Hello; the collector answers with an Ack carrying the
// highest sequence number it has stored for the device (the agent drops those and resends the rest), then the
// policy bundle. Finding batches are validated whole, handed to the store's group commit, and acknowledged in
// arrival order only after they are durable. A batch with a bad field ends the stream with INVALID_ARGUMENT
// naming the field; nothing of that batch is stored and everything stored before stays.
import * as grpc from '@grpc/grpc-js';
import type { Finding, LedgerSlice } from '../policies/model';
import { FINDING_LIMITS, findingFromWire, ledgerSliceToWire } from '../proto/convert';
import type { AgentMessage__Output } from '../proto/generated/shoumi/v1/AgentMessage';
import type { AgentServiceHandlers } from '../proto/generated/shoumi/v1/AgentService';
import type { CollectorMessage } from '../proto/generated/shoumi/v1/CollectorMessage';
import type { Hello__Output } from '../proto/generated/shoumi/v1/Hello';
import type { AgentConnections, AgentStream } from './agent-connections';
import type { AgentEvents } from './agent-events';
import { renewHandler } from './agent-renewal';
import { type IntakeBudget, intakeBudget } from './intake-budget';
import type { Logger } from './logger';
import { actorOf, type PeerAuthenticator } from './peer-auth';
import type { CertificateAuthority } from './pki/pki-files';
import { bundleVersion, type LoadedPolicy, type PolicySource } from './policy-source';
import { pacer, type RateLimit, type RateLimiter, rateLimiter } from './rate-limit';
import type { DeviceHello, Store } from './store/store';

/** Messages a stream may have waiting for their answer before we stop reading from it (backpressure). */
const MAX_UNANSWERED = 32;

/**
 * Limits per device identity. Messages: far above what an agent sends (a finding batch holds up to 5000
 * findings, a heartbeat comes every 30 s), so only a runaway or hostile peer meets it, and it is met by
 * reading slower (backpressure), never by dropping what was sent. Streams: one live stream per device (a new
 * one replaces the old, agent-connections.ts), and new streams at most this often, so a peer reconnecting in
 * a loop cannot keep the collector busy with handshakes and hellos.
 */
export const AGENT_MESSAGE_RATE: RateLimit = { perSecond: 1000, burst: 5000 };
export const AGENT_STREAM_RATE: RateLimit = { perSecond: 1 / 6, burst: 10 };

export interface AgentServiceDeps {
  store: Store;
  /** Reads the device id from the client certificate; a stream is served only for a valid one. */
  authenticator: PeerAuthenticator;
  policy: PolicySource;
  connections: AgentConnections;
  log: Logger;
  /** Told about hellos, stored findings and sweep results once the store has them. */
  events?: AgentEvents;
  messageRate?: RateLimit;
  streamRate?: RateLimit;
  /** Shared by every stream of the collector; one of its own when absent. */
  intake?: IntakeBudget;
  /** Signs renewed agent certificates; without it Renew answers UNIMPLEMENTED. */
  authority: CertificateAuthority;
  /** Lifetime of renewed agent certificates (default 90 days). */
  agentCertificateValidityMs?: number;
  now?: () => number;
}

class StreamRefusal extends Error {
  constructor(
    readonly code: grpc.status,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Bundle versions by the slice object they were made from. The SQLite store hands out the same frozen slice
 * until a write changes it, so a reconnecting agent costs no serialisation and no hash; a store that makes
 * a new object each time only misses here.
 */
const versionsBySlice = new WeakMap<LedgerSlice, { policyVersion: string; bundleVersion: string }>();

interface CurrentBundle {
  loaded: LoadedPolicy;
  slice: LedgerSlice;
  version: string;
}

async function currentBundle(
  deps: Pick<AgentServiceDeps, 'store' | 'policy'>,
  deviceId: string,
): Promise<CurrentBundle> {
  const loaded = deps.policy.current();
  const slice = await deps.store.ledgerSlice(deviceId);
  let known = versionsBySlice.get(slice);
  if (known?.policyVersion !== loaded.version) {
    known = {
      policyVersion: loaded.version,
      bundleVersion: bundleVersion(loaded.version, JSON.stringify(ledgerSliceToWire(slice))),
    };
    versionsBySlice.set(slice, known);
  }
  return { loaded, slice, version: known.bundleVersion };
}

const bundleMessage = ({ loaded, slice, version }: CurrentBundle): CollectorMessage => ({
  policy: { version, policyYaml: loaded.text, ledger: ledgerSliceToWire(slice) },
});

export async function policyBundleFor(
  deps: Pick<AgentServiceDeps, 'store' | 'policy'>,
  deviceId: string,
): Promise<CollectorMessage> {
  return bundleMessage(await currentBundle(deps, deviceId));
}

/** The hello's facts under the device id from the certificate: the one in the message is never used. */
function helloFromWire(hello: Hello__Output, certifiedDeviceId: string): DeviceHello {
  const hardware = hello.hardware;
  const text = (value: string | undefined, max = 256) => (value ?? '').slice(0, max);
  return {
    deviceId: certifiedDeviceId,
    agentVersion: text(hello.agentVersion, 64),
    policyVersion: text(hello.policyVersion, 64),
    hardware: {
      hostname: text(hardware?.hostname),
      machineId: text(hardware?.machineId, 64),
      dmiProductUuid: text(hardware?.dmiProductUuid, 64),
      dmiBoardSerial: text(hardware?.dmiBoardSerial, 128),
      macAddresses: (hardware?.macAddresses ?? []).slice(0, 64).map((mac) => text(mac, 32)),
      osName: text(hardware?.osName),
      osVersion: text(hardware?.osVersion),
      kernel: text(hardware?.kernel),
      arch: text(hardware?.arch, 32),
      deviceIdSource: text(hardware?.deviceIdSource, 32),
      disks: (hardware?.disks ?? []).slice(0, 64).map((disk) => ({
        name: text(disk.name, 64),
        model: text(disk.model, 128),
        serial: text(disk.serial, 128),
        sizeBytes: Number.isSafeInteger(disk.sizeBytes) && disk.sizeBytes >= 0 ? disk.sizeBytes : 0,
      })),
    },
  };
}

function checkBatch(findings: AgentMessage__Output['findings']): Finding[] {
  const wire = findings?.findings ?? [];
  if (wire.length === 0)
    throw new StreamRefusal(grpc.status.INVALID_ARGUMENT, 'findings: the batch is empty');
  if (wire.length > FINDING_LIMITS.findingsPerBatch) {
    throw new StreamRefusal(
      grpc.status.INVALID_ARGUMENT,
      `findings: at most ${FINDING_LIMITS.findingsPerBatch} findings per batch, got ${wire.length}`,
    );
  }
  const checked: Finding[] = [];
  for (const [index, finding] of wire.entries()) {
    const result = findingFromWire(finding, `findings[${index}]`);
    if (!result.ok) throw new StreamRefusal(grpc.status.INVALID_ARGUMENT, result.problem);
    checked.push(result.value);
  }
  return checked;
}

/** Refused connections are audited at most once per certificate and reason in this window (a revoked agent
 *  retries for ever; its every attempt is logged, but the trail gets one record per window). */
const REFUSAL_AUDIT_WINDOW_MS = 10 * 60 * 1000;
const lastRefusalAudit = new Map<string, number>();

async function certifiedDeviceId(
  deps: AgentServiceDeps,
  call: Parameters<AgentServiceHandlers['Connect']>[0],
  peer: string,
  now: () => number,
  streams: RateLimiter,
): Promise<string> {
  const auth = await deps.authenticator.authenticate(call);
  let refusal: StreamRefusal | undefined;
  let actor = 'unknown';
  if (!auth.ok) {
    refusal = new StreamRefusal(auth.code, auth.reason);
    if (auth.identity) actor = actorOf(auth.identity);
  } else if (auth.identity.kind !== 'device') {
    actor = actorOf(auth.identity);
    refusal = new StreamRefusal(
      grpc.status.PERMISSION_DENIED,
      'an administrator certificate cannot open an agent stream',
    );
  }
  if (!refusal && auth.ok && auth.identity.kind === 'device') {
    if (streams.take(auth.identity.deviceId, now())) return auth.identity.deviceId;
    actor = actorOf(auth.identity);
    refusal = new StreamRefusal(
      grpc.status.RESOURCE_EXHAUSTED,
      `more than ${(deps.streamRate ?? AGENT_STREAM_RATE).burst} new streams in a short time; wait and reconnect`,
    );
  }
  const reason = refusal!.message;
  const key = `${actor} ${reason}`;
  const at = now();
  if (at - (lastRefusalAudit.get(key) ?? 0) >= REFUSAL_AUDIT_WINDOW_MS) {
    lastRefusalAudit.set(key, at);
    if (lastRefusalAudit.size > 10_000) lastRefusalAudit.clear();
    await deps.store
      .appendAudit(
        {
          actor,
          source: peer,
          action: 'agent.refused',
          target: 'agent-stream',
          detail: { reason },
          outcome: 'refused',
        },
        at,
      )
      .catch((error: Error) => deps.log.error('cannot audit a refused agent', { error: error.message }));
  }
  throw refusal;
}

/**
 * Connections are logged one line each up to this many a minute; beyond it they are counted into one line at
 * the end of the minute. A collector restart brings every agent back at once, and a line per stream was a
 * measurable share of a stream's CPU (bench:load) while telling an operator nothing the count does not.
 */
export const CONNECT_LINES_PER_MINUTE = 20;
const CONNECT_LOG_WINDOW_MS = 60_000;

export function connectionLog(log: Logger, now: () => number) {
  let windowStartMs = Number.NEGATIVE_INFINITY;
  let logged = 0;
  let counted = 0;
  const summarise = () => {
    if (counted === 0) return;
    log.info('agents connected in the last minute', {
      connected: logged + counted,
      notLoggedSingly: counted,
    });
    counted = 0;
  };
  return (fields: { deviceId: string; peer: string; lastSeq: number }) => {
    const at = now();
    if (at - windowStartMs >= CONNECT_LOG_WINDOW_MS) {
      summarise(); // the window's timer may not have run yet
      windowStartMs = at;
      logged = 0;
    }
    if (logged < CONNECT_LINES_PER_MINUTE) {
      logged += 1;
      log.info('agent connected', fields);
      return;
    }
    if (counted === 0) setTimeout(summarise, windowStartMs + CONNECT_LOG_WINDOW_MS - at).unref();
    counted += 1;
  };
}

/** An agent's hello named a device other than the one its certificate is for: ignored, and recorded. */
async function recordForeignClaim(deps: AgentServiceDeps, deviceId: string, claimed: string, peer: string) {
  deps.log.warn("agent claimed another device id; using the certificate's", { deviceId, claimed, peer });
  await deps.store.appendAudit(
    {
      actor: `device:${deviceId}`,
      source: peer,
      action: 'agent.identity_mismatch',
      target: deviceId,
      detail: { claimedDeviceId: claimed.slice(0, 256) },
      outcome: 'refused',
    },
    Date.now(),
  );
}

export function agentServiceHandlers(deps: AgentServiceDeps): AgentServiceHandlers {
  const now = deps.now ?? Date.now;
  const streams = rateLimiter(deps.streamRate ?? AGENT_STREAM_RATE);
  const budget = deps.intake ?? intakeBudget();
  const logConnected = connectionLog(deps.log, now);
  return {
    Renew: renewHandler({
      store: deps.store,
      authority: deps.authority,
      authenticator: deps.authenticator,
      log: deps.log,
      agentCertificateValidityMs: deps.agentCertificateValidityMs,
      now,
    }),
    Connect(call) {
      const peer = call.getPeer();
      let deviceId: string | undefined;
      let stream: AgentStream | undefined;
      let closed = false;
      // The device id this stream speaks for, from the client certificate; nothing is read before it is known.
      const certified = certifiedDeviceId(deps, call, peer, now, streams);
      const messages = pacer(deps.messageRate ?? AGENT_MESSAGE_RATE);
      // Two ordered chains per stream. `intake` takes messages in arrival order and hands each finding batch to
      // the store's group commit without waiting for it, so that consecutive batches of one busy stream share
      // a transaction. `replies` sends each message's answer (acks above all) in the same order, once its
      // store work is done: an ack never precedes the commit it confirms, nor an earlier ack.
      let refusedIntake = false;
      let intake: Promise<void> = certified.then(
        () => {},
        () => {
          refusedIntake = true;
        },
      );
      let replies: Promise<void> = Promise.resolve();
      let unanswered = 0;

      const send = (message: CollectorMessage) => {
        if (!closed) call.write(message);
      };
      const refuse = (error: unknown) => {
        if (closed) return;
        closed = true;
        const refusal =
          error instanceof StreamRefusal
            ? error
            : new StreamRefusal(
                grpc.status.UNAVAILABLE,
                `collector could not store the data: ${(error as Error).message}`,
              );
        deps.log.warn('agent stream refused', {
          peer,
          deviceId,
          code: grpc.status[refusal.code],
          reason: refusal.message,
        });
        call.emit('error', { code: refusal.code, details: refusal.message });
      };
      const release = () => {
        closed = true;
        if (stream && deviceId) deps.connections.remove(deviceId, stream);
      };

      /** Takes one message in; resolves with what sends its reply once its store work is done. */
      const accept = async (message: AgentMessage__Output): Promise<() => Promise<void>> => {
        const received = now();
        if (message.body === 'hello' && message.hello) {
          if (deviceId)
            throw new StreamRefusal(grpc.status.FAILED_PRECONDITION, 'hello: sent twice on one stream');
          const id = await certified;
          if (message.hello.deviceId !== id) await recordForeignClaim(deps, id, message.hello.deviceId, peer);
          const hello = helloFromWire(message.hello, id);
          const device = await deps.store.recordHello(hello, received);
          deviceId = id;
          stream = {
            deviceId: id,
            peer,
            send,
            close: (refusal) =>
              refusal ? refuse(new StreamRefusal(refusal.code, refusal.message)) : call.end(),
          };
          deps.connections.add(stream);
          logConnected({ deviceId: id, peer, lastSeq: device.lastSeq });
          return async () => {
            send({ ack: { upToSeq: device.lastSeq } });
            // The bundle (≈25 KB with the baseline policy) only when the agent does not hold this version
            // already: a reconnecting fleet would otherwise be sent what it has, once per stream.
            const bundle = await currentBundle(deps, id);
            if (bundle.version !== hello.policyVersion) send(bundleMessage(bundle));
            const opened = stream;
            if (opened) void deps.events?.onHello?.(id, opened);
          };
        }
        if (!deviceId)
          throw new StreamRefusal(
            grpc.status.FAILED_PRECONDITION,
            `${message.body ?? 'message'}: hello must come first`,
          );
        switch (message.body) {
          case 'findings': {
            const batch = checkBatch(message.findings);
            const committed = deps.store.recordFindings(deviceId, batch, received);
            // Handled by the replies chain; this keeps an early failure from counting as unhandled meanwhile.
            committed.catch(() => {});
            const id = deviceId;
            return async () => {
              send({ ack: { upToSeq: (await committed).lastSeq } });
              void deps.events?.onFindingsStored?.(id, batch, received);
            };
          }
          case 'heartbeat': {
            // Last-seen is gathered for a second and written through the group commit (LAST_SEEN_FLUSH_MS); the
            // reply does not wait for it. A heartbeat promises liveness, not durability, and waiting made every
            // round trip cost a disk flush (bench:load).
            const id = deviceId;
            deps.store
              .touchDevice(id, received)
              .catch((error: Error) =>
                deps.log.warn('cannot record last seen', { deviceId: id, error: error.message }),
              );
            const echo = message.heartbeat?.sentAtMs ?? 0;
            return async () => {
              send({ heartbeatReply: { echoSentAtMs: echo, collectorTimeMs: received } });
            };
          }
          case 'sweepResult': {
            deps.log.info('sweep result', { deviceId, sweepId: message.sweepResult?.sweepId });
            const result = message.sweepResult;
            const id = deviceId;
            // Recorded in arrival order, after every finding batch sent before it has been committed.
            return async () => {
              if (result) await deps.events?.onSweepResult?.(id, result, received);
            };
          }
          default:
            throw new StreamRefusal(
              grpc.status.INVALID_ARGUMENT,
              'message: no known body (hello, findings, heartbeat, sweep_result)',
            );
        }
      };

      certified.catch(refuse);
      // Reading stops while this stream has MAX_UNANSWERED messages waiting or the collector as a whole
      // holds more findings than its intake budget; it starts again when both have room.
      let paused = false;
      const resumeIfRoom = () => {
        if (!paused || closed || unanswered >= MAX_UNANSWERED) return;
        paused = false;
        call.resume();
      };
      call.on('data', (message: AgentMessage__Output) => {
        unanswered += 1;
        const findings = message.findings?.findings.length ?? 0;
        const overBudget = budget.take(findings);
        if (unanswered >= MAX_UNANSWERED || overBudget) {
          paused = true;
          call.pause();
        }
        const answered = () => {
          unanswered -= 1;
          budget.give(findings);
          if (paused) budget.whenRoom(resumeIfRoom);
        };
        // Over the message rate the message waits its turn in the intake chain; the unanswered messages
        // then pile up to MAX_UNANSWERED and reading stops, which HTTP/2 flow control passes to the sender.
        const arrivedMs = now();
        const waitMs = messages.reserve(arrivedMs);
        if (waitMs > 0) {
          const readyMs = arrivedMs + waitMs;
          intake = intake.then(() => new Promise((resolve) => setTimeout(resolve, readyMs - now())));
        }
        // After a refused message nothing more of this stream may reach the store: a later batch committed
        // past a refused one would move the device's last seq beyond findings never stored, and the agent,
        // told so at its next hello, would drop them.
        const accepted = intake.then(() => (closed || refusedIntake ? undefined : accept(message)));
        intake = accepted.then(
          () => {},
          () => {
            refusedIntake = true;
          },
        );
        replies = replies
          .then(async () => {
            const reply = await accepted;
            if (reply && !closed) await reply();
          })
          .catch(refuse)
          .finally(answered);
      });
      call.on('end', () => {
        void replies.then(() => {
          if (!closed) call.end();
          release();
        });
      });
      call.on('error', release);
      call.on('cancelled', release);
      call.on('close', release);
    },
  };
}
