// Coverage of a sweep in the words the security office uses: answered, failed, offline (not connected when
// pushed and not back since: it runs the sweep when it reconnects) and waiting (pushed, no answer yet).
import type { SweepCounts, SweepTargetRecord } from '../store/store';

export interface SweepCoverage {
  targets: number;
  answered: number;
  failed: number;
  offline: number;
  waiting: number;
  /** Every target answered or failed. */
  complete: boolean;
}

export function coverageOf(counts: SweepCounts): SweepCoverage {
  return {
    targets: counts.targets,
    answered: counts.answered,
    failed: counts.failed,
    offline: counts.pending,
    waiting: counts.sent,
    complete: counts.pending + counts.sent === 0,
  };
}

/** Counts targets by state: what the store's counters must always equal. */
export function countTargets(targets: ReadonlyArray<Pick<SweepTargetRecord, 'state'>>): SweepCounts {
  const counts: SweepCounts = { targets: targets.length, pending: 0, sent: 0, answered: 0, failed: 0 };
  for (const target of targets) counts[target.state] += 1;
  return counts;
}
