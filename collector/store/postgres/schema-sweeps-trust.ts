// Tables of the sweeps, seals and trust role (sweep schedules, sweeps, targets, audit seals, enrolment
// tokens, certificates): filled in by that role's work.
export const SWEEPS_TRUST_SCHEMA: readonly string[] = [];
