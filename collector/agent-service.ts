// The agent service: one bidirectional stream per workstation.
//
// Order on a stream: the agent's first message must be Hello; the collector answers with an Ack carrying the
// highest sequence number it has stored or refused for the device (the agent drops those and resends the
// rest), then the policy bundle. Finding batches are validated finding by finding, handed to the store's
// group commit, and acknowledged in arrival order only after they are durable.
//
// Delivery has three outcomes per finding: stored, refused, or (the stream broke before the ack) sent again.
// A finding that breaks a limit or a rule of the contract (findingFromWire: limits, clause, status,
// severity, observed time, evidence JSON) is refused alone and for good (finding-refusal.ts): the batch's
// other findings are stored, the refusal is recorded in the same transaction, the device's last seq moves
// past it, and the batch's Ack lists it in `refused` with the reason. So nothing an agent sends can hold up
// what it sends after (a refused batch used to be refused whole, and the agent sent it again for ever).
// Since issue 13 a finding is also refused alone when its rule is not one agents judge in the policy held
// now or its clause is not that rule's (agent-judged-rules.ts), when a text field carries a control, bidi or
// zero-width character (proto/agent-text-guard.ts), and when its seq is absurdly far ahead (MAX_SEQ_AHEAD;
// that refusal alone is not recorded and does not move the last seq). A hello whose text breaks the same
// rules ends the stream (hello-from-wire.ts). docs/AGENT-DOOR.md says why each.
// What is not about one finding still ends the stream with INVALID_ARGUMENT or FAILED_PRECONDITION naming
// it, storing nothing of that message: no hello first, an empty batch, more than findingsPerBatch, a seq
// that is not a positive safe integer, an unknown message body.
//
// Acks. A batch's Ack covers up to the highest seq of that batch, not the device's last seq: a later batch
// of this stream committed in the same group may already have moved that past refusals this Ack does not
// list. The hello's Ack covers the device's last seq; when the agent's last_acked_seq is below it (an ack
// was lost), it lists again every stored refusal in between, so that the agent never drops a refused record
// as delivered. Only then is the refusal table read: the usual reconnect costs no statement more. More than
// REFUSALS_PER_HELLO such refusals (a badly broken agent) are told in part: the hello's Ack then covers only
// up to the first refusal not listed, and the agent sends the rest again, to be refused and listed again.
import * as grpc from '@grpc/grpc-js';
import type { Finding, LedgerSlice, Policy } from '../policies/model';
import { FINDING_LIMITS, findingFromWire, ledgerSliceToWire } from '../proto/convert';
import type { Ack } from '../proto/generated/shoumi/v1/Ack';
import type { AgentMessage__Output } from '../proto/generated/shoumi/v1/AgentMessage';
import type { AgentServiceHandlers } from '../proto/generated/shoumi/v1/AgentService';
import type { CollectorMessage } from '../proto/generated/shoumi/v1/CollectorMessage';
import type { AgentConnections, AgentStream } from './agent-connections';
import type { AgentEvents } from './agent-events';
import { agentRuleProblem } from './agent-judged-rules';
import { renewHandler } from './agent-renewal';
import { countedLog } from './counted-log';
import { refusalOf } from './finding-refusal';
import { helloFromWire } from './hello-from-wire';
import { type IntakeBudget, intakeBudget } from './intake-budget';
import type { Logger } from './logger';
import { actorOf, type PeerAuthenticator } from './peer-auth';
import type { CertificateAuthority } from './pki/pki-files';
import { bundleVersion, type LoadedPolicy, type PolicySource } from './policy-source';
import { pacer, type RateLimit, type RateLimiter, rateLimiter } from './rate-limit';
import type { FindingRefusal, Store } from './store/store';

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
  /** The collectors' agent addresses a Renew answer carries (serve --advertise-agent-addresses). */
  advertisedAgentAddresses?: readonly string[];
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

/**
 * Refusals told again to one hello at most (a few hundred KB of Ack). Far above what a working agent can be
 * behind by; past it the hello's Ack covers less and the agent resends the rest (header, "Acks").
 */
