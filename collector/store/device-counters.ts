// What a device's counters mean, for every backend. Each counts the device's current findings
// (current_findings), so they change exactly when a current row comes, goes or changes status:
//   failing, errors, passing, not_applicable — current rows of that status;
//   judged_rules — required rules (required_rules) with at least one current row, whatever its status;
//   last_seq — the highest agent seq stored or refused (collector-made findings, seq < 0, never move it).
// SQLite keeps them by triggers on current_findings (sqlite/migrations.ts); PostgreSQL recounts the devices
// a group touched in the group's transaction (postgres/device-counters.ts). Where a device stands is then
// decided from them by compliance-state.ts.

/** Counter column → the status its current rows have. */
export const STATUS_COUNTERS = {
  failing: 'fail',
  errors: 'error',
  passing: 'pass',
  not_applicable: 'not_applicable',
} as const;
