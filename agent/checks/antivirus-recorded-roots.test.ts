// Issue 15's must-show for antivirus products as data: for each shipped definition, a machine root built
// from its documented layout (test/fixtures/antivirus/, README there) read by the Linux probes and judged:
// installed and current → pass; database older than the policy allows → fail with the age; installed but
// not running → fail; absent → fail; unreadable → error. Where a definition documents no source for a
// part (a signature date, a real-time process), the verdict is error, never pass — written out below.
//
// Time is fixed: the roots' signatures are dated against NOW, never against the wall clock. Rising's date is
// its malware.rmd's modification time, which git does not keep, so each test sets it on a copy of the root.
// Huorong's log.db needs an SQLite reader, which the agent's runtime (Node 24) has and the development
// runner (Node 20) lacks: there its signature date is "unknown" (error), asserted as such.

import { cpSync, mkdtempSync, rmSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BUILTIN_PRODUCT_DEFINITIONS } from '../../policies/antivirus/builtin-products';
import { EMPTY_LEDGER_SLICE, type Policy, type UnsequencedFinding } from '../../policies/model';
import { linuxAntivirusProbe } from '../probes/antivirus/linux';
import { hasSqliteReader } from '../probes/antivirus/sqlite-reader';
import { machineRoot } from '../probes/machine-root';
import { linuxProcessesProbe } from '../probes/processes/linux';
import { antivirusCheck, antivirusProtectionCheck } from './antivirus';
import { evaluate } from './engine';
import { makeFacts, ruleFor } from './facts-for-tests';

const FIXTURES = path.resolve(__dirname, '../../test/fixtures/antivirus');
const NOW = Date.UTC(2026, 11, 1, 0, 0);
const APPROVED = 'antivirus-approved-installed';
const SIGNATURES = 'antivirus-signatures-current';
const FULL_SCAN = 'antivirus-full-scan-recent';
const REALTIME = 'antivirus-realtime-protection-on';
// A lab policy approving one name of each shipped product (the baseline does not list ClamAV or 麒麟安全中心),
// so that "installed and current" can pass; each product is matched through another of its names.
const POLICY: Policy = {
  name: 'antivirus roots',
  version: '1',
  rules: [
    ruleFor(APPROVED, {
      approved_products: ['火绒', 'Rising', '奇安信', '360终端安全', 'ksc-defender', 'clamav'],
    }),
    ruleFor(SIGNATURES, { max_signature_age_days: 7 }),
    ruleFor(FULL_SCAN, { max_full_scan_age_days: 7 }),
    ruleFor(REALTIME),
  ],
};

