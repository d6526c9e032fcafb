// The inspection record (3.12.2) end to end: a real collector on loopback started with `--unit`, real agents,
// shoumictl as a real process. A security admin marks a failing finding with a corrective measure (audited in
// the same transaction) and later marks it complete while the stick is still plugged in; reports for a real
// sweep (run by `shoumictl sweep run`) and for a time window carry the unit, time, inspector, every ledger
// device in scope with its coverage (one made in the ledger and never reported: 未检查), items, problems and
// measures, the completed-but-still-failing measure flagged; Debian's chromium prints the HTML record to A4
// PDFs whose every page reads "第 N 页 共 M 页" / "Page N of M" (poppler's pdftotext reads them back).
import { execFile, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InspectionRecord } from '../../collector/reports/inspection-record';
import { inspectionRecordFromWire } from '../../collector/reports/inspection-record-wire';
import { openSqliteStore } from '../../collector/store/sqlite/index';
import { type Deployment, deployment } from '../support/collector-fixture';
import { eventually, REPO, type Running, run } from '../support/processes';
import { commandWorks, missingPackagesWhy } from '../support/system-packages';

const FAILING = 'e2e-report-stick'; // usb-storage-qemu: an unregistered USB stick
const OFFLINE = 'e2e-report-clean'; // clean machine, stopped before the second sweep
const LEDGER_ONLY = 'e2e-report-ledger-only'; // made in the ledger, no agent ever reported for it
const UNIT = '某某研究所 保密办公室';
const STICK = '46f4:0001:SHM0001STICK';
const MEASURE = '收回未登记U盘，登记后按机密级重新发放';
const INSPECTOR = '王五';
// Hostile on purpose: markup and a word far wider than its table column must neither run nor break the page.
const LOCATION = `三楼 301 <script>document.body.innerHTML="pwned"</script> ${'机房'.repeat(3)}${'X'.repeat(120)}`;
const root = (name: string) => path.join(REPO, 'test', 'fixtures', 'roots', name);

let world: Deployment;
let collector: Running;
let failingAgent: Running;
let offlineAgent: Running;
let startedMs: number;
let sweepId: string;
let secondSweepId: string;
const ctl = (...args: string[]) => run('shoumictl', world.ctl(args));
const file = (name: string) => path.join(world.dir, name);

/** Runs shoumictl, expecting success, and parses its --json answer. */
async function ctlJson<T>(...args: string[]): Promise<T> {
  const result = await ctl('--json', ...args);
  expect(result.code, `shoumictl ${args.join(' ')}: ${result.stderr}`).toBe(0);
  return JSON.parse(result.stdout) as T;
}

async function currentFinding(deviceId: string, ruleId: string) {
  const page = await world.admin.listFindings({ deviceId, limit: 1000 });
  return page.findings.find((finding) => finding.ruleId === ruleId);
}

beforeAll(async () => {
  startedMs = Date.now();
  world = await deployment();
  collector = await world.startCollector(['--unit', UNIT]);
  const agentArgs = (name: string, id: string) => [
    '--root',
    root(name),
    '--interval',
    '1h',
    '--device-id',
    id,
  ];
  failingAgent = world.startAgent('stick', agentArgs('usb-storage-qemu', FAILING));
  offlineAgent = world.startAgent('clean', agentArgs('clean', OFFLINE));
  await eventually(() => currentFinding(FAILING, 'usb-storage-registered'), 'the stick finding', 20_000);
  await eventually(() => currentFinding(OFFLINE, 'usb-storage-registered'), 'the clean machine', 20_000);
  // The ledger fields the record shows (the ledger's own commands are tested in ledger.test.ts).
  await world.admin.updateDevice({
    deviceId: FAILING,
    fields: ['asset_number', 'classification', 'responsible_person', 'department', 'location'],
    assetNumber: 'BM-2026-017',
    classification: 'CONFIDENTIAL',
    responsiblePerson: '张三',
    department: '保密办',
    location: LOCATION,
  });
  await world.admin.updateDevice({
    deviceId: LEDGER_ONLY,
    create: true,
    fields: ['asset_number', 'classification', 'responsible_person'],
    assetNumber: 'BM-2026-099',
    classification: 'SECRET',
    responsiblePerson: '赵六',
  });
});

