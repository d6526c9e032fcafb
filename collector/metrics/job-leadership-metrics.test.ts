import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { inProcessCoordination } from '../coordination/in-process';
import { jobLeadershipMetrics, RUNS_HERE_ALONE } from './job-leadership-metrics';

async function leading(registry: Registry): Promise<Record<string, number>> {
  const metric = await registry.getSingleMetric('shoumi_job_leading')!.get();
  return Object.fromEntries(metric.values.map((value) => [String(value.labels.job), value.value]));
}

describe('job leadership metric', () => {
  it('reads each recorded leadership at every scrape: 1 while leading, 0 once it stopped', async () => {
    const registry = new Registry();
    const metrics = jobLeadershipMetrics(registry);
    const coordination = inProcessCoordination();
    const watch = coordination.lead('silence-watch', async (signal) => {
      await new Promise((resolve) => signal.addEventListener('abort', resolve));
    });
    metrics.recordLeadership('silence-watch', watch);
    metrics.recordLeadership('sweep-expiry', RUNS_HERE_ALONE);
    expect(await leading(registry)).toEqual({ 'silence-watch': 1, 'sweep-expiry': 1 });

    await watch.stop();
    expect(await leading(registry)).toEqual({ 'silence-watch': 0, 'sweep-expiry': 1 });
    await coordination.close();
  });

  it('refuses a label that is not a job name (a device id, a sentence)', () => {
    const metrics = jobLeadershipMetrics(new Registry());
    for (const bad of ['', 'Silence Watch', 'device:ws-0042', 'a'.repeat(65)]) {
      expect(() => metrics.recordLeadership(bad, RUNS_HERE_ALONE)).toThrow(/is not a job name/);
    }
  });
});
