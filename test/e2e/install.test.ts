// `shoumi-agent install | status | uninstall` end to end against a real collector over loopback, installed
// into a temporary root (--prefix: no systemctl, which this machine cannot run: PID 1 is not systemd). The
// unit itself is checked by systemd-analyze verify in agent/service/systemd-unit.test.ts.
// The agent is installed from dist/shoumi-agent.cjs (a node wrapper); the single executable in dist/packages
// is installed too when it exists and knows `install` (it is rebuilt by `npm run package`, minutes).
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, readlink, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signUninstallCode } from '../../collector/admin/trust';
import { loadCertificateAuthority } from '../../collector/pki/pki-files';
import { type Deployment, deployment } from '../support/collector-fixture';
import { eventually, REPO, type Running, run } from '../support/processes';

const ROOT = path.join(REPO, 'test', 'fixtures', 'roots', 'clean');
const DEVICE = 'dev-install-1';
const SEA = path.join(REPO, 'dist', 'packages', 'shoumi-agent-linux-x64');

let world: Deployment;
let collector: Running;
let prefix: string;
let token: string;
const at = (target: string) => path.join(prefix, target);

beforeAll(async () => {
  world = await deployment();
  collector = await world.startCollector();
  prefix = await mkdtemp(path.join(os.tmpdir(), 'shoumi-install-root-'));
  token = world.trust.token();
});

afterAll(async () => {
  await collector?.kill('SIGKILL');
  world?.admin.close();
});

const installArgs = (extra: string[] = []) => [
  'install',
  '--collector',
  world.agentAddress,
  '--enrol',
  world.enrolAddress,
  '--prefix',
  prefix,
  '--root',
  ROOT,
  ...extra,
];

const sha256 = async (file: string) =>
  createHash('sha256')
    .update(await readFile(file))
    .digest('hex');
const mode = async (file: string) => (await stat(file)).mode & 0o777;

/** Every file under dir with the SHA-256 of its content. */
async function tree(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath, entry.name);
    out[path.relative(dir, file)] = createHash('sha256')
      .update(await readFile(file))
      .digest('hex');
  }
  return out;
}

const ctlAsSystemAdmin = (args: string[]) => world.ctlAs('system_admin', args);

