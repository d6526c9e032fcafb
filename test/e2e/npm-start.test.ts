// What `npm start` promises: a collector on SQLite plus an agent for this very machine, and shoumictl then
// lists this machine by its hostname with its findings.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { addAdmin } from '../../collector/pki/admin-add';
import { initPki } from '../../collector/pki/pki-init';
import { eventually, freePort, type Running, run, start } from '../support/processes';

describe('npm start (shoumi-collector demo)', () => {
  let demo: Running | undefined;
  afterAll(async () => {
    await demo?.kill('SIGTERM');
  });

  it('runs a collector and a local agent, and shoumictl status --json lists this machine with findings', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'shoumi-start-'));
    // The demo writes its context into the config file: here a file of this test's own, never the user's.
    const configFile = path.join(dir, 'config', 'config.yaml');
    const configEnv = { SHOUMI_CONFIG: configFile };
    const admin = `127.0.0.1:${await freePort()}`;
    demo = start(
      'shoumi-collector',
      [
        'demo',
        '--dir',
        dir,
        '--listen',
        `127.0.0.1:${await freePort()}`,
        '--enrol-listen',
        `127.0.0.1:${await freePort()}`,
        '--admin-listen',
        admin,
        '--console-listen',
        `127.0.0.1:${await freePort()}`,
      ],
      configEnv,
      dir,
    );
    await demo.waitForLog('agent connected');
    // The console listens too, and the demo says where and how a browser gets in.
    expect(demo.output()).toMatch(/console {5}https:\/\/127\.0\.0\.1:\d+\/ \(HTTPS/);
    expect(demo.output()).toContain('identity export --p12 security_admin.p12');
    // The agent got its certificate by enrolling with a one-time token, as an installed agent would.
    expect(demo.output()).toMatch(/"message":"enrolled"/);
    // …read from a file, not from its command line (which every local user sees in ps), and the file is
    // gone once the token is spent.
    const agentPid = /agent\s+pid (\d+)/.exec(demo.output())?.[1];
    expect(agentPid).toBeDefined();
    const agentArgs = readFileSync(`/proc/${agentPid}/cmdline`, 'utf8').split('\0');
    expect(agentArgs).not.toContain('--token');
    expect(agentArgs[agentArgs.indexOf('--token-file') + 1]).toBe(path.join(dir, 'agent-enrolment.token'));
    await eventually(
      async () => (existsSync(path.join(dir, 'agent-enrolment.token')) ? undefined : true),
      'the token file removed after enrolment',
    );
    const identity = (role: string) => path.join(dir, 'admins', role);
    // Identities by absolute path, and a `demo` context (current, since the file had none) for the rest.
    expect(demo.output()).toContain(`--identity ${identity('auditor')} audit verify`);
    expect(demo.output()).toContain(`context demo written to ${configFile} (the current context)`);
    expect(demo.output()).toMatch(/node \S*shoumictl\.cjs status\n/);
    expect(readFileSync(configFile, 'utf8')).toBe(
      `current-context: demo\ncontexts:\n  demo:\n    collector: ${admin}\n    identity: ${identity('security_admin')}\n`,
    );
    expect(statSync(configFile).mode & 0o777).toBe(0o600);

    // No --collector, no --identity: the context the demo wrote.
    const device = await eventually(async () => {
      const result = await run('shoumictl', ['--json', 'status'], configEnv);
      expect(result.code).toBe(0);
      const status = JSON.parse(result.stdout) as {
        deviceList: {
          hostname: string;
          passing: number;
          failing: number;
          errors: number;
          notApplicable: number;
        }[];
      };
      const mine = status.deviceList.find((entry) => entry.hostname === os.hostname());
      return mine && mine.passing + mine.failing + mine.errors + mine.notApplicable > 0 ? mine : undefined;
    }, 'this machine with findings in shoumictl status');
    expect(device.hostname).toBe(os.hostname());

    const findings = await run('shoumictl', [
      '--collector',
      admin,
      '--identity',
      identity('security_admin'),
      'findings',
    ]);
    expect(findings.code).toBe(0);
    expect(findings.stdout).toMatch(/^ASSET\s+HOSTNAME\s+STATUS\s+CLAUSE\s+RULE/);
    expect(findings.stdout).toContain('3.7.8');
  }, 60_000);

  it('shoumictl without an identity says which files it needs', async () => {
    const result = await run('shoumictl', ['--identity', '/nonexistent/identity', 'status']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('cannot read /nonexistent/identity/ca.crt');
    expect(result.stderr).toContain('shoumi-collector admin add');
  });

  it('shoumictl says clearly when no collector answers', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'shoumi-start-'));
    await initPki({ dataDir: dir });
    await addAdmin({ dataDir: dir, name: 'nobody', role: 'auditor', outDir: path.join(dir, 'me') });
    const result = await run('shoumictl', [
      '--collector',
      `127.0.0.1:${await freePort()}`,
      '--identity',
      path.join(dir, 'me'),
      'status',
    ]);
    // Exit 4: no collector admin port answered (the README's exit-code table).
    expect(result.code).toBe(4);
    expect(result.stderr).toMatch(/^shoumictl: cannot reach the collector at 127\.0\.0\.1:\d+/);
  });
});
