// `shoumi-agent run`: the service. Start-up order: credentials (the stored certificate, or enrol first with
// the install-time token; the device id is the one in the certificate) → the collectors to link to (those
// given, then those the enrolment answer advertised: link-addresses.ts) → outbox (recovers what a crash
// left) → the policy in force (kept bundle or baseline) → the link to the collector (mTLS) → certificate
// renewal → the first sweep → the schedule → the watchers (USB hot-plug, network changes, radios; events
// before the first sweep add nothing it will not read).
// Shutdown: stop the watchers → stop the schedule → wait for the running sweeps (at most two) to reach the
// outbox (waiting sweeps are dropped) → stop renewal → stop the link → close the outbox. Findings are durable in the outbox before anything
// is sent, so a kill at any point loses nothing that a sweep had written.
//
// Events: a watcher publishes "USB changed", "network changed" or "radio changed" (agent/events/); the
// runtime sweeps the rules whose checks need that area's facts, ahead of routine sweeps
// (events/sweep-queue.ts), and logs how long the findings took to be acknowledged (events/hotplug-latency.ts).
import os from 'node:os';
import path from 'node:path';
import type { PolicyBundle__Output } from '../proto/generated/shoumi/v1/PolicyBundle';
import type { SweepCommand__Output } from '../proto/generated/shoumi/v1/SweepCommand';
import { type ActivePolicy, activeFromBundle, keepBundle, loadActivePolicy } from './active-policy';
import type { AgentLog } from './agent-log';
import { agentVersion } from './agent-version';
import { collectorEndpoints } from './collector-endpoints';
import { readAdvertisedCollectors } from './enrolment/advertised-collectors';
import { type AgentCredentials, channelCredentials } from './enrolment/agent-credentials';
import { type EnrolmentSettings, enrolmentAddresses, ensureEnrolled } from './enrolment/ensure-enrolled';
import { startRenewal } from './enrolment/renewal';
import { affectedRuleIds } from './events/affected-rules';
import { hotplugLatency } from './events/hotplug-latency';
import { startNetworkWatch } from './events/network-watch';
import { startRadioWatch } from './events/radio-watch';
import { createReadingOrder } from './events/reading-order';
import { createSweepQueue, type SweepRequest } from './events/sweep-queue';
import { startUsbWatch } from './events/usb-watch';
import type { RadioWatcher, WatchEvent, Watcher } from './events/watch-event';
import type { FactName } from './facts';
import { describeDeviceIdSource, resolveDeviceId } from './identity/device-id';
import { readHardwareIdentity } from './identity/hardware-identity';
import { type Link, startLink } from './link/link';
import { settleRefusals } from './link/settle-refusals';
import { linkAddresses } from './link-addresses';
import { openOutbox } from './outbox/outbox';
import { outboxRefusalLog } from './outbox/refusal-log';
import { openRefusedRecords } from './outbox/refused-records';
import { machineRoot } from './probes/machine-root';
import { openReportedState, selectChanges } from './reported-state';
import { startStatusFile } from './service/status-file';
import { runSweep, type SweepOutcome } from './sweep';

/** What a sweep's READ hands its COMMIT: the outcome, or why there is none. */
type SweepReading =
  | { ok: true; outcome: SweepOutcome }
  /** stopped: the agent was stopping before the read began; nothing to report. */
  | { ok: false; message: string; stopped: boolean };

export interface AgentRuntimeOptions {
  root: string;
  dataDir: string;
  /**
   * host:port of the collector's agent port (mTLS), or several in the order to try them (--collector). The
   * addresses the enrolment answer advertised are added after these; with none given, they alone are used.
   */
  collector?: string | readonly string[];
  /** Where and how to enrol when DATA/tls holds no certificate yet. */
  enrolment: EnrolmentSettings;
  /** The device id to ask for at enrolment (tests, load generators); the certificate's id is used after. */
  deviceId?: string;
  /** Scheduled sweep interval. */
  intervalMs: number;
  /** Send every finding of every sweep, not only changes (audits that want the whole record each time). */
  reportUnchanged: boolean;
  heartbeatMs?: number;
  /** Sweep the affected rules at once on USB hot-plug, network and radio changes (default true). */
  events?: boolean;
  /** The outbox's bound on unacked findings (outbox.ts, "When full"); default 64 MiB. */
  outboxMaxBytes?: number;
  /** Test seam: awaited after each probe of a sweep has read (sweep.ts afterProbeRead). Absent in service. */
  afterProbeRead?: (fact: FactName, request: SweepRequest) => Promise<void>;
  log: AgentLog;
}

