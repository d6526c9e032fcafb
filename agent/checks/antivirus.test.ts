import { describe, expect, it } from 'vitest';
import type { AntivirusProductFact } from '../facts';
import { antivirusCheck } from './antivirus';
import { antivirusFacts, contextFor, makeFacts, OBSERVED_AT_MS, ruleFor } from './facts-for-tests';

const DAY_MS = 24 * 60 * 60 * 1000;
const RULES = [
  ruleFor('antivirus-approved-installed', { approved_products: ['Rising', '奇安信'] }),
  ruleFor('antivirus-signatures-current', { max_signature_age_days: 7 }),
];

function product(name: string, builtDaysAgo: (number | null)[]): AntivirusProductFact {
  return {
    product: name,
    databases: builtDaysAgo.map((days, index) => ({
      name: `db${index}`,
      file: `/var/lib/av/db${index}`,
      version: 1,
      signatures: 1000,
      builtAtMs: days === null ? null : OBSERVED_AT_MS - days * DAY_MS,
    })),
  };
}

function judge(products: AntivirusProductFact[]) {
  return antivirusCheck.judge(makeFacts({ antivirus: antivirusFacts(products) }), contextFor(RULES));
}

describe('antivirus (3.7.5, 3.7.6)', () => {
  it('passes an approved product with fresh signatures, matching its name case-insensitively', () => {
    expect(
      judge([product('RISING', [2, 30])]).map((outcome) => [outcome.ruleId, outcome.subject, outcome.status]),
    ).toEqual([
      ['antivirus-approved-installed', 'RISING', 'pass'],
      ['antivirus-signatures-current', 'RISING', 'pass'],
    ]);
  });

  it('fails an unapproved product but still judges its signatures', () => {
    const outcomes = judge([product('ClamAV', [1])]);
    expect(outcomes.map((outcome) => outcome.status)).toEqual(['fail', 'pass']);
    expect(outcomes[0]!.reason).toContain('not on the approved list');
  });

  it('fails stale signatures, judged by the newest database', () => {
    const [, signatures] = judge([product('奇安信', [8, 9])]);
    expect(signatures).toMatchObject({ status: 'fail', evidence: { ageDays: 8, maxSignatureAgeDays: 7 } });
    expect(signatures!.reason).toContain('8 days old');
  });

  it('reports error when no database has a readable build time', () => {
    expect(judge([product('Rising', [null])])[1]!.status).toBe('error');
    expect(judge([product('Rising', [])])[1]!.status).toBe('error');
  });

  it('reports error for signatures built in the future (wrong clock)', () => {
    expect(judge([product('Rising', [-2])])[1]).toMatchObject({
      status: 'error',
      reason: expect.stringContaining('future'),
    });
  });

  it('fails both rules when no antivirus is installed', () => {
    expect(judge([]).map((outcome) => [outcome.ruleId, outcome.status, outcome.reason])).toEqual([
      ['antivirus-approved-installed', 'fail', 'no antivirus product is installed'],
      ['antivirus-signatures-current', 'fail', 'no antivirus'],
    ]);
  });
});
