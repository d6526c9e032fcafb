// The shape of a check: one rule family, a pure function from facts + policy + ledger slice to findings.

import type { FindingStatus, LedgerSlice, Rule } from '../../policies/model';
import type { FactName, Facts } from '../facts';

export interface CheckContext {
  /** The rules of this family as the policy defines them (params validated by the loader). */
  rules: ReadonlyMap<string, Rule>;
  ledger: LedgerSlice;
  nowMs: number;
}

/** What a check says; the engine adds clause, severity, time and sequence from the policy and the sweep. */
export interface CheckOutcome {
  ruleId: string;
  /** The instance judged (USB serial, interface, product); "" for the rule as a whole. */
  subject: string;
  status: FindingStatus;
  evidence: Record<string, unknown>;
  /** Why, in words; required for fail, error and not_applicable. */
  reason: string;
}

export interface Check {
  /** Rule family, also the file name: "wireless", "removable-media", ... */
  family: string;
  /** Rule ids this check judges; each must exist in the policy and no two checks share one. */
  ruleIds: readonly string[];
  /** Facts it needs; if one could not be read, the engine reports `error` for its rules. */
  needs: readonly FactName[];
  judge(facts: Facts, context: CheckContext): CheckOutcome[];
}
