// A collector started in this process on a data directory a test has prepared (and perhaps tampered with):
// ports 0, the baseline policy, silent log. Its start-up may refuse the directory (audit/start-up-check.ts).
import { type RunningCollector, startCollector } from '../../collector/collector-server';
import { silentLogger } from '../../collector/logger';
import { baselinePolicyPath } from '../../policies/load-policy';

export function inProcessCollectorOn(
  dataDir: string,
  options: { newAuditEpoch?: { reason: string } } = {},
): Promise<RunningCollector> {
  return startCollector({
    dataDir,
    listen: '127.0.0.1:0',
    enrolListen: '127.0.0.1:0',
    adminListen: '127.0.0.1:0',
    policyFile: baselinePolicyPath(),
    log: silentLogger,
    ...options,
  });
}