export const REFUSALS_PER_HELLO = 2000;

/**
 * How far ahead of the highest seq the device has used a finding's seq may be: 2^32. An agent numbers its
 * records one by one (one that lost its outbox numbers on from the collector's last seq), so no honest agent
 * is ever four billion ahead; a seq such as 2^53-1 is a broken or hostile agent, and taking it would use up
 * the device's sequence space (every later seq must be above it). Such a finding is refused alone, and unlike
 * other refusals it is not recorded and does not move the device's last seq: that is the point. It is listed
 * in the batch's Ack and logged; its Ack does not cover it, so a broken agent sends it again, to be refused
 * again, and the device's numbering is never moved by it.
 */
export const MAX_SEQ_AHEAD = 2 ** 32;

interface CheckedBatch {
  findings: Finding[];
  /** Refused for good: recorded in the store, the device's last seq moves past them. */
  refused: FindingRefusal[];
  /** Refused and not recorded (a seq absurdly far ahead, MAX_SEQ_AHEAD): told in the Ack only. */
  refusedUnrecorded: FindingRefusal[];
  /** Highest seq in the batch, of those recorded either way: what its Ack covers. */
  highestSeq: number;
}

/**
 * Checks each finding of a batch: the wire contract (findingFromWire), the rule and clause against the policy
 * held now (agent-judged-rules.ts), the seq against `seqBase`, the highest seq the device has used so far.
 */
function checkBatch(
  findings: AgentMessage__Output['findings'],
  policy: Policy,
  seqBase: number,
): CheckedBatch {
  const wire = findings?.findings ?? [];
  if (wire.length === 0)
    throw new StreamRefusal(grpc.status.INVALID_ARGUMENT, 'findings: the batch is empty');
  if (wire.length > FINDING_LIMITS.findingsPerBatch) {
    throw new StreamRefusal(
      grpc.status.INVALID_ARGUMENT,
      `findings: at most ${FINDING_LIMITS.findingsPerBatch} findings per batch, got ${wire.length}`,
    );
  }
  const checked: CheckedBatch = { findings: [], refused: [], refusedUnrecorded: [], highestSeq: 0 };
  for (const [index, finding] of wire.entries()) {
    const where = `findings[${index}]`;
    // Without a seq there is nothing to refuse or pass over: the whole message is refused instead.
    if (!Number.isSafeInteger(finding.seq) || finding.seq < 1)
      throw new StreamRefusal(
        grpc.status.INVALID_ARGUMENT,
        `${where}.seq: expected an integer >= 1, got ${finding.seq}`,
      );
    if (finding.seq > seqBase + MAX_SEQ_AHEAD) {
      checked.refusedUnrecorded.push(
        refusalOf(
          finding,
          where,
          `${where}.seq: ${finding.seq} is more than ${MAX_SEQ_AHEAD} ahead of the highest seq this device used (${seqBase})`,
        ),
      );
      continue;
    }
    checked.highestSeq = Math.max(checked.highestSeq, finding.seq);
    const result = findingFromWire(finding, where);
    if (!result.ok) {
      checked.refused.push(refusalOf(finding, where, result.problem));
      continue;
    }
    const outsidePolicy = agentRuleProblem(policy, result.value);
    if (outsidePolicy === null) checked.findings.push(result.value);
    else
      checked.refused.push(
        refusalOf(finding, where, `${where}.${outsidePolicy.field}: ${outsidePolicy.expected}`),
      );
  }
  return checked;
}

/**
 * What the hello's Ack says: the device's last seq, and the refusals the agent may not have heard of
 * (header, "Acks"). Reads nothing when the agent is not behind, or is behind because it lost its outbox
 * (it numbered fewer than we hold: it renumbers above our last seq and the refusals name none of its records).
 */
