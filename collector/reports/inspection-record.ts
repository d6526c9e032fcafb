// The inspection record of clause 3.12.2 as a plain structure: time (检查时间), inspector (检查人), object
// (检查对象), items checked (检查项目), problems (发现的问题), corrective measures and their completion
// (整改措施及完成情况). The collector builds it (build-inspection-record.ts), the wire carries it
// (inspection-record-wire.ts), shoumictl renders it (render-*.ts). Times are UTC epoch ms; renderers show
// them in a time zone of the reader's choosing.
import type { Classification, FindingStatus, Severity } from '../../policies/model';

export const RECORD_FORMAT = 'shoumi.inspection-record/v1';

/** How a device took part: its sweep_targets state in words, or "inspected" for a window report. */
export const COVERAGES = ['answered', 'failed', 'offline', 'pending', 'inspected'] as const;
export type Coverage = (typeof COVERAGES)[number];

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
  coverage: Coverage;
  /** Sweep reports: when the agent answered (0: it did not); window reports: its last observation in the window. */
  answeredAtMs: number;
  /** Why the sweep failed on this device, as the agent said; "" otherwise. */
  coverageError: string;
  /** Finding keys (rule × subject) judged in the scope. */
  findings: number;
  problems: number;
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
  reason: string;
  observedAtMs: number;
  /** The key's newest status in the scope: pass here means it was put right within the scope. */
  latestStatus: FindingStatus;
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
  inspector: string;
  policyName: string;
  policyVersion: string;
  devices: RecordDevice[];
  items: RecordItem[];
  problems: RecordProblem[];
}

/** Counts every renderer shows in its summary, computed one way. */
export function recordSummary(record: InspectionRecord) {
  const coverage = Object.fromEntries(COVERAGES.map((name) => [name, 0])) as Record<Coverage, number>;
  for (const device of record.devices) coverage[device.coverage] += 1;
  const measured = record.problems.filter((problem) => problem.disposition !== null).length;
  const completed = record.problems.filter((problem) => problem.disposition?.completed === true).length;
  return {
    devices: record.devices.length,
    coverage,
    items: record.items.length,
    problems: record.problems.length,
    devicesWithProblems: new Set(record.problems.map((problem) => problem.deviceId)).size,
    measured,
    completed,
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
