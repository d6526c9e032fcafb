// "Newer reading wins": what a sweep may commit when sweeps read the machine side by side.
//
// An immediate sweep (a stick's descriptors) may read while a full sweep is still reading, and the two
// commit one after the other in the order they finish reading. A full sweep that read the USB bus before the
// stick appeared, and finishes after the immediate sweep committed the stick's fail, must not overwrite that
// fail with its older pass (or a "no longer present"). So each rule remembers the number of the reading last
// committed for it, and a sweep that started reading before that number drops its results for the rule: a
// newer look at the machine has already been reported. Numbers, not clock times: two sweeps can start in the
// same millisecond, and the wall clock can step back.
//
// Sweeps that run one after the other never drop anything: each starts after the last one committed.
import type { UnsequencedFinding } from '../../policies/model';

export interface Reading {
  findings: UnsequencedFinding[];
  evaluatedRuleIds: Set<string>;
}

export interface KeptReading extends Reading {
  /** Rules left out because a reading that started later was already committed for them, in input order. */
  droppedRuleIds: string[];
}

export interface ReadingOrder {
  /** Pure: the part of a reading numbered `number` that no newer committed reading has superseded. */
  keepNewer(number: number, reading: Reading): KeptReading;
  /** Records that reading `number` was committed for these rules (call only once it is durable). */
  committed(number: number, ruleIds: Iterable<string>): void;
}

export function createReadingOrder(): ReadingOrder {
  const lastCommitted = new Map<string, number>();
  const superseded = (number: number, ruleId: string) => (lastCommitted.get(ruleId) ?? -1) > number;
  return {
    keepNewer(number, reading) {
      const droppedRuleIds = [...reading.evaluatedRuleIds].filter((ruleId) => superseded(number, ruleId));
      if (droppedRuleIds.length === 0) return { ...reading, droppedRuleIds };
      return {
        findings: reading.findings.filter((finding) => !superseded(number, finding.ruleId)),
        evaluatedRuleIds: new Set(
          [...reading.evaluatedRuleIds].filter((ruleId) => !superseded(number, ruleId)),
        ),
        droppedRuleIds,
      };
    },
    committed(number, ruleIds) {
      for (const ruleId of ruleIds)
        lastCommitted.set(ruleId, Math.max(number, lastCommitted.get(ruleId) ?? Number.NEGATIVE_INFINITY));
    },
  };
}
