// Ingest as the agent service sees it: each finding batch handed to the store (the group commit) and what
// came back. Measured around the store call, from outside the store (the store's own code is not touched):
// the agent service is given the store through `observedIngest`, which times `recordFindings` and counts
// its result. Every other method passes through untouched.
//
//   shoumi_findings_stored_total          findings newly stored (their rate is the ingest rate)
//   shoumi_findings_duplicate_total       findings sent again that were stored already (a lost ack)
//   shoumi_findings_refused_total         refusals standing in the commit's answer (finding-refusal.ts)
//   shoumi_ingest_commit_seconds          from handing a batch to the group commit to its being durable
//   shoumi_ingest_commit_failures_total   batches the store could not commit (the stream is refused)
import { Counter, Histogram, type Registry } from 'prom-client';
import type { Store } from '../store/store';

export interface IngestMetrics {
  /** The store as the agent service should see it: recordFindings measured, the rest as it is. */
  observedIngest(store: Store): Store;
}

export function ingestMetrics(registry: Registry): IngestMetrics {
  const counter = (name: string, help: string) => new Counter({ name, help, registers: [registry] });
  const stored = counter('shoumi_findings_stored_total', 'Findings agents sent that this collector stored');
  const duplicates = counter(
    'shoumi_findings_duplicate_total',
    'Findings agents sent again that were stored already (their ack was lost)',
  );
  const refused = counter(
    'shoumi_findings_refused_total',
    'Findings refused for good (a broken limit or rule of the contract), as the commit answered',
  );
  const failures = counter(
    'shoumi_ingest_commit_failures_total',
    'Finding batches the store could not commit',
  );
  const commitSeconds = new Histogram({
    name: 'shoumi_ingest_commit_seconds',
    help: 'Time from handing a finding batch to the group commit until it is durable',
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });

  const recordFindings =
    (store: Store): Store['recordFindings'] =>
    async (...args) => {
      const end = commitSeconds.startTimer();
      try {
        const result = await store.recordFindings(...args);
        end();
        stored.inc(result.stored);
        duplicates.inc(result.duplicates);
        refused.inc(result.refused?.length ?? 0);
        return result;
      } catch (error) {
        failures.inc();
        throw error;
      }
    };

  return {
    observedIngest(store) {
      const measured = recordFindings(store);
      const bound = new Map<PropertyKey, unknown>();
      // Methods are bound to the store itself: whatever it keeps behind `this` is reached as before.
      return new Proxy(store, {
        get(target, key) {
          if (key === 'recordFindings') return measured;
          const value = Reflect.get(target, key, target);
          if (typeof value !== 'function') return value;
          if (!bound.has(key)) bound.set(key, value.bind(target));
          return bound.get(key);
        },
      });
    },
  };
}
