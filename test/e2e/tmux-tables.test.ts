// shoumictl as a person sees it: in a real terminal (tmux) of 80×30 and of 200 columns, against a real
// collector over a small fleet whose ledger holds Chinese departments and names. At 80 columns every line
// of `status`, `devices`, `findings --open` and `audit list` fits, and the Chinese cells line up (each
// column starts at the same display cell on every row); at 200 columns the wide layout shows more columns.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import stringWidth from 'string-width';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deviceIdOf, generateFleet } from '../../bench/fleet-generator';
import { type Deployment, deployment } from '../support/collector-fixture';
import { dist, type Running } from '../support/processes';

const TMUX = '/usr/bin/tmux';
const LEDGER: Array<{ asset: string; person: string; department: string }> = [
  { asset: 'BM-2026-0001', person: '张伟', department: '保密办' },
  { asset: 'BM-2026-0002', person: '欧阳建国', department: '科研一部' },
  { asset: 'BM-2026-0003', person: '李娜', department: '财务处' },
  { asset: 'BM-2026-0004', person: '王芳', department: '信息中心' },
  { asset: 'BM-2026-0005', person: '赵磊', department: '档案室' },
  { asset: 'BM-2026-0006', person: '陈静', department: '综合办' },
];

describe('shoumictl tables in a real terminal', () => {
  let world: Deployment;
  let collector: Running;
  let socket: string;

  beforeAll(async () => {
    if (!existsSync(TMUX)) throw new Error(`tmux is missing (${TMUX}): install it with npm run setup:system`);
    world = await deployment();
    const dataDir = path.join(world.dir, 'collector');
    await mkdir(dataDir, { recursive: true });
    await generateFleet(path.join(dataDir, 'collector.sqlite'), { devices: 40, seed: 5 });
    collector = await world.startCollector();
    for (const [index, entry] of LEDGER.entries()) {
      await world.admin.updateDevice({
        deviceId: deviceIdOf(index),
        fields: ['asset_number', 'responsible_person', 'department'],
        assetNumber: entry.asset,
        responsiblePerson: entry.person,
        department: entry.department,
      });
    }
    socket = path.join(world.dir, 'tmux.sock');
  }, 120_000);

  afterAll(async () => {
    try {
      execFileSync(TMUX, ['-S', socket, 'kill-server'], { stdio: 'ignore' });
    } catch {}
    await collector?.kill();
    world?.admin.close();
    if (world) await rm(world.dir, { recursive: true, force: true });
  });

  /** Runs shoumictl in a fresh tmux window of `width`×30 and returns the screen's lines once it has exited. */
  async function onScreen(
    width: number,
    args: string[],
    name: string,
  ): Promise<{ lines: string[]; exit: string }> {
    const done = path.join(world.dir, `${name}.done`);
    const script = path.join(world.dir, `${name}.sh`);
    const command = [process.execPath, dist('shoumictl'), ...world.ctl(args)]
      .map((word) => `'${word.replaceAll("'", `'\\''`)}'`)
      .join(' ');
    // A tall history, so that a table longer than the screen is captured whole (capture-pane -S -).
    await writeFile(
      script,
      `unset COLUMNS NO_COLOR\nexport SHOUMI_LANG=zh\n${command}\necho "exit=$?" > '${done}'\n`,
    );
    execFileSync(TMUX, [
      '-S',
      socket,
      'new-session',
      '-d',
      '-s',
      name,
      '-x',
      String(width),
      '-y',
      '30',
      `sh '${script}'; sleep 60`,
    ]);
    const deadline = Date.now() + 30_000;
    while (!existsSync(done)) {
      if (Date.now() > deadline)
        throw new Error(`shoumictl ${args.join(' ')} did not finish in the tmux window`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const screen = execFileSync(TMUX, ['-S', socket, 'capture-pane', '-p', '-S', '-', '-t', name], {
      encoding: 'utf8',
    });
    execFileSync(TMUX, ['-S', socket, 'kill-session', '-t', name]);
    const exit = readFileSync(done, 'utf8').trim();
    return { lines: screen.split('\n').filter((line) => line.trim() !== ''), exit };
  }

  /** The display cell where each column of the table under `header` starts, per row. */
  function columnStarts(line: string): number[] {
    const starts: number[] = [];
    let cell = 0;
    let previous = ' ';
    let gap = 2;
    for (const char of line) {
      if (char !== ' ' && previous === ' ' && gap >= 2) starts.push(cell);
      gap = char === ' ' ? gap + 1 : 0;
      previous = char;
      cell += stringWidth(char);
    }
    return starts;
  }

  it('fits 80 columns with Chinese text aligned, and shows more columns at 200', async () => {
    const commands: Array<[string, string[]]> = [
      ['status', ['status']],
      ['devices', ['devices']],
      ['findings', ['findings', '--open']],
      ['audit', ['audit', 'list']],
    ];
    for (const [name, args] of commands) {
      const { lines: narrow, exit } = await onScreen(80, args, `${name}-80`);
      expect(exit, name).toBe('exit=0');
      for (const line of narrow) expect(stringWidth(line), `${name}: ${line}`).toBeLessThanOrEqual(80);
      const { lines: wide, exit: wideExit } = await onScreen(200, args, `${name}-200`);
      expect(wideExit, name).toBe('exit=0');
      const headerOf = (lines: string[]) => lines.find((line) => /^(资产编号|序号)\s/.test(line))!;
      expect(headerOf(narrow), `${name}:\n${narrow.join('\n')}`).toBeDefined();
      expect(columnStarts(headerOf(wide)).length, `${name} at 200`).toBeGreaterThan(
        columnStarts(headerOf(narrow)).length,
      );
    }
  }, 180_000);

  it('lines up the devices table by display width at 80 columns', async () => {
    const { lines } = await onScreen(80, ['devices'], 'devices-align');
    const header = lines.find((line) => line.startsWith('资产编号'))!;
    const rows = lines.filter((line) => line.startsWith('BM-2026-'));
    expect(rows).toHaveLength(LEDGER.length);
    // Every person's name is on the screen, whole (the 80-column layout keeps 责任人).
    for (const entry of LEDGER) expect(lines.join('\n')).toContain(entry.person);
    const starts = columnStarts(header);
    for (const row of rows) {
      // Each column of the row begins at a start of the header's columns (a cell may be empty: "-" fills).
      for (const start of columnStarts(row)) expect(starts, row).toContain(start);
      expect(columnStarts(row)).toHaveLength(starts.length);
    }
  }, 60_000);
});
