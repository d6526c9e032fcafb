// Settling refused records: what happens, in this order, before the link writes an ack that covers one (the
// ack file is what drops a record from the outbox, so it comes last).
//
//   (a) keep     each refused record as it was, with the reason, fsynced (outbox/refused-records.ts)
//   (b) report   append a finding that reports each refusal (outbox/refused-record-finding.ts): the same rule
//                and subject with status `error`, or an agent-outbox-record-refused notice (also when a newer
//                finding of that key already follows in the outbox: its verdict stands); a refused report is
//                only kept and logged
//   (c) unmark   mark each replaced (rule, subject) unreported (reported-state.ts), so that the next sweep
//                sends its real verdict whatever it is, and that verdict replaces the `error`
//   (d) ack      the link records the ack (link.ts), once this resolved ok
//
// (b) and (c) run inside the runtime's commit order (`exclusive`), as a sweep's append and reported-state
// commit do: a sweep that chose what to send before the key was marked cannot write its state over the mark
// afterwards, and its verdict, appended after the report, is the one the collector keeps.
//
// Crash points (the refusal always comes again until (d): the hello's ack lists every refusal above the
// agent's ack file, and a record the agent refuses itself is refused again when it is next sent):
//   S1 during (a): K1/K2 of refused-records.ts; nothing else happened.
//   S2 after (a), before (b): kept; (a) again later writes the same file; (b) then runs for the first time.
//   S3 after (b), before (c): the report is in the outbox (after the refused seq, so still pending); when the
//      refusal comes again, a pending report for that seq is found and not appended twice; (c) then runs.
//   S4 after (c), before (d): (a) and (c) again change nothing; (b) finds its report pending.
// So a crash loses no refusal, and reports one at most once while it is pending; once its report is acked,
// the refused record is acked with it, so the refusal cannot come again.
//
// An append refused because the outbox is full (nothing superseded to drop) does not hold up the ack: the
// record is kept and the refusal logged, the key is still marked, and the ack is what lets the outbox drain.
// Any other failure (disk) resolves not ok: the link ends the stream without writing the ack, and the
// refusal is settled again on the next one.
import type { AgentLog } from '../agent-log';
import type { Outbox } from '../outbox/outbox';
import { refusalReport, reportedRefusalSeq } from '../outbox/refused-record-finding';
import type { RefusedRecords } from '../outbox/refused-records';
import type { Refused, SettleOutcome, SettleRefused } from './delivery';

export interface SettleDeps {
  outbox: Outbox;
  kept: RefusedRecords;
  /** Marks (rule, subject) keys unreported (reported-state.ts markUnreported). */
  markUnreported(keys: ReadonlyArray<{ ruleId: string; subject: string }>): Promise<void>;
  /** Runs `work` in the runtime's commit order (beside no sweep commit); at once when absent. */
  exclusive?: <T>(work: () => Promise<T>) => Promise<T>;
  log: AgentLog;
  nowMs?: () => number;
}

const keyOf = (finding: { ruleId: string; subject: string }) => `${finding.ruleId}\u0000${finding.subject}`;

export function settleRefusals(deps: SettleDeps): SettleRefused {
  const nowMs = deps.nowMs ?? Date.now;
  const exclusive = deps.exclusive ?? ((work) => work());
  return async (refused: readonly Refused[]): Promise<SettleOutcome> => {
    const unique = [...new Map(refused.map((one) => [one.record.seq, one])).values()];
    if (unique.length === 0) return { ok: true };
    const atMs = nowMs();

    // (a)
    const keptAs = new Map<number, string>();
    for (const { record, refusedBy, reason } of unique) {
      const kept = await deps.kept.keep({ seq: record.seq, refusedAtMs: atMs, refusedBy, reason, record });
      if (!kept.ok) return kept;
      keptAs.set(record.seq, kept.file);
    }

    return exclusive(async (): Promise<SettleOutcome> => {
      // (b) A report of the same seq still pending was appended before a crash (S3, S4): not again.
      const lowest = Math.min(...unique.map(({ record }) => record.seq));
      const pendingReports = new Set<number>();
      /** Newest pending seq of each (rule, subject), reports and the refused themselves left out. */
      const newestOfKey = new Map<string, number>();
      const refusedSeqs = new Set(unique.map(({ record }) => record.seq));
      for (const finding of deps.outbox.pending(lowest, Number.POSITIVE_INFINITY)) {
        const seq = reportedRefusalSeq(finding);
        if (seq !== null) pendingReports.add(seq);
        else if (!refusedSeqs.has(finding.seq)) newestOfKey.set(keyOf(finding), finding.seq);
      }
      const reports = [];
      const replacedKeys: Array<{ ruleId: string; subject: string }> = [];
      for (const { record, refusedBy, reason } of unique) {
        const file = keptAs.get(record.seq)!;
        const newer = newestOfKey.get(keyOf(record));
        const report = refusalReport(
          { seq: record.seq, refusedAtMs: atMs, refusedBy, reason, record },
          file,
          atMs,
          newer !== undefined && newer > record.seq ? newer : undefined,
        );
        deps.log.warn('finding refused for good', {
          seq: record.seq,
          ruleId: record.ruleId,
          subject: record.subject,
          refusedBy,
          reason,
          keptAs: file,
          reportedAs: report.kind,
        });
        if (report.kind === 'none') continue;
        if (!pendingReports.has(record.seq)) reports.push(report.finding);
        if (report.kind === 'replacement')
          replacedKeys.push({ ruleId: record.ruleId, subject: record.subject });
      }
      if (reports.length > 0) {
        const appended = await deps.outbox.append(reports);
        if (!appended.ok && appended.reason !== 'full') return { ok: false, message: appended.message };
        if (!appended.ok) {
          deps.log.error('refusals kept but not reported: the outbox is full', {
            seqs: unique.map(({ record }) => record.seq),
            error: appended.message,
          });
        }
      }
      // (c)
      if (replacedKeys.length > 0) {
        try {
          await deps.markUnreported(replacedKeys);
        } catch (error) {
          return { ok: false, message: `marking refused keys unreported: ${(error as Error).message}` };
        }
      }
      return { ok: true };
    });
  };
}
