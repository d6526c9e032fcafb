// One current state per (device, rule, subject), never a contradictory one: the rule that decides which
// findings of one (device, rule) are current, backend-neutral (a backend only carries out what it returns).
//
// Applying a (device, rule)'s findings one by one in seq order:
//   - a finding about a subject becomes current for that subject and closes the whole-rule row (subject "");
//   - a whole-rule finding becomes current for "" and closes every subject row;
//   - a `gone` finding closes its own subject's row and is not itself current;
//   - a closed row leaves current findings; the finding stays in history.
// The end state of that replay has a closed form, which is what lets a backend apply a group of findings
// without replaying and without reading the current rows first. Over the rule's whole history H:
//   - the whole-rule row is current iff the newest whole-rule finding is not gone and no subject finding
//     that is not gone is newer;
//   - subject x is current iff x's newest finding is not gone and no whole-rule finding that is not gone is
//     newer.
// So with R = every finding of the (device, rule) from some seq m on (the new ones and any stored ones at or
// above m), the change from the current rows (the closed form over the history before) needs R alone:
//   1. subject rows older than R's newest standing whole-rule finding close;
//   2. the whole-rule row, if older than R's newest standing subject finding, closes;
//   3. R's newest whole-rule finding becomes current if it stands and no standing subject finding in R is
//      newer, else a "" row older than it closes (it was a removal);
//   4. each subject's newest finding in R becomes current if it stands and is newer than R's newest
//      standing whole-rule finding; if it is gone, the subject's older row closes.
// ("Standing": not gone.) Each close carries a bound: only rows older than it close, and an upsert replaces
// only an older row, so an agent's late finding (a seq below ones already stored) changes nothing it should
// not. When every finding in R is newer than everything stored (the usual ingest), R is just the new
// findings; when some are late, R must include the stored findings from the lowest late seq on.
// (The SQLite backend, sqlite/current-findings.ts, leaves the closes that a row becoming current implies —
// 1 and 2 for a current row of the other kind — to triggers, and issues only the rest.)

/** What the rule reads of a finding; seqs order findings of one (device, rule). */
export interface RuleFinding {
  seq: number;
  subject: string;
  gone?: boolean;
}

export interface CurrentStateChange<F extends RuleFinding> {
  /** Findings to make current, one per key, each replacing only an older row of its key. */
  current: F[];
  /** Subject rows (subject <> "") older than this seq close; null: none. */
  closeSubjectsBelow: number | null;
  /** Rows of one key older than `belowSeq` close (a "" key is the whole-rule row). */
  closeKeys: Array<{ subject: string; belowSeq: number }>;
}

/**
 * The change to one (device, rule)'s current rows that the findings `r` bring (see the header for what `r`
 * must hold). Pure; `r` in any order.
 */
export function currentStateChange<F extends RuleFinding>(r: readonly F[]): CurrentStateChange<F> {
  // One finding, the usual case in a group commit of many devices: the same answer as below, without its
  // bookkeeping.
  if (r.length === 1) {
    const only = r[0]!;
    if (only.gone === true)
      return {
        current: [],
        closeSubjectsBelow: null,
        closeKeys: [{ subject: only.subject, belowSeq: only.seq }],
      };
    return only.subject === ''
      ? { current: [only], closeSubjectsBelow: only.seq, closeKeys: [] }
      : { current: [only], closeSubjectsBelow: null, closeKeys: [{ subject: '', belowSeq: only.seq }] };
  }
  let newestWhole: F | null = null;
  let standingWholeSeq: number | null = null;
  let standingSubjectSeq: number | null = null;
  const newestBySubject = new Map<string, F>();
  for (const finding of r) {
    if (finding.subject === '') {
      if (newestWhole === null || finding.seq > newestWhole.seq) newestWhole = finding;
      if (finding.gone !== true) standingWholeSeq = Math.max(standingWholeSeq ?? finding.seq, finding.seq);
    } else {
      const kept = newestBySubject.get(finding.subject);
      if (kept === undefined || finding.seq > kept.seq) newestBySubject.set(finding.subject, finding);
      if (finding.gone !== true)
        standingSubjectSeq = Math.max(standingSubjectSeq ?? finding.seq, finding.seq);
    }
  }

  const current: F[] = [];
  const closeKeys: Array<{ subject: string; belowSeq: number }> = [];
  // 3, and 2 where 3 leaves the whole-rule row to close (a current newest whole-rule finding replaces it).
  if (
    newestWhole !== null &&
    newestWhole.gone !== true &&
    (standingSubjectSeq === null || standingSubjectSeq < newestWhole.seq)
  ) {
    current.push(newestWhole);
  } else {
    const below = Math.max(standingSubjectSeq ?? -Infinity, newestWhole?.seq ?? -Infinity);
    if (below !== -Infinity) closeKeys.push({ subject: '', belowSeq: below });
  }
  // 4 (a subject's newest finding that stands but is older than a standing whole-rule one is closed by 1).
  for (const [subject, newest] of newestBySubject) {
    if (newest.gone === true) closeKeys.push({ subject, belowSeq: newest.seq });
    else if (standingWholeSeq === null || newest.seq > standingWholeSeq) current.push(newest);
  }
  // 1
  return { current, closeSubjectsBelow: standingWholeSeq, closeKeys };
}
