// The silent-agent watch: a stopped agent is itself a compliance problem (rule agent-reports-regularly).
//
// Each tick reads the policy in force (a reload applies at the next tick), then asks the store two indexed
// questions: which devices that were flagged silent have been heard since (→ pass, or not_applicable once
// retired), and which devices are newly silent (→ fail). A device that says hello is passed at once.
// A hello racing a tick can leave a fail recorded just after the device spoke; the next tick's first
// question passes it again, so the finding is right within one interval.
//
// Which devices stand failed is also kept in memory (`flagged`), because every hello asks and almost every
// answer is "not this one": a reconnect storm would otherwise read the findings once per device. The set
// is read whole on the first tick and then changed only here, by the writes that change what it mirrors;
// this watch is the rule's only writer of fails. Until that first tick (and in a collector whose watch never ticks)
// a hello asks the store, as before. The set may hold a device that no longer fails (a retired device
// judged not_applicable, a write that failed): that costs one read, never a missed pass.
//
// Several collectors (coordination port): the ticks run only where the watch is led (watch(signal)), so
// one collector writes fails; hellos arrive everywhere, and a pass written by another collector only
// leaves a device in the leader's set (one read too many). The set lives only while this collector leads:
// it is dropped when the lead is lost, because another leader may flag devices meanwhile, and read whole
// again when the lead comes back. Leadership lost mid-tick stops the tick before its next write.

import { pauseUnlessAborted } from '../coordination/pause-unless-aborted';
import type { Logger } from '../logger';
import type { PolicySource } from '../policy-source';
import type { Store } from '../store/store';
import {
  checkIntervalMs,
  reportingFinding,
  SILENCE_RULE_ID,
  silenceCutoffMs,
  silenceRule,
  silentFinding,
} from './silence-judgement';

/** Devices judged per store call: bounds one transaction, and the loop goes on until a short page. */
const PAGE = 1000;
/** When the policy leaves the rule out, look again this often (it may come back with a reload). */
const IDLE_INTERVAL_MS = 60_000;
/** The whole set of devices the rule fails, read once (devices heard since time 0: all of them). */
const EVERY_FLAGGED = Number.MAX_SAFE_INTEGER;

export interface SilenceWatch {
  /**
   * Ticks until `signal` aborts (the lead was lost, or the collector stops), then resolves once the tick
   * running has stopped. Silence before `listeningSinceMs` (no collector was listening) is not held against
   * agents.
   */
  watch(signal: AbortSignal, listeningSinceMs: number): Promise<void>;
  /** The device spoke: pass a standing fail at once. */
  onHello(deviceId: string): Promise<void>;
  /** Judges now (tests, and the timer); stops before its next write once `signal` aborts. */
  tick(signal?: AbortSignal): Promise<void>;
  stop(): Promise<void>;
}

/** Thrown inside a tick whose leadership was lost: what it had not written yet is left to the next leader. */
class LeadershipLost extends Error {}
const NEVER_ABORTED = new AbortController().signal;

export function createSilenceWatch(deps: {
  store: Store;
  policy: PolicySource;
  log: Logger;
  now?: () => number;
}): SilenceWatch {
  const now = deps.now ?? Date.now;
  const { store, log } = deps;
  let listeningSinceMs = now();
  let stopped = false;
  let ticking: Promise<void> = Promise.resolve();
  /** Devices whose silence finding may stand failed; null until read (then every hello asks the store). */
  let flagged: Set<string> | null = null;

  const judge = async (signal: AbortSignal) => {
    const beforeWrite = () => {
      if (signal.aborted) throw new LeadershipLost();
    };
    const judged = silenceRule(deps.policy.current().policy);
    if (!judged) return IDLE_INTERVAL_MS;
    const { rule, maxSilenceSeconds } = judged;
    const atMs = now();
    if (flagged === null) {
      // Read before this tick writes anything; a hello passing a device meanwhile leaves it in, harmlessly.
      const failing = await store.revivedSilentDevices(rule.id, 0, EVERY_FLAGGED);
      flagged = new Set(failing.map((device) => device.deviceId));
    }
    const known = flagged;
    for (;;) {
      const revived = await store.revivedSilentDevices(rule.id, atMs - maxSilenceSeconds * 1000, PAGE);
      if (revived.length === 0) break;
      beforeWrite();
      await store.recordCollectorFindings(
        revived.map((device) => reportingFinding(rule, device, maxSilenceSeconds, atMs)),
        atMs,
      );
      for (const device of revived) known.delete(device.deviceId);
      if (revived.length < PAGE) break;
    }
    const cutoff = silenceCutoffMs(atMs, maxSilenceSeconds, listeningSinceMs);
    if (cutoff !== null) {
      for (;;) {
        const silent = await store.newlySilentDevices(rule.id, cutoff, PAGE);
        if (silent.length === 0) break;
        // Before the write: should it fail halfway, the set still holds every device that may be failing.
        for (const device of silent) known.add(device.deviceId);
        beforeWrite();
        await store.recordCollectorFindings(
          silent.map((device) => silentFinding(rule, device, maxSilenceSeconds, atMs)),
          atMs,
        );
        log.warn('silent agents flagged', {
          devices: silent.length,
          maxSilenceSeconds,
          sample: silent.slice(0, 5).map((device) => device.deviceId),
        });
        if (silent.length < PAGE) break;
      }
    }
    return checkIntervalMs(maxSilenceSeconds);
  };

  /** Judges once; resolves with when to judge next. */
  const judgeOnce = (signal: AbortSignal): Promise<number> => {
    const judged = ticking.then(async () => {
      if (stopped || signal.aborted) return IDLE_INTERVAL_MS;
      try {
        return await judge(signal);
      } catch (error) {
        if (!(error instanceof LeadershipLost))
          log.error('silent-agent watch failed', { error: (error as Error).message });
        return IDLE_INTERVAL_MS;
      }
    });
    ticking = judged.then(() => undefined);
    return judged;
  };

  const tick = async (signal: AbortSignal = NEVER_ABORTED) => {
    await judgeOnce(signal);
  };

  return {
    async watch(signal, since) {
      listeningSinceMs = since;
      // Read whole at this lead's first tick: what another leader flagged meanwhile is in the store only.
      flagged = null;
      try {
        while (!signal.aborted && !stopped) await pauseUnlessAborted(await judgeOnce(signal), signal);
      } finally {
        flagged = null;
      }
    },
    async onHello(deviceId) {
      const judged = silenceRule(deps.policy.current().policy);
      if (!judged) return;
      if (flagged !== null && !flagged.has(deviceId)) return;
      const page = await store.listFindings({ deviceId, ruleId: SILENCE_RULE_ID, limit: 10 });
      const current = page.findings.find((finding) => finding.subject === '');
      if (current?.status !== 'fail') return;
      const atMs = now();
      await store.recordCollectorFindings(
        [
          reportingFinding(
            judged.rule,
            { deviceId, lastSeenMs: atMs, retired: false },
            judged.maxSilenceSeconds,
            atMs,
          ),
        ],
        atMs,
      );
      flagged?.delete(deviceId);
      log.info('silent agent reports again', { deviceId });
    },
    tick,
    async stop() {
      stopped = true;
      await ticking;
    },
  };
}
