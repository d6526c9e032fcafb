// The ledger (台帐, 3.7.2) end to end: a real collector on loopback, a real agent, and shoumictl as a real
// process. A CSV with bad rows is refused whole with a row-by-row report and changes nothing; an exported CSV
// imported again changes nothing; `device set` round-trips through `device show` with its history and
// reaches the connected agent; a changed hardware fact on hello becomes history.
import { cp, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { xlsxToLedgerCsv } from '../../collector/ledger/ledger-xlsx';
import { openConnection } from '../../collector/store/sqlite/connection';
import { type Deployment, deployment } from '../support/collector-fixture';
import { eventually, REPO, type Running, run } from '../support/processes';

const DEVICE = 'e2e-ledger-ws';
const HEADER = '资产编号,设备ID,主机名,密级,责任人,部门,位置,状态,允许网络';
const csv = (...lines: string[]) => `\ufeff${lines.join('\r\n')}\r\n`;

let world: Deployment;
let collector: Running;
let agent: Running;
let root: string;
const ctl = (...args: string[]) => run('shoumictl', world.ctl(args));
const file = (name: string) => path.join(world.dir, name);

const startAgent = () =>
  world.startAgent('agent', ['--root', root, '--interval', '1h', '--device-id', DEVICE]);
const bundlesApplied = () =>
  agent
    .output()
    .split('\n')
    .filter((line) => line.includes('"policy bundle applied"')).length;

/** The ledger as the admin API exports it: for before/after comparisons, without a process per look. */
const ledgerText = async () => (await world.admin.exportLedger({ lang: 'zh' })).csvText;

async function exportLedger(name: string, lang = 'zh'): Promise<string> {
  const exported = await ctl('ledger', 'export', '--lang', lang, '--out', file(name));
  expect(exported.code, exported.stderr).toBe(0);
  return readFile(file(name), 'utf8');
}

/** Rows of the collector's own database, read beside the running collector (WAL allows a reader). */
async function databaseCount(sql: string): Promise<number> {
  const connection = await openConnection(path.join(world.dir, 'collector', 'collector.sqlite'), 'read-only');
  try {
    return (await connection.get<{ n: number }>(sql))!.n;
  } finally {
    await connection.close();
  }
}

beforeAll(async () => {
  world = await deployment();
  collector = await world.startCollector();
  // The agent reads its hardware facts from a copy of a recorded machine, so the test can change them.
  root = path.join(world.dir, 'root');
  await cp(path.join(REPO, 'test', 'fixtures', 'roots', 'clean'), root, {
    recursive: true,
    verbatimSymlinks: true,
  });
  agent = startAgent();
  await eventually(
    async () => {
      const page = await world.admin.listDevices({ limit: 10 });
      return page.devices.find((device) => device.deviceId === DEVICE && device.connected);
    },
    'the agent to connect',
    15_000,
  );
  const seeded = await writeFile(
    file('seed.csv'),
    csv(
      HEADER,
      `ZC-001,${DEVICE},,秘密,张三,保密办,201,在用,10.1.0.0/16`,
      'ZC-002,e2e-ledger-spare,,机密,李四,科研部,库房,停用,',
      'ZC-003,e2e-ledger-laptop,,非密,王五,综合部,,维修,"10.8.0.0/16, 10.9.0.0/16"',
    ),
  ).then(() => ctl('ledger', 'import', file('seed.csv')));
  expect(seeded.code, seeded.stderr + seeded.stdout).toBe(0);
  expect(seeded.stdout).toContain('新建 created 2, 更改 changed 1, 未变 unchanged 0');
}, 60_000);

afterAll(async () => {
  await agent?.kill();
  await collector?.kill();
  world?.admin.close();
  if (world) await rm(world.dir, { recursive: true, force: true });
});

describe('ledger import and export through shoumictl', () => {
  it('refuses a CSV with bad rows whole, reports each row, and changes nothing in the ledger', async () => {
    const before = await ledgerText();
    const historyBefore = await databaseCount('SELECT count(*) AS n FROM ledger_history');

    await writeFile(
      file('bad.csv'),
      csv(
        HEADER,
        `ZC-001,${DEVICE},,绝密,张三,保密办,201,在用,10.1.0.0/16`, // line 2: good, would change the level
        'ZC-004,e2e-ledger-new,,绝秘,赵六,保密办,,在用,', // line 3: unknown classification
        'ZC-005,e2e-ledger-new2,,机密,赵六,保密办,,在用,10.1.2.3/16', // line 4: host bits set
        'ZC-006,e2e-ledger-spare,,机密,李四,科研部,,报废,', // line 5: unknown status
        `ZC-007,${DEVICE},,机密,张三,保密办,201,在用,`, // line 6: the same device again
        'ZC-008,e2e-ledger-short,,机密', // line 7: cells missing
      ),
    );
    const refused = await ctl('ledger', 'import', file('bad.csv'));
    expect(refused.code).toBe(1);
    expect(refused.stdout).toContain(
      '已拒绝 refused: bad.csv — 5 个问题，未做任何更改 / 5 problems, nothing was changed',
    );
    const reportRows = refused.stdout
      .split('\n')
      .slice(2)
      .filter((line) => line.trim() !== '')
      .map((line) => line.split(/\s{2,}/).slice(0, 2));
    expect(reportRows).toEqual([
      ['3', '密级'],
      ['4', '允许网络'],
      ['5', '状态'],
      ['6', '设备ID'],
      ['7', '—'],
    ]);
    expect(refused.stdout).toContain('unknown classification "绝秘"');
    expect(refused.stdout).toContain('did you mean 10.1.0.0/16');
    expect(refused.stdout).toContain(`device ${DEVICE} is already on line 2`);
    expect(refused.stdout).toContain('the row has 4 cells, the header has 9');

    // The same file as --json: the whole answer, and still exit 1.
    const json = await ctl('--json', 'ledger', 'import', file('bad.csv'));
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout)).toMatchObject({
      applied: false,
      problemCount: 5,
      created: 0,
      changed: 0,
    });

    // Binary garbage and a file of another shape are refused too, naming what is wrong.
    await writeFile(
      file('garbage.csv'),
      Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00, 0xff, 0xfe]),
    );
    const garbage = await ctl('ledger', 'import', file('garbage.csv'));
    expect(garbage.code).toBe(1);
    expect(garbage.stdout).toContain('not a text CSV file');
    await writeFile(file('english.csv'), 'device_id,classification\r\ne2e-ledger-spare,secret\r\n');
    const english = await ctl('ledger', 'import', file('english.csv'));
    expect(english.code).toBe(1);
    expect(english.stdout).toContain('missing required column 资产编号 (asset_number)');

    expect(await ledgerText()).toBe(before);
    expect(await databaseCount('SELECT count(*) AS n FROM ledger_history')).toBe(historyBefore);
    // Refusals are audited as refused, and nothing else was written.
    expect(
      await databaseCount(
        "SELECT count(*) AS n FROM audit WHERE action = 'ledger.imported' AND outcome = 'refused'",
      ),
    ).toBe(4);
  });

  it('imports an exported CSV again, in Chinese and in English, without changing anything', async () => {
    const exported = await exportLedger('export-zh.csv');
    expect(exported.startsWith('\ufeff资产编号,设备ID,主机名,密级')).toBe(true);
    expect(exported).toContain(`ZC-001,${DEVICE},shoumi-guest,`);
    expect(exported).toContain(
      'ZC-003,e2e-ledger-laptop,,非密,王五,综合部,,维修,"10.8.0.0/16, 10.9.0.0/16"\r\n',
    );
    const english = await world.admin.exportLedger({ lang: 'en' });

    const history = await databaseCount('SELECT count(*) AS n FROM ledger_history');
    const updates = await databaseCount("SELECT count(*) AS n FROM audit WHERE action = 'ledger.updated'");
    const again = await ctl('ledger', 'import', file('export-zh.csv'));
    expect(again.code, again.stderr + again.stdout).toBe(0);
    expect(again.stdout).toContain('3 行 rows: 新建 created 0, 更改 changed 0, 未变 unchanged 3');
    expect(
      await world.admin.importLedger({ csvText: english.csvText, fileName: 'export-en.csv', dryRun: false }),
    ).toMatchObject({ applied: true, rows: 3, created: 0, changed: 0, unchanged: 3, problemCount: 0 });
    expect(await databaseCount('SELECT count(*) AS n FROM ledger_history')).toBe(history);
    expect(await databaseCount("SELECT count(*) AS n FROM audit WHERE action = 'ledger.updated'")).toBe(
      updates,
    );
    expect(await ledgerText()).toBe(exported);
  });

  it('a dry run reports what an import would do and writes nothing', async () => {
    await writeFile(file('dry.csv'), csv(HEADER, 'ZC-010,e2e-ledger-dry,,机密,赵六,,,在用,'));
    const dry = await ctl('ledger', 'import', '--dry-run', file('dry.csv'));
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout).toContain('dry run OK, nothing written');
    expect(dry.stdout).toContain('新建 created 1');
    const shown = await ctl('device', 'e2e-ledger-dry');
    expect(shown.code).toBe(2);
    expect(shown.stderr).toContain('NOT_FOUND');
  });
});

