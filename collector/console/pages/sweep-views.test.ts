import { describe, expect, it } from 'vitest';
import type { SweepStatus__Output } from '../../../proto/generated/shoumi/v1/SweepStatus';
import type { SweepTarget__Output } from '../../../proto/generated/shoumi/v1/SweepTarget';
import { openSweepTopics, sweepProgress, sweepTable } from './sweep-views';

const ZONE = 'Asia/Shanghai';
// 2026-12-07 01:00:00 UTC = 09:00 in Shanghai.
const AT = Date.UTC(2026, 11, 7, 1, 0, 0);

function sweep(overrides: Partial<SweepStatus__Output> = {}): SweepStatus__Output {
  return {
    sweepId: 'sw-20261207T010000.000Z-3f9a2c',
    createdAtMs: AT,
    requestedBy: 'admin:ops(system_admin)',
    scheduleId: '',
    ruleIds: [],
    targets: 3,
    answered: 1,
    failed: 0,
    offline: 1,
    waiting: 1,
    completedAtMs: 0,
    targetList: [],
    ...overrides,
  };
}

function target(
  deviceId: string,
  state: string,
  overrides: Partial<SweepTarget__Output> = {},
): SweepTarget__Output {
  return {
    deviceId,
    hostname: `${deviceId}-host`,
    state,
    sentAtMs: 0,
    answeredAtMs: 0,
    failedRules: 0,
    errorRules: 0,
    error: '',
    ...overrides,
  };
}

const text = (markup: { text: string }) =>
  markup.text
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();

describe('the recent sweeps table', () => {
  it('links each sweep by its creation time in the unit’s zone, with coverage and state', () => {
    const markup = sweepTable('zh', ZONE, [
      sweep(),
      sweep({
        sweepId: 'sw-2',
        requestedBy: 'schedule:sch-1',
        ruleIds: ['a', 'b', 'c'],
        answered: 3,
        offline: 0,
        waiting: 0,
        completedAtMs: AT + 5000,
      }),
    ]).text;
    expect(markup).toContain(
      '<a href="/sweeps/sw-20261207T010000.000Z-3f9a2c">2026-12-07 09:00:00 +08:00</a>',
    );
    expect(markup).toContain('<progress max="3" value="1" aria-label="已回答 1 / 3"></progress>');
    expect(markup).toContain('定时巡检 sch-1');
    expect(markup).toContain('3 条规则');
    expect(markup).toContain('全部规则');
    expect(markup).toContain('<span class="badge info">进行中</span>');
    expect(markup).toContain('<span class="badge pass">已完成</span>');
  });

  it('escapes what the store holds', () => {
    const markup = sweepTable('en', ZONE, [sweep({ requestedBy: 'admin:<b>x</b>(system_admin)' })]).text;
    expect(markup).toContain('admin:&lt;b&gt;x&lt;/b&gt;(system_admin)');
    expect(markup).not.toContain('<b>x</b>');
  });

  it('says so when there are none', () => {
    expect(text(sweepTable('en', ZONE, []))).toBe('No sweeps yet.');
  });
});

describe('a sweep’s progress', () => {
  it('lists who has not answered and who could not run it, and never calls an answer compliant', () => {
    const markup = sweepProgress(
      'en',
      ZONE,
      sweep({
        targets: 4,
        answered: 2,
        failed: 1,
        offline: 1,
        waiting: 0,
        targetList: [
          target('dev-a', 'answered', { failedRules: 2 }),
          target('dev-b', 'answered'),
          target('dev-c', 'pending'),
          target('dev-d', 'failed', { error: 'expired' }),
        ],
      }),
      true,
    );
    const shown = text(markup);
    expect(shown).toContain('2 of 4 answered');
    expect(shown).toContain(
      'Of the devices that answered, 1 reported failing rules and 0 reported rules they could not judge.',
    );
    expect(shown).toContain('Devices that have not answered (1)');
    expect(shown).toContain('Devices that could not run it (1)');
    expect(shown).toContain('expired');
    expect(markup.text).toContain('<tr data-device="dev-c">');
    expect(markup.text).not.toContain('data-device="dev-a"');
    expect(shown).not.toMatch(/compliant/i);
    expect(markup.text).toContain('data-complete="false"');
  });

  it('shows counts only when the targets were not read', () => {
    const shown = text(sweepProgress('zh', ZONE, sweep({ targets: 5000, answered: 4000 }), false));
    expect(shown).toContain('已回答 4000 / 5000');
    expect(shown).toContain('目标设备超过 1000 台，此处只显示数量');
    expect(shown).not.toContain('尚未回答的设备');
  });

  it('draws no bar for a sweep with nothing to cover', () => {
    const markup = sweepProgress(
      'zh',
      ZONE,
      sweep({ targets: 0, answered: 0, offline: 0, waiting: 0, completedAtMs: AT }),
      true,
    );
    expect(markup.text).not.toContain('<progress');
    expect(text(markup)).toContain('没有目标设备');
    expect(markup.text).toContain('data-complete="true"');
  });
});

describe('the list page’s live topics', () => {
  it('are the running sweeps, at most the stream’s limit', () => {
    const running = Array.from({ length: 10 }, (_, index) => sweep({ sweepId: `sw-${index}` }));
    const done = sweep({ sweepId: 'sw-done', completedAtMs: AT });
    expect(openSweepTopics([done, ...running], 8)).toEqual([
      'sweep:sw-0',
      'sweep:sw-1',
      'sweep:sw-2',
      'sweep:sw-3',
      'sweep:sw-4',
      'sweep:sw-5',
      'sweep:sw-6',
      'sweep:sw-7',
    ]);
    expect(openSweepTopics([done], 8)).toEqual([]);
  });
});
