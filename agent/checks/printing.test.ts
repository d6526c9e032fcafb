// The printing rules on facts the Linux printers probe read from recorded CUPS configurations
// (test/fixtures/roots/host-cups-*), and on an unreadable printers fact through the engine.

import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { EMPTY_LEDGER_SLICE } from '../../policies/model';
import type { Facts } from '../facts';
import { machineRoot } from '../probes/machine-root';
import { linuxPrintersProbe } from '../probes/printers/linux';
import { evaluate } from './engine';
import { contextFor, judgeInEnglish, makeFacts, ruleFor, unreadable } from './facts-for-tests';
import { printingCheck } from './printing';

const ROOTS = path.resolve(__dirname, '../../test/fixtures/roots');
const rules = (allowed: string[] = ['192.0.2.0/24']) => [
  ruleFor('printer-not-shared'),
  ruleFor('network-printer-allowed', { allowed_networks: allowed }),
  ruleFor('print-auditing-enabled'),
];

async function judgeRoot(root: string, allowed?: string[]) {
  const facts = makeFacts({ printers: await linuxPrintersProbe.read(machineRoot(path.join(ROOTS, root))) });
  return judgeInEnglish(printingCheck, facts, contextFor(rules(allowed))).map((outcome) => [
    outcome.ruleId,
    outcome.subject,
    outcome.status,
  ]);
}

describe('printing (3.7.4, 3.7.7)', () => {
  it('passes unshared queues on a local-only server that logs jobs, printers inside the allowed network', async () => {
    expect(await judgeRoot('host-cups-local')).toEqual([
      ['printer-not-shared', '', 'pass'],
      ['network-printer-allowed', 'office-ipp', 'pass'],
      ['print-auditing-enabled', '', 'pass'],
    ]);
  });

  it('fails a shared queue, a server open to the network, a printer by name and one outside', async () => {
    expect(await judgeRoot('host-cups-shared', ['192.0.2.16/28'])).toEqual([
      ['printer-not-shared', 'print server', 'fail'],
      ['printer-not-shared', 'hall-shared', 'fail'],
      ['network-printer-allowed', 'branch-office', 'fail'],
      ['network-printer-allowed', 'hall-shared', 'pass'],
      ['network-printer-allowed', 'office-ipp', 'fail'],
      ['print-auditing-enabled', '', 'pass'],
    ]);
  });

  it("fails Debian's default CUPS on auditing (PageLogFormat is empty)", async () => {
    expect(await judgeRoot('host-cups-default')).toEqual([
      ['printer-not-shared', '', 'pass'],
      ['network-printer-allowed', '', 'pass'],
      ['print-auditing-enabled', '', 'fail'],
    ]);
  });

  it('does not apply auditing where no print system is installed', async () => {
    expect(await judgeRoot('clean')).toContainEqual(['print-auditing-enabled', '', 'not_applicable']);
  });

  it('prefers the ledger networks to the policy', async () => {
    const facts = makeFacts({
      printers: await linuxPrintersProbe.read(machineRoot(path.join(ROOTS, 'host-cups-local'))),
    });
    const outcomes = judgeInEnglish(
      printingCheck,
      facts,
      contextFor(rules(), { allowedNetworks: ['10.0.0.0/8'] }),
    );
    expect(outcomes.find((outcome) => outcome.subject === 'office-ipp')).toMatchObject({
      status: 'fail',
      evidence: { allowedNetworksFrom: 'ledger' },
    });
  });

  it('is an error, never a pass, when the printers cannot be read', () => {
    const facts: Facts = makeFacts({
      printers: unreadable('/etc/cups', 'cannot read /etc/cups/printers.conf: EACCES (permission denied)'),
    });
    const findings = evaluate(
      facts,
      { name: 't', version: '1', rules: rules() },
      EMPTY_LEDGER_SLICE,
      { nowMs: 0, sweepId: 's' },
      { checks: [printingCheck], pending: new Map() },
    );
    expect(findings.map((finding) => finding.status)).toEqual(['error', 'error', 'error']);
    expect(findings[0]!.reason).toContain('EACCES');
  });
});
