import { describe, expect, it } from 'vitest';
import { chosenRuleIds, scheduleRequestOf, sweepsShown } from './sweep-form';

describe('sweeps shown (?limit=)', () => {
  it('is 20 when not given, the number when 1 to 100', () => {
    expect(sweepsShown('zh', new URLSearchParams(''))).toEqual({ ok: true, limit: 20 });
    expect(sweepsShown('zh', new URLSearchParams('limit='))).toEqual({ ok: true, limit: 20 });
    expect(sweepsShown('zh', new URLSearchParams('limit=1'))).toEqual({ ok: true, limit: 1 });
    expect(sweepsShown('zh', new URLSearchParams('limit=100'))).toEqual({ ok: true, limit: 100 });
  });

  it('names what was wrong, in the reader’s language', () => {
    expect(sweepsShown('en', new URLSearchParams('limit=101'))).toEqual({
      ok: false,
      problem: 'limit: expected a whole number from 1 to 100, got "101".',
    });
    expect(sweepsShown('zh', new URLSearchParams('limit=0'))).toEqual({
      ok: false,
      problem: 'limit 应为 1 到 100 的整数，收到的是“0”。',
    });
    for (const bad of ['-1', '2.5', 'ten', '1e2', ' 5'])
      expect(sweepsShown('en', new URLSearchParams({ limit: bad })).ok).toBe(false);
  });
});

describe('the run and schedule forms', () => {
  it('reads the ticked rules once each, in order, blanks dropped (none: every rule)', () => {
    const form = new URLSearchParams(
      'rule=usb-storage-registered&rule=+wifi-radio-absent+&rule=&rule=usb-storage-registered',
    );
    expect(chosenRuleIds(form)).toEqual(['usb-storage-registered', 'wifi-radio-absent']);
    expect(chosenRuleIds(new URLSearchParams('_csrf=x'))).toEqual([]);
  });

  it('reads the schedule fields trimmed, leaving their judgement to the use case', () => {
    expect(
      scheduleRequestOf(
        new URLSearchParams('cron=+0+9+*+*+1+&timezone=Asia%2FShanghai&rule=bluetooth-controller-absent'),
      ),
    ).toEqual({ cron: '0 9 * * 1', timezone: 'Asia/Shanghai', ruleIds: ['bluetooth-controller-absent'] });
    expect(scheduleRequestOf(new URLSearchParams(''))).toEqual({ cron: '', timezone: '', ruleIds: [] });
  });
});
