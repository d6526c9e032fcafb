// Every reason the checks and the engine give, over every machine root recorded under test/fixtures/roots
// and several ledgers, is a code the catalogue knows, with exactly the parameters its text names; every FAIL
// and ERROR among them carries a remediation. The compiler already refuses an unknown code in a check
// (ReasonCode); this catches what only running shows: a parameter left unfilled, a code built at run time.

import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { baselinePolicyPath, formatPolicyProblems, parsePolicy } from '../../policies/load-policy';
import { REASON_CATALOGUE } from '../../policies/messages/reason-catalogue';
import { EMPTY_LEDGER_SLICE, type LedgerSlice, type UnsequencedFinding } from '../../policies/model';
import { probesFor, readFacts } from '../probes';
import { machineRoot } from '../probes/machine-root';
import { probeOptionsFromPolicy } from '../probes/probe-options';
import { evaluate, neededFacts } from './engine';

const ROOTS = path.join(__dirname, '..', '..', 'test', 'fixtures', 'roots');
const placeholders = (template: string) =>
  [...template.matchAll(/\{([A-Za-z][A-Za-z0-9_]*)\}/g)].map((match) => match[1]!).sort();

function baseline() {
  const file = baselinePolicyPath();
  const result = parsePolicy(readFileSync(file, 'utf8'), file);
  if (!result.ok) throw new Error(formatPolicyProblems(result.errors));
  return result.policy;
}

/** Ledgers that lead the checks down their other roads: a known level, registered media of every status. */
function ledgers(): LedgerSlice[] {
  const medium = (serial: string, vendorId: string, productId: string) => ({
    serial,
    vendorId,
    productId,
    assetNumber: `U-${serial.slice(0, 4)}`,
    responsiblePerson: '张三',
  });
  // The sticks of the recorded roots (usb-storage-qemu, gadget-receiver-and-stick, usb-stick-in-and-out).
  const sticks = [
    medium('SHM0001STICK', '46f4', '0001'),
    medium('4C530001090321117410', '0951', '1666'),
    medium('000000001532', '05e3', '0751'),
  ];
  return [
    EMPTY_LEDGER_SLICE,
    {
      classification: 'confidential',
      assetNumber: 'A-1',
      allowedNetworks: ['10.0.0.0/8', '192.168.0.0/16', 'fd00::/8'],
      media: sticks.map((stick) => ({ ...stick, classification: 'secret', status: 'in_use' })),
    },
    {
      classification: 'secret',
      assetNumber: 'A-2',
      allowedNetworks: [],
      media: sticks.map((stick, index) => ({
        ...stick,
        classification: 'top_secret',
        status: (['lost', 'retired', 'in_use'] as const)[index]!,
      })),
    },
    {
      ...EMPTY_LEDGER_SLICE,
      media: sticks.map((stick) => ({ ...stick, classification: 'secret', status: 'in_use' })),
    },
  ];
}

async function findingsOverRecordedRoots(): Promise<UnsequencedFinding[]> {
  const policy = baseline();
  const probes = probesFor('linux', probeOptionsFromPolicy(policy));
  const findings: UnsequencedFinding[] = [];
  const roots = readdirSync(ROOTS, { withFileTypes: true }).filter((entry) => entry.isDirectory());
  for (const entry of [...roots.map((root) => root.name), 'no-such-machine']) {
    const facts = await readFacts(
      machineRoot(path.join(ROOTS, entry.toString())),
      neededFacts(policy),
      probes,
    );
    for (const ledger of ledgers())
      findings.push(...evaluate(facts, policy, ledger, { nowMs: Date.now(), sweepId: '' }));
  }
  return findings;
}

describe('reason codes given over the recorded machines', () => {
  it('are all in the catalogue, with the parameters their text names; FAIL and ERROR have a remediation', async () => {
    const findings = await findingsOverRecordedRoots();
    const problems: string[] = [];
    const seen = new Set<string>();
    for (const finding of findings) {
      const code = finding.reasonCode ?? '(none)';
      seen.add(`${code} ${finding.status}`);
      const entry = REASON_CATALOGUE.get(code);
      if (!entry) {
        problems.push(`${finding.ruleId}: code ${code} is not in the catalogue`);
        continue;
      }
      const given = Object.keys(finding.reasonParams ?? {}).sort();
      if (JSON.stringify(given) !== JSON.stringify(placeholders(entry.en)))
        problems.push(
          `${code}: parameters ${given.join(',')} but the text names ${placeholders(entry.en).join(',')}`,
        );
      if ((finding.status === 'fail' || finding.status === 'error') && !entry.remediation)
        problems.push(`${code}: a ${finding.status} without a remediation`);
    }
    expect(problems).toEqual([]);
    // The run is worth something only if it went down many roads: passes, fails and errors of most families.
    const families = new Set([...seen].map((key) => key.split('.')[0]));
    expect(families.size).toBeGreaterThanOrEqual(14);
    expect(seen.size).toBeGreaterThan(50);
    console.log(
      `reason codes seen over the recorded roots: ${seen.size} code/status pairs, ${families.size} families`,
    );
  }, 120_000);
});
