// `shoumi-agent check` on machine roots recorded from a real kernel (test/fixtures/README.md): what a
// security officer runs by hand, and what scripts read through --json and the exit code.
import path from 'node:path';
import stringWidth from 'string-width';
import { describe, expect, it } from 'vitest';
import type { UnsequencedFinding } from '../../policies/model';
import { REPO, run } from '../support/processes';

const root = (name: string) => path.join(REPO, 'test', 'fixtures', 'roots', name);
const CJK = /[\u3400-\u9fff]/;

/**
 * The REASON cells of a `check` table: the last column, from where its header starts (in display cells, as
 * the table pads: a Chinese character takes two).
 */
function reasonCells(table: string): string[] {
  const [header, ...rows] = table.split('\n\n')[0]!.split('\n');
  const start = stringWidth(header!) - stringWidth(header!.split(/\s{2,}/).at(-1)!);
  return rows.map((row) => {
    let width = 0;
    let index = 0;
    for (const character of row) {
      if (width >= start) break;
      width += stringWidth(character);
      index += character.length;
    }
    return row.slice(index).trim();
  });
}

async function check(rootName: string) {
  const started = performance.now();
  const result = await run('shoumi-agent', ['check', '--json', '--root', root(rootName)]);
  const elapsedMs = performance.now() - started;
  const findings = (JSON.parse(result.stdout) as { findings: UnsequencedFinding[] }).findings;
  const find = (ruleId: string) => findings.filter((finding) => finding.ruleId === ruleId);
  return { code: result.code, findings, find, elapsedMs };
}

describe('shoumi-agent check on recorded machines', () => {
  it('fails an unregistered USB stick, naming it by vendor, product and serial', async () => {
    const { code, find } = await check('usb-storage-qemu');
    expect(code).toBe(1);
    const [stick] = find('usb-storage-registered');
    expect(stick).toMatchObject({ status: 'fail', clause: '3.7.4', subject: '46f4:0001:SHM0001STICK' });
    expect(stick!.evidence).toMatchObject({ blockDevices: ['sda'] });
  });

  it('fails a Wi‑Fi radio that rfkill switched off, and a Bluetooth controller', async () => {
    const { find } = await check('wifi-bluetooth');
    const [wifi] = find('wifi-radio-absent');
    expect(wifi).toMatchObject({ status: 'fail', clause: '3.7.8', subject: 'phy0' });
    expect(JSON.stringify(wifi!.evidence)).toMatch(/"soft":true/);
    expect(find('bluetooth-controller-absent')[0]).toMatchObject({ status: 'fail', subject: 'hci0' });
  });

  it('fails a wireless keyboard/mouse receiver by its USB id', async () => {
    const { find } = await check('gadget-receiver-and-stick');
    const receivers = find('wireless-input-receiver-absent');
    expect(receivers.some((finding) => finding.status === 'fail')).toBe(true);
    expect(JSON.stringify(receivers)).toContain('c52b');
  });

  it('passes the radio rules on a machine without radios, with evidence of what was read', async () => {
    const { find, findings, elapsedMs } = await check('clean');
    for (const ruleId of ['wifi-radio-absent', 'bluetooth-controller-absent', 'usb-storage-registered']) {
      const [finding] = find(ruleId);
      expect(finding?.status, ruleId).toBe('pass');
      expect(Object.keys(finding!.evidence).length, ruleId).toBeGreaterThan(0);
    }
    // Never a pass without evidence, anywhere.
    for (const finding of findings.filter((f) => f.status === 'pass')) {
      expect(Object.keys(finding.evidence).length, finding.ruleId).toBeGreaterThan(0);
    }
    // The sweep budget (under a second) is measured by `npm run bench:sweep`, not asserted here: a timed
    // assertion in a functional test fails on a loaded machine (3.1–3.8 s seen) and proves nothing.
    console.log(`shoumi-agent check on the clean root: ${Math.round(elapsedMs)} ms including Node start-up`);
  });

  it('prints the table in Chinese by default: verdicts, titles, every reason and the summary', async () => {
    // LC_ALL=C asks for no language: nothing asks for English, so the reader gets Chinese.
    const result = await run('shoumi-agent', ['check', '--root', root('usb-storage-qemu')], {
      SHOUMI_LANG: '',
      LC_ALL: 'C',
    });
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/^结论\s+条款\s+规则\s+名称\s+对象\s+原因/);
    expect(result.stdout).toMatch(/不符合\s+3\.7\.4\s+usb-storage-registered/);
    const reasons = reasonCells(result.stdout);
    expect(reasons.length).toBeGreaterThanOrEqual(25);
    // No reason left in Latin-only text: each says at least something in Chinese.
    expect(reasons.filter((reason) => !CJK.test(reason))).toEqual([]);
    expect(reasons).toContain('未安装防病毒软件');
    expect(result.stdout).toMatch(/不符合 \d+ 项，无法判定 \d+ 项，符合 \d+ 项，不适用 \d+ 项/);
  });

  it('prints the table in English with --lang en or SHOUMI_LANG=en, reasons as the JSON keeps them', async () => {
    const byOption = await run('shoumi-agent', ['check', '--lang', 'en', '--root', root('usb-storage-qemu')]);
    const byEnv = await run('shoumi-agent', ['check', '--root', root('usb-storage-qemu')], {
      SHOUMI_LANG: 'en',
    });
    expect(byEnv.stdout).toBe(byOption.stdout);
    expect(byOption.stdout).toMatch(/^STATUS\s+CLAUSE\s+RULE\s+TITLE\s+SUBJECT\s+REASON/);
    expect(byOption.stdout).toMatch(/FAIL\s+3\.7\.4\s+usb-storage-registered/);
    const reasons = reasonCells(byOption.stdout);
    expect(reasons.length).toBeGreaterThanOrEqual(25);
    expect(reasons.filter((reason) => CJK.test(reason))).toEqual([]);
    expect(reasons).toContain('no antivirus product is installed');
    expect(byOption.stdout).toMatch(/\d+ failing, \d+ errors, \d+ passing, \d+ not applicable/);
  });

  it('keeps codes, parameters and the English reason in --json whatever the language', async () => {
    const result = await run('shoumi-agent', ['check', '--json', '--root', root('usb-storage-qemu')], {
      SHOUMI_LANG: 'zh',
    });
    const findings = (JSON.parse(result.stdout) as { findings: UnsequencedFinding[] }).findings;
    const [stick] = findings.filter((finding) => finding.ruleId === 'usb-storage-registered');
    expect(stick).toMatchObject({
      reason: 'USB storage 46f4:0001 serial SHM0001STICK is not a registered medium',
      reasonCode: 'removable-media.not-registered',
      reasonParams: { ids: '46f4:0001', serial: 'SHM0001STICK' },
    });
    expect(findings.filter((finding) => !finding.reasonCode)).toEqual([]);
  });

  it('refuses a language it does not speak before reading the machine', async () => {
    const result = await run('shoumi-agent', ['check', '--lang', 'fr', '--root', root('clean')]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--lang fr: expected zh or en/);
  });

  it('says clearly when the root does not exist, and reports errors rather than passes', async () => {
    const { code, findings } = await check('no-such-machine');
    expect(code).toBe(1);
    expect(findings.filter((finding) => finding.status === 'pass')).toEqual([]);
    expect(
      findings.some((finding) => finding.status === 'error' && /no-such-machine/.test(finding.reason)),
    ).toBe(true);
  });
});
