// shoumictl's errors that teach, and its one exit-code scheme (collector/ctl/exit-codes.ts), against a real
// collector: a missing port, nothing listening, a plain-HTTP endpoint, the agents' port, a role that may
// not run the command, a query that matches nothing, an unknown option; and `shoumictl rule`.

import { rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT } from '../../collector/ctl/exit-codes';
import { type Deployment, deployment } from '../support/collector-fixture';
import { freePort, type Running, run } from '../support/processes';

describe('shoumictl errors and exit codes', () => {
  let world: Deployment;
  let collector: Running;
  let http: Server;
  let httpAddress: string;

  beforeAll(async () => {
    world = await deployment();
    collector = await world.startCollector();
    const port = await freePort();
    http = createServer((_request, response) => response.end('hello'));
    await new Promise<void>((resolve) => http.listen(port, '127.0.0.1', resolve));
    httpAddress = `127.0.0.1:${port}`;
  }, 120_000);

  afterAll(async () => {
    http?.close();
    await collector?.kill();
    world?.admin.close();
    if (world) await rm(world.dir, { recursive: true, force: true });
  });

  const ctl = (args: string[], env: NodeJS.ProcessEnv = {}) => run('shoumictl', world.ctl(args), env);
  /** The same identity and command, another address. */
  const ctlAt = (address: string, args: string[], env: NodeJS.ProcessEnv = {}) =>
    run('shoumictl', [...world.ctl(args), '--collector', address], env);

  it('refuses an address without a port, naming the form it expects (exit 2), in either language', async () => {
    const en = await ctlAt('127.0.0.1', ['status']);
    expect(en.code).toBe(EXIT.usage);
    expect(en.stderr).toBe(
      'shoumictl: --collector 127.0.0.1: no port; expected HOST:PORT, e.g. 127.0.0.1:7701\n',
    );
    const zh = await ctlAt('127.0.0.1', ['status'], { SHOUMI_LANG: 'zh' });
    expect(zh.stderr).toBe(
      'shoumictl: --collector 127.0.0.1：缺少端口；应写成 主机:端口，例如 127.0.0.1:7701\n',
    );
  });

  it('names nothing listening, a plain-HTTP endpoint and the agents port as such (exit 4)', async () => {
    const nothing = await ctlAt(`127.0.0.1:${await freePort()}`, ['status']);
    expect(nothing.code).toBe(EXIT.unreachable);
    expect(nothing.stderr).toMatch(/^shoumictl: cannot reach the collector at 127\.0\.0\.1:\d+: /);
    const plain = await ctlAt(httpAddress, ['status']);
    expect(plain.code).toBe(EXIT.unreachable);
    expect(plain.stderr).toContain(`${httpAddress} does not speak TLS (plain HTTP or another service?)`);
    const agentPort = await ctlAt(world.agentAddress, ['status']);
    expect(agentPort.code).toBe(EXIT.unreachable);
    expect(agentPort.stderr).toContain(
      `${world.agentAddress} answered UNIMPLEMENTED: this is not the collector's admin port`,
    );
  });

  it('names the command and the role that may run it when the role may not (exit 5)', async () => {
    const refused = await run('shoumictl', world.ctlAs('auditor', ['findings']));
    expect(refused.code).toBe(EXIT.permission);
    expect(refused.stderr).toBe(
      'shoumictl: not allowed to run shoumictl findings: it is for the security administrator (security_admin); this identity is the auditor (auditor)\n',
    );
    const zh = await run('shoumictl', world.ctlAs('auditor', ['sweep', 'schedules']), { SHOUMI_LANG: 'zh' });
    expect(zh.code).toBe(EXIT.permission);
    expect(zh.stderr).toBe(
      'shoumictl: 无权运行 shoumictl sweep schedules：该命令由系统管理员 (system_admin)运行，本身份是安全审计员 (auditor)\n',
    );
  });

  it('says when nothing matched: exit 0 with a note, or 3 with --fail-empty', async () => {
    const empty = await ctl(['findings', '--device', 'dev-nope']);
    expect(empty.code).toBe(EXIT.ok);
    expect(empty.stdout).toBe('');
    expect(empty.stderr).toBe(
      'shoumictl: no findings matched (shoumictl findings --device dev-nope); with --fail-empty this exits 3\n',
    );
    const failing = await ctl(['--fail-empty', 'findings', '--clause', '9.9.9']);
    expect(failing.code).toBe(EXIT.empty);
    const json = await ctl(['--fail-empty', '-o', 'json', 'findings', '--clause', '9.9.9']);
    expect(json.code).toBe(EXIT.empty);
    expect(JSON.parse(json.stdout)).toMatchObject({ findings: [] });
  });

  it('ends an unknown option or a bad value with the usage status, like a bad --limit', async () => {
    const unknown = await ctl(['findings', '--no-such-option']);
    expect(unknown.code).toBe(EXIT.usage);
    expect(unknown.stderr).toContain("unknown option '--no-such-option'");
    const badOutput = await ctl(['-o', 'xml', 'status']);
    expect(badOutput.code).toBe(EXIT.usage);
    expect(badOutput.stderr).toContain('-o xml: expected table, wide, json, yaml or csv');
    const badLang = await ctl(['--lang', 'fr', 'status']);
    expect(badLang.code).toBe(EXIT.usage);
    const badLimit = await ctl(['findings', '--limit', 'many']);
    expect(badLimit.code).toBe(EXIT.usage);
  });

  it('explains a rule and a clause from the policy in force; an unknown one is refused by name', async () => {
    const clause = await ctl(['rule', '3.7.8'], { SHOUMI_LANG: 'zh' });
    expect(clause.code, clause.stderr).toBe(0);
    expect(clause.stdout).toContain('条款 3.7.8  拆除无线模块');
    expect(clause.stdout).toContain('涉密计算机及办公自动化设备应当拆除具有无线联网功能的硬件模块');
    expect(clause.stdout).toMatch(/^wifi-radio-absent {2}条款 3\.7\.8 {2}\w+$/m);
    const rule = await ctl(['--lang', 'en', 'rule', 'wifi-radio-absent']);
    expect(rule.code, rule.stderr).toBe(0);
    expect(rule.stdout).toMatch(/^rationale:$/m);
    expect(rule.stdout).toMatch(/^parameters in force:$/m);
    const unknown = await ctl(['rule', 'no-such-rule']);
    expect(unknown.code).toBe(EXIT.usage);
    expect(unknown.stderr).toMatch(
      /no rule or clause "no-such-rule"; the clauses of the policy in force: 3\.7\.4, /,
    );
  });
});
