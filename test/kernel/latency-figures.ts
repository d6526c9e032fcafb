// Percentiles for the latency report: nearest-rank, so p99 of 20 samples is the largest one (no
// interpolation pretending to a precision 20 samples do not have).
export interface LatencySummary {
  n: number;
  p50: number | null;
  p99: number | null;
  max: number | null;
  samples: number[];
}

export function summarize(samples: readonly number[]): LatencySummary {
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = (p: number) => (sorted.length ? sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)]! : null);
  return {
    n: sorted.length,
    p50: rank(0.5),
    p99: rank(0.99),
    max: sorted.at(-1) ?? null,
    samples: [...samples],
  };
}