export interface AgentRuntime {
  deviceId: string;
  /** Runs one sweep now (queued with the schedule); resolves when its findings are in the outbox. */
  sweepNow(sweepId?: string): Promise<void>;
  stop(): Promise<void>;
}

export async function startAgent(options: AgentRuntimeOptions): Promise<AgentRuntime> {
  const { log } = options;
  const root = machineRoot(options.root);
  const hardware = await readHardwareIdentity(options.root);
  let credentials: AgentCredentials = await ensureEnrolled({
    dataDir: options.dataDir,
    enrolment: options.enrolment,
    requestedDeviceId: () => resolveDeviceId(options.dataDir, hardware, options.deviceId),
    log,
    waitForCollector: true,
  });
  const { deviceId } = credentials;
  const collectors = await collectorsToLink(options);
  const deviceIdSource = describeDeviceIdSource(deviceId, hardware, options.dataDir, log);
  if (options.deviceId && options.deviceId !== deviceId) {
    log.warn('--device-id is only asked for at enrolment; using the id in the certificate', {
      deviceId,
      requested: options.deviceId,
    });
  }
  const outbox = await openOutbox(path.join(options.dataDir, 'outbox'), { maxBytes: options.outboxMaxBytes });
  if (!outbox.recovery.clean) {
    log.warn('outbox recovered from damage; lost records are reported as findings', {
      recovery: outbox.recovery,
    });
  }
  const refusedRecords = await openRefusedRecords(path.join(options.dataDir, 'outbox'));
  const reported = await openReportedState(options.dataDir);
  let active: ActivePolicy = await loadActivePolicy(options.dataDir);
  log.info('agent starting', {
    deviceId,
    hostname: hardware.hostname,
    collectors,
    certificateSerial: credentials.serial,
    certificateNotAfter: new Date(credentials.notAfterMs).toISOString(),
    policy: active.version,
    outboxDepth: outbox.depth,
    lastAssignedSeq: outbox.lastAssignedSeq,
  });

  // Sockets to these are the agent's own link, never a violation (checks/network-egress.ts). Sweeps wait for
  // the first resolution (the last run's link may still be in TIME_WAIT); nothing else does.
  const ownEndpoints = collectorEndpoints([...collectors, ...enrolmentAddresses(options.enrolment)], { log });
  const firstResolution = ownEndpoints.refresh();

  const latency = hotplugLatency(log);
  // A full disk refuses every sweep alike: logged at once, then at most once a minute (outbox/refusal-log.ts).
  const refusals = outboxRefusalLog(log);
  let stopped = false;
  // DATA/status.json for `shoumi-agent status` (service/status-file.ts): on each change and heartbeat tick.
  const status = startStatusFile(
    options.dataDir,
    {
      deviceId,
      agentVersion: agentVersion(),
      link: 'connecting',
      outboxDepth: outbox.depth,
      policyVersion: active.version,
    },
    log,
  );
  const statusTick = setInterval(
    () => status.update({ outboxDepth: outbox.depth }),
    options.heartbeatMs ?? 30_000,
  );
  statusTick.unref();

  const readingOrder = createReadingOrder();
  // A commanded sweep answers even when it fails, so the collector counts it failed instead of waiting.
  const sweepFailed = (sweepId: string, message: string) => {
    log.error('sweep failed', { sweepId, error: message });
    status.update({ lastSweepAt: new Date().toISOString(), lastSweepError: message.slice(0, 500) });
    if (!sweepId) return;
    const now = Date.now();
    link.sendSweepResult({
      sweepId,
      startedAtMs: now,
      finishedAtMs: now,
      rulesEvaluated: 0,
      failed: 0,
      errors: 0,
      firstSeq: 0,
      lastSeq: 0,
      error: message.slice(0, 1000),
    });
  };

  // Started with the other watchers below; a sweep's read of the radios is told to it (radio-watch-poll.ts).
  let radioWatch: RadioWatcher | null = null;
  // READ: probes and checks; an immediate sweep's read may run beside another sweep's (events/sweep-queue.ts).
  const readOne = async (request: SweepRequest): Promise<SweepReading> => {
    if (stopped) return { ok: false, message: '', stopped: true };
    const { sweepId, onlyRuleIds } = request;
    const hold = options.afterProbeRead;
    try {
      await firstResolution;
      const outcome = await runSweep(root, active, {
        sweepId,
        onlyRuleIds,
        collectorEndpoints: ownEndpoints.current(),
        afterProbeRead: hold && ((fact) => hold(fact, request)),
        bracketProbeRead: (fact) => (fact === 'radios' ? radioWatch?.bracketRead() : undefined),
      });
      return { ok: true, outcome };
    } catch (error) {
      return { ok: false, message: (error as Error).message, stopped: false };
    }
  };

  // COMMIT: one at a time, in the order the reads finished. A rule that a reading which started later has
  // already committed keeps that newer result (events/reading-order.ts): this reading's findings for it are
  // left out of what is sent, of the reported state and of a commanded sweep's counts.
  const commitOne = async ({ sweepId, trigger }: SweepRequest, reading: SweepReading, number: number) => {
    if (!reading.ok) {
      if (!reading.stopped) sweepFailed(sweepId, reading.message);
      return;
    }
    try {
      const { outcome } = reading;
      const kept = readingOrder.keepNewer(number, outcome);
      if (kept.droppedRuleIds.length > 0) {
        log.info('sweep left out rules a newer reading already reported', {
          sweepId,
          ruleIds: kept.droppedRuleIds,
        });
      }
      const selection = selectChanges(reported.entries, kept.findings, {
        evaluatedRuleIds: kept.evaluatedRuleIds,
        sendAll: options.reportUnchanged || sweepId !== '',
        nowMs: outcome.finishedAtMs,
        sweepId,
      });
      const appended =
        selection.toSend.length > 0
          ? await outbox.append(selection.toSend)
          : { ok: true as const, findings: [] };
      if (!appended.ok) {
        refusals.refused(appended);
        return;
      }
      if (appended.findings.length > 0) refusals.accepted();
      await reported.commit(selection.next);
      readingOrder.committed(number, kept.evaluatedRuleIds);
      status.update({
        lastSweepAt: new Date(outcome.finishedAtMs).toISOString(),
        lastSweepError: undefined,
        outboxDepth: outbox.depth,
      });
      const firstSeq = appended.findings[0]?.seq ?? 0;
      const lastSeq = appended.findings.at(-1)?.seq ?? 0;
      if (trigger && lastSeq > 0) {
        latency.appended({
          trigger,
          sweptAtMs: outcome.finishedAtMs,
          appendedAtMs: Date.now(),
          ruleIds: [...new Set(appended.findings.map((finding) => finding.ruleId))],
          firstSeq,
          lastSeq,
        });
      }
      if (sweepId) {
        link.sendSweepResult({
          sweepId,
          startedAtMs: outcome.startedAtMs,
          finishedAtMs: outcome.finishedAtMs,
          rulesEvaluated: kept.evaluatedRuleIds.size,
          failed: kept.findings.filter((finding) => finding.status === 'fail').length,
          errors: kept.findings.filter((finding) => finding.status === 'error').length,
          firstSeq,
          lastSeq,
          error: '',
        });
      }
    } catch (error) {
      sweepFailed(sweepId, (error as Error).message);
    }
  };
  // Sweep commits, and the report of a refused record (link/settle-refusals.ts), one at a time: each
  // appends to the outbox and writes the reported state, and neither may write over the other's state.
  let committing: Promise<unknown> = Promise.resolve();
  const exclusive = <T>(work: () => Promise<T>): Promise<T> => {
    const result = committing.then(work);
    committing = result.catch(() => {});
    return result;
  };
  // Event sweeps go first (an immediate one even beside a running sweep), and a routine sweep asked for
  // twice while waiting runs once.
  const queue = createSweepQueue({
    read: readOne,
    commit: (request, reading, number) => exclusive(() => commitOne(request, reading, number)),
  });
  const sweep = (sweepId = '', onlyRuleIds?: readonly string[]) => queue.request({ sweepId, onlyRuleIds });

  const onWatchEvent = (event: WatchEvent) => {
    const ruleIds = affectedRuleIds(event.area, active.policy, undefined, event.phase);
    if (ruleIds.length === 0) return;
    void queue.request({
      sweepId: '',
      onlyRuleIds: ruleIds,
      trigger: { area: event.area, phase: event.phase, eventAtMs: event.firstAtMs, detail: event.detail },
    });
  };

  const onPolicy = (bundle: PolicyBundle__Output) => {
    if (bundle.version === active.version) return;
    const outcome = activeFromBundle(bundle);
    if (!outcome.ok) {
      log.error('policy bundle refused; keeping the one in force', {
        version: bundle.version,
        problems: outcome.message,
      });
      return;
    }
    // A bundle that changes nothing the checks judge by (the collector's first bundle for an agent that
    // started on the same baseline, say) needs no sweep: the findings would be the same.
    const changed = !judgesAlike(active, outcome.active);
    active = outcome.active;
    log.info('policy bundle applied', { version: active.version, rulesOrLedgerChanged: changed });
    status.update({ policyVersion: active.version });
    keepBundle(options.dataDir, bundle).catch((error: Error) =>
      log.warn('cannot keep the policy bundle', { error: error.message }),
    );
    if (changed) void sweep();
  };

  const onSweep = (command: SweepCommand__Output) => {
    log.info('sweep commanded', { sweepId: command.sweepId });
    void sweep(command.sweepId, command.ruleIds.length > 0 ? command.ruleIds : undefined);
  };

  const link: Link = startLink({
    collector: collectors,
    deviceId,
    agentVersion: agentVersion(),
    hardware: { ...hardware, hostname: hardware.hostname || os.hostname(), deviceIdSource },
    outbox,
    policyVersion: () => active.version,
    onPolicy,
    onSweep,
    heartbeatMs: options.heartbeatMs,
    onStateChange: (state, detail, collector) => {
      log.info(`link ${state}`, detail ? { collector, detail } : { collector });
      if (state === 'connected') void ownEndpoints.refresh();
      status.update({
        link: state,
        linkDetail: detail,
        ...(state === 'connected' ? { lastConnectedAt: new Date().toISOString() } : {}),
      });
    },
    onAcked: (upToSeq) => {
      latency.acked(upToSeq, Date.now());
      status.update({
        lastAckAt: new Date().toISOString(),
        lastAckedSeq: upToSeq,
        outboxDepth: outbox.depth,
      });
    },
    settleRefused: settleRefusals({
      outbox,
      kept: refusedRecords,
      markUnreported: (keys) => reported.markUnreported(keys),
      exclusive,
      log,
    }),
    log,
    credentials: channelCredentials(credentials),
  });
  const renewal = startRenewal({
    dataDir: options.dataDir,
    current: () => credentials,
    renew: (csrPem) => link.renew(csrPem),
    onRenewed: async (renewed) => {
      credentials = renewed;
      await link.restart(channelCredentials(renewed));
    },
    log,
  });

  void sweep();
  const timer = setInterval(() => void sweep(), options.intervalMs);
  const watchers: Watcher[] = [];
  if (options.events !== false) {
    watchers.push(startUsbWatch({ root, onEvent: onWatchEvent, log }));
    watchers.push(startNetworkWatch({ root, onEvent: onWatchEvent, log }));
    radioWatch = startRadioWatch({ root, onEvent: onWatchEvent, log });
    watchers.push(radioWatch);
  }

  return {
    deviceId,
    sweepNow: (sweepId) => sweep(sweepId),
    async stop() {
      for (const watcher of watchers) watcher.stop();
      stopped = true;
      clearInterval(timer);
      await queue.stop();
      renewal.stop();
      await link.stop();
      clearInterval(statusTick);
      status.update({ link: 'stopped', linkDetail: undefined, outboxDepth: outbox.depth });
      await status.close();
      await outbox.close();
      log.info('agent stopped', { deviceId });
    },
  };
}