describe('device show and set through shoumictl', () => {
  it('round-trips a ledger edit with its history, and the connected agent gets its new bundle', async () => {
    const bundlesBefore = bundlesApplied();
    const set = await ctl(
      'device',
      'set',
      DEVICE,
      '--classification',
      '机密',
      '--asset-number',
      'ZC-E2E-9',
      '--responsible',
      '陈七',
      '--location',
      '3号楼 305',
      '--status',
      '维修',
      '--allowed-networks',
      '10.1.0.0/16,10.2.0.0/16',
    );
    expect(set.code, set.stderr).toBe(0);
    expect(set.stdout).toContain(
      `已更新 updated ${DEVICE}: classification, asset_number, responsible_person, location, status, allowed_networks`,
    );

    const detail = await world.admin.getDevice({ deviceId: DEVICE, historyLimit: 200 });
    expect(detail.summary).toMatchObject({
      deviceId: DEVICE,
      classification: 'CONFIDENTIAL',
      assetNumber: 'ZC-E2E-9',
      responsiblePerson: '陈七',
      department: '保密办',
      location: '3号楼 305',
      status: 'under_repair',
      connected: true,
    });
    expect(detail.allowedNetworks).toEqual(['10.1.0.0/16', '10.2.0.0/16']);
    expect(detail.hardware).toMatchObject({ hostname: 'shoumi-guest', kernel: '6.1.0-56-amd64' });
    const edits = detail.history.filter((change) => change.action === 'ledger.updated');
    expect(edits.map((change) => change.field).sort()).toEqual(
      ['allowedNetworks', 'assetNumber', 'classification', 'location', 'responsiblePerson', 'status'].sort(),
    );
    for (const change of edits) expect(change.actor).toBe('admin:test-security_admin(security_admin)');
    expect(edits.find((change) => change.field === 'classification')).toMatchObject({
      oldValueJson: '"secret"',
      newValueJson: '"confidential"',
    });
    // Newest first: the edit comes before the seeding import.
    const positions = detail.history.map((change) => change.auditPosition);
    expect(positions).toEqual([...positions].sort((a, b) => b - a));
    expect(detail.history.at(-1)!.action).toBe('ledger.imported');

    const human = await ctl('device', 'show', DEVICE);
    expect(human.code).toBe(0);
    expect(human.stdout).toMatch(/密级 classification\s+机密/);
    expect(human.stdout).toMatch(/状态 status\s+维修 \(under_repair\)/);
    expect(human.stdout).toMatch(/ledger\.updated\s+classification\s+秘密\s+机密/);

    // The classification and networks are in the agent's ledger slice: it gets a new bundle within seconds.
    await eventually(
      async () => (bundlesApplied() > bundlesBefore ? true : undefined),
      'a new policy bundle',
      10_000,
    );
  });

  it('refuses a bad value or an unknown device by name and changes nothing', async () => {
    const before = await ledgerText();
    const badLevel = await ctl('device', 'set', DEVICE, '--classification', '绝秘');
    expect(badLevel.code).toBe(2);
    expect(badLevel.stderr).toContain('unknown classification "绝秘"');
    const badNetwork = await ctl('device', 'set', DEVICE, '--allowed-networks', '10.0.0.1/8');
    expect(badNetwork.code).toBe(2);
    expect(badNetwork.stderr).toContain('INVALID_ARGUMENT: allowed_networks');
    const unknown = await ctl('device', 'set', 'e2e-ledger-typo', '--location', 'x');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('NOT_FOUND: unknown device "e2e-ledger-typo"');
    expect(await ledgerText()).toBe(before);

    // A new entry is in service unless told otherwise, and a device in service needs its three marks (3.7.2).
    const bare = await ctl('device', 'set', 'e2e-ledger-typo', '--location', 'x', '--create');
    expect(bare.code).toBe(2);
    expect(bare.stderr).toContain(
      'device e2e-ledger-typo is in service but lacks asset number, classification, responsible person (3.7.2)',
    );
    expect(await ledgerText()).toBe(before);
    const created = await ctl(
      'device',
      'set',
      'e2e-ledger-typo',
      '--location',
      'x',
      '--status',
      '停用',
      '--create',
    );
    expect(created.code, created.stderr).toBe(0);
  });

  it('keeps a hardware fact changed on hello as history, with the device as actor', async () => {
    await agent.kill();
    await writeFile(path.join(root, 'proc', 'sys', 'kernel', 'osrelease'), '6.12.0-9-amd64\n');
    const seenBefore = (await world.admin.getDevice({ deviceId: DEVICE })).summary!.lastSeenMs;
    agent = startAgent();
    const detail = await eventually(
      async () => {
        const current = await world.admin.getDevice({ deviceId: DEVICE, historyLimit: 50 });
        return current.summary!.connected && current.summary!.lastSeenMs > seenBefore ? current : undefined;
      },
      'the agent to say hello again',
      15_000,
    );
    expect(detail.hardware?.kernel).toBe('6.12.0-9-amd64');
    expect(detail.history[0]).toMatchObject({
      actor: DEVICE,
      action: 'device.hardware_changed',
      field: 'hardware.kernel',
      oldValueJson: '"6.1.0-56-amd64"',
      newValueJson: '"6.12.0-9-amd64"',
    });
    expect(detail.history.filter((change) => change.action === 'device.hardware_changed')).toHaveLength(1);
    const human = await ctl('device', DEVICE);
    expect(human.stdout).toMatch(
      /device\.hardware_changed\s+hardware\.kernel\s+6\.1\.0-56-amd64\s+6\.12\.0-9-amd64/,
    );
  });
});