const scratch = mkdtempSync(path.join(tmpdir(), 'shoumi-av-roots-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** A copy of a fixture root, with the modification times git does not keep set as the test says. */
function rootOf(fixture: string, mtimes: Record<string, number> = {}): string {
  const copy = path.join(scratch, `${fixture.replace('/', '-')}-${Object.values(mtimes).join('-')}`);
  cpSync(path.join(FIXTURES, fixture), copy, { recursive: true, verbatimSymlinks: true });
  for (const [machinePath, ms] of Object.entries(mtimes))
    utimesSync(path.join(copy, machinePath), ms / 1000, ms / 1000);
  return copy;
}

async function judge(dir: string): Promise<UnsequencedFinding[]> {
  const root = machineRoot(dir);
  const facts = makeFacts({
    antivirus: await linuxAntivirusProbe().read(root),
    processes: await linuxProcessesProbe.read(root),
  });
  return evaluate(
    facts,
    POLICY,
    EMPTY_LEDGER_SLICE,
    { nowMs: NOW, sweepId: 's' },
    { checks: [antivirusCheck, antivirusProtectionCheck], pending: new Map() },
  );
}

/** rule → [status, reason] of one product (or of the rule as a whole, subject ""). */
async function verdicts(dir: string, subject: string): Promise<Record<string, [string, string]>> {
  const findings = (await judge(dir)).filter((finding) => finding.subject === subject);
  return Object.fromEntries(findings.map((finding) => [finding.ruleId, [finding.status, finding.reason]]));
}

const RMD = '/opt/BDFZ/RAV/RJJHGJCZ/malware.rmd';
const NOV_28 = Date.UTC(2026, 10, 28, 2, 0);
const OCT_1 = Date.UTC(2026, 9, 1, 2, 0);
const NO_FULL_SCAN = (id: string, product: string) => [
  'error',
  `${product}: the last full scan cannot be read (the product definition "${id}" names no source for the last full scan)`,
];
const sqlite = hasSqliteReader();

describe('Huorong ESM (火绒终端安全): /opt/apps/cn.huorong.esm, log.db HrLogV3 fid=2 newdbtime', () => {
  const P = '火绒终端安全';
  const RUNS_UNKNOWN = `${P}: its definition names no service, process or real-time process, so whether it runs and whether real-time protection is on cannot be told; the site can name them in product_definitions`;

  it.runIf(sqlite)(
    'installed and current: approved, signatures 2 days old pass (needs node:sqlite, skipped on Node 20: npm run test:node24)',
    async () => {
      expect(await verdicts(rootOf('huorong-esm/current'), P)).toEqual({
        [APPROVED]: ['pass', `${P} is on the approved list`],
        [SIGNATURES]: ['pass', `${P}: newest signatures are 2 days old; at most 7 allowed`],
        [FULL_SCAN]: NO_FULL_SCAN('huorong-esm', P),
        // No source names Huorong's processes: whether it runs cannot be told, let alone real-time protection.
        [REALTIME]: ['error', RUNS_UNKNOWN],
      });
    },
  );

  it.runIf(sqlite)(
    'database older than allowed: fails with the age (needs node:sqlite, skipped on Node 20: npm run test:node24)',
    async () => {
      expect((await verdicts(rootOf('huorong-esm/stale'), P))[SIGNATURES]).toEqual([
        'fail',
        `${P}: newest signatures are 60 days old (built 2026-10-01T02:00:00.000Z); at most 7 allowed`,
      ]);
    },
  );

  it.runIf(sqlite)(
    'log.db that is not an SQLite database: error (needs node:sqlite, skipped on Node 20: npm run test:node24)',
    async () => {
      const [status, reason] = (await verdicts(rootOf('huorong-esm/unreadable'), P))[SIGNATURES]!;
      expect(status).toBe('error');
      expect(reason).toMatch(
        /^火绒终端安全: the signature date cannot be read \(cannot read .*log\.db: file is not a database\)$/,
      );
    },
  );

  it.runIf(!sqlite)(
    'on a runtime without SQLite (Node 20; the agent carries Node 24): the signature date is unknown, error',
    async () => {
      const [status, reason] = (await verdicts(rootOf('huorong-esm/current'), P))[SIGNATURES]!;
      expect(status).toBe('error');
      expect(reason).toContain('this runtime has no SQLite reader');
    },
  );

  it('installed, whether it runs cannot be told (no documented process): error, never pass', async () => {
    expect((await verdicts(rootOf('huorong-esm/current'), P))[REALTIME]).toEqual(['error', RUNS_UNKNOWN]);
  });
});

describe('Rising ESM (瑞星ESM): /opt/BDFZ/RAV, RAVBDFZ.service, RJJHGJCZ/malware.rmd mtime', () => {
  const P = '瑞星ESM';
  it('installed, current and running', async () => {
    expect(await verdicts(rootOf('rising-esm/current', { [RMD]: NOV_28 }), P)).toEqual({
      [APPROVED]: ['pass', `${P} is on the approved list`],
      [SIGNATURES]: ['pass', `${P}: newest signatures are 2 days old; at most 7 allowed`],
      [FULL_SCAN]: NO_FULL_SCAN('rising-esm', P),
      // Running (RAVBDFZ.service and RAVGJCZ0…), but no source says which process is on-access scanning.
      [REALTIME]: [
        'error',
        `${P} runs (RAVBDFZ.service, RAVGJCZ0, RAVGLTX0, RAVZDFY0, rav.bin), but which of its processes is real-time protection is not known, so whether it is on cannot be told; the site can name it in product_definitions (realtime_processes)`,
      ],
    });
  });

  it('database older than allowed: fails with the age', async () => {
    expect((await verdicts(rootOf('rising-esm/current', { [RMD]: OCT_1 }), P))[SIGNATURES]).toEqual([
      'fail',
      `${P}: newest signatures are 60 days old (built 2026-10-01T02:00:00.000Z); at most 7 allowed`,
    ]);
  });

  it('installed but not running: fails real-time protection', async () => {
    expect((await verdicts(rootOf('rising-esm/stopped', { [RMD]: NOV_28 }), P))[REALTIME]).toEqual([
      'fail',
      `${P} is installed but not running (none of RAVBDFZ.service, RAVGJCZ0, RAVGLTX0, RAVZDFY0, rav.bin runs)`,
    ]);
  });

  it('malware.rmd that is a directory: error', async () => {
    const [status, reason] = (await verdicts(rootOf('rising-esm/unreadable'), P))[SIGNATURES]!;
    expect(status).toBe('error');
    expect(reason).toMatch(/the signature date cannot be read \(.*malware\.rmd is not a file\)$/);
  });
});

describe.each([
  {
    id: 'qax-tianqing',
    product: '奇安信天擎',
    running: 'serviceqaxsafe, qaxsafed',
    stopped: 'serviceqaxsafe, qaxsafed',
    path: '/opt/qaxsafe',
  },
  {
    id: '360-epp',
    product: '360终端安全',
    running: 'service360safe_linux, 360entclient',
    stopped: 'service360safe_linux, 360entclient',
    path: '/opt/360safe',
  },
])('$product: no documented signature source', ({ id, product: P, running, stopped, path: installPath }) => {
  it('installed and running: approved; signature age and real-time protection cannot be told (error)', async () => {
    expect(await verdicts(rootOf(`${id}/current`), P)).toEqual({
      [APPROVED]: ['pass', `${P} is on the approved list`],
      [SIGNATURES]: [
        'error',
        `${P}: the signature date cannot be read (the product definition "${id}" names no source for the signature date)`,
      ],
      [FULL_SCAN]: NO_FULL_SCAN(id, P),
      [REALTIME]: [
        'error',
        `${P} runs (${running}), but which of its processes is real-time protection is not known, so whether it is on cannot be told; the site can name it in product_definitions (realtime_processes)`,
      ],
    });
  });

  it('installed but not running: fails real-time protection', async () => {
    expect((await verdicts(rootOf(`${id}/stopped`), P))[REALTIME]).toEqual([
      'fail',
      `${P} is installed but not running (none of ${stopped} runs)`,
    ]);
  });

  it('an install path that cannot be looked at (a symbolic-link loop, ELOOP even for root): every rule errs', async () => {
    const findings = await judge(rootOf(`${id}/unreadable`));
    expect(findings.map((finding) => [finding.ruleId, finding.status])).toEqual([
      [APPROVED, 'error'],
      [SIGNATURES, 'error'],
      [FULL_SCAN, 'error'],
      [REALTIME, 'error'],
    ]);
    expect(findings[0]!.reason).toContain(`${installPath}: ELOOP`);
  });
});

describe('麒麟安全中心 (ksc-defender): /usr/sbin/ksc-defender, ClamAV databases', () => {
  const P = '麒麟安全中心';
  it('installed, current and running', async () => {
    const root = rootOf('ksc-defender/current');
    expect(await verdicts(root, P)).toEqual({
      [APPROVED]: ['pass', `${P} is on the approved list`],
      // daily.cud and main.cud built 25 Nov 2026 12:21 UTC (test/fixtures/clamav/current).
      [SIGNATURES]: ['pass', `${P}: newest signatures are 5 days old; at most 7 allowed`],
      [FULL_SCAN]: NO_FULL_SCAN('ksc-defender', P),
      [REALTIME]: [
        'error',
        `${P} runs (ksc-defender), but which of its processes is real-time protection is not known, so whether it is on cannot be told; the site can name it in product_definitions (realtime_processes)`,
      ],
    });
    // The databases directory is ClamAV's too, so ClamAV is found beside it (see the fixture README).
    expect((await judge(root)).map((finding) => finding.subject)).toContain('ClamAV');
  });

  it('database older than allowed: fails with the age', async () => {
    expect((await verdicts(rootOf('ksc-defender/stale'), P))[SIGNATURES]).toEqual([
      'fail',
      `${P}: newest signatures are 455 days old (built 2025-09-01T08:30:00.000Z); at most 7 allowed`,
    ]);
  });

  it('installed but not running: fails real-time protection', async () => {
    expect((await verdicts(rootOf('ksc-defender/stopped'), P))[REALTIME]).toEqual([
      'fail',
      `${P} is installed but not running (none of ksc-defender runs)`,
    ]);
  });

  it('a database that is a directory: error', async () => {
    const [status, reason] = (await verdicts(rootOf('ksc-defender/unreadable'), P))[SIGNATURES]!;
    expect(status).toBe('error');
    expect(reason).toMatch(/daily\.cld: EISDIR/);
  });
});

describe('ClamAV: /var/lib/clamav, clamd, clamonacc', () => {
  const P = 'ClamAV';
  it('installed, current, on-access scanner running: passes', async () => {
    expect(await verdicts(rootOf('clamav/current'), P)).toEqual({
      [APPROVED]: ['pass', `${P} is on the approved list`],
      [SIGNATURES]: ['pass', `${P}: newest signatures are 5 days old; at most 7 allowed`],
      [FULL_SCAN]: NO_FULL_SCAN('clamav', P),
      [REALTIME]: ['pass', `${P}: on-access scanning runs (clamonacc)`],
    });
  });

  it('database older than allowed: fails with the age', async () => {
    expect((await verdicts(rootOf('clamav/stale'), P))[SIGNATURES]).toEqual([
      'fail',
      `${P}: newest signatures are 455 days old (built 2025-09-01T08:30:00.000Z); at most 7 allowed`,
    ]);
  });

  it('installed but not running: fails real-time protection', async () => {
    expect((await verdicts(rootOf('clamav/stopped'), P))[REALTIME]).toEqual([
      'fail',
      `${P} is installed but not running (none of clamd, freshclam, clamonacc runs)`,
    ]);
  });

  it('a database that is a directory: error', async () => {
    const [status, reason] = (await verdicts(rootOf('clamav/unreadable'), P))[SIGNATURES]!;
    expect(status).toBe('error');
    expect(reason).toMatch(/daily\.cld: EISDIR/);
  });
});

/** The built-in definitions with a Linux layout (Microsoft Defender has only a Windows one). */
const LINUX_DEFINITIONS = BUILTIN_PRODUCT_DEFINITIONS.filter((definition) => definition.linux !== undefined);

describe('absent', () => {
  it('no shipped product is found on a machine without them, and every rule fails', async () => {
    const root = machineRoot(rootOf('absent'));
    const result = await linuxAntivirusProbe().read(root);
    if (!result.ok) throw new Error(result.reason);
    expect(LINUX_DEFINITIONS.map((definition) => definition.id)).toEqual([
      'huorong-esm',
      'rising-esm',
      'qax-tianqing',
      '360-epp',
      'ksc-defender',
      'clamav',
    ]);
    expect(result.facts.products).toEqual([]);
    expect(await verdicts(root.dir, '')).toEqual({
      [APPROVED]: ['fail', 'no antivirus product is installed'],
      [SIGNATURES]: ['fail', 'no antivirus'],
      [FULL_SCAN]: ['fail', 'no antivirus'],
      [REALTIME]: ['fail', 'no antivirus'],
    });
  });

  it.each(LINUX_DEFINITIONS.map((definition) => definition.id))(
    '%s alone is found only where its install path is',
    async (id) => {
      const only = BUILTIN_PRODUCT_DEFINITIONS.filter((definition) => definition.id === id);
      const absent = await linuxAntivirusProbe(only).read(machineRoot(rootOf('absent')));
      expect(absent).toMatchObject({ ok: true, facts: { products: [] } });
      const fixture =
        id === 'rising-esm' ? 'rising-esm/stopped' : `${id}/${id === 'huorong-esm' ? 'current' : 'stopped'}`;
      const present = await linuxAntivirusProbe(only).read(machineRoot(rootOf(fixture)));
      expect(present).toMatchObject({ ok: true, facts: { products: [{ definitionId: id }] } });
    },
  );
});
