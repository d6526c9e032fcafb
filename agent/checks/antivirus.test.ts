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
  // As the Linux probe gives ClamAV through its built-in definition.
  const clamav = (lastScanDaysAgo: number | null): AntivirusProductFact => ({
    ...product('ClamAV', [1]),
    definitionId: 'clamav',
    processNames: ['clamd', 'freshclam', 'clamonacc'],
    realtimeProcesses: ['clamonacc'],
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

  it('fails an old or missing full scan, and ClamAV with clamd alone (running, but not its on-access scanner)', () => {
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

  describe('a product recognised through its definition', () => {
    const rising = (parts: Partial<AntivirusProductFact>): AntivirusProductFact => ({
      ...product('瑞星ESM', [1]),
      definitionId: 'rising-esm',
      services: [{ name: 'RAVBDFZ.service', running: false }],
      processNames: ['RAVGJCZ0', 'RAVGLTX0', 'RAVZDFY0', 'rav.bin'],
      realtimeProcesses: [],
      ...parts,
    });
    const realtime = (products: AntivirusProductFact[], names: string[]) =>
      judgeInEnglish(
        antivirusProtectionCheck,
        makeFacts({ antivirus: antivirusFacts(products), processes: processes(names) }),
        contextFor([ruleFor('antivirus-realtime-protection-on')]),
      )[0]!;

    it('fails real-time protection when it is installed but neither its unit nor its processes run', () => {
      expect(realtime([rising({})], ['systemd', 'sshd'])).toMatchObject({
        status: 'fail',
        reason:
          '瑞星ESM is installed but not running (none of RAVBDFZ.service, RAVGJCZ0, RAVGLTX0, RAVZDFY0, rav.bin runs)',
      });
    });

    it('fails a product whose units are all stopped when it names no process', () => {
      const unitsOnly = rising({ processNames: [], services: [{ name: 'serviceqaxsafe', running: false }] });
      expect(realtime([unitsOnly], ['systemd']).status).toBe('fail');
    });

    it('cannot tell real-time protection of a running product that names no real-time process, and says where to name it', () => {
      for (const running of [
        rising({}),
        rising({ services: [{ name: 'RAVBDFZ.service', running: true }], processNames: [] }),
      ]) {
        const outcome = realtime([running], ['systemd', 'RAVGJCZ0']);
        expect(outcome.status).toBe('error');
        expect(outcome.reason).toContain('which of its processes is real-time protection is not known');
        expect(outcome.reason).toContain('the site can name it in product_definitions (realtime_processes)');
      }
    });

    it('passes iff one of its named real-time processes runs', () => {
      const named = rising({ realtimeProcesses: ['RAVZDFY0'] });
      expect(realtime([named], ['RAVGJCZ0', 'RAVZDFY0'])).toMatchObject({
        status: 'pass',
        reason: '瑞星ESM: on-access scanning runs (RAVZDFY0)',
      });
      expect(realtime([named], ['RAVGJCZ0'])).toMatchObject({
        status: 'fail',
        reason: '瑞星ESM: real-time protection is off (RAVZDFY0 not running)',
      });
    });

    it('cannot tell anything of a product whose definition names no unit and no process (Huorong)', () => {
      const huorong = rising({
        product: '火绒终端安全',
        definitionId: 'huorong-esm',
        services: [],
        processNames: [],
      });
      const outcome = realtime([huorong], ['systemd']);
      expect(outcome.status).toBe('error');
      expect(outcome.reason).toContain('its definition names no service, process or real-time process');
    });

    it("cannot tell from units alone when the machine's units cannot be seen", () => {
      const unseen = rising({ processNames: [], services: [{ name: 'RAVBDFZ.service', running: null }] });
      expect(realtime([unseen], ['systemd']).status).toBe('error');
    });

    it('takes a product the probe saw stopped as a whole (Windows service state)', () => {
      expect(realtime([rising({ running: false, processNames: [], services: [] })], []).status).toBe('fail');
    });
  });

  it('errs the full scan when the definition names no source for it, instead of failing it', () => {
    const outcome = judgeInEnglish(
      antivirusProtectionCheck,
      makeFacts({
        antivirus: antivirusFacts([
          {
            ...product('瑞星ESM', [1]),
            fullScanUnknownBecause:
              'the product definition "rising-esm" names no source for the last full scan',
          },
        ]),
        processes: processes([]),
      }),
      contextFor([ruleFor('antivirus-full-scan-recent', { max_full_scan_age_days: 7 })]),
    )[0]!;
    expect(outcome).toMatchObject({
      status: 'error',
      reason:
        '瑞星ESM: the last full scan cannot be read (the product definition "rising-esm" names no source for the last full scan)',
    });
  });
});

describe('antivirus products known by several names', () => {
  it('approves a product when any of its names is on the list, trimmed and case-insensitively', () => {
    const huorong: AntivirusProductFact = {
      ...product('火绒终端安全', [1]),
      names: ['火绒终端安全', 'Huorong ESM', '火绒', 'Huorong'],
    };
    const outcomes = judgeInEnglish(
      antivirusCheck,
      makeFacts({ antivirus: antivirusFacts([huorong]) }),
      contextFor([ruleFor('antivirus-approved-installed', { approved_products: ['  HUORONG '] })]),
    );
    expect(outcomes).toMatchObject([{ subject: '火绒终端安全', status: 'pass' }]);
    const notListed = judgeInEnglish(
      antivirusCheck,
      makeFacts({ antivirus: antivirusFacts([huorong]) }),
      contextFor([ruleFor('antivirus-approved-installed', { approved_products: ['Huorong Enterprise'] })]),
    );
    expect(notListed).toMatchObject([{ status: 'fail' }]);
  });

  it('errs the signature age when the probe says why the date is unknown, even beside a readable date', () => {
    const [, signatures] = judge([
      { ...product('奇安信天擎', [1]), signaturesUnknownBecause: 'cannot read /opt/x/db: EIO' },
    ]);
    expect(signatures).toMatchObject({
      status: 'error',
      reason: '奇安信天擎: the signature date cannot be read (cannot read /opt/x/db: EIO)',
    });
  });
});

describe('Windows Security Center entries (as the win32 probe gives them)', () => {
  // A registration of Huorong with none of its own files or services found (a tool can register an entry
  // to switch Defender off without the suite), and Security Center flags as the probe decodes them.
  const registered = (extra: Partial<AntivirusProductFact>): AntivirusProductFact => ({
    product: '火绒安全软件',
    names: ['火绒终端安全', 'Huorong ESM', '火绒', 'Huorong', '火绒安全软件'],
    definitionId: 'huorong-esm',
    databases: [],
    signaturesUpdatedAtMs: null,
    lastFullScanAtMs: null,
    realtimeProtection: null,
    ...extra,
  });
  const rules = [
    ruleFor('antivirus-approved-installed', { approved_products: ['火绒'] }),
    ruleFor('antivirus-signatures-current', { max_signature_age_days: 7 }),
  ];
  const judgeEntry = (entry: AntivirusProductFact) =>
    judgeInEnglish(antivirusCheck, makeFacts({ antivirus: antivirusFacts([entry]) }), contextFor(rules)).map(
      (outcome) => [outcome.ruleId, outcome.status, outcome.reason],
    );

  it('fails an approved name whose files and services are absent, on every rule it would judge', () => {
    expect(judgeEntry(registered({ corroborated: false, signaturesOutOfDate: false }))).toEqual([
      [
        'antivirus-approved-installed',
        'fail',
        '火绒安全软件: registered with Windows Security Center, but none of its own files or services was found (the registration may have been made by another program)',
      ],
      [
        'antivirus-signatures-current',
        'fail',
        '火绒安全软件: registered with Windows Security Center, but none of its own files or services was found (the registration may have been made by another program)',
      ],
    ]);
    const scan = judgeInEnglish(
      antivirusProtectionCheck,
      makeFacts({ antivirus: antivirusFacts([registered({ corroborated: false })]) }),
      contextFor([ruleFor('antivirus-full-scan-recent', { max_full_scan_age_days: 7 })]),
    );
    expect(scan).toMatchObject([{ ruleId: 'antivirus-full-scan-recent', status: 'fail' }]);
  });

  it('fails signatures Security Center reports out of date even with a current date, and never passes on its word alone', () => {
    const recent = OBSERVED_AT_MS - DAY_MS;
    expect(
      judgeEntry(
        registered({ corroborated: true, signaturesOutOfDate: true, signaturesUpdatedAtMs: recent }),
      )[1],
    ).toEqual([
      'antivirus-signatures-current',
      'fail',
      '火绒安全软件: Windows Security Center reports its signatures out of date',
    ]);
    // "Up to date" from Security Center with no date: the age is not known, so error, not pass.
    expect(judgeEntry(registered({ corroborated: true, signaturesOutOfDate: false }))[1]?.[1]).toBe('error');
  });

  it('judges a corroborated entry by its names as before', () => {
    expect(judgeEntry(registered({ corroborated: true }))[0]?.slice(0, 2)).toEqual([
      'antivirus-approved-installed',
      'pass',
    ]);
  });
});