afterAll(async () => {
  await failingAgent?.kill();
  await offlineAgent?.kill();
  await collector?.kill();
});

describe('corrective measures', () => {
  it('refuses an unknown device, an empty measure and a finding that does not exist, naming each', async () => {
    const unknown = await ctl(
      'finding',
      'mark',
      '--device',
      'no-such-device',
      '--rule',
      'usb-storage-registered',
      '--subject',
      STICK,
      '--measure',
      'x',
    );
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('NOT_FOUND');
    expect(unknown.stderr).toContain('no device "no-such-device"');
    // The same refusals through the admin API directly (a process per case would only add seconds).
    const mark = (subject: string, measure: string) =>
      world.admin.markFinding({ deviceId: FAILING, ruleId: 'usb-storage-registered', subject, measure });
    await expect(mark(STICK, '  ')).rejects.toThrow(/INVALID_ARGUMENT: .*must not be empty/);
    await expect(mark('nope', 'x')).rejects.toThrow(
      /NOT_FOUND: .*no current finding for rule "usb-storage-registered" and subject "nope"/,
    );
    expect((await currentFinding(FAILING, 'usb-storage-registered'))!.disposition).toBeNull();
  });

  it('records a measure for the failing stick, shown with the finding', async () => {
    const marked = await ctl(
      'finding',
      'mark',
      '--device',
      FAILING,
      '--rule',
      'usb-storage-registered',
      '--subject',
      STICK,
      '--measure',
      MEASURE,
    );
    expect(marked.code, marked.stderr).toBe(0);
    expect(marked.stdout).toContain(
      `recorded for ${FAILING} usb-storage-registered ${STICK}: ${MEASURE} (未落实 not completed)`,
    );
    const finding = (await currentFinding(FAILING, 'usb-storage-registered'))!;
    expect(finding.status).toBe('FAIL');
    expect(finding.disposition).toMatchObject({
      measure: MEASURE,
      completed: false,
      completedAtMs: 0,
      recordedBy: 'admin:test-security_admin(security_admin)',
    });
  });
});

