// What recording a corrective measure (整改措施) changes, for every backend: the audit record written in the
// same transaction, and the disposition as it will stand. Completion keeps the moment it was first reported;
// un-marking it clears that moment.
import type { AuditContext, AuditRecordInput, Disposition, DispositionInput, FindingKey } from './store';

/** The measure already recorded for the key, if any. */
export interface RecordedMeasure {
  measure: string;
  completed: boolean;
  completedAtMs: number;
}

export function dispositionChange(
  input: DispositionInput,
  before: RecordedMeasure | undefined,
  current: { status: string; seq: number },
  audit: AuditContext,
  atMs: number,
): { record: AuditRecordInput; disposition: Omit<Disposition, 'auditPosition'> } {
  const completedAtMs = input.completed ? (before?.completed ? before.completedAtMs : atMs) : 0;
  return {
    record: {
      ...audit,
      action: 'finding.disposition',
      target: `finding:${input.deviceId}/${input.ruleId}/${input.subject}`,
      detail: {
        deviceId: input.deviceId,
        ruleId: input.ruleId,
        subject: input.subject,
        findingStatus: current.status,
        findingSeq: current.seq,
        before: before === undefined ? null : { measure: before.measure, completed: before.completed },
        after: { measure: input.measure, completed: input.completed },
      },
      outcome: 'allowed',
    },
    disposition: {
      deviceId: input.deviceId,
      ruleId: input.ruleId,
      subject: input.subject,
      measure: input.measure,
      completed: input.completed,
      completedAtMs,
      recordedBy: audit.actor,
      recordedAtMs: atMs,
    },
  };
}

/** One string per finding key, for sets and maps of keys. */
export function findingKeyText(key: FindingKey): string {
  return `${key.deviceId}\u0000${key.ruleId}\u0000${key.subject}`;
}