/** The given addresses, then those the last enrolment advertised; throws when there are none at all. */
async function collectorsToLink(options: AgentRuntimeOptions): Promise<string[]> {
  const given = options.collector === undefined ? [] : [options.collector].flat();
  const advertised = await readAdvertisedCollectors(options.dataDir);
  if (!advertised.ok) {
    options.log.warn('the collector addresses kept from enrolment cannot be used', {
      problem: advertised.problem,
    });
  }
  const addresses = linkAddresses(given, advertised.ok ? advertised.addresses : []);
  if (addresses.length === 0) {
    throw new Error(
      `no collector to link to: give --collector HOST:PORT (several: HOST:PORT,HOST:PORT)${advertised.ok ? '; the enrolment answer advertised none' : `; ${advertised.problem}`}`,
    );
  }
  return addresses;
}

/** Same rules with the same parameters and the same ledger slice: every check would judge alike. */
function judgesAlike(a: ActivePolicy, b: ActivePolicy): boolean {
  return (
    sortedJson(a.policy.rules) === sortedJson(b.policy.rules) && sortedJson(a.ledger) === sortedJson(b.ledger)
  );
}

/** JSON with object keys sorted, so that two equal values decoded along different paths compare equal. */
function sortedJson(value: unknown): string {
  return JSON.stringify(value, (_key, inner: unknown) =>
    inner && typeof inner === 'object' && !Array.isArray(inner)
      ? Object.fromEntries(Object.entries(inner).sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0)))
      : inner,
  );
}
