import { describe, expect, it } from 'vitest';
import { EMPTY_LEDGER_SLICE } from '../../policies/model';
import type { AntivirusProductFact } from '../facts';
import { antivirusCheck, antivirusProtectionCheck } from './antivirus';
import { evaluate } from './engine';
import {
  antivirusFacts,
  contextFor,
  judgeInEnglish,
  makeFacts,
  OBSERVED_AT_MS,
  ruleFor,
  unreadable,
} from './facts-for-tests';

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
  return judgeInEnglish(
    antivirusCheck,
    makeFacts({ antivirus: antivirusFacts(products) }),
    contextFor(RULES),
  );
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

  it('judges a product that reports its signature time itself and has no database files (Windows Defender)', () => {
    const defender = (daysAgo: number): AntivirusProductFact => ({
      product: 'Windows Defender',
      databases: [],
      signaturesUpdatedAtMs: OBSERVED_AT_MS - daysAgo * DAY_MS,
    });
    expect(judge([defender(1)])[1]).toMatchObject({ status: 'pass' });
    expect(judge([defender(10)])[1]).toMatchObject({ status: 'fail', evidence: { ageDays: 10 } });
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

describe('antivirus protection (3.7.5): full scan and real-time', () => {
  const PROTECTION = [
    ruleFor('antivirus-full-scan-recent', { max_full_scan_age_days: 7 }),
    ruleFor('antivirus-realtime-protection-on'),
  ];
  const processes = (names: string[]) =>
    ({
      ok: true,
      facts: { processes: names.map((name, pid) => ({ pid: pid + 1, name })) },
      source: '/proc',
      observedAtMs: OBSERVED_AT_MS,
    }) as const;
  const clamav = (lastScanDaysAgo: number | null): AntivirusProductFact => ({
    ...product('ClamAV', [1]),
    lastFullScanAtMs: lastScanDaysAgo === null ? null : OBSERVED_AT_MS - lastScanDaysAgo * DAY_MS,
  });
  const protect = (products: AntivirusProductFact[], names: string[]) =>
    judgeInEnglish(
      antivirusProtectionCheck,
      makeFacts({ antivirus: antivirusFacts(products), processes: processes(names) }),
      contextFor(PROTECTION),
    ).map((outcome) => [outcome.ruleId, outcome.status]);

  it('passes a recent full scan and ClamAV with clamonacc running', () => {
    expect(protect([clamav(2)], ['systemd', 'clamd', 'clamonacc'])).toEqual([
      ['antivirus-full-scan-recent', 'pass'],
      ['antivirus-realtime-protection-on', 'pass'],
    ]);
  });

  it('fails an old or missing full scan, and ClamAV with clamd alone', () => {
    expect(protect([clamav(9)], ['clamd'])).toEqual([
      ['antivirus-full-scan-recent', 'fail'],
      ['antivirus-realtime-protection-on', 'fail'],
    ]);
    expect(protect([clamav(null)], [])[0]).toEqual(['antivirus-full-scan-recent', 'fail']);
  });

  it('takes a product’s own real-time report, and errs when neither it nor a process can tell', () => {
    expect(protect([{ ...product('Rising', [1]), realtimeProtection: true }], [])[1]).toEqual([
      'antivirus-realtime-protection-on',
      'pass',
    ]);
    expect(protect([product('Rising', [1])], [])[1]).toEqual(['antivirus-realtime-protection-on', 'error']);
  });

  it('errs real-time protection when processes cannot be read, and still judges the full scan', () => {
    const findings = evaluate(
      makeFacts({
        antivirus: antivirusFacts([clamav(9)]),
        processes: unreadable('/proc', 'cannot read /proc: ENOENT'),
      }),
      { name: 't', version: '1', rules: PROTECTION },
      EMPTY_LEDGER_SLICE,
      { nowMs: OBSERVED_AT_MS, sweepId: 's' },
      { checks: [antivirusProtectionCheck], pending: new Map() },
    );
    // A scan 9 days old against at most 7: the full-scan rule fails on the antivirus facts alone.
    expect(findings.map((finding) => [finding.ruleId, finding.status])).toEqual([
      ['antivirus-full-scan-recent', 'fail'],
      ['antivirus-realtime-protection-on', 'error'],
    ]);
    expect(findings[1]!.reason).toBe('cannot read processes (/proc): cannot read /proc: ENOENT');
  });
});
