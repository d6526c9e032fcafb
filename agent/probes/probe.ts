// A probe reads one fact source of the machine and returns its facts as a value. Failing to read is an
// outcome (`ok: false` naming the path and the errno), never an exception; probes throw only for bugs.

import type { FactName, Facts, ProbeResult } from '../facts';
import type { MachineRoot } from './machine-root';

export interface Probe<K extends FactName> {
  fact: K;
  read(root: MachineRoot): Promise<Facts[K]>;
}

export type ProbeSet = { [K in FactName]: Probe<K> };

export function observed<T>(source: string, facts: T, observedAtMs: number): ProbeResult<T> {
  return { ok: true, facts, source, observedAtMs };
}

export function unavailable<T>(source: string, reason: string, observedAtMs: number): ProbeResult<T> {
  return { ok: false, reason, source, observedAtMs };
}

/**
 * `unavailable` for a fact chosen by a type parameter. The failed shape is the same for every fact, but
 * TypeScript cannot see that `{ ok: false }` fits `Facts[K]` for an unresolved K, hence the one cast.
 */
export function unavailableFact<K extends FactName>(
  source: string,
  reason: string,
  observedAtMs: number,
): Facts[K] {
  return unavailable(source, reason, observedAtMs) as Facts[K];
}
