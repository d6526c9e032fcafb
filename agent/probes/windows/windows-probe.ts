// The shape every Windows probe shares: run its PowerShell commands, and either build the facts from
// their records or say which command failed and why.

import type { FactName, Facts, ProbeResult } from '../../facts';
import { type Probe, unavailableFact } from '../probe';
import type { JsonRecord } from './powershell-json';
import { type PowerShellCommand, type PowerShellRunner, powerShellRunner } from './powershell-runner';
import { readCommands } from './read-commands';

export type FactsOf<K extends FactName> = Facts[K] extends ProbeResult<infer T> ? T : never;

export interface WindowsProbeSpec<K extends FactName, N extends string> {
  fact: K;
  /** What the evidence names as the source, e.g. "Get-NetRoute, Get-NetTCPConnection". */
  source: string;
  commands: Readonly<Record<N, PowerShellCommand>>;
  build(records: Record<N, JsonRecord[]>): FactsOf<K>;
}

export function windowsProbe<K extends FactName, N extends string>(
  spec: WindowsProbeSpec<K, N>,
  run: PowerShellRunner = powerShellRunner(),
): Probe<K> {
  return {
    fact: spec.fact,
    async read() {
      const observedAtMs = Date.now();
      const read = await readCommands(run, spec.commands);
      if (!read.ok) return unavailableFact<K>(spec.source, read.reason, observedAtMs);
      // Same cast as unavailableFact: Facts[K] is ProbeResult<FactsOf<K>>, which TypeScript cannot see
      // for an unresolved K. Through unknown: with more than 16 facts, comparing the two directly makes a
      // union too complex for the compiler to represent (TS2590).
      const result: ProbeResult<FactsOf<K>> = {
        ok: true,
        facts: spec.build(read.records),
        source: spec.source,
        observedAtMs,
      };
      return result as unknown as Facts[K];
    },
  };
}
