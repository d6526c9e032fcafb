import { describe, expect, it } from 'vitest';
import { renderReason } from '../../policies/messages/reason-catalogue';
import type { Classification, Rule } from '../../policies/model';
import type { Sighting } from '../store/store';
import { crossUseFindings, judgeMediumCrossUse, judgePrinterCrossUse } from './cross-use';

const RULE: Rule = {
  id: 'media-cross-use-absent',
  clause: '3.7.4',
  title: { zh: '交叉使用', en: 'cross-use' },
  severity: 'critical',
  rationale: { zh: '', en: '' },
  remediation: { zh: '', en: '' },
  params: {},
};

const seen = (deviceId: string, classification: Classification | null, firstSeenMs = 1000): Sighting => ({
  deviceId,
  hostname: `host-${deviceId}`,
  classification,
  firstSeenMs,
  lastSeenMs: firstSeenMs + 500,
});

const STICK = '46f4:0001:SHM0001STICK';

describe('medium cross-use judgement', () => {
  it('a medium seen on a 机密 and a 非密 computer crosses, naming both levels and hosts', () => {
    const verdict = judgeMediumCrossUse(STICK, null, [
      seen('a', 'confidential'),
      seen('b', 'non_classified'),
    ]);
    expect(verdict.crossing).toBe(true);
    expect(verdict.why).toContain('机密 (confidential) on host-a');
    expect(verdict.why).toContain('非密 (non_classified) on host-b');
    expect(renderReason(verdict.reason, 'zh', '')).toBe(
      '存储介质 46f4:0001:SHM0001STICK 在不同密级的计算机上使用过：机密：host-a；非密：host-b',
    );
    expect(verdict.why).toBe(
      'medium 46f4:0001:SHM0001STICK was used on computers of different levels: 机密 (confidential) on host-a; 非密 (non_classified) on host-b',
    );
  });

  it('two classified levels that differ cross too', () => {
    expect(judgeMediumCrossUse(STICK, null, [seen('a', 'top_secret'), seen('b', 'secret')]).crossing).toBe(
      true,
    );
  });

  it('computers of one level do not cross, however many', () => {
    const verdict = judgeMediumCrossUse(STICK, 'confidential', [
      seen('a', 'confidential'),
      seen('b', 'confidential'),
      seen('c', 'confidential'),
    ]);
    expect(verdict).toMatchObject({ crossing: false, why: expect.stringContaining('only on 机密') });
  });

  it('an unknown level is no evidence of crossing, either alone or beside a known one', () => {
    expect(judgeMediumCrossUse(STICK, null, [seen('a', null), seen('b', 'non_classified')]).crossing).toBe(
      false,
    );
    expect(judgeMediumCrossUse(STICK, null, [seen('a', null), seen('b', null)]).crossing).toBe(false);
    const verdict = judgeMediumCrossUse(STICK, null, [seen('a', 'confidential'), seen('b', null)]);
    expect(verdict.why).toContain('1 whose level is not in the ledger');
    expect(renderReason(verdict.reason, 'zh', '')).toBe(
      '存储介质 46f4:0001:SHM0001STICK 只在机密计算机上出现（另有 1 台密级未录入台账）',
    );
  });

  it('a medium registered at a classified level crosses on a 非密 computer alone', () => {
    const verdict = judgeMediumCrossUse(STICK, 'secret', [seen('a', 'non_classified')]);
    expect(verdict.crossing).toBe(true);
    expect(verdict.why).toContain('registered as 秘密 (secret)');
    expect(renderReason(verdict.reason, 'zh', '')).toBe(
      '存储介质 46f4:0001:SHM0001STICK 登记为秘密，却在非密计算机上使用过：host-a',
    );
    // A 非密 medium on a 非密 computer is where it belongs.
    expect(judgeMediumCrossUse(STICK, 'non_classified', [seen('a', 'non_classified')]).crossing).toBe(false);
  });
});

describe('printer cross-use judgement', () => {
  it('one printer used by computers of different levels crosses; of one level, not', () => {
    expect(
      judgePrinterCrossUse('ipp://192.0.2.10', [seen('a', 'secret'), seen('b', 'non_classified')]).crossing,
    ).toBe(true);
    expect(
      judgePrinterCrossUse('ipp://192.0.2.10', [seen('a', 'secret'), seen('b', 'secret')]).crossing,
    ).toBe(false);
  });
});

describe('cross-use findings', () => {
  const sightings = [
    seen('b', 'non_classified', 2000),
    seen('a', 'confidential', 1000),
    seen('c', null, 3000),
  ];

  it('a crossing is a fail on every device that saw it, with every device, level and first sighting', () => {
    const verdict = judgeMediumCrossUse(STICK, null, sightings);
    const findings = crossUseFindings({
      rule: RULE,
      subject: STICK,
      registered: null,
      sightings,
      verdict,
      currentStatuses: new Map(),
      atMs: 5000,
    });
    expect(findings.map((finding) => finding.deviceId)).toEqual(['b', 'a', 'c']);
    for (const finding of findings) {
      expect(finding).toMatchObject({
        ruleId: 'media-cross-use-absent',
        clause: '3.7.4',
        severity: 'critical',
        subject: STICK,
        status: 'fail',
        observedAtMs: 5000,
        sweepId: '',
      });
    }
    expect(findings[0]!.evidence).toEqual({
      subject: STICK,
      registered: null,
      levels: ['confidential', 'non_classified'],
      devices: [
        {
          deviceId: 'a',
          hostname: 'host-a',
          classification: 'confidential',
          firstSeenAt: '1970-01-01T00:00:01.000Z',
        },
        {
          deviceId: 'b',
          hostname: 'host-b',
          classification: 'non_classified',
          firstSeenAt: '1970-01-01T00:00:02.000Z',
        },
        { deviceId: 'c', hostname: 'host-c', classification: null, firstSeenAt: '1970-01-01T00:00:03.000Z' },
      ],
    });
  });

  it('no crossing: a pass only on devices that carry a finding for it, none elsewhere', () => {
    const same = [seen('a', 'confidential'), seen('b', 'confidential')];
    const verdict = judgeMediumCrossUse(STICK, null, same);
    const resolve = crossUseFindings({
      rule: RULE,
      subject: STICK,
      sightings: same,
      verdict,
      currentStatuses: new Map([['b', 'fail']]),
      atMs: 1,
    });
    expect(resolve.map((finding) => [finding.deviceId, finding.status])).toEqual([['b', 'pass']]);
    expect(
      crossUseFindings({
        rule: RULE,
        subject: STICK,
        sightings: same,
        verdict,
        currentStatuses: new Map(),
        atMs: 1,
      }),
    ).toEqual([]);
  });
});
