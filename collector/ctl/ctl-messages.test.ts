import { describe, expect, it } from 'vitest';
import { CTL_MESSAGES, t } from './ctl-messages';

const parameters = (text: string) =>
  [...text.matchAll(/\{([A-Za-z][A-Za-z0-9_]*)\}/g)].map((m) => m[1]).sort();

describe('the ctl message catalogue', () => {
  it.each(Object.entries(CTL_MESSAGES))(
    '%s has a zh and an en text naming the same parameters',
    (_key, entry) => {
      expect(entry.zh.trim()).not.toBe('');
      expect(entry.en.trim()).not.toBe('');
      expect(parameters(entry.zh)).toEqual(parameters(entry.en));
    },
  );

  it('no zh text is the English one copied (but headers that are names in both)', () => {
    const same = Object.entries(CTL_MESSAGES)
      .filter(([, entry]) => entry.zh === entry.en)
      .map(([key]) => key);
    expect(same).toEqual(['col.cron']);
  });

  it('fills parameters in the language asked for', () => {
    expect(t('err.noPort', { address: '127.0.0.1', example: '127.0.0.1:7701' }, 'en')).toBe(
      '--collector 127.0.0.1: no port; expected HOST:PORT, e.g. 127.0.0.1:7701',
    );
    expect(t('err.noPort', { address: '127.0.0.1', example: '127.0.0.1:7701' }, 'zh')).toBe(
      '--collector 127.0.0.1：缺少端口；应写成 主机:端口，例如 127.0.0.1:7701',
    );
  });
});