describe("the standard's fields in the ledger (3.7.2)", () => {
  it('refuses a device in service without each required field, and an asset number already held, row by row', async () => {
    const before = await ledgerText();
    await writeFile(
      file('required.csv'),
      csv(
        HEADER,
        ',e2e-req-1,,机密,张三,保密办,,在用,', // line 2: no asset number
        'ZC-101,e2e-req-2,,,张三,保密办,,在用,', // line 3: no classification
        'ZC-102,e2e-req-3,,机密,,保密办,,在用,', // line 4: no responsible person
        'ZC-002,e2e-req-4,,机密,李四,保密办,,在用,', // line 5: ZC-002 is e2e-ledger-spare's
        'ZC-104,e2e-req-5,,机密,李四,保密办,,在用,', // line 6: fine
        'ZC-104,e2e-req-6,,机密,李四,保密办,,在用,', // line 7: ZC-104 is on line 6
        ',e2e-req-7,,,,保密办,,维修,', // line 8: under repair, may lack all three
      ),
    );
    const refused = await ctl('ledger', 'import', file('required.csv'));
    expect(refused.code).toBe(1);
    expect(refused.stdout).toContain('已拒绝 refused: required.csv — 5 个问题');
    const reportRows = refused.stdout
      .split('\n')
      .slice(2)
      .filter((line) => /^\d/.test(line))
      .map((line) => line.split(/\s{2,}/).slice(0, 2));
    expect(reportRows).toEqual([
      ['2', '资产编号'],
      ['3', '密级'],
      ['4', '责任人'],
      ['5', '资产编号'],
      ['7', '资产编号'],
    ]);
    expect(refused.stdout).toContain('a device in service must have its responsible person (3.7.2)');
    expect(refused.stdout).toContain('asset number ZC-002 already belongs to device e2e-ledger-spare');
    expect(refused.stdout).toContain('asset number ZC-104 is already on line 6');
    expect(await ledgerText()).toBe(before);
  });

  it("refuses device set that leaves a device in service incomplete or takes another device's number", async () => {
    const before = await ledgerText();
    const taken = await ctl('device', 'set', 'e2e-ledger-laptop', '--asset-number', 'ZC-002');
    expect(taken.code).toBe(2);
    expect(taken.stderr).toContain('asset number ZC-002 already belongs to device e2e-ledger-spare');
    // e2e-ledger-typo was entered retired with no marks: it may not go into service without them.
    const back = await ctl('device', 'set', 'e2e-ledger-typo', '--status', '在用');
    expect(back.code).toBe(2);
    expect(back.stderr).toContain('设备 e2e-ledger-typo 在用，但缺少资产编号、密级、责任人（3.7.2）');
    const cleared = await ctl(
      'device',
      'set',
      'e2e-ledger-spare',
      '--status',
      'in_service',
      '--responsible',
      '',
    );
    expect(cleared.code).toBe(2);
    expect(cleared.stderr).toContain('lacks responsible person');
    expect(await ledgerText()).toBe(before);
    const complete = await ctl(
      'device',
      'set',
      'e2e-ledger-typo',
      '--status',
      '在用',
      '--asset-number',
      'ZC-TYPO',
      '--classification',
      '秘密',
      '--responsible',
      '赵六',
    );
    expect(complete.code, complete.stderr).toBe(0);
  });

  it('imports a row that sets 主机名 without it, and says so for that row', async () => {
    const detail = await world.admin.getDevice({ deviceId: DEVICE });
    const summary = detail.summary!;
    const row = [
      summary.assetNumber,
      DEVICE,
      'typed-by-hand',
      '机密',
      summary.responsiblePerson,
      summary.department,
      '3号楼 306',
      '维修',
      detail.allowedNetworks.join(' '),
    ].join(',');
    await writeFile(file('hostname.csv'), csv(HEADER, row));
    const imported = await ctl('ledger', 'import', file('hostname.csv'));
    expect(imported.code, imported.stdout + imported.stderr).toBe(0);
    expect(imported.stdout).toContain('更改 changed 1');
    expect(imported.stdout).toContain('1 rows set a hostname, which was not imported (the agent reports it)');
    expect(imported.stdout).toContain(
      'the file\'s "typed-by-hand" was not imported (the agent reports "shoumi-guest"); the rest of the row was',
    );
    const after = (await world.admin.getDevice({ deviceId: DEVICE })).summary!;
    expect(after.hostname).toBe('shoumi-guest');
    expect(after.location).toBe('3号楼 306');
    // Export still writes the agent's hostname.
    expect(await ledgerText()).toContain(`,${DEVICE},shoumi-guest,`);
  });

  it('names stored entries that lack a required field: ledger check exits 1, export notes it on stderr', async () => {
    // An entry from before the rule, written straight into the database as an older collector left it.
    const connection = await openConnection(
      path.join(world.dir, 'collector', 'collector.sqlite'),
      'read-write',
    );
    try {
      await connection.run("INSERT INTO devices (device_id, asset_number) VALUES ('e2e-legacy', '')");
    } finally {
      await connection.close();
    }
    const check = await ctl('ledger', 'check');
    expect(check.code).toBe(1);
    expect(check.stdout).toMatch(/台帐不完整 incomplete: 3 个问题/);
    expect(check.stdout).toContain('e2e-legacy: 在用设备必须有资产编号');
    const exported = await ctl('ledger', 'export', '--out', file('with-gap.csv'));
    expect(exported.code).toBe(0);
    expect(exported.stderr).toContain(
      '1 ledger entries lack a required field or share an asset number (3.7.2)',
    );
    // That export imports again as it is: a row stating the incomplete entry unchanged writes nothing.
    const unchanged = await ctl('ledger', 'import', file('with-gap.csv'));
    expect(unchanged.code, unchanged.stdout).toBe(0);
    expect(unchanged.stdout).toContain('更改 changed 0');
    // Mended by taking it out of service (allowed without the fields), the ledger is complete.
    const retired = await ctl('device', 'set', 'e2e-legacy', '--status', '停用');
    expect(retired.code, retired.stderr).toBe(0);
    const again = await ctl('ledger', 'check');
    expect(again.code, again.stdout).toBe(0);
    expect(again.stdout).toContain('台帐完整 complete');
  });

  it('takes back every status word it prints: devices --status and media list --status', async () => {
    for (const [word, expected] of [
      ['在用', 'in_service'],
      ['维修', 'under_repair'],
      ['停用', 'retired'],
    ] as const) {
      const listed = await ctl('--json', 'devices', '--status', word);
      expect(listed.code, listed.stderr).toBe(0);
      const devices = JSON.parse(listed.stdout).devices as Array<{ status: string }>;
      expect(devices.length, word).toBeGreaterThan(0);
      for (const device of devices) expect(device.status, word).toBe(expected);
    }
    const medium = '46f4:0001:E2E-LEDGER-1';
    const register = () =>
      ctl(
        'media',
        'register',
        '--vendor',
        '46f4',
        '--product',
        '0001',
        '--serial',
        'E2E-LEDGER-1',
        '--classification',
        '秘密',
        '--asset-number',
        'U-E2E-1',
        '--responsible',
        '张三',
      );
    expect((await register()).stdout).toContain(`已登记 registered ${medium} as U-E2E-1`);
    expect((await ctl('media', 'lost', medium)).code).toBe(0);
    const again = await register();
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toContain(`updated the record of ${medium}`);
    expect(again.stdout).toContain('still 丢失 lost in the ledger');
    expect(again.stdout).toContain(`shoumictl media restore ${medium} --note`);
    for (const word of ['丢失', 'lost']) {
      const listed = await ctl('--json', 'media', 'list', '--status', word);
      expect(listed.code, listed.stderr).toBe(0);
      expect(JSON.parse(listed.stdout).media.map((entry: { serial: string }) => entry.serial)).toEqual([
        'E2E-LEDGER-1',
      ]);
    }
    const noReason = await ctl('media', 'restore', medium);
    expect(noReason.code).not.toBe(0);
    const restored = await ctl('media', 'restore', medium, '--note', '在保密柜中找回');
    expect(restored.code, restored.stderr).toBe(0);
    expect(restored.stdout).toContain('is now 在用 in use');
    for (const word of ['在用', 'in use']) {
      const listed = await ctl('--json', 'media', 'list', '--status', word);
      expect(
        JSON.parse(listed.stdout).media.map((entry: { serial: string }) => entry.serial),
        word,
      ).toContain('E2E-LEDGER-1');
    }
    const none = await ctl('--json', 'media', 'list', '--status', '报废');
    expect(none.code, none.stderr).toBe(0);
  }, 120_000);
});

