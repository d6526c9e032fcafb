// The shape of a check: one rule family, a pure function from facts + policy + ledger slice to findings.

import type { CatalogueReason, RemediedReasonCode } from '../../policies/messages/reason-catalogue';
import type { LedgerSlice, Rule } from '../../policies/model';
import type { FactName, Facts, SocketEndpoint } from '../facts';

export interface CheckContext {
  /**
   * The rules of this family to judge now, as the policy defines them (params validated by the loader):
   * only those whose own facts (`factsOfRule`) could be read. Judge these and no others.
   */
  rules: ReadonlyMap<string, Rule>;
  ledger: LedgerSlice;
  nowMs: number;
  /**
   * The collector's agent and enrolment endpoints (host resolved to its addresses, port): a socket to one
   * of them is the agent's own link, never a violation. Empty when the sweep has no collector
   * (`shoumi-agent check`).
   */
  collectorEndpoints: readonly SocketEndpoint[];
}

/** A reason a FAIL or ERROR may give: its code has a remediation, so the reader is told what to do. */
export type FailingReason = CatalogueReason<RemediedReasonCode>;

/** A rule's verdict and why; every reason a catalogue code with its parameters. */
export type Verdict =
  | { status: 'fail' | 'error'; reason: FailingReason }
  | { status: 'pass' | 'not_applicable'; reason: CatalogueReason };

/**
 * What a check says; the engine adds clause, severity, time and sequence from the policy and the sweep, and
 * renders the reason into the finding's English text.
 */
export type CheckOutcome = {
  ruleId: string;
  /** The instance judged (USB serial, interface, product); "" for the rule as a whole. */
  subject: string;
  evidence: Record<string, unknown>;
} & Verdict;

export interface Check {
  /** Rule family, also the file name: "wireless", "removable-media", ... */
  family: string;
  /** Rule ids this check judges; each must exist in the policy and no two checks share one. */
  ruleIds: readonly string[];
  /**
   * Every fact the family may read: what a sweep reads for it, and what ties its rules to a hot-plug area
   * (events/affected-rules.ts).
   */
  needs: readonly FactName[];
  /**
   * The facts each rule reads, where a family's rules differ (each a subset of `needs`, together all of
   * it); a rule not named reads all of `needs`. A fact that could not be read makes `error` of the rules
   * that read it, and only of those: the engine runs the check for the others, and the check must then
   * leave the unreadable fact alone.
   */
  ruleNeeds?: Readonly<Record<string, readonly FactName[]>>;
  judge(facts: Facts, context: CheckContext): CheckOutcome[];
}

/** The facts one rule of `check` is judged from. */
export function factsOfRule(check: Check, ruleId: string): readonly FactName[] {
  return check.ruleNeeds?.[ruleId] ?? check.needs;
}

/** Whether any rule the check was given reads `fact`: a check reads a fact only then. */
export function givenRulesRead(check: Check, context: CheckContext, fact: FactName): boolean {
  for (const ruleId of context.rules.keys()) if (factsOfRule(check, ruleId).includes(fact)) return true;
  return false;
}
