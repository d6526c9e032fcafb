// Tables of the findings role (findings, current findings, refusals, required rules, dispositions,
// compliance days, fleet counts): filled in by that role's work.
export const FINDINGS_SCHEMA: readonly string[] = [];
