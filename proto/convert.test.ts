import { describe, expect, it } from 'vitest';
import type { Finding } from '../policies/model';
import { findingFromWire, findingToWire } from './convert';
import type { Finding__Output } from './generated/shoumi/v1/Finding';

const present: Finding = {
  seq: 12,
  ruleId: 'wifi-radio-absent',
  clause: '3.7.8',
  subject: 'phy0',
  status: 'fail',
  severity: 'high',
  evidence: { driver: 'iwlwifi' },
  reason: 'a Wi-Fi radio is present',
  observedAtMs: 1_780_000_000_000,
  sweepId: '',
};

/** What grpc-js hands the collector for `finding` sent by findingToWire (proto3 defaults filled in). */
const received = (finding: Finding): Finding__Output => {
  const wire = findingToWire(finding);
  return { ...wire, seq: Number(wire.seq), observedAtMs: Number(wire.observedAtMs) } as Finding__Output;
};

describe('finding wire conversion: gone', () => {
  it('carries a removal across and back', () => {
    const removal: Finding = {
      ...present,
      seq: 13,
      status: 'pass',
      reason: 'no longer present',
      evidence: { present: false },
      gone: true,
    };
    expect(findingToWire(removal).gone).toBe(true);
    expect(findingFromWire(received(removal), 'findings[0]')).toEqual({ ok: true, value: removal });
  });

  it('reads a finding without gone (or from an agent that predates it) as exactly what was sent', () => {
    expect(findingToWire(present).gone).toBe(false);
    const checked = findingFromWire(received(present), 'findings[0]');
    expect(checked).toEqual({ ok: true, value: present });
    expect(checked.ok && 'gone' in checked.value).toBe(false);
  });

  it('refuses a removal that is a verdict (not PASS) or has no subject, naming the field', () => {
    const failing = received({ ...present, gone: true });
    expect(findingFromWire(failing, 'findings[2]')).toEqual({
      ok: false,
      problem: 'findings[2].gone: a finding marking its subject gone must have status PASS, got FAIL',
    });
    const wholeRule = received({ ...present, status: 'pass', subject: '', gone: true });
    expect(findingFromWire(wholeRule, 'findings[0]')).toEqual({
      ok: false,
      problem: 'findings[0].gone: only a finding about a subject can mark it gone (subject is empty)',
    });
  });
});
