// Builds the inspection record (3.12.2) from the stored facts of its scope and the policy. Pure: no I/O.
//
// Choices the standard leaves open, made here once:
// - Problems: every finding key that failed (or could not be judged: error) at least once in the scope, shown
//   with its newest failing observation and its newest status in the scope — so a problem found and put right
//   within the window still appears, marked as put right, beside the measure that put it right.
// - Items checked: the sweep's rules (all of the policy's when the sweep named none); a window: the policy's
//   rules. A rule judged in the scope that the policy no longer has is listed too, titled by its id.
// - Object: a sweep's targets with their coverage, plus any device that sent findings tagged with the sweep;
//   a window's devices are those with a finding observed in it.

import type { Policy, Rule } from '../../policies/model';
import { personOf } from '../peer-auth';
import type {
  DeviceRecord,
  Disposition,
  InspectionMaterial,
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
  /** For a window report: the window asked for. */
  window?: { fromMs: number; toMs: number };
}

const keyOf = (key: { deviceId: string; ruleId: string; subject: string }) =>
  `${key.deviceId}\u0000${key.ruleId}\u0000${key.subject}`;

function coverageOf(target: SweepTargetState | undefined): Coverage {
  if (target === undefined) return 'answered'; // sent findings tagged with the sweep, so it ran it
  if (target.state === 'pending') return 'offline';
  if (target.state === 'sent') return 'pending';
  return target.state;
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
  const wanted = material.sweep !== null && material.sweep.ruleIds.length > 0 ? material.sweep.ruleIds : null;
  const items: RecordItem[] = (wanted ?? context.policy.rules.map((rule) => rule.id)).map((ruleId) => {
    const rule = rules.get(ruleId);
    return rule ? itemOf(rule) : { ruleId, clause: '', titleZh: ruleId, titleEn: ruleId };
  });
  const listed = new Set(items.map((item) => item.ruleId));
  for (const { latest } of material.keys) {
    if (listed.has(latest.ruleId)) continue;
    listed.add(latest.ruleId);
    const rule = rules.get(latest.ruleId);
    items.push(
      rule
        ? itemOf(rule)
        : { ruleId: latest.ruleId, clause: latest.clause, titleZh: latest.ruleId, titleEn: latest.ruleId },
    );
  }
  items.sort((a, b) => compareClauses(a.clause, b.clause) || a.ruleId.localeCompare(b.ruleId));

  const deviceById = new Map(material.devices.map((device) => [device.deviceId, device]));
  const targetById = new Map(material.targets.map((target) => [target.deviceId, target]));
  const dispositionByKey = new Map(
    material.dispositions.map((disposition) => [keyOf(disposition), disposition]),
  );

  const problems: RecordProblem[] = [];
  for (const { latest, lastProblem } of material.keys) {
    if (lastProblem === null || (lastProblem.status !== 'fail' && lastProblem.status !== 'error')) continue;
    const device = deviceById.get(lastProblem.deviceId);
    const rule = rules.get(lastProblem.ruleId);
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
      observedAtMs: lastProblem.observedAtMs,
      latestStatus: latest.status,
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

  const judged = countBy(material.keys.map((key) => key.latest));
  const failed = countBy(problems);
  const lastObserved = new Map<string, number>();
  for (const { latest } of material.keys) {
    lastObserved.set(latest.deviceId, Math.max(lastObserved.get(latest.deviceId) ?? 0, latest.observedAtMs));
  }
  const devices: RecordDevice[] = material.devices.map((device: DeviceRecord) => {
    const target = targetById.get(device.deviceId);
    return {
      deviceId: device.deviceId,
      hostname: device.hostname,
      assetNumber: device.assetNumber,
      classification: device.classification,
      responsiblePerson: device.responsiblePerson,
      department: device.department,
      location: device.location,
      coverage: material.sweep === null ? 'inspected' : coverageOf(target),
      answeredAtMs:
        material.sweep === null
          ? (lastObserved.get(device.deviceId) ?? 0)
          : (target?.answeredAtMs ?? lastObserved.get(device.deviceId) ?? 0),
      coverageError: target?.error ?? '',
      findings: judged.get(device.deviceId) ?? 0,
      problems: failed.get(device.deviceId) ?? 0,
    };
  });
  devices.sort((a, b) => a.deviceId.localeCompare(b.deviceId));

  return {
    format: RECORD_FORMAT,
    scope: scopeOf(material, context),
    generatedAtMs: context.generatedAtMs,
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
