// Canary results as the probe gives them; the probe itself is tested against loopback listeners in
// agent/probes/canary/, and end to end against a host in a network namespace in test/netns/.
import { describe, expect, it } from 'vitest';
import { EMPTY_LEDGER_SLICE } from '../../policies/model';
import type { CanaryResult } from '../facts';
import { canaryCheck } from './canary';
import { evaluate } from './engine';
import { contextFor, judgeInEnglish, makeFacts, ruleFor, unreadable } from './facts-for-tests';

const rule = (endpoints: { host: string; port: number }[]) =>
  ruleFor('canary-endpoints-unreachable', { endpoints });
const canary = (results: CanaryResult[]) =>
  makeFacts({ canary: { ok: true, facts: { results }, source: 'tcp connect', observedAtMs: 0 } });

describe('canary endpoints (3.7.4)', () => {
  it('is not applicable with no endpoints listed', () => {
    expect(judgeInEnglish(canaryCheck, canary([]), contextFor([rule([])]))).toEqual([
      expect.objectContaining({ status: 'not_applicable', reason: 'no canary endpoints listed' }),
    ]);
  });

  it('fails a reached endpoint, passes an unreached one, and errs on one not tried', () => {
    const facts = canary([
      { endpoint: '203.0.113.1:443', reachable: true, error: null, elapsedMs: 2 },
      { endpoint: '[2001:db8::1]:80', reachable: false, error: 'ENETUNREACH', elapsedMs: 1 },
    ]);
    const outcomes = judgeInEnglish(
      canaryCheck,
      facts,
      contextFor([
        rule([
          { host: '203.0.113.1', port: 443 },
          { host: '2001:db8::1', port: 80 },
          { host: 'www.example.com', port: 443 },
        ]),
      ]),
    );
    expect(outcomes.map((outcome) => [outcome.subject, outcome.status])).toEqual([
      ['203.0.113.1:443', 'fail'],
      ['[2001:db8::1]:80', 'pass'],
      ['www.example.com:443', 'error'],
    ]);
  });

  it('gives error when the probe could not run', () => {
    const policy = { name: 't', version: '1', rules: [rule([{ host: '203.0.113.1', port: 443 }])] };
    const facts = makeFacts({ canary: unreadable('tcp connect', 'canary probe not implemented') });
    const findings = evaluate(facts, policy, EMPTY_LEDGER_SLICE, { nowMs: 0, sweepId: 's' });
    expect(findings).toEqual([expect.objectContaining({ status: 'error' })]);
  });
});
