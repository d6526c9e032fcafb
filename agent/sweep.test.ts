// A full sweep over every recorded machine root, through the real probes and checks: every rule of the
// baseline answers with a status and a reason, and no pass comes without evidence.
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { baselinePolicyPath } from '../policies/load-policy';
import { agentRuleIds } from '../policies/rule-params';
import { loadPolicyFileAsActive } from './active-policy';
import { machineRoot } from './probes/machine-root';
import { runSweep } from './sweep';

const ROOTS_DIR = path.join(import.meta.dirname, '..', 'test', 'fixtures', 'roots');
const roots = readdirSync(ROOTS_DIR, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name);

describe('a full sweep on each recorded root', async () => {
  const active = await loadPolicyFileAsActive(baselinePolicyPath());

  it.each(roots)('%s: every rule answers with a status and a reason; passes carry evidence', async (name) => {
    const outcome = await runSweep(machineRoot(path.join(ROOTS_DIR, name)), active, { sweepId: '' });
    const answered = new Set(outcome.findings.map((finding) => finding.ruleId));
    expect([...answered].sort()).toEqual(agentRuleIds(active.policy).sort());
    const silent = outcome.findings.filter((finding) => finding.reason.trim() === '');
    expect(silent.map((finding) => `${finding.ruleId} ${finding.status} "${finding.subject}"`)).toEqual([]);
    const bare = outcome.findings.filter((f) => f.status === 'pass' && Object.keys(f.evidence).length === 0);
    expect(bare.map((finding) => finding.ruleId)).toEqual([]);
  });

  it('judges only the facts of the rules asked for (a hot-plug sweep does not wait for every probe)', async () => {
    const outcome = await runSweep(machineRoot(path.join(ROOTS_DIR, 'usb-storage-qemu')), active, {
      sweepId: '',
      onlyRuleIds: ['usb-storage-registered'],
    });
    expect([...outcome.evaluatedRuleIds]).toEqual(['usb-storage-registered']);
    expect(outcome.findings[0]).toMatchObject({ status: 'fail', subject: '46f4:0001:SHM0001STICK' });
  });

  it("hands the collector endpoints to the checks: the recorded link to 10.0.2.100:443 is the agent's own", async () => {
    // net-clean's proc/net/tcp holds one ESTABLISHED socket, 10.0.2.15:42696 → 10.0.2.100:443.
    const root = machineRoot(path.join(ROOTS_DIR, 'net-clean'));
    const peers = async (collectorEndpoints?: { address: string; port: number }[]) =>
      (
        await runSweep(root, active, {
          sweepId: '',
          onlyRuleIds: ['connection-peers-allowed'],
          collectorEndpoints,
        })
      ).findings;
    expect(await peers()).toEqual([
      expect.objectContaining({ status: 'fail', subject: 'tcp 10.0.2.100:443' }),
    ]);
    expect(await peers([{ address: '10.0.2.100', port: 443 }])).toEqual([
      expect.objectContaining({
        status: 'pass',
        subject: '',
        evidence: expect.objectContaining({ ownLinks: 1 }),
      }),
    ]);
  });
});
