// A collector-made finding (cross-use, a silent agent) is judged again every minute; it is stored only when
// it says something the device's current finding of the same rule and subject does not, so that a judgement
// repeated unchanged never grows the history. Both backends ask this of the current row they read.
import type { Finding } from '../../policies/model';
import { evidenceText as textOfEvidence } from '../../proto/evidence-text';
import type { CollectorFinding } from './store';

/** What a stored finding says, as the findings table keeps it (evidence and parameters as JSON text). */
export interface StoredJudgement {
  status: string;
  evidence: string;
  reason: string;
  reason_code: string;
  reason_params: string;
}

/** The evidence as stored: JSON text (as the agent sent it when it came from the wire, ../../proto/evidence-text.ts). */
export const evidenceText = (finding: Pick<Finding, 'evidence'>): string => textOfEvidence(finding.evidence);

/** The parameters as stored: a JSON object, '{}' for a finding without a code (most: no string made for it). */
export function reasonParamsText(finding: Pick<Finding, 'reasonParams'>): string {
  return finding.reasonParams === undefined ? '{}' : JSON.stringify(finding.reasonParams);
}

export function repeatsCurrent(current: StoredJudgement | undefined, finding: CollectorFinding): boolean {
  return (
    current !== undefined &&
    current.status === finding.status &&
    current.evidence === evidenceText(finding) &&
    current.reason === finding.reason &&
    current.reason_code === (finding.reasonCode ?? '') &&
    current.reason_params === reasonParamsText(finding)
  );
}
