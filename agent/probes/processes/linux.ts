// Processes on Linux: the executable name of every process, from /proc/<pid>/comm (the kernel's task name,
// at most 15 characters, e.g. "auditd", "clamonacc"). A process can exit between listing /proc and reading
// its comm; such pids are simply skipped. /proc itself unreadable makes the probe unavailable.

import { readdirSync, readFileSync } from 'node:fs';
import type { ProcessesFacts, ProcessFact } from '../../facts';
import { describeIoError } from '../machine-root';
import { observed, type Probe, unavailable } from '../probe';

const SOURCE = '/proc/[0-9]*/comm';

export const linuxProcessesProbe: Probe<'processes'> = {
  fact: 'processes',
  async read(root) {
    const observedAtMs = Date.now();
    const procDir = root.path('proc');
    let entries: string[];
    try {
      entries = readdirSync(procDir);
    } catch (error) {
      return unavailable(SOURCE, describeIoError(procDir, error), observedAtMs);
    }
    const pids = entries.filter((entry) => /^\d+$/.test(entry)).map(Number);
    // Synchronous reads: procfs answers from memory, and a promise per pid cost ~8× the CPU (machine-root.ts).
    const found = pids.map((pid): ProcessFact | null => {
      try {
        const name = readFileSync(root.path('proc', String(pid), 'comm'), 'utf8').replace(/\n$/, '');
        return { pid, name };
      } catch {
        return null;
      }
    });
    const processes = found
      .filter((process): process is ProcessFact => process !== null)
      .sort((a, b) => a.pid - b.pid);
    if (processes.length === 0)
      // Every Linux system has at least pid 1; none readable means this is not a procfs.
      return unavailable(SOURCE, `no readable ${procDir}/<pid>/comm: not a procfs`, observedAtMs);
    return observed<ProcessesFacts>(SOURCE, { processes }, observedAtMs);
  },
};
