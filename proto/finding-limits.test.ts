import { describe, expect, it } from 'vitest';
import { agentTextProblem } from './agent-text-guard';
import {
  boundEvidence,
  boundFinding,
  boundText,
  EVIDENCE_BUDGET_BYTES,
  FINDING_LIMITS,
  findingLimitProblem,
  jsonDepth,
  reasonCodeProblem,
} from './finding-limits';

const bytes = (value: unknown) => Buffer.byteLength(JSON.stringify(value), 'utf8');

/** `{a: {a: … {a: 1}}}` with `levels` objects. */
function nested(levels: number): Record<string, unknown> {
  let value: Record<string, unknown> = { a: 1 };
  for (let level = 1; level < levels; level++) value = { a: value };
  return value;
}

describe('finding limits', () => {
  it('depth counts objects and arrays, scalars are 0 (hand-counted)', () => {
    expect(jsonDepth(1)).toBe(0);
    expect(jsonDepth({})).toBe(1);
    expect(jsonDepth({ a: [1, { b: [] }] })).toBe(4);
    expect(jsonDepth(nested(5000))).toBe(5000);
  });

  it('evidence within the budget and the depth limit is returned as the same object', () => {
    const evidence = { interfaces: ['wlan0'], phy: 'phy0' };
    expect(boundEvidence(evidence)).toBe(evidence);
  });

  it('3,000 sockets to one peer are summarised to the first items with a note of what was cut', () => {
    const sockets = Array.from({ length: 3000 }, (_, index) => ({
      protocol: 'tcp',
      local: { address: '10.1.2.3', port: 40000 + index },
      remote: { address: '93.184.216.34', port: 443 },
      state: 'ESTABLISHED',
    }));
    const evidence = { peer: 'tcp 93.184.216.34:443', sockets, socketCount: 3000 };
    expect(bytes(evidence)).toBeGreaterThan(200_000);
    const bounded = boundEvidence(evidence);
    expect(bytes(bounded)).toBeLessThanOrEqual(EVIDENCE_BUDGET_BYTES);
    expect(bounded.peer).toBe('tcp 93.184.216.34:443');
    expect(bounded.socketCount).toBe(3000);
    expect((bounded.sockets as unknown[]).length).toBe(50);
    expect(bounded.sockets as unknown[]).toEqual(sockets.slice(0, 50));
    expect(bounded.truncated).toEqual({
      originalBytes: bytes(evidence),
      lists: [{ path: 'sockets', total: 3000, kept: 50 }],
      objects: [],
      strings: 0,
      deepValues: 0,
    });
  });

  it('evidence nested 5,000 deep keeps the top levels and replaces the rest with a note', () => {
    const bounded = boundEvidence(nested(5000));
    expect((bounded.truncated as { originalBytes: unknown }).originalBytes).toBeNull();
    expect(jsonDepth(bounded)).toBeLessThanOrEqual(FINDING_LIMITS.evidenceDepth);
    expect(bytes(bounded)).toBeLessThanOrEqual(EVIDENCE_BUDGET_BYTES);
    expect((bounded.truncated as { deepValues: number }).deepValues).toBe(1);
  });

  it('evidence too large for any summary keeps only its keys', () => {
    const evidence: Record<string, unknown> = {};
    for (let index = 0; index < 5000; index++) evidence[`key-${index}-${'x'.repeat(40)}`] = index;
    const bounded = boundEvidence(evidence, 1024);
    expect(bytes(bounded)).toBeLessThanOrEqual(1024);
    expect(bounded).toMatchObject({ truncated: { keyCount: 5000 } });
  });

  it('long subjects keep a tag of the whole text, so two that share a beginning stay two', () => {
    const a = `${'s'.repeat(2000)}a`;
    const b = `${'s'.repeat(2000)}b`;
    expect(boundText(a, 1024, true)).toHaveLength(1024);
    expect(boundText(a, 1024, true)).not.toBe(boundText(b, 1024, true));
    expect(boundText('short', 1024, true)).toBe('short');
    expect(boundText('abcdef', 4)).toBe('abc…');
    // A surrogate pair is never split: "𝄞" is two UTF-16 units.
    expect(boundText('ab𝄞cd', 4)).toBe('ab…');
  });

  it('a bounded finding passes the wire checks; verdict, rule and status are untouched', () => {
    const finding = {
      ruleId: 'connection-peers-allowed',
      status: 'fail' as const,
      subject: 'x'.repeat(5000),
      reason: 'r'.repeat(10_000),
      evidence: { list: Array.from({ length: 100_000 }, (_, index) => index) },
    };
    const bounded = boundFinding(finding);
    expect(bounded.ruleId).toBe(finding.ruleId);
    expect(bounded.status).toBe('fail');
    expect(findingLimitProblem({ ...bounded, evidenceJson: JSON.stringify(bounded.evidence) })).toBeNull();
    expect(findingLimitProblem({ ...finding, evidenceJson: JSON.stringify(finding.evidence) })).toEqual({
      field: 'subject',
      expected: 'expected at most 1024 characters',
    });
  });

  it("a device's own text with a bidi override or a zero-width character is written out, so the door takes the finding", () => {
    const finding = {
      ruleId: 'usb-storage-registered',
      status: 'fail' as const,
      subject: 'usb:0781:5567:SER\u202eGPJ',
      reason: 'unregistered stick "SanDisk\u200b"\nplugged at 3-1',
      evidence: {},
    };
    const bounded = boundFinding(finding);
    expect(bounded.subject).toBe('usb:0781:5567:SER<U+202E>GPJ');
    expect(bounded.reason).toBe('unregistered stick "SanDisk<U+200B>"\nplugged at 3-1');
    expect(agentTextProblem(bounded.subject, { maxChars: 1024 })).toBeNull();
    expect(agentTextProblem(bounded.reason, { maxChars: 4096, allowLineBreaks: true })).toBeNull();
    expect(bounded.status).toBe('fail');
  });

  it('a finding without a code stays the same object, and gains no code', () => {
    const finding = { subject: 's', reason: 'r', evidence: {} };
    expect(boundFinding(finding)).toBe(finding);
    expect('reasonCode' in boundFinding({ ...finding, reason: 'x'.repeat(5000) })).toBe(false);
  });

  it("a code's parameters quoting a device are written out and shortened, so the door takes them", () => {
    const finding = {
      subject: 's',
      reason: 'r',
      evidence: {},
      reasonCode: 'usb.unregistered-medium',
      reasonParams: { serial: 'SER\u202eGPJ', model: 'm'.repeat(2000), count: '3' },
    };
    const bounded = boundFinding(finding);
    expect(bounded.reasonCode).toBe('usb.unregistered-medium');
    expect(bounded.reasonParams).toEqual({
      serial: 'SER<U+202E>GPJ',
      model: `${'m'.repeat(1023)}…`,
      count: '3',
    });
    expect(
      reasonCodeProblem({ reasonCode: bounded.reasonCode!, reasonParams: bounded.reasonParams! }),
    ).toBeNull();
    // Already within the limits: the very same object.
    expect(boundFinding(bounded)).toBe(bounded);
  });

  it('a code the door would refuse (a bug in a check) is dropped with its parameters; the English reason stays', () => {
    const base = { subject: 's', reason: 'the reason', evidence: {} };
    const seventeen = Object.fromEntries(Array.from({ length: 17 }, (_, index) => [`p${index}`, 'x']));
    for (const coded of [
      { ...base, reasonCode: 'Bad Code', reasonParams: {} },
      { ...base, reasonCode: 'ok.code', reasonParams: seventeen },
      { ...base, reasonCode: 'ok.code', reasonParams: { 'bad-key': 'x' } },
    ]) {
      const bounded = boundFinding(coded);
      expect(bounded).toEqual(base);
      expect('reasonCode' in bounded || 'reasonParams' in bounded).toBe(false);
    }
  });
});
