import { describe, expect, it } from 'vitest';
import type { Finding } from '../policies/model';
import { findingFromWire, findingToWire } from './convert';
import type { AgentMessage__Output } from './generated/shoumi/v1/AgentMessage';
import type { Finding__Output } from './generated/shoumi/v1/Finding';
import { loadContract } from './load';

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

describe('finding wire conversion: reason code and parameters', () => {
  const coded: Finding = {
    ...present,
    reason: 'USB storage 0781:5567:4C53 is not registered in the ledger',
    reasonCode: 'usb.unregistered-medium',
    reasonParams: { device: '0781:5567:4C53', note: '第一行\n第二行' },
  };
  // The real encoding: the agent's Connect request serialised to bytes and read back as the collector does.
  const connect = loadContract().shoumi.v1.AgentService.service.Connect;
  const throughBytes = (finding: Finding): Finding__Output => {
    const bytes = connect.requestSerialize({ findings: { findings: [findingToWire(finding)] } });
    return (connect.requestDeserialize(bytes) as AgentMessage__Output).findings!.findings[0]!;
  };

  it('carries a code and its parameters across the wire and back', () => {
    const wire = throughBytes(coded);
    expect(wire.reasonCode).toBe('usb.unregistered-medium');
    expect(wire.reasonParams).toEqual({ device: '0781:5567:4C53', note: '第一行\n第二行' });
    expect(findingFromWire(wire, 'findings[0]')).toEqual({ ok: true, value: coded });
  });

  it('reads a finding without a code (an older agent) as exactly what was sent, with no code', () => {
    const checked = findingFromWire(throughBytes(present), 'findings[0]');
    expect(checked).toEqual({ ok: true, value: present });
    expect(checked.ok && 'reasonCode' in checked.value).toBe(false);
  });

  it.each([
    [
      'a code in capitals',
      { reasonCode: 'USB.Unregistered' },
      'findings[1].reason_code: expected lowercase letters, digits, dots and dashes (1..64, e.g. "usb.unregistered-medium"), got "USB.Unregistered"',
    ],
    [
      'a code of 65 characters',
      { reasonCode: `a${'b'.repeat(64)}` },
      `findings[1].reason_code: expected lowercase letters, digits, dots and dashes (1..64, e.g. "usb.unregistered-medium"), got "a${'b'.repeat(62)}…"`,
    ],
    [
      '17 parameters',
      {
        reasonParams: Object.fromEntries(Array.from({ length: 17 }, (_, index) => [`p${index}`, 'x'])),
      },
      'findings[1].reason_params: expected at most 16 parameters, got 17',
    ],
    [
      'a parameter name starting with a digit',
      { reasonParams: { '1st': 'x' } },
      'findings[1].reason_params: expected parameter names of a letter then letters, digits or _ (1..32), got "1st"',
    ],
    [
      'a value of 1025 characters',
      { reasonParams: { device: 'x'.repeat(1025) } },
      'findings[1].reason_params[device]: expected at most 1024 characters, got 1025',
    ],
    [
      'a value with a bidi override',
      { reasonParams: { device: 'gpj\u202Eexe' } },
      'findings[1].reason_params[device]: contains U+202E, a bidi control, at character 4',
    ],
    [
      'parameters without a code',
      { reasonCode: '', reasonParams: { device: 'x' } },
      'findings[1].reason_params: expected no parameters without a reason_code',
    ],
  ])('refuses %s, naming the field', (_what, change, problem) => {
    const wire = throughBytes({ ...coded, ...change });
    expect(findingFromWire(wire, 'findings[1]')).toEqual({ ok: false, problem });
  });

  it('takes exactly 16 parameters and a value of exactly 1024 characters', () => {
    const sixteen = Object.fromEntries(
      Array.from({ length: 16 }, (_, index) => [`p${index}`, 'y'.repeat(1024)]),
    );
    expect(findingFromWire(throughBytes({ ...coded, reasonParams: sixteen }), 'findings[0]').ok).toBe(true);
  });
});
