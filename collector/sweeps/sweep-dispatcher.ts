// Pushes fleet-wide sweeps to agents and keeps their coverage.
//
// A sweep is created with a pending target per device (store, audited, one transaction). Then the connected
// targets are marked sent and sent the SweepCommand; a stream that dies before its agent answers leaves the
// target sent. An agent that (re)connects is sent its pending targets and the sent ones that went to an
// earlier stream, so an agent offline at the time runs the sweep it missed. A sweep older than
// SWEEP_MAX_AGE_MS is not sent any more: its open targets fail with error "expired", which also lets the
// sweep complete. Resending means an agent may, rarely, run one sweep twice; its second answer replaces the
// first, so coverage stays right.
//
// Several collectors (coordination port): each sends only to the streams it holds. The collector that
// creates a sweep sends it to its own streams and publishes 'sweeps' (and `sweep:<id>` for the console);
// every collector, on 'sweeps' or 'resync', sends the open sweeps created elsewhere to its own connected
// targets still pending (dispatchOpenSweeps): per sweep and collector one markSweepSent for all the streams
// it holds, not one delivery and one transaction per device, which is what lets it scale to 100,000 devices.
// markSweepSent moves only pending targets, so two collectors, or a pass racing a hello, never send one
// target twice over; a device that connects later claims what it missed at its hello, as before.
import type { SweepResult__Output } from '../../proto/generated/shoumi/v1/SweepResult';
import type { AgentConnections, AgentStream } from '../agent-connections';
import type { AgentEvents } from '../agent-events';
import type { ClusterNotices } from '../coordination/coordination';
import type { Logger } from '../logger';
import type { AuditContext, Store, SweepAnswer, SweepRecord } from '../store/store';
import { newSweepId } from './sweep-ids';

/** A week: a computer away longer than that is better swept by its own next schedule than by a stale one. */
export const SWEEP_MAX_AGE_MS = 7 * 24 * 60 * 60 * 1000;
const MAX_ERROR_CHARS = 500;
/**
 * Sweeps a pass looks at, newest first. A stream that connected before a sweep was created is sent it by
 * the next pass; one that connects later claims it at its hello. So only sweeps created since the last pass
 * matter, and a hundred is far more than are ever created between two notices.
 */
export const OPEN_SWEEPS_PER_PASS = 100;

export interface SweepRequest {
  ruleIds: string[];
  /** "" for a manual sweep. */
  scheduleId: string;
  /** Who asked: the admin, or "schedule:<id>" for a scheduled fire. */
  audit: AuditContext;
}

export interface SweepDispatcher {
  /** Creates the sweep (audited) and pushes it to every connected target. */
  start(request: SweepRequest): Promise<SweepRecord>;
  /**
   * Sends the open sweeps created by other collectors to the pending targets whose streams this collector
   * holds ('sweeps' or 'resync' notice). Passes run one at a time; asked during one, one more follows it.
   */
  dispatchOpenSweeps(): Promise<void>;
  /** Sends the device, whose stream this collector holds, its pending sweeps (a 'sweeps' delivery). */
  dispatchToDevice(deviceId: string): Promise<void>;
  /** Fails the open targets of sweeps older than SWEEP_MAX_AGE_MS. */
  expireOld(): Promise<number>;
  /** Hellos and sweep results. */
  readonly events: AgentEvents;
  /** Resolves once every answer received so far is stored. */
  drain(): Promise<void>;
}

export interface SweepDispatcherDeps {
  store: Store;
  /** The streams this collector holds. */
  connections: AgentConnections;
  /** Where a new sweep is announced to every collector; nobody else is told when absent. */
  notices?: Pick<ClusterNotices, 'publish'>;
  log: Logger;
  now?: () => number;
}

