// Builds the inspection record (3.12.2) from the stored facts of its scope and the policy. Pure: no I/O.
//
// Choices the standard leaves open, made here once:
// - Problems: every finding key that failed (or could not be judged: error) at least once in the scope, shown
//   with its newest failing observation, its newest status in the scope and its current status in the store
//   now — so a problem found and put right within the window still appears, marked as put right, beside the
//   measure that put it right, and a measure marked complete beside a problem still failing now is caught.
// - Items checked: the sweep's rules (all of the policy's when the sweep named none); a window: the policy's
//   rules. A rule judged in the scope that the policy no longer has is listed too, titled by its id.
// - Objects: every ledger device in service during the scope — not retired at its start, or returned to
//   service within it, and in the ledger by its end (a sweep's scope is the moment it started) — plus every
//   device with evidence in it even if retired since. A device counts as inspected only on evidence from its
//   own agent: it answered the sweep, or sent a finding observed in the window (a collector-made finding, such
//   as the silent-agent alarm, is a finding about the device, not an inspection of it). Every other device is
//   listed as not inspected with why: the sweep failed, never reached it or is still waiting; its agent had
//   never reported; or it reported nothing in the window.

import { AGENT_NOTICE_RULES } from '../../policies/agent-notice-rules';
import type { Policy, Rule } from '../../policies/model';
import { agentRuleIds } from '../../policies/rule-params';
import { personOf } from '../peer-auth';
import type {
  DeviceRecord,
  DeviceStatus,
  Disposition,
  InspectionMaterial,
  LedgerPresence,
  StoredFinding,
  SweepTargetState,
} from '../store/store';
import {
  type Coverage,
  compareClauses,
  type InspectionRecord,
  RECORD_FORMAT,
  type RecordDevice,
  type RecordDisposition,
  type RecordItem,
  type RecordProblem,
  type RecordScope,
} from './inspection-record';

export interface RecordContext {
  policy: Pick<Policy, 'name' | 'version' | 'rules'>;
  inspector: string;
  generatedAtMs: number;
  /** The inspected unit (被检查单位) the collector was configured with; absent: not configured. */
  inspectedUnit?: string;
  /** For a window report: the window asked for. */
  window?: { fromMs: number; toMs: number };
}

const keyOf = (key: { deviceId: string; ruleId: string; subject: string }) =>
  `${key.deviceId}\u0000${key.ruleId}\u0000${key.subject}`;

function targetCoverage(target: SweepTargetState): Coverage {
  if (target.state === 'pending') return 'offline';
  if (target.state === 'sent') return 'pending';
  return target.state;
}

/** Its ledger status at `atMs`: the status the first later change started from, or its status now. */
function statusAt(
  device: DeviceRecord,
  presence: LedgerPresence | undefined,
  atMs: number,
): DeviceStatus | null {
  const later = presence?.statusChanges.find((change) => change.atMs > atMs);
  return later === undefined ? device.status : later.from;
}

/** In the ledger by `endMs`, and in service (or under repair) at some moment of [startMs, endMs]. */
function inServiceDuring(
  device: DeviceRecord,
  presence: LedgerPresence | undefined,
  startMs: number,
  endMs: number,
): boolean {
  if (presence !== undefined && presence.enteredAtMs > endMs) return false;
  const atStart = statusAt(device, presence, startMs);
  if (atStart !== null && atStart !== 'retired') return true;
  return (presence?.statusChanges ?? []).some(
    (change) => change.atMs > startMs && change.atMs <= endMs && change.to !== 'retired',
  );
}

function recordDisposition(disposition: Disposition | undefined): RecordDisposition | null {
  if (disposition === undefined) return null;
  const { measure, completed, completedAtMs, recordedBy, recordedAtMs, auditPosition } = disposition;
  return { measure, completed, completedAtMs, recordedBy: personOf(recordedBy), recordedAtMs, auditPosition };
}

function itemOf(rule: Rule): RecordItem {
  return { ruleId: rule.id, clause: rule.clause, titleZh: rule.title.zh, titleEn: rule.title.en };
}

