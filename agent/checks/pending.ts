// Rules the baseline states but no check can judge yet, because the facts they need are not read by any
// probe. The engine reports them as not_applicable with this reason — never pass, since nothing was looked at.
// Each reason is engine.pending-probe, naming the probe it waits for.

import type { CatalogueReason } from '../../policies/messages/reason-catalogue';

export const PENDING_RULES: ReadonlyMap<string, CatalogueReason<'engine.pending-probe'>> = new Map([]);