export function createSweepDispatcher(deps: SweepDispatcherDeps): SweepDispatcher {
  const now = deps.now ?? Date.now;
  const { store, log } = deps;

  // Answers are stored in batches: while one batch commits, the answers arriving meanwhile gather into the
  // next, so ten thousand agents answering together cost a few transactions, not ten thousand fsyncs.
  let queued: SweepAnswer[] = [];
  let storing: Promise<void> | null = null;
  const storeAnswer = (answer: SweepAnswer): Promise<void> => {
    queued.push(answer);
    storing ??= (async () => {
      while (queued.length > 0) {
        const batch = queued;
        queued = [];
        await store
          .recordSweepAnswers(batch)
          .catch((error: Error) =>
            log.error('cannot store sweep answers', { answers: batch.length, error: error.message }),
          );
      }
    })().finally(() => {
      storing = null;
    });
    return storing;
  };

  const sendTo = (stream: AgentStream | undefined, sweepId: string, ruleIds: string[]) => {
    stream?.send({ sweep: { sweepId, ruleIds } });
  };

  /** Open sweeps created here, all sent to this collector's streams at creation: a pass skips them. */
  const createdHere = new Set<string>();

  const dispatchOpenOnce = async () => {
    const atMs = now();
    const recent = await store.listSweeps({ limit: OPEN_SWEEPS_PER_PASS });
    const open = recent.filter(
      (sweep) => sweep.completedAtMs === 0 && sweep.createdAtMs >= atMs - SWEEP_MAX_AGE_MS,
    );
    // What is no longer open (or no longer looked at) needs no skipping any more.
    const stillOpen = new Set(open.map((sweep) => sweep.sweepId));
    for (const sweepId of createdHere) if (!stillOpen.has(sweepId)) createdHere.delete(sweepId);
    for (const sweep of open) {
      if (sweep.counts.pending === 0 || createdHere.has(sweep.sweepId)) continue;
      const held = deps.connections.all().map((stream) => stream.deviceId);
      if (held.length === 0) return;
      const sent = await store.markSweepSent(sweep.sweepId, held, now());
      for (const deviceId of sent) sendTo(deps.connections.get(deviceId), sweep.sweepId, sweep.ruleIds);
      if (sent.length > 0) {
        log.info('sweep sent to streams held here', { sweepId: sweep.sweepId, sent: sent.length });
      }
    }
  };
  let passing: Promise<void> | null = null;
  let passAgain = false;
  const dispatchOpenSweeps = (): Promise<void> => {
    if (passing) {
      passAgain = true;
      return passing;
    }
    passing = (async () => {
      do {
        passAgain = false;
        await dispatchOpenOnce().catch((error: Error) =>
          log.error('cannot send open sweeps to the streams held here', { error: error.message }),
        );
      } while (passAgain);
    })().finally(() => {
      passing = null;
    });
    return passing;
  };

  return {
    async start(request) {
      const sweepId = newSweepId(now());
      const sweep = await store.createSweep(
        { sweepId, scheduleId: request.scheduleId, ruleIds: request.ruleIds },
        request.audit,
        now(),
      );
      // Marked sent before the command goes out: an answer can then never arrive for a target still pending.
      const connected = deps.connections.all().map((stream) => stream.deviceId);
      const sent = await store.markSweepSent(sweepId, connected, now());
      for (const deviceId of sent) sendTo(deps.connections.get(deviceId), sweepId, request.ruleIds);
      createdHere.add(sweepId);
      // The other collectors send it to the streams they hold; the console's views of it re-read.
      deps.notices?.publish('sweeps');
      deps.notices?.publish(`sweep:${sweepId}`);
      log.info('sweep started', {
        sweepId,
        scheduleId: request.scheduleId,
        requestedBy: request.audit.actor,
        targets: sweep.counts.targets,
        sent: sent.length,
      });
      return {
        ...sweep,
        counts: { ...sweep.counts, pending: sweep.counts.pending - sent.length, sent: sent.length },
      };
    },

    dispatchOpenSweeps,

    async dispatchToDevice(deviceId) {
      const atMs = now();
      // Only pending targets: a sent one went to this very stream or was resent at its hello.
      const claimed = await store.claimSweepsForDevice(deviceId, {
        atMs,
        resendSentBeforeMs: 0,
        expireBeforeMs: atMs - SWEEP_MAX_AGE_MS,
      });
      for (const sweep of claimed) sendTo(deps.connections.get(deviceId), sweep.sweepId, sweep.ruleIds);
    },

    async expireOld() {
      const atMs = now();
      const expired = await store.expireSweeps(atMs - SWEEP_MAX_AGE_MS, atMs);
      if (expired > 0) log.info('sweep targets expired', { targets: expired });
      return expired;
    },

    events: {
      async onHello(deviceId, stream) {
        const atMs = now();
        const missed = await store.claimSweepsForDevice(deviceId, {
          atMs,
          // Sent before this hello: it went to an earlier stream of the device, which died unanswered.
          resendSentBeforeMs: atMs,
          expireBeforeMs: atMs - SWEEP_MAX_AGE_MS,
        });
        for (const sweep of missed) sendTo(stream, sweep.sweepId, sweep.ruleIds);
        if (missed.length > 0) {
          log.info('missed sweeps sent', { deviceId, sweepIds: missed.map((sweep) => sweep.sweepId) });
        }
      },

      async onSweepResult(deviceId, result: SweepResult__Output, atMs) {
        if (result.sweepId === '') return;
        await storeAnswer({
          sweepId: result.sweepId,
          deviceId,
          atMs,
          failedRules: result.failed,
          errorRules: result.errors,
          error: result.error.slice(0, MAX_ERROR_CHARS),
        });
      },
    },

    drain: async () => {
      while (storing || passing) await (storing ?? passing);
    },
  };
}
