// The rule agent-reports-regularly as pure judgement: a stopped agent is itself a compliance problem.
// A device (seen at least once, not retired) is silent when the collector has heard nothing from it —
// hello, heartbeat, findings — for longer than max_silence_seconds of the policy in force.
import type { Policy, Rule } from '../../policies/model';
import type { CollectorFinding, WatchedDevice } from '../store/store';

export const SILENCE_RULE_ID = 'agent-reports-regularly';
export const DEFAULT_MAX_SILENCE_SECONDS = 1800;

/** The rule as the policy in force has it, or null when the policy leaves it out (nothing is judged). */
export function silenceRule(policy: Policy): { rule: Rule; maxSilenceSeconds: number } | null {
  const rule = policy.rules.find((candidate) => candidate.id === SILENCE_RULE_ID);
  if (!rule) return null;
  const value = rule.params.max_silence_seconds;
  const maxSilenceSeconds =
    typeof value === 'number' && Number.isInteger(value) && value > 0 ? value : DEFAULT_MAX_SILENCE_SECONDS;
  return { rule, maxSilenceSeconds };
}

/** How often to look: a quarter of the allowed silence, at most once a minute, at least every 250 ms. */
export function checkIntervalMs(maxSilenceSeconds: number): number {
  return Math.max(250, Math.min(60_000, (maxSilenceSeconds * 1000) / 4));
}

/**
 * Devices last heard before this instant are silent; null while the collector itself has been listening for
 * less than the allowed silence (after a restart, every agent's last message predates the downtime, and
 * silence the collector could not have heard is not the agent's fault).
 */
export function silenceCutoffMs(
  nowMs: number,
  maxSilenceSeconds: number,
  listeningSinceMs: number,
): number | null {
  const cutoff = nowMs - maxSilenceSeconds * 1000;
  return cutoff < listeningSinceMs ? null : cutoff;
}

export function silentFinding(
  rule: Rule,
  device: WatchedDevice,
  maxSilenceSeconds: number,
  nowMs: number,
): CollectorFinding {
  const silentForSeconds = Math.floor((nowMs - device.lastSeenMs) / 1000);
  return {
    deviceId: device.deviceId,
    ruleId: rule.id,
    clause: rule.clause,
    subject: '',
    status: 'fail',
    severity: rule.severity,
    evidence: { lastSeenMs: device.lastSeenMs, silentForSeconds, maxSilenceSeconds },
    reason: `the agent has not reported for ${silentForSeconds} s (the policy allows ${maxSilenceSeconds} s)`,
    reasonCode: 'collector.silence.silent',
    reasonParams: {
      silentForSeconds: String(silentForSeconds),
      maxSilenceSeconds: String(maxSilenceSeconds),
    },
    observedAtMs: nowMs,
    sweepId: '',
  };
}

/** The device spoke again (or was retired, which answers the question differently). */
export function reportingFinding(
  rule: Rule,
  device: WatchedDevice,
  maxSilenceSeconds: number,
  nowMs: number,
): CollectorFinding {
  const base = {
    deviceId: device.deviceId,
    ruleId: rule.id,
    clause: rule.clause,
    subject: '',
    severity: rule.severity,
    observedAtMs: nowMs,
    sweepId: '',
  };
  if (device.retired) {
    return {
      ...base,
      status: 'not_applicable',
      evidence: { lastSeenMs: device.lastSeenMs, maxSilenceSeconds, retired: true },
      reason: 'the device is retired in the ledger',
      reasonCode: 'collector.silence.retired',
      reasonParams: {},
    };
  }
  return {
    ...base,
    status: 'pass',
    evidence: {
      lastSeenMs: device.lastSeenMs,
      silentForSeconds: Math.max(0, Math.floor((nowMs - device.lastSeenMs) / 1000)),
      maxSilenceSeconds,
    },
    reason: 'the agent reports again',
    reasonCode: 'collector.silence.reporting',
    reasonParams: {},
  };
}