async function helloAck(
  store: Store,
  deviceId: string,
  lastSeq: number,
  agent: { lastAckedSeq: number; lastAssignedSeq: number },
): Promise<Ack> {
  if (agent.lastAckedSeq >= lastSeq || agent.lastAssignedSeq < lastSeq) return { upToSeq: lastSeq };
  const listed = await store.listRefusals({
    deviceId,
    afterSeq: agent.lastAckedSeq,
    upToSeq: lastSeq,
    limit: REFUSALS_PER_HELLO + 1,
  });
  const unlisted = listed[REFUSALS_PER_HELLO];
  const told = listed.slice(0, REFUSALS_PER_HELLO).map(({ seq, reason }) => ({ seq, reason }));
  return { upToSeq: unlisted ? unlisted.seq - 1 : lastSeq, refused: told };
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

export function connectionLog(log: Logger, now: () => number) {
  return countedLog<{ deviceId: string; peer: string; lastSeq: number }>({
    now,
    linesPerMinute: CONNECT_LINES_PER_MINUTE,
    line: (fields) => log.info('agent connected', fields),
    summary: ({ total, notLoggedSingly }) =>
      log.info('agents connected in the last minute', { connected: total, notLoggedSingly }),
  });
}

/**
 * Refused findings, logged the same way: a broken agent release makes every workstation send one, and the
 * store keeps each anyway (listRefusals); the log is for noticing, not for counting.
 */
export const REFUSAL_LINES_PER_MINUTE = 20;

export function findingRefusalLog(log: Logger, now: () => number) {
  return countedLog<{ deviceId: string } & FindingRefusal>({
    now,
    linesPerMinute: REFUSAL_LINES_PER_MINUTE,
    line: (fields) => log.warn('finding refused', { ...fields }),
    summary: ({ total, notLoggedSingly }) =>
      log.warn('findings refused in the last minute', { refused: total, notLoggedSingly }),
  });
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
  const logRefused = findingRefusalLog(deps.log, now);
  return {
    Renew: renewHandler({
      store: deps.store,
      authority: deps.authority,
      authenticator: deps.authenticator,
      log: deps.log,
      agentCertificateValidityMs: deps.agentCertificateValidityMs,
      advertisedAgentAddresses: deps.advertisedAgentAddresses,
      now,
    }),
    Connect(call) {
      const peer = call.getPeer();
      let deviceId: string | undefined;
      /** Highest seq the device has used: its last seq at the hello, then each batch's (MAX_SEQ_AHEAD). */
      let seqBase = 0;
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
          const checkedHello = helloFromWire(message.hello, id);
          if (!checkedHello.ok) throw new StreamRefusal(grpc.status.INVALID_ARGUMENT, checkedHello.problem);
          const hello = checkedHello.value;
          if (message.hello.deviceId !== id) await recordForeignClaim(deps, id, message.hello.deviceId, peer);
          const device = await deps.store.recordHello(hello, received);
          seqBase = device.lastSeq;
          const ack = await helloAck(deps.store, id, device.lastSeq, message.hello);
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
            send({ ack });
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
            const batch = checkBatch(message.findings, deps.policy.current().policy, seqBase);
            // Batches are checked before earlier ones are committed: the base moves with what was taken.
            seqBase = Math.max(seqBase, batch.highestSeq);
            const committed = deps.store.recordFindings(
              deviceId,
              batch.findings,
              received,
              batch.refused.length > 0 ? batch.refused : undefined,
            );
            // Handled by the replies chain; this keeps an early failure from counting as unhandled meanwhile.
            committed.catch(() => {});
            const id = deviceId;
            return async () => {
              const result = await committed;
              const refused = [...(result.refused ?? []), ...batch.refusedUnrecorded].sort(
                (a, b) => a.seq - b.seq,
              );
              for (const refusal of refused) logRefused({ deviceId: id, ...refusal });
              send({
                ack: {
                  upToSeq: Math.min(result.lastSeq, batch.highestSeq),
                  ...(refused.length > 0
                    ? { refused: refused.map(({ seq, reason }) => ({ seq, reason })) }
                    : {}),
                },
              });
              if (batch.findings.length > 0)
                void deps.events?.onFindingsStored?.(id, batch.findings, received);
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
