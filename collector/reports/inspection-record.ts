// The inspection record of clause 3.12.2 as a plain structure. The clause names its fields: 检查时间 (time),
// 检查人 (inspector), 检查对象 (objects: every ledger device in scope, inspected or not, with its coverage),
// 检查事项 (items: the rules checked), 存在问题 (problems) and 整改措施及落实情况 (corrective measures and
// whether they were carried out). Beside them the record names the inspected unit (被检查单位, from the
// collector's `serve --unit`; `{ configured: false }` when the collector was not told, and the printed form
// then leaves a line to fill in by hand).
//
// The collector builds it (build-inspection-record.ts), the wire carries it (inspection-record-wire.ts),
// shoumictl renders it (render-*.ts; the words in record-text.ts). Times are UTC epoch ms; renderers show them
// in the time zone the reader chose, and name it.
//
// Two judgements are made once, here, so every form says the same:
// - Whether a device was inspected (`wasInspected`): only on evidence from its own agent — it answered the
//   sweep, or sent findings observed in the window (a collector-made alarm about it is not an inspection).
//   Every other ledger device in scope is listed as not inspected, with why.
// - Whether a measure marked complete is contradicted (`completedButPersists`): the measure says done, but the
//   problem's key is still failing or erroring in the store *now* (when the record was generated), not merely
//   at the end of the scope — the office signs what is true when it prints.
import type { Classification, FindingStatus, Severity } from '../../policies/model';
import type { DeviceStatus } from '../store/store';

export const RECORD_FORMAT = 'shoumi.inspection-record/v2';

/**
 * How a device took part. Inspected: `answered` (it answered the sweep) and `inspected` (a window: it reported
 * findings observed in the window). Not inspected: `failed` (the sweep failed on it), `offline` (the sweep
 * never reached it), `pending` (sent, no answer yet), `never_reported` (its agent had never reported, so there
 * was nothing to reach or read) and `no_report` (a window: it reported nothing observed in the window).
 */
export const COVERAGES = [
  'answered',
  'inspected',
  'failed',
  'offline',
  'pending',
  'never_reported',
  'no_report',
] as const;
export type Coverage = (typeof COVERAGES)[number];

export const wasInspected = (coverage: Coverage) => coverage === 'answered' || coverage === 'inspected';

export type InspectedUnit = { configured: true; name: string } | { configured: false };

export interface RecordDisposition {
  measure: string;
  completed: boolean;
  completedAtMs: number;
  recordedBy: string;
  recordedAtMs: number;
  auditPosition: number;
}

export interface RecordDevice {
  deviceId: string;
  hostname: string;
  assetNumber: string;
  classification: Classification | null;
  responsiblePerson: string;
  department: string;
  location: string;
  /** Its ledger status when the record was made (a retired device is listed only when it is in scope). */
  ledgerStatus: DeviceStatus;
  coverage: Coverage;
  /** Sweep reports: when the agent answered (0: it did not); window reports: its last observation in the window. */
  answeredAtMs: number;
  /** Why the sweep failed on this device, as the agent said; "" otherwise. */
  coverageError: string;
  /** Finding keys (rule × subject) judged in the scope. */
  findings: number;
  problems: number;
  /** Items the agent judges (the collector's own rules aside) with no verdict for this device in the scope. */
  unjudgedItems: number;
}

export interface RecordItem {
  ruleId: string;
  clause: string;
  titleZh: string;
  titleEn: string;
}

export interface RecordProblem {
  deviceId: string;
  hostname: string;
  assetNumber: string;
  classification: Classification | null;
  responsiblePerson: string;
  department: string;
  ruleId: string;
  clause: string;
  titleZh: string;
  titleEn: string;
  subject: string;
  /** The failing observation: fail, or error (could not be judged). */
  status: Extract<FindingStatus, 'fail' | 'error'>;
  severity: Severity;
  /** In English, as stored; shown through reasonCode in the record's language (finding-reason.ts). */
  reason: string;
  /** "" when the finding carries no code (stored before codes existed): the record shows `reason`. */
  reasonCode: string;
  reasonParams: Record<string, string>;
  observedAtMs: number;
  /** The key's newest status in the scope: pass here means it was put right within the scope. */
  latestStatus: FindingStatus;
  /** The key's current status in the store when the record was generated; null: no current finding (gone). */
  currentStatus: FindingStatus | null;
  /** When that current status was observed; 0 when there is none. */
  currentObservedAtMs: number;
  remediationZh: string;
  remediationEn: string;
  disposition: RecordDisposition | null;
}

export type RecordScope =
  | { kind: 'sweep'; sweepId: string; startedAtMs: number; completedAtMs: number }
  | { kind: 'window'; fromMs: number; toMs: number };

export interface InspectionRecord {
  format: typeof RECORD_FORMAT;
  scope: RecordScope;
  generatedAtMs: number;
  inspectedUnit: InspectedUnit;
  inspector: string;
  policyName: string;
  policyVersion: string;
  devices: RecordDevice[];
  items: RecordItem[];
  problems: RecordProblem[];
}

/** A measure recorded as carried out while the problem is, now, still there. */
export const completedButPersists = (problem: RecordProblem) =>
  problem.disposition?.completed === true &&
  (problem.currentStatus === 'fail' || problem.currentStatus === 'error');

/** Counts every renderer shows in its summary, computed one way. */
export function recordSummary(record: InspectionRecord) {
  const coverage = Object.fromEntries(COVERAGES.map((name) => [name, 0])) as Record<Coverage, number>;
  for (const device of record.devices) coverage[device.coverage] += 1;
  const inspected = record.devices.filter((device) => wasInspected(device.coverage));
  const measured = record.problems.filter((problem) => problem.disposition !== null).length;
  const completed = record.problems.filter((problem) => problem.disposition?.completed === true).length;
  return {
    devices: record.devices.length,
    inspected: inspected.length,
    notInspected: record.devices.length - inspected.length,
    /** Inspected devices with at least one item left without a verdict in the scope. */
    partlyJudged: inspected.filter((device) => device.unjudgedItems > 0).length,
    coverage,
    items: record.items.length,
    problems: record.problems.length,
    devicesWithProblems: new Set(record.problems.map((problem) => problem.deviceId)).size,
    measured,
    completed,
    completedButPersisting: record.problems.filter(completedButPersists).length,
  };
}

/** Orders clauses as numbers ("3.7.10" after "3.7.8"), not as text. */
export function compareClauses(left: string, right: string): number {
  const a = left.split('.');
  const b = right.split('.');
  for (let index = 0; index < Math.max(a.length, b.length); index++) {
    const x = a[index] ?? '';
    const y = b[index] ?? '';
    const difference = Number(x) - Number(y);
    if (Number.isFinite(difference) && difference !== 0) return difference;
    if (!Number.isFinite(difference) && x !== y) return x < y ? -1 : 1;
  }
  return 0;
}