function scopeOf(material: InspectionMaterial, context: RecordContext): RecordScope {
  if (material.sweep !== null) {
    const answered = material.targets.map((target) => target.answeredAtMs);
    return {
      kind: 'sweep',
      sweepId: material.sweep.sweepId,
      startedAtMs: material.sweep.createdAtMs,
      // An unfinished sweep ends, for the record, at its last answer so far.
      completedAtMs: material.sweep.completedAtMs || Math.max(0, ...answered),
    };
  }
  if (context.window === undefined) throw new Error('a window report needs the window it covers');
  return { kind: 'window', fromMs: context.window.fromMs, toMs: context.window.toMs };
}

export function buildInspectionRecord(
  material: InspectionMaterial,
  context: RecordContext,
): InspectionRecord {
  const rules = new Map(context.policy.rules.map((rule) => [rule.id, rule]));
  // Items and problems are the policy's rules only (and the agent's notices about itself): a verdict under
  // a rule the policy does not hold, stored by a release before the agent door refused it (issue 13), or
  // under a rule since dropped, is not an item checked by this inspection.
  const itemOfRuleId = (ruleId: string): RecordItem | null => {
    const rule = rules.get(ruleId);
    if (rule) return itemOf(rule);
    const noticeClause = AGENT_NOTICE_RULES.get(ruleId);
    return noticeClause === undefined
      ? null
      : { ruleId, clause: noticeClause, titleZh: ruleId, titleEn: ruleId };
  };
  const keys = material.keys.filter(({ latest }) => itemOfRuleId(latest.ruleId) !== null);
  const wanted = material.sweep !== null && material.sweep.ruleIds.length > 0 ? material.sweep.ruleIds : null;
  const items: RecordItem[] = (wanted ?? context.policy.rules.map((rule) => rule.id)).flatMap((ruleId) => {
    const item = itemOfRuleId(ruleId);
    return item === null ? [] : [item];
  });
  const listed = new Set(items.map((item) => item.ruleId));
  for (const { latest } of keys) {
    if (listed.has(latest.ruleId)) continue;
    listed.add(latest.ruleId);
    items.push(itemOfRuleId(latest.ruleId)!);
  }
  items.sort((a, b) => compareClauses(a.clause, b.clause) || a.ruleId.localeCompare(b.ruleId));

  const deviceById = new Map(material.devices.map((device) => [device.deviceId, device]));
  const targetById = new Map(material.targets.map((target) => [target.deviceId, target]));
  const dispositionByKey = new Map(
    material.dispositions.map((disposition) => [keyOf(disposition), disposition]),
  );
  const currentByKey = new Map(material.current.map((state) => [keyOf(state), state]));

  const problems: RecordProblem[] = [];
  for (const { latest, lastProblem } of keys) {
    if (lastProblem === null || (lastProblem.status !== 'fail' && lastProblem.status !== 'error')) continue;
    const device = deviceById.get(lastProblem.deviceId);
    const rule = rules.get(lastProblem.ruleId);
    const current = currentByKey.get(keyOf(lastProblem));
    problems.push({
      deviceId: lastProblem.deviceId,
      hostname: device?.hostname || lastProblem.hostname,
      assetNumber: device?.assetNumber ?? '',
      classification: device?.classification ?? null,
      responsiblePerson: device?.responsiblePerson ?? '',
      department: device?.department ?? '',
      ruleId: lastProblem.ruleId,
      clause: lastProblem.clause,
      titleZh: rule?.title.zh ?? lastProblem.ruleId,
      titleEn: rule?.title.en ?? lastProblem.ruleId,
      subject: lastProblem.subject,
      status: lastProblem.status,
      severity: lastProblem.severity,
      reason: lastProblem.reason,
      reasonCode: lastProblem.reasonCode ?? '',
      reasonParams: lastProblem.reasonParams ?? {},
      observedAtMs: lastProblem.observedAtMs,
      latestStatus: latest.status,
      currentStatus: current?.status ?? null,
      currentObservedAtMs: current?.observedAtMs ?? 0,
      remediationZh: rule?.remediation.zh ?? '',
      remediationEn: rule?.remediation.en ?? '',
      disposition: recordDisposition(dispositionByKey.get(keyOf(lastProblem))),
    });
  }
  problems.sort(
    (a, b) =>
      compareClauses(a.clause, b.clause) ||
      a.deviceId.localeCompare(b.deviceId) ||
      a.ruleId.localeCompare(b.ruleId) ||
      a.subject.localeCompare(b.subject),
  );

  const judged = countBy(keys.map((key) => key.latest));
  const failed = countBy(problems);
  const lastObserved = new Map<string, number>();
  const judgedRules = new Map<string, Set<string>>();
  for (const { latest } of keys) {
    lastObserved.set(latest.deviceId, Math.max(lastObserved.get(latest.deviceId) ?? 0, latest.observedAtMs));
    if (latest.origin !== 'agent') continue;
    const rulesOfDevice = judgedRules.get(latest.deviceId) ?? new Set<string>();
    rulesOfDevice.add(latest.ruleId);
    judgedRules.set(latest.deviceId, rulesOfDevice);
  }
  const agentRules = new Set(agentRuleIds(context.policy));
  const agentItems = items.filter((item) => agentRules.has(item.ruleId)).map((item) => item.ruleId);
  const presenceById = new Map(material.ledger.map((presence) => [presence.deviceId, presence]));
  const sweep = material.sweep;
  // The moments the scope spans, for deciding which ledger devices were in service during it.
  const [startMs, endMs] =
    sweep !== null
      ? [sweep.createdAtMs, sweep.createdAtMs]
      : [context.window?.fromMs ?? 0, context.window?.toMs ?? 0];

  const coverageOf = (device: DeviceRecord): Coverage | null => {
    const reported = judgedRules.has(device.deviceId);
    const target = targetById.get(device.deviceId);
    const seenBy = (ms: number) => device.firstSeenMs > 0 && device.firstSeenMs <= ms;
    if (sweep !== null) {
      if (target !== undefined) return targetCoverage(target);
      if (reported) return 'answered'; // sent findings tagged with the sweep, so it ran it
      if (!inServiceDuring(device, presenceById.get(device.deviceId), startMs, endMs)) return null;
      // Not a target: it had never reported when the sweep began (or, oddly, was left out: not reached).
      return seenBy(sweep.createdAtMs) ? 'offline' : 'never_reported';
    }
    if (reported) return 'inspected';
    const inScope =
      judged.has(device.deviceId) ||
      inServiceDuring(device, presenceById.get(device.deviceId), startMs, endMs);
    if (!inScope) return null;
    return seenBy(endMs) ? 'no_report' : 'never_reported';
  };

  const devices: RecordDevice[] = [];
  for (const device of material.devices) {
    const coverage = coverageOf(device);
    if (coverage === null) continue;
    const target = targetById.get(device.deviceId);
    const rulesOfDevice = judgedRules.get(device.deviceId);
    devices.push({
      deviceId: device.deviceId,
      hostname: device.hostname,
      assetNumber: device.assetNumber,
      classification: device.classification,
      responsiblePerson: device.responsiblePerson,
      department: device.department,
      location: device.location,
      ledgerStatus: device.status,
      coverage,
      answeredAtMs:
        sweep === null
          ? (lastObserved.get(device.deviceId) ?? 0)
          : (target?.answeredAtMs ?? lastObserved.get(device.deviceId) ?? 0),
      coverageError: target?.error ?? '',
      findings: judged.get(device.deviceId) ?? 0,
      problems: failed.get(device.deviceId) ?? 0,
      unjudgedItems: agentItems.filter((ruleId) => !rulesOfDevice?.has(ruleId)).length,
    });
  }
  devices.sort((a, b) => a.deviceId.localeCompare(b.deviceId));

  return {
    format: RECORD_FORMAT,
    scope: scopeOf(material, context),
    generatedAtMs: context.generatedAtMs,
    inspectedUnit:
      context.inspectedUnit === undefined
        ? { configured: false }
        : { configured: true, name: context.inspectedUnit },
    inspector: context.inspector,
    policyName: context.policy.name,
    policyVersion: context.policy.version,
    devices,
    items,
    problems,
  };
}

function countBy(rows: ReadonlyArray<Pick<StoredFinding, 'deviceId'>>): Map<string, number> {
  const counts = new Map<string, number>();
  for (const row of rows) counts.set(row.deviceId, (counts.get(row.deviceId) ?? 0) + 1);
  return counts;
}