describe('inspection records', () => {
  it('runs a real sweep with shoumictl sweep run --wait, then a second one with an agent offline', async () => {
    const first = await ctlJson<{ sweepId: string; answered: number; targets: number }>(
      'sweep',
      'run',
      '--wait',
      '--timeout',
      '20s',
    );
    expect(first).toMatchObject({ targets: 2, answered: 2 });
    sweepId = first.sweepId;
    // Complete the measure after the first sweep, so the second record shows it complete.
    const done = await world.admin.markFinding({
      deviceId: FAILING,
      ruleId: 'usb-storage-registered',
      subject: STICK,
      measure: MEASURE,
      completed: true,
    });
    expect(done.completed).toBe(true);
    expect(done.completedAtMs).toBeGreaterThanOrEqual(startedMs);

    await offlineAgent.kill();
    await eventually(
      async () =>
        (await world.admin.listDevices({ limit: 10 })).devices.find((d) => d.deviceId === OFFLINE)
          ?.connected === false
          ? true
          : undefined,
      'the clean agent to be seen offline',
      10_000,
    );
    secondSweepId = (await world.admin.runSweep({})).sweepId;
    await eventually(
      async () =>
        (await world.admin.getSweep({ sweepId: secondSweepId })).answered === 1 ? true : undefined,
      'the connected agent to answer the second sweep',
      20_000,
    );
  });

  it('reports a sweep field by field: unit, time, inspector, objects with coverage, items, problems, measures', async () => {
    const written = await ctlJson<{ out: string; problems: number }>(
      'report',
      '--sweep',
      secondSweepId,
      '--format',
      'json',
      '--inspector',
      INSPECTOR,
      '--out',
      file('sweep.json'),
    );
    expect(written.out).toBe(file('sweep.json'));
    const record = JSON.parse(await readFile(file('sweep.json'), 'utf8')) as InspectionRecord;
    const sweep = await world.admin.getSweep({ sweepId: secondSweepId });
    expect(record.scope).toEqual({
      kind: 'sweep',
      sweepId: secondSweepId,
      startedAtMs: sweep.createdAtMs,
      completedAtMs: expect.any(Number),
    });
    expect(record.scope.kind === 'sweep' && record.scope.completedAtMs).toBeGreaterThanOrEqual(
      sweep.createdAtMs,
    );
    expect(record.format).toBe('shoumi.inspection-record/v2');
    expect(record.inspectedUnit).toEqual({ configured: true, name: UNIT });
    expect(record.inspector).toBe(INSPECTOR);
    expect(record.policyName).toBe('baseline');
    expect(record.generatedAtMs).toBeGreaterThanOrEqual(startedMs);

    // Every ledger device in service: the offline target, the one that answered, and the ledger entry whose
    // agent never reported (no target: the sweep could not reach it).
    expect(record.devices.map((device) => [device.deviceId, device.coverage])).toEqual([
      [OFFLINE, 'offline'],
      [LEDGER_ONLY, 'never_reported'],
      [FAILING, 'answered'],
    ]);
    expect(record.devices[1]).toMatchObject({
      assetNumber: 'BM-2026-099',
      classification: 'secret',
      responsiblePerson: '赵六',
      ledgerStatus: 'in_service',
      findings: 0,
      answeredAtMs: 0,
    });
    const stick = record.devices[2]!;
    expect(stick).toMatchObject({
      assetNumber: 'BM-2026-017',
      classification: 'confidential',
      responsiblePerson: '张三',
      department: '保密办',
      location: LOCATION,
      hostname: 'shoumi-guest',
    });
    expect(stick.findings).toBeGreaterThan(10);
    expect(stick.problems).toBe(record.problems.filter((problem) => problem.deviceId === FAILING).length);
    // A commanded sweep sends a verdict for every rule the agent judges.
    expect(stick.unjudgedItems).toBe(0);
    expect(record.devices[0]).toMatchObject({ findings: 0, problems: 0, answeredAtMs: 0 });

    expect(record.items.length).toBeGreaterThanOrEqual(30);
    expect(record.items).toContainEqual({
      ruleId: 'usb-storage-registered',
      clause: '3.7.4',
      titleZh: 'USB 存储介质已登记',
      titleEn: expect.any(String),
    });

    const usb = record.problems.find((problem) => problem.ruleId === 'usb-storage-registered')!;
    expect(usb).toMatchObject({
      deviceId: FAILING,
      assetNumber: 'BM-2026-017',
      classification: 'confidential',
      clause: '3.7.4',
      subject: STICK,
      status: 'fail',
      latestStatus: 'fail',
      // The stick is still plugged in now, although its measure is marked complete.
      currentStatus: 'fail',
      titleZh: 'USB 存储介质已登记',
    });
    expect(usb.currentObservedAtMs).toBeGreaterThanOrEqual(usb.observedAtMs);
    expect(usb.reason).toContain('SHM0001STICK');
    expect(usb.observedAtMs).toBeGreaterThanOrEqual(sweep.createdAtMs);
    expect(usb.disposition).toMatchObject({
      measure: MEASURE,
      completed: true,
      recordedBy: 'test-security_admin',
    });
    expect(usb.disposition!.completedAtMs).toBeGreaterThanOrEqual(startedMs);
    // Only findings the agent tagged with this sweep are in it, and only failing or error ones are problems.
    expect(record.problems.every((problem) => problem.status === 'fail' || problem.status === 'error')).toBe(
      true,
    );
    expect(new Set(record.problems.map((problem) => problem.deviceId))).toEqual(new Set([FAILING]));

    // The first sweep, run with both agents connected; without --inspector the admin identity inspects.
    const firstRecord = inspectionRecordFromWire(await world.admin.inspectionReport({ sweepId }));
    expect(firstRecord.devices.map((device) => device.coverage)).toEqual([
      'answered',
      'never_reported',
      'answered',
    ]);
    expect(firstRecord.inspector).toBe('test-security_admin');
  });

  it('reports a time window, and refuses an unknown sweep and an empty window', async () => {
    const from = new Date(startedMs - 60_000).toISOString();
    const to = new Date(Date.now() + 60_000).toISOString();
    const record = await ctlJson<InspectionRecord>(
      'report',
      '--from',
      from,
      '--to',
      to,
      '--inspector',
      INSPECTOR,
    );
    expect(record.scope).toEqual({ kind: 'window', fromMs: Date.parse(from), toMs: Date.parse(to) });
    expect(record.devices.map((device) => [device.deviceId, device.coverage])).toEqual([
      [OFFLINE, 'inspected'],
      [LEDGER_ONLY, 'never_reported'],
      [FAILING, 'inspected'],
    ]);
    expect(
      record.problems.find((problem) => problem.ruleId === 'usb-storage-registered')!.disposition!.measure,
    ).toBe(MEASURE);

    const before = await world.admin.inspectionReport({
      fromMs: startedMs - 3_600_000,
      toMs: startedMs - 1_800_000,
    });
    expect(before).toMatchObject({ devices: [], problems: [] });
    await expect(world.admin.inspectionReport({ sweepId: 'sw-nope' })).rejects.toThrow(
      /NOT_FOUND: no sweep "sw-nope"/,
    );
    // Both ends inside the accepted range (2000–2199), the start after the end.
    await expect(
      world.admin.inspectionReport({ fromMs: 1_800_000_000_001, toMs: 1_800_000_000_000 }),
    ).rejects.toThrow(/INVALID_ARGUMENT: the window starts/);
  });

  it('reads --from/--to as wall times in --time-zone', async () => {
    // A date in Asia/Shanghai (UTC+8, no summer time since 1991) starts at 16:00 UTC the day before.
    const shanghaiToday = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
    const [year, month, day] = shanghaiToday.split('-').map(Number) as [number, number, number];
    const record = await ctlJson<InspectionRecord>(
      'report',
      '--from',
      shanghaiToday,
      '--to',
      shanghaiToday,
      '--time-zone',
      'Asia/Shanghai',
    );
    expect(record.scope).toEqual({
      kind: 'window',
      fromMs: Date.UTC(year, month - 1, day) - 8 * 3_600_000,
      toMs: Date.UTC(year, month - 1, day + 1) - 8 * 3_600_000 - 1,
    });
    const refused = await ctl(
      'report',
      '--from',
      '2026-03-08T02:30',
      '--to',
      '2026-03-09',
      '--time-zone',
      'America/New_York',
    );
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain(
      '--from 2026-03-08T02:30: this wall time does not exist in America/New_York',
    );
  });

  it('writes CSV that Excel opens: BOM, CRLF, one row per problem', async () => {
    const result = await ctl(
      'report',
      '--sweep',
      secondSweepId,
      '--format',
      'csv',
      '--inspector',
      INSPECTOR,
      '--out',
      file('sweep.csv'),
    );
    expect(result.code, result.stderr).toBe(0);
    const bytes = await readFile(file('sweep.csv'));
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.toString('utf8');
    expect(text).toContain('\r\n');
    const [header, ...rows] = parse(text.slice(1)) as string[][];
    const json = JSON.parse(await readFile(file('sweep.json'), 'utf8')) as InspectionRecord;
    // One row per problem, then one per device without a problem row (the offline and the never-reported).
    expect(rows).toHaveLength(json.problems.length + 2);
    const column = (name: string) => header!.indexOf(name);
    expect(header!.slice(1, 8)).toEqual([
      '被检查单位',
      '检查时间',
      '检查人',
      '检查对象',
      '检查事项',
      '存在问题',
      '整改措施及落实情况',
    ]);
    const usbRow = rows.find((row) => row[column('规则')] === 'usb-storage-registered')!;
    expect(usbRow[column('被检查单位')]).toBe(UNIT);
    expect(usbRow[column('检查人')]).toBe(INSPECTOR);
    expect(usbRow[column('资产编号')]).toBe('BM-2026-017');
    expect(usbRow[column('密级')]).toBe('机密');
    expect(usbRow[column('条款')]).toBe('3.7.4');
    expect(usbRow[column('整改措施及落实情况')]).toBe(`${MEASURE}（已落实）`);
    expect(usbRow[column('落实情况')]).toBe('已落实');
    expect(usbRow[column('当前状态')]).toBe('不符合');
    expect(usbRow[column('落实核对')]).toBe('已登记落实，但该问题仍未消除');
    const ledgerRow = rows.find((row) => row[column('检查对象')] === LEDGER_ONLY)!;
    expect(ledgerRow[column('检查情况')]).toBe('未检查');
    expect(ledgerRow[column('存在问题')]).toBe('未检查（客户端从未上报）');
    // The Chinese record says every problem in Chinese: each finding of the real agents carries its reason's
    // catalogue code, rendered from the zh text (the English stays in the JSON's reason for logs).
    const problems = rows.filter((row) => row[column('规则')] !== '');
    expect(problems.length).toBeGreaterThan(0);
    for (const row of problems)
      expect(row[column('存在问题')], row[column('规则')]).toMatch(/[\u3400-\u9fff]/);
  });

  it('keeps every measure in the audit trail, recorded with the change', async () => {
    // Stop the collector and read its store in-process: the audit trail as stored.
    await failingAgent.kill();
    await collector.kill();
    const store = await openSqliteStore(path.join(world.dir, 'collector', 'collector.sqlite'));
    try {
      const trail = (await store.listAudit({ limit: 1000 })).filter(
        (entry) => entry.action === 'finding.disposition',
      );
      expect(trail).toHaveLength(2);
      expect(trail[0]).toMatchObject({
        actor: 'admin:test-security_admin(security_admin)',
        outcome: 'allowed',
        target: `finding:${FAILING}/usb-storage-registered/${STICK}`,
        detail: {
          deviceId: FAILING,
          subject: STICK,
          findingStatus: 'fail',
          before: null,
          after: { measure: MEASURE, completed: false },
        },
      });
      expect(trail[1]!.detail).toMatchObject({
        before: { completed: false },
        after: { measure: MEASURE, completed: true },
      });
      const [disposition] = await store.dispositionsFor([
        { deviceId: FAILING, ruleId: 'usb-storage-registered', subject: STICK },
      ]);
      expect(disposition!.auditPosition).toBe(trail[1]!.position);
    } finally {
      await store.close();
    }
    collector = await world.startCollector(['--unit', UNIT]);
  });
});

