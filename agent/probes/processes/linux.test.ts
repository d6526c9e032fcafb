// Against host-processes (this sandbox's /proc/<pid>/comm, recorded while auditd 3.0.9 ran; see its
// README) and against the live /proc of the test run itself.

import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { machineRoot } from '../machine-root';
import { linuxProcessesProbe } from './linux';

const ROOTS = path.resolve(__dirname, '../../../test/fixtures/roots');

describe('linux processes probe', () => {
  it('reads every recorded process name, auditd and the kernel thread kauditd among them', async () => {
    const result = await linuxProcessesProbe.read(machineRoot(path.join(ROOTS, 'host-processes')));
    if (!result.ok) throw new Error(result.reason);
    const names = result.facts.processes.map((process) => process.name);
    expect(names).toContain('auditd');
    expect(names).toContain('kauditd');
    expect(result.facts.processes.find((process) => process.name === 'kauditd')?.pid).toBe(30);
  });

  it.runIf(process.platform === 'linux')('finds this very process in the live /proc', async () => {
    const result = await linuxProcessesProbe.read(machineRoot('/'));
    if (!result.ok) throw new Error(result.reason);
    expect(result.facts.processes.map((entry) => entry.pid)).toContain(process.pid);
  });

  it('is unavailable, naming /proc and the errno, without a procfs', async () => {
    const result = await linuxProcessesProbe.read(machineRoot(path.join(ROOTS, 'host-cups-default')));
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toMatch(/proc: ENOENT/);
  });
});
