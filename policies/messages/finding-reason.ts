// A finding's reason as a person reads it: its catalogue code rendered in the reader's language, or the
// English text it carries when it has no code (stored before codes existed) or one this build does not know
// (an agent newer than this collector or shoumictl). One helper for every place that shows a reason: the
// agent's check table, the inspection record, shoumictl's tables.

import type { Lang } from './language';
import { renderReason } from './reason-catalogue';

/** What a finding says about its reason, whichever side of the wire it was read on ("" means no code). */
export interface FindingReason {
  reason: string;
  reasonCode?: string;
  reasonParams?: Readonly<Record<string, string>> | null;
}

export function findingReasonText(finding: FindingReason, lang: Lang): string {
  const code = finding.reasonCode ?? '';
  if (code === '') return finding.reason;
  return renderReason({ code, params: finding.reasonParams ?? {} }, lang, finding.reason);
}