// ---- the HTML record in a real headless browser

const execFileAsync = promisify(execFile);
/** Debian's chromium, with CJK fonts and pdftotext beside it; the reason and the command to run when not. */
function chromiumOrWhyNot(): { ok: true; binary: string } | { ok: false; why: string } {
  const binary = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((file) => existsSync(file));
  const missing = [
    ...(binary ? [] : ['chromium']),
    ...(spawnSync('fc-list', [':lang=zh'], { encoding: 'utf8' }).stdout?.trim() ? [] : ['fonts-noto-cjk']),
    ...(commandWorks('pdftotext', ['-v']) ? [] : ['poppler-utils']),
  ];
  if (!binary || missing.length > 0)
    return { ok: false, why: missingPackagesWhy('printing the record in a browser', missing) };
  return { ok: true, binary };
}

/** Prints an HTML file to an A4 PDF (and optionally a screenshot) with Debian's chromium. */
async function printWithChromium(binary: string, html: string, pdf: string, png?: string): Promise<number> {
  const started = performance.now();
  await execFileAsync(
    binary,
    [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      `--user-data-dir=${file('chromium-profile')}`,
      // Chromium's own header and footer off: the page numbers must come from the record's CSS.
      '--no-pdf-header-footer',
      `--print-to-pdf=${pdf}`,
      ...(png === undefined ? [] : ['--hide-scrollbars', '--window-size=794,1123', `--screenshot=${png}`]),
      html,
    ],
    { timeout: 60_000 },
  );
  return Math.round(performance.now() - started);
}

