// The catalogue is complete and consistent in both languages: what a security office reads in Chinese says
// the same as the English kept for logs, with the same values in it, and every reason a FAIL or ERROR can
// give tells the office what to do.

import { describe, expect, it } from 'vitest';
import { REASON_CATALOGUE, reasonOf, renderReason } from './reason-catalogue';

const CJK = /[\u3400-\u9fff\uf900-\ufaff]/;
const placeholders = (template: string) =>
  [...template.matchAll(/\{([A-Za-z][A-Za-z0-9_]*)\}/g)].map((match) => match[1]!).sort();
/**
 * A value the collector composes in each language (a list of levels and computers) is given twice, `uses` for
 * the English text and `usesZh` for the Chinese: both name the same value.
 */
const sameValue = (name: string) => name.replace(/Zh$/, '');
const entries = [...REASON_CATALOGUE];

describe('the reason catalogue', () => {
  it('holds the reasons of the checks, the engine, the outbox and the collector, each code once, named family.reason', () => {
    expect(entries.length).toBeGreaterThan(100);
    for (const [code] of entries) expect(code).toMatch(/^[a-z][a-z-]*(\.[a-z][a-z0-9-]*)+$/);
    for (const code of [
      'engine.fact-unreadable',
      'antivirus.none-installed',
      'removable-media.not-registered',
    ])
      expect(REASON_CATALOGUE.has(code), code).toBe(true);
  });

  it('has a non-empty text in both languages for every code: Chinese in zh, none in en', () => {
    for (const [code, text] of entries) {
      expect(text.zh.trim(), code).not.toBe('');
      expect(text.en.trim(), code).not.toBe('');
      expect(text.zh, code).toMatch(CJK);
      expect(text.en, code).not.toMatch(CJK);
    }
  });

  it('names the same parameters in zh and en, and no other in the remediation', () => {
    for (const [code, text] of entries) {
      expect(placeholders(text.zh).map(sameValue).sort(), code).toEqual(placeholders(text.en));
      if (!text.remediation) continue;
      const named = new Set(placeholders(text.en));
      for (const lang of ['zh', 'en'] as const)
        expect(
          placeholders(text.remediation[lang]).filter((name) => !named.has(name)),
          `${code} remediation.${lang}`,
        ).toEqual([]);
    }
  });

  it('gives every remediation in both languages, Chinese in zh, none in en', () => {
    for (const [code, text] of entries) {
      if (!text.remediation) continue;
      expect(text.remediation.zh, code).toMatch(CJK);
      expect(text.remediation.en.trim(), code).not.toBe('');
      expect(text.remediation.en, code).not.toMatch(CJK);
    }
  });

  it('renders a reason in the language asked for, its parameters filled in', () => {
    const reason = { code: 'removable-media.not-registered', params: { ids: '0781:5581', serial: 'AA01' } };
    expect(renderReason(reason, 'en', 'fallback')).toBe(
      'USB storage 0781:5581 serial AA01 is not a registered medium',
    );
    expect(renderReason(reason, 'zh', 'fallback')).toBe(
      'USB 存储设备 0781:5581（序列号 AA01）不是台帐中登记的移动存储介质',
    );
  });

  it('falls back to the English the finding carries for a code it does not know, or none', () => {
    expect(renderReason({ code: 'from-a-newer.agent', params: {} }, 'zh', 'as sent')).toBe('as sent');
    expect(renderReason(undefined, 'zh', 'as sent')).toBe('as sent');
  });
});

describe('codes checked by the compiler', () => {
  it('refuses an unknown code and a missing parameter (tsc reads these lines)', () => {
    // @ts-expect-error: no such code in the catalogue
    const unknown = reasonOf('antivirus.no-such-reason', {});
    // @ts-expect-error: removable-media.not-registered names {ids} and {serial}
    const missing = reasonOf('removable-media.not-registered', { ids: '0781:5581' });
    const good = reasonOf('removable-media.not-registered', { ids: '0781:5581', serial: 'AA01' });
    expect([unknown.code, missing.code, good.code]).toEqual([
      'antivirus.no-such-reason',
      'removable-media.not-registered',
      'removable-media.not-registered',
    ]);
  });
});
