// The audit trail end to end: a real collector process, shoumictl over loopback gRPC, and the offline
// `shoumi-collector audit verify` on the stopped collector's data directory. The chain switches algorithm
// between two runs (SHOUMI_AUDIT_HASH=sha256) and still verifies; a record edited in the file while the
// collector is stopped is named by the offline command, `serve` refuses to start on it naming the record, and
// `serve --new-audit-epoch --reason` starts a recorded epoch that shoumictl verify then reports.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import sqlite3 from 'sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { preferredAuditHashAlgorithm } from '../../collector/store/audit-hash';
import type { ListAuditResponse__Output } from '../../proto/generated/shoumi/v1/ListAuditResponse';
import { type Deployment, deployment } from '../support/collector-fixture';
import { type Running, run, start } from '../support/processes';

describe('audit trail: shoumictl audit list | verify | digest, and the offline verify', () => {
  const running: Running[] = [];
  let world: Deployment;
  afterAll(async () => {
    await Promise.all(running.map((process) => process.kill('SIGKILL')));
    world?.admin.close();
  });

  const ctl = (...args: string[]) => run('shoumictl', world.ctl(args));
  const dataDir = () => path.join(world.dir, 'collector');
  const offline = (...args: string[]) =>
    run('shoumi-collector', ['audit', 'verify', '--data', dataDir(), ...args]);

  const serveArgs = () => [
    'serve',
    '--data',
    dataDir(),
    '--listen',
    world.agentAddress,
    '--enrol-listen',
    world.enrolAddress,
    '--admin-listen',
    world.adminAddress,
  ];

  async function startCollector(env: NodeJS.ProcessEnv = {}, extra: string[] = []): Promise<Running> {
    const collector = start(
      'shoumi-collector',
      [
        'serve',
        '--data',
        dataDir(),
        '--listen',
        world.agentAddress,
        '--enrol-listen',
        world.enrolAddress,
        '--admin-listen',
        world.adminAddress,
        ...extra,
      ],
      env,
    );
    running.push(collector);
    await collector.waitForLog('collector listening');
    return collector;
  }

  it("lists, verifies and digests a live trail; a mixed SM3/SHA-256 chain verifies; a stopped collector's edited record is named", async () => {
    world = await deployment();
    let collector = await startCollector();

    const listed = await ctl('audit', 'list');
    expect(listed.code, listed.stderr).toBe(0);
    // Setting up trust came first (admin add, token create), then the start, then this very call.
    expect(listed.stdout).toMatch(/^1\s+.*admin\.added/m);
    expect(listed.stdout).toMatch(/collector\.started/);
    expect(listed.stdout).toMatch(/admin:test-auditor\(auditor\)\s+.*admin\.call\s+ListAudit/);

    const verified = await ctl('audit', 'verify');
    expect(verified.code, verified.stderr).toBe(0);
    expect(verified.stdout).toMatch(/audit chain intact: \d+ records checked/);

    const digestFile = path.join(world.dir, 'digest-day1.txt');
    const digested = await ctl('audit', 'digest', '--out', digestFile);
    expect(digested.code, digested.stderr).toBe(0);
    const printed = await readFile(digestFile, 'utf8');
    expect(printed).toBe(digested.stdout);
    expect(printed).toMatch(/^position: \d+$/m);
    expect(printed).toMatch(/^hash: [0-9a-f]{64}$/m);

    // A second run chains new records with SHA-256; the first run's records keep theirs.
    await collector.kill('SIGTERM');
    collector = await startCollector({ SHOUMI_AUDIT_HASH: 'sha256' });
    const page = JSON.parse(
      (await ctl('--json', 'audit', 'list', '--limit', '100')).stdout,
    ) as ListAuditResponse__Output;
    const algorithms = page.records.map((record) => record.algorithm);
    // SM3 wherever this Node's OpenSSL has it (it does on Node 20/24 as shipped).
    expect(algorithms[0]).toBe(preferredAuditHashAlgorithm());
    expect(algorithms.at(-1)).toBe('sha256');
    const started = JSON.parse(
      (await ctl('--json', 'audit', 'list', '--action', 'collector.started')).stdout,
    ) as ListAuditResponse__Output;
    expect(started.records.map((record) => record.action)).toEqual([
      'collector.started',
      'collector.started',
    ]);
    const againstDigest = await ctl('audit', 'verify', '--digest', digestFile);
    expect(againstDigest.code, againstDigest.stdout).toBe(0);
    expect(againstDigest.stdout).toMatch(/digest matches/);
    // The second run's collector.started record is a SHA-256 one: the attacker edits it below.
    const [, secondStart] = started.records;
    expect(secondStart!.algorithm).toBe('sha256');
    const edited = secondStart!.position;

    // Stopped: the offline command reads the file; then an attacker edits record 2 in it.
    await collector.kill('SIGTERM');
    const clean = await offline('--digest', digestFile);
    expect(clean.code, clean.stderr).toBe(0);
    expect(clean.stdout).toMatch(/audit chain intact/);

    const db = new sqlite3.Database(path.join(dataDir(), 'collector.sqlite'));
    await new Promise<void>((resolve, reject) =>
      db.exec(
        `DROP TRIGGER audit_no_update; UPDATE audit SET actor = 'nobody' WHERE position = ${edited};`,
        (error) => (error ? reject(error) : resolve()),
      ),
    );
    await new Promise<void>((resolve) => db.close(() => resolve()));

    const broken = await offline('--json');
    expect(broken.code).toBe(1);
    expect(JSON.parse(broken.stdout)).toMatchObject({
      ok: false,
      problem: { position: edited, kind: 'hash-mismatch' },
    });

    // serve refuses the damaged chain, naming the record and the way out; nothing is appended to it.
    const refused = await run('shoumi-collector', serveArgs());
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain(
      `the audit trail is broken, refusing to start: hash-mismatch at record ${edited}`,
    );
    expect(refused.stderr).toContain('--new-audit-epoch --reason');
    // A new recorded epoch: the collector starts, and shoumictl verify reports the epoch and the finding.
    await startCollector({}, ['--new-audit-epoch', '--reason', 'e2e: record edited while stopped']);
    const live = await ctl('audit', 'verify');
    expect(live.code, live.stdout).toBe(0);
    expect(live.stdout).toMatch(/WARNING: the chain was restarted as a new epoch at position \d+/);
    expect(live.stdout).toContain(`hash-mismatch at ${edited}: `);

    // The auditor seals the head: the seal is stored and a copy kept beside the identity; verify reports it.
    const sealed = await ctl('audit', 'seal');
    expect(sealed.code, sealed.stderr).toBe(0);
    expect(sealed.stdout).toMatch(/sealed: position \d+ /);
    const afterSeal = await ctl('audit', 'verify');
    expect(afterSeal.code, afterSeal.stdout).toBe(0);
    expect(afterSeal.stdout).toMatch(/newest auditor seal \/ 最新审计员封印: position \d+ by "test-auditor"/);
    expect(afterSeal.stdout).toMatch(/your own seals checked \/ 本人封印已核对: 1 /);
  }, 120_000);

  it('bad input is refused by name and changes nothing', async () => {
    // Every call is itself recorded (admin.call); what must not change is everything else.
    const trail = async () =>
      (
        JSON.parse(
          (await ctl('--json', 'audit', 'list', '--limit', '1000')).stdout,
        ) as ListAuditResponse__Output
      ).records.filter((record) => record.action !== 'admin.call');
    const before = await trail();
    const badLimit = await ctl('audit', 'list', '--limit', 'many');
    expect(badLimit.code).toBe(2);
    expect(badLimit.stderr).toMatch(/--limit many: expected a positive integer/);
    const missing = await ctl('audit', 'verify', '--digest', path.join(world.dir, 'no-such-digest'));
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/--digest .*no-such-digest: ENOENT/);
    const noDir = await run('shoumi-collector', [
      'audit',
      'verify',
      '--data',
      path.join(world.dir, 'nothing'),
    ]);
    expect(noDir.code).toBe(2);
    expect(noDir.stderr).toMatch(/no collector store here/);
    expect(await trail()).toEqual(before);
  });
});