/** The text of each page of a PDF, as poppler's pdftotext reads it (pages end with a form feed). */
async function pdfPages(pdf: string): Promise<string[]> {
  const { stdout } = await execFileAsync('pdftotext', ['-layout', '-enc', 'UTF-8', pdf, '-'], {
    maxBuffer: 16 * 1024 * 1024,
  });
  const pages = stdout.split('\f');
  if (pages.at(-1)!.trim() === '') pages.pop();
  return pages;
}

describe('the HTML record in Debian chromium', () => {
  // The first run may install chromium (tens of seconds); later runs find it at once.
  it('prints to A4 pages that each say "第 N 页 共 M 页", and renders Chinese', {
    timeout: 360_000,
  }, async () => {
    const browser = chromiumOrWhyNot();
    // Never pass silently: without a browser this test fails and says why.
    if (!browser.ok) throw new Error(`cannot render the inspection record: ${browser.why}`);
    await eventually(
      async () => ((await world.admin.fleetStatus()).devices > 0 ? true : undefined),
      'collector back',
      10_000,
    );
    const html = file('sweep.html');
    const result = await ctl('report', '--sweep', secondSweepId, '--inspector', INSPECTOR, '--out', html);
    expect(result.code, result.stderr).toBe(0);
    expect(await readFile(html, 'utf8')).toContain('保密检查记录');

    const pdf = file('sweep.pdf');
    const png = file('sweep.png');
    // One run prints the PDF and takes the screenshot (the window is A4 at 96 dpi: 794 × 1123 px).
    const browserMs = await printWithChromium(browser.binary, html, pdf, png);

    const pdfText = (await readFile(pdf)).toString('latin1');
    expect(pdfText.startsWith('%PDF-')).toBe(true);
    const boxes = [...pdfText.matchAll(/\/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]/g)].map(
      (match) => [Number(match[1]), Number(match[2])],
    );
    const pages = (pdfText.match(/\/Type\s*\/Page\b(?!s)/g) ?? []).length;
    console.log(
      `inspection record PDF: ${pages} page(s), media boxes ${JSON.stringify([...new Set(boxes.map(String))])}, ${pdfText.length} bytes; screenshot ${png}; chromium ${browserMs} ms`,
    );
    expect(boxes.length).toBeGreaterThan(0);
    // One media box per page, every one A4: 595.28 × 841.89 points (chromium rounds to 594.96 × 841.92;
    // US Letter would be 612 × 792).
    expect(boxes).toHaveLength(pages);
    for (const [width, height] of boxes) {
      expect(Math.abs(width! - 595.28)).toBeLessThan(0.5);
      expect(Math.abs(height! - 841.89)).toBeLessThan(0.5);
    }
    // Three devices with ~20 problems and 33 items: a few pages, not one and not dozens.
    expect(pages).toBeGreaterThanOrEqual(2);
    expect(pages).toBeLessThanOrEqual(12);
    // Chinese glyphs came from a CJK font the PDF embeds (not tofu from a fallback without them).
    expect(pdfText).toMatch(/\/FontName\s*\/[A-Z]{6}\+Noto(Sans|Serif)CJK/);

    // Every page carries its number and the total, from the record's own CSS (chromium's footer is off).
    // pdftotext drops the spaces between CJK glyphs, so they are matched as optional.
    const texts = await pdfPages(pdf);
    expect(texts).toHaveLength(pages);
    texts.forEach((text, index) => {
      expect(text, `page ${index + 1}`).toMatch(
        new RegExp(`第\\s*${index + 1}\\s*页\\s*共\\s*${pages}\\s*页`),
      );
    });
    // The words, with the layout's spaces and line breaks taken out (a narrow cell wraps its text).
    const words = (text: string) => text.replace(/\s+/g, '');
    expect(words(texts[0]!)).toContain('被检查单位某某研究所保密办公室');
    expect(words(texts.join(''))).toContain('已登记落实，但该问题仍未消除');

    const image = await readFile(png);
    expect([...image.subarray(1, 4)].map((byte) => String.fromCharCode(byte)).join('')).toBe('PNG');
    expect(image.readUInt32BE(16)).toBe(794);

    // The English record numbers its pages in English.
    const enHtml = file('sweep.en.html');
    const en = await ctl('report', '--sweep', secondSweepId, '--lang', 'en', '--out', enHtml);
    expect(en.code, en.stderr).toBe(0);
    await printWithChromium(browser.binary, enHtml, file('sweep.en.pdf'));
    const enTexts = await pdfPages(file('sweep.en.pdf'));
    expect(enTexts.length).toBeGreaterThanOrEqual(2);
    enTexts.forEach((text, index) => {
      expect(text, `page ${index + 1}`).toMatch(new RegExp(`Page ${index + 1} of ${enTexts.length}\\b`));
    });
  });
});

describe('the inspected unit', () => {
  it('refuses a unit name the record could not print faithfully, before the collector starts', async () => {
    for (const [unit, problem] of [
      ['研究所\u0007办公室', 'invisible character <U+0007> at position 4'],
      ['   ', 'must not be blank'],
      ['所'.repeat(101), 'is 101 characters long; at most 100'],
    ] as const) {
      const refused = await run('shoumi-collector', [
        'serve',
        '--data',
        file(`refused-unit-${unit.length}`),
        '--unit',
        unit,
      ]);
      expect(refused.code).toBe(2);
      expect(refused.stderr).toContain(`shoumi-collector: --unit: `);
      expect(refused.stderr).toContain(problem);
    }
  });
});
