// Which fleet jobs this collector leads (coordination/coordination.ts, Leadership): 1 while it does, 0 while
// another collector does or none yet. Read at every scrape from the leaderships recorded here, so a lost
// lease shows at the next scrape without anyone telling the metrics. Summed over the collectors, a job's
// value must be 1: 0 is a job nobody runs, 2 a job run twice.
import { Gauge, type Registry } from 'prom-client';
import type { Leadership } from '../coordination/coordination';

/** A job name as the collector spells it ("silence-watch"): a fixed word, never a device's or a person's. */
const JOB_NAME = /^[a-z][a-z0-9-]{0,63}$/;

export interface JobLeadershipMetrics {
  /** From now on the job's gauge reads `leadership.leading`; a second call for the job replaces the first. */
  recordLeadership(job: string, leadership: Pick<Leadership, 'leading'>): void;
}

export function jobLeadershipMetrics(registry: Registry): JobLeadershipMetrics {
  const leaderships = new Map<string, Pick<Leadership, 'leading'>>();
  new Gauge({
    name: 'shoumi_job_leading',
    help: 'Fleet jobs: 1 while this collector leads the job (it runs here and nowhere else), else 0',
    labelNames: ['job'] as const,
    registers: [registry],
    collect() {
      for (const [job, leadership] of leaderships) this.set({ job }, leadership.leading ? 1 : 0);
    },
  });
  return {
    recordLeadership(job, leadership) {
      if (!JOB_NAME.test(job))
        throw new Error(`job leadership metric: "${job}" is not a job name (lower-case words and dashes)`);
      leaderships.set(job, leadership);
    },
  };
}

/**
 * A job that runs on this collector without asking the coordination port (one collector alone, before its
 * jobs are moved onto Coordination.lead): it leads, as nothing else could run the job.
 */
export const RUNS_HERE_ALONE: Pick<Leadership, 'leading'> = { leading: true };
