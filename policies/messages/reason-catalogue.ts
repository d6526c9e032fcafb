// Every reason code shoumi can give, one family per file under reasons/, and the one function that shows a
// reason in the reader's language. A code unknown here (an agent newer than this collector) falls back to
// the English text the finding carries.

import type { Lang } from './language';
import { type Reason, type ReasonFamily, type ReasonText, renderReasonText } from './reason';
import { COLLECTOR_REASONS } from './reasons/collector';
import { OUTBOX_REASONS } from './reasons/outbox';

const FAMILIES: readonly ReasonFamily[] = [COLLECTOR_REASONS, OUTBOX_REASONS];

export const REASON_CATALOGUE: ReadonlyMap<string, ReasonText> = new Map(
  FAMILIES.flatMap((family) => Object.entries(family)),
);

/** The reason in `lang`, or `fallback` (the finding's English text) when the code is unknown or absent. */
export function renderReason(reason: Reason | undefined, lang: Lang, fallback: string): string {
  const entry = reason && REASON_CATALOGUE.get(reason.code);
  return entry ? renderReasonText(entry, reason.params, lang) : fallback;
}