describe('the ledger as .xlsx', () => {
  it('exports an .xlsx that imports again with no change, and exports the same again', async () => {
    const before = await ledgerText();
    const history = await databaseCount('SELECT count(*) AS n FROM ledger_history');
    const first = await ctl('ledger', 'export', '--format', 'xlsx', '--out', file('ledger.xlsx'));
    expect(first.code, first.stderr).toBe(0);
    const workbook = await readFile(file('ledger.xlsx'));
    expect(workbook.subarray(0, 2).toString('latin1')).toBe('PK');

    const imported = await ctl('ledger', 'import', file('ledger.xlsx'));
    expect(imported.code, imported.stdout + imported.stderr).toBe(0);
    expect(imported.stdout).toMatch(/新建 created 0, 更改 changed 0, 未变 unchanged \d+/);
    expect(await ledgerText()).toBe(before);
    expect(await databaseCount('SELECT count(*) AS n FROM ledger_history')).toBe(history);

    // By extension alone this time, and compared cell by cell with the first.
    const second = await ctl('ledger', 'export', '--out', file('again.xlsx'));
    expect(second.code, second.stderr).toBe(0);
    expect(await xlsxToLedgerCsv(await readFile(file('again.xlsx')))).toBe(await xlsxToLedgerCsv(workbook));
  });

  it('imports a workbook LibreOffice Calc made (test/fixtures/ledger)', async () => {
    const imported = await ctl(
      'ledger',
      'import',
      path.join(REPO, 'test', 'fixtures', 'ledger', 'ledger.xlsx'),
    );
    expect(imported.code, imported.stdout + imported.stderr).toBe(0);
    expect(imported.stdout).toContain('4 行 rows: 新建 created 4, 更改 changed 0, 未变 unchanged 0');
    const ws2 = (await world.admin.getDevice({ deviceId: 'e2e-lo-ws2' })).summary!;
    expect(ws2).toMatchObject({
      assetNumber: 'ZC-LO-002',
      classification: 'SECRET',
      responsiblePerson: '李四',
      location: '2024',
      status: 'in_service',
    });
    const ws3 = (await world.admin.getDevice({ deviceId: 'e2e-lo-ws3' })).summary!;
    expect(ws3).toMatchObject({ location: '-1层机房', status: 'under_repair' });
  });
});
