// One finding of a batch that the collector refuses for good (Ack.refused): what it keeps of it and what the
// agent is told. The batch's other findings are stored; the refused seq is passed over, never asked for again.
//
// Which problems refuse one finding and which still end the stream (agent-service.ts checkBatch): a finding
// that findingFromWire rejects (a limit, the clause, status, severity, observed time, the evidence JSON) is
// about that finding alone, and resending it can never change the answer, so it is refused alone. A seq
// that is not a positive safe integer is not: without a seq there is nothing to refuse or to pass over.
import { withForbiddenShown } from '../proto/agent-text-guard';
import { boundText, FINDING_LIMITS } from '../proto/finding-limits';
import type { Finding__Output } from '../proto/generated/shoumi/v1/Finding';
import type { FindingRefusal } from './store/store';
import { REFUSAL_REASON_CHARS } from './store/validate-refusal';

/**
 * The refusal of `wire` for `problem` (findingFromWire's text for it, "findings[3].evidence_json: expected
 * …"; the position in the batch is left out, it means nothing once the batch is gone). Rule id and subject
 * are kept as far as they can be read, shortened to the finding limits, so that an administrator can tell
 * which rule and which thing the lost verdict was about. Control, bidi and zero-width characters in them are
 * written out ("<U+202E>", agent-text-guard.ts): a finding refused for carrying one must not bring it in anyway.
 */
export function refusalOf(wire: Finding__Output, where: string, problem: string): FindingRefusal {
  const text = (value: unknown) => (typeof value === 'string' ? withForbiddenShown(value) : '');
  const reason = problem.startsWith(`${where}.`) ? problem.slice(where.length + 1) : problem;
  return {
    seq: wire.seq,
    ruleId: boundText(text(wire.ruleId), FINDING_LIMITS.ruleIdChars),
    subject: boundText(text(wire.subject), FINDING_LIMITS.subjectChars, true),
    reason: boundText(reason, REFUSAL_REASON_CHARS),
  };
}