describe('install into a temporary root', () => {
  it('enrols, writes binary, root-only config without the token, the unit, and says systemctl was skipped', async () => {
    // The token from a root-only file, as a deployment script should pass it: not in ps while install runs.
    const tokenFile = path.join(await mkdtemp(path.join(os.tmpdir(), 'shoumi-token-')), 'token');
    await writeFile(tokenFile, `${token}\n`, { mode: 0o600 });
    const result = await run('shoumi-agent', [
      ...installArgs(['--token-file', tokenFile, '--ca-sha256', world.trust.caSha256, '--device-id', DEVICE]),
    ]);
    expect(result.stderr).toContain('--prefix: systemctl daemon-reload / enable --now skipped');
    expect(result).toMatchObject({
      code: 0,
      stdout: `installed ${DEVICE}: service not started (--prefix)\n`,
    });

    const wrapper = await readFile(at('/opt/shoumi/bin/shoumi-agent'), 'utf8');
    expect(await mode(at('/opt/shoumi/bin/shoumi-agent'))).toBe(0o755);
    expect(wrapper).toContain(`exec '${process.execPath}' '/opt/shoumi/lib/shoumi-agent.cjs' "$@"`);
    // Compared by digest: a deep equality over megabytes of Buffer takes a minute.
    expect(await sha256(at('/opt/shoumi/lib/shoumi-agent.cjs'))).toBe(
      await sha256(path.join(REPO, 'dist', 'shoumi-agent.cjs')),
    );
    expect(await mode(at('/etc/shoumi/agent.json'))).toBe(0o600);
    const config = JSON.parse(await readFile(at('/etc/shoumi/agent.json'), 'utf8'));
    expect(config).toMatchObject({
      collector: world.agentAddress,
      enrol: world.enrolAddress,
      dataDir: '/var/lib/shoumi-agent',
      deviceId: DEVICE,
      installedFrom: 'node-wrapper',
    });
    const unit = await readFile(at('/etc/systemd/system/shoumi-agent.service'), 'utf8');
    expect(unit).toContain(
      `ExecStart=/opt/shoumi/bin/shoumi-agent run --collector ${world.agentAddress} --enrol ${world.enrolAddress} --data /var/lib/shoumi-agent\n`,
    );
    // On PATH: the link the README's follow-up `shoumi-agent status` goes through.
    expect(await readlink(at('/usr/local/bin/shoumi-agent'))).toBe('/opt/shoumi/bin/shoumi-agent');
    expect(await mode(at('/var/lib/shoumi-agent'))).toBe(0o700);
    expect(await mode(at('/var/lib/shoumi-agent/tls/agent.key'))).toBe(0o600);
    expect(await mode(at('/var/log/shoumi-agent-install.log'))).toBe(0o600);
    const log = await readFile(at('/var/log/shoumi-agent-install.log'), 'utf8');
    expect(
      log
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line).message),
    ).toEqual(expect.arrayContaining(['install started', 'enrolled', 'files written', 'installed']));
    // The token is nowhere it could be read back: config, unit, log, output.
    for (const text of [JSON.stringify(config), unit, log, result.stdout, result.stderr]) {
      expect(text).not.toContain(token);
    }
    const certificates = await world.admin.listCertificates({ kind: 'device', subject: DEVICE });
    expect(certificates.certificates).toHaveLength(1);
  });

  it('the installed agent connects and keeps DATA/status.json, which status reads; no token in its output', async () => {
    const agent = spawn(
      process.execPath,
      [
        at('/opt/shoumi/lib/shoumi-agent.cjs'),
        'run',
        '--collector',
        world.agentAddress,
        '--data',
        at('/var/lib/shoumi-agent'),
        '--root',
        ROOT,
        '--heartbeat',
        '1s',
        '--no-events',
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let output = '';
    agent.stdout.on('data', (chunk: Buffer) => (output += chunk));
    agent.stderr.on('data', (chunk: Buffer) => (output += chunk));
    try {
      const status = await eventually(async () => {
        const result = await run('shoumi-agent', ['status', '--json', '--prefix', prefix]);
        const report = JSON.parse(result.stdout);
        return report.agent?.link === 'connected' && report.agent.lastAckAt && report.agent.lastSweepAt
          ? { code: result.code, report }
          : undefined;
      }, 'status.json with a connected link, an ack and a sweep');
      expect(status.code).toBe(0);
      expect(status.report).toMatchObject({
        installed: true,
        service: 'not managed (--prefix)',
        collector: world.agentAddress,
        agent: { deviceId: DEVICE, link: 'connected', pid: agent.pid },
      });
      expect(status.report.agent.policyVersion).not.toBe('');
      expect(status.report.agent.lastAckedSeq).toBeGreaterThan(0);
      expect(status.report.statusAgeSeconds).toBeLessThan(5);
      const human = await run('shoumi-agent', ['status', '--prefix', prefix]);
      expect(human.stdout).toMatch(/^connection +connected, last connected /m);
    } finally {
      agent.kill('SIGTERM');
      await new Promise((resolve) => agent.once('exit', resolve));
    }
    const stopped = JSON.parse(await readFile(at('/var/lib/shoumi-agent/status.json'), 'utf8'));
    expect(stopped.link).toBe('stopped');
    expect(output).toContain('"link connected"');
    expect(output).not.toContain(token);
  });

  it('a second install upgrades in place: binary replaced, certificate and outbox untouched, no token needed', async () => {
    const before = await tree(at('/var/lib/shoumi-agent'));
    const binaryBefore = await stat(at('/opt/shoumi/lib/shoumi-agent.cjs'));
    const result = await run('shoumi-agent', installArgs(['--quiet']));
    expect(result).toMatchObject({ code: 0, stdout: '', stderr: '' });
    const after = await tree(at('/var/lib/shoumi-agent'));
    expect(Object.keys(before).some((file) => file.startsWith('outbox'))).toBe(true);
    expect(after).toEqual(before);
    // Renamed into place: a new inode, not the old file rewritten under a running process.
    expect((await stat(at('/opt/shoumi/lib/shoumi-agent.cjs'))).ino).not.toBe(binaryBefore.ino);
    const log = await readFile(at('/var/log/shoumi-agent-install.log'), 'utf8');
    expect(log).toContain('"message":"already enrolled: certificate kept, the token was not used"');
    expect(log).toContain('"message":"upgraded"');
  });

  it('says what is wrong with bad arguments (exit 2) and an unreachable collector (exit 4)', async () => {
    const bad = await run('shoumi-agent', ['install', '--collector', 'no-port', '--prefix', prefix]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('address "no-port" is not HOST:PORT');
    const noTokenFile = path.join(prefix, 'no-such-token');
    const unreadable = await run('shoumi-agent', [
      ...installArgs(['--token-file', noTokenFile, '--ca-sha256', world.trust.caSha256]),
    ]);
    expect(unreadable.code).toBe(2);
    expect(unreadable.stderr).toContain(`cannot read the token file ${noTokenFile}: ENOENT`);
    const emptyRoot = await mkdtemp(path.join(os.tmpdir(), 'shoumi-install-unreachable-'));
    const unreachable = await run('shoumi-agent', [
      'install',
      '--collector',
      '127.0.0.1:1',
      '--enrol',
      '127.0.0.1:1',
      '--token',
      'some-token',
      '--ca-sha256',
      world.trust.caSha256,
      '--prefix',
      emptyRoot,
      '--device-id',
      'dev-install-unreachable',
      '--quiet',
    ]);
    expect(unreachable.code).toBe(4);
    expect(unreachable.stderr).toContain("cannot reach the collector's enrolment port at 127.0.0.1:1");
    // Nothing registered: no unit, no config, when enrolment did not happen.
    await expect(stat(path.join(emptyRoot, 'etc/systemd/system/shoumi-agent.service'))).rejects.toThrow();
  });
});

describe('uninstall', () => {
  it('is refused without a code, with another device’s, with an expired one; a good code removes it', async () => {
    const issue = async (deviceId: string) => {
      const result = await run(
        'shoumictl',
        ctlAsSystemAdmin(['device', 'uninstall-code', deviceId, '--ttl', '1h']),
      );
      expect(result.code, result.stderr).toBe(0);
      return result.stdout.trim();
    };
    await world.trust.deviceCredentials('dev-install-other');
    const good = await issue(DEVICE);
    const foreign = await issue('dev-install-other');
    const authority = await loadCertificateAuthority(path.join(world.dir, 'collector'));
    const expired = await signUninstallCode(authority, DEVICE, Date.now() - 1000);
    // Only the system administrator may issue one.
    const asSecurity = await run(
      'shoumictl',
      world.ctlAs('security_admin', ['device', 'uninstall-code', DEVICE]),
    );
    expect(asSecurity.code).toBe(5);
    expect(asSecurity.stderr).toContain(
      'not allowed to run shoumictl device uninstall-code: it is for the system administrator (system_admin)',
    );

    const uninstall = (extra: string[]) => run('shoumi-agent', ['uninstall', '--prefix', prefix, ...extra]);
    const none = await uninstall([]);
    expect(none).toMatchObject({ code: 2, stderr: expect.stringContaining('uninstall needs --code') });
    const other = await uninstall(['--code', foreign]);
    expect(other.code).toBe(2);
    expect(other.stderr).toContain(
      `the uninstall code is for device dev-install-other, and this is ${DEVICE}`,
    );
    const old = await uninstall(['--code', expired]);
    expect(old.code).toBe(2);
    expect(old.stderr).toContain('the uninstall code expired at');
    const garbage = await uninstall(['--code', 'not-a-code']);
    expect(garbage.code).toBe(2);
    // Nothing was touched by the refusals.
    expect((await stat(at('/opt/shoumi/bin/shoumi-agent'))).isFile()).toBe(true);
    expect((await stat(at('/var/lib/shoumi-agent/tls/agent.key'))).isFile()).toBe(true);

    const done = await uninstall(['--code', good]);
    expect(done.code, done.stderr).toBe(0);
    expect(done.stdout).toMatch(
      new RegExp(`^uninstalled ${DEVICE}; kept /var/lib/shoumi-agent with \\d+ unsent finding\\(s\\)`),
    );
    for (const gone of [
      '/opt/shoumi',
      '/etc/shoumi/agent.json',
      '/etc/systemd/system/shoumi-agent.service',
      '/usr/local/bin/shoumi-agent',
      '/var/lib/shoumi-agent/tls',
      '/var/lib/shoumi-agent/status.json',
    ]) {
      await expect(stat(at(gone)), gone).rejects.toThrow(/ENOENT/);
    }
    expect((await stat(at('/var/lib/shoumi-agent/outbox'))).isDirectory()).toBe(true);
    const log = await readFile(at('/var/log/shoumi-agent-install.log'), 'utf8');
    expect(log).toContain('"message":"uninstall refused"');
    expect(log).toContain('"message":"uninstalled"');
    for (const code of [good, foreign, expired]) expect(log).not.toContain(code);

    const records = (await world.admin.listAudit({ action: 'device.uninstall_code_issued', limit: 100 }))
      .records;
    expect(records.map((record) => `${record.target} ${record.actor}`)).toEqual([
      `${DEVICE} admin:test-system_admin(system_admin)`,
      'dev-install-other admin:test-system_admin(system_admin)',
    ]);
    expect(JSON.stringify(records)).not.toContain(good);

    const again = await uninstall(['--code', good]);
    expect(again.code).toBe(7);
  }, 120_000);
});

describe('the single executable', () => {
  it('installs itself byte for byte (when dist/packages holds a build that knows install)', async (context) => {
    const help = spawnSync(SEA, ['--help'], { encoding: 'utf8' });
    context.skip(
      help.error !== undefined || !help.stdout.includes('install'),
      `${SEA} ${help.error ? 'is not there' : 'predates install'}: run npm run package (minutes) to include this variant`,
    );
    const seaRoot = await mkdtemp(path.join(os.tmpdir(), 'shoumi-install-sea-'));
    const result = spawnSync(
      SEA,
      [
        'install',
        '--collector',
        world.agentAddress,
        '--enrol',
        world.enrolAddress,
        '--token',
        world.trust.token(),
        '--ca-sha256',
        world.trust.caSha256,
        '--prefix',
        seaRoot,
        '--device-id',
        'dev-install-sea',
        '--quiet',
      ],
      { encoding: 'utf8', env: { PATH: '/usr/bin:/bin' } },
    );
    expect(result.status, result.stderr).toBe(0);
    const installed = path.join(seaRoot, 'opt/shoumi/bin/shoumi-agent');
    expect(await sha256(installed)).toBe(await sha256(SEA));
    expect(
      JSON.parse(await readFile(path.join(seaRoot, 'etc/shoumi/agent.json'), 'utf8')).installedFrom,
    ).toBe('executable');
  });
});
