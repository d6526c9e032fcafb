// `shoumi-agent run`: the service. Start-up order: identity → outbox (recovers what a crash left) → the
// policy in force (kept bundle or baseline) → the link to the collector → the first sweep → the schedule.
// Shutdown: stop the schedule → wait for a running sweep to reach the outbox → stop the link → close the
// outbox. Findings are durable in the outbox before anything is sent, so a kill at any point loses nothing
// that a sweep had written.
import os from 'node:os';
import path from 'node:path';
import type { PolicyBundle__Output } from '../proto/generated/shoumi/v1/PolicyBundle';
import type { SweepCommand__Output } from '../proto/generated/shoumi/v1/SweepCommand';
import { type ActivePolicy, activeFromBundle, keepBundle, loadActivePolicy } from './active-policy';
import type { AgentLog } from './agent-log';
import { agentVersion } from './agent-version';
import { resolveDeviceId } from './identity/device-id';
import { readHardwareIdentity } from './identity/hardware-identity';
import { type Link, startLink } from './link/link';
import { openOutbox } from './outbox/outbox';
import { machineRoot } from './probes/machine-root';
import { openReportedState, selectChanges } from './reported-state';
import { runSweep } from './sweep';

export interface AgentRuntimeOptions {
  root: string;
  dataDir: string;
  collector: string;
  deviceId?: string;
  /** Scheduled sweep interval. */
  intervalMs: number;
  /** Send every finding of every sweep, not only changes (audits that want the whole record each time). */
  reportUnchanged: boolean;
  heartbeatMs?: number;
  log: AgentLog;
}

export interface AgentRuntime {
  deviceId: string;
  /** Runs one sweep now (serialised with the schedule); resolves when its findings are in the outbox. */
  sweepNow(sweepId?: string): Promise<void>;
  stop(): Promise<void>;
}

export async function startAgent(options: AgentRuntimeOptions): Promise<AgentRuntime> {
  const { log } = options;
  const root = machineRoot(options.root);
  const hardware = await readHardwareIdentity(options.root);
  const deviceId = await resolveDeviceId(options.dataDir, hardware, options.deviceId);
  const outbox = await openOutbox(path.join(options.dataDir, 'outbox'));
  if (!outbox.recovery.clean) {
    log.warn('outbox recovered from damage; lost records are reported as findings', {
      recovery: outbox.recovery,
    });
  }
  const reported = await openReportedState(options.dataDir);
  let active: ActivePolicy = await loadActivePolicy(options.dataDir);
  log.info('agent starting', {
    deviceId,
    hostname: hardware.hostname,
    collector: options.collector,
    policy: active.version,
    outboxDepth: outbox.depth,
    lastAssignedSeq: outbox.lastAssignedSeq,
  });

  // Sweeps run one at a time; a request during a sweep is remembered and run once after it.
  let running: Promise<void> = Promise.resolve();
  let stopped = false;

  const sweep = (sweepId = '', onlyRuleIds?: readonly string[]) => {
    running = running.then(async () => {
      if (stopped) return;
      try {
        const outcome = await runSweep(root, active, { sweepId, onlyRuleIds });
        const selection = selectChanges(reported.entries, outcome.findings, {
          evaluatedRuleIds: outcome.evaluatedRuleIds,
          sendAll: options.reportUnchanged || sweepId !== '',
          nowMs: outcome.finishedAtMs,
          sweepId,
        });
        const appended =
          selection.toSend.length > 0
            ? await outbox.append(selection.toSend)
            : { ok: true as const, findings: [] };
        if (!appended.ok) {
          log.error('outbox refused the sweep findings', {
            reason: appended.reason,
            message: appended.message,
          });
          return;
        }
        await reported.commit(selection.next);
        if (sweepId) {
          link.sendSweepResult({
            sweepId,
            startedAtMs: outcome.startedAtMs,
            finishedAtMs: outcome.finishedAtMs,
            rulesEvaluated: outcome.evaluatedRuleIds.size,
            failed: outcome.findings.filter((finding) => finding.status === 'fail').length,
            errors: outcome.findings.filter((finding) => finding.status === 'error').length,
            firstSeq: appended.findings[0]?.seq ?? 0,
            lastSeq: appended.findings.at(-1)?.seq ?? 0,
            error: '',
          });
        }
      } catch (error) {
        log.error('sweep failed', { sweepId, error: (error as Error).message });
      }
    });
    return running;
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
    active = outcome.active;
    log.info('policy bundle applied', { version: active.version });
    keepBundle(options.dataDir, bundle).catch((error: Error) =>
      log.warn('cannot keep the policy bundle', { error: error.message }),
    );
    void sweep();
  };

  const onSweep = (command: SweepCommand__Output) => {
    log.info('sweep commanded', { sweepId: command.sweepId });
    void sweep(command.sweepId, command.ruleIds.length > 0 ? command.ruleIds : undefined);
  };

  const link: Link = startLink({
    collector: options.collector,
    deviceId,
    agentVersion: agentVersion(),
    hardware: { ...hardware, hostname: hardware.hostname || os.hostname() },
    outbox,
    policyVersion: () => active.version,
    onPolicy,
    onSweep,
    heartbeatMs: options.heartbeatMs,
    onStateChange: (state, detail) => log.info(`link ${state}`, detail ? { detail } : undefined),
  });

  void sweep();
  const timer = setInterval(() => void sweep(), options.intervalMs);

  return {
    deviceId,
    sweepNow: (sweepId) => sweep(sweepId),
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
      await link.stop();
      await outbox.close();
      log.info('agent stopped', { deviceId });
    },
  };
}
