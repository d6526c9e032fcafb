// The collector's own guards: one collector per data directory, a broken policy refused with file, field
// path and reason while the last good policy stays in force.
import { copyFile, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { baselinePolicyPath } from '../../policies/load-policy';
import { type Deployment, deployment } from '../support/collector-fixture';
import { type Running, run } from '../support/processes';

describe('collector guards', () => {
  const running: Running[] = [];
  const worlds: Deployment[] = [];
  afterAll(async () => {
    await Promise.all(running.map((process) => process.kill('SIGKILL')));
    for (const world of worlds) world.admin.close();
  });

  it('refuses a second collector on the same data directory, naming the holder', async () => {
    const world = await deployment();
    worlds.push(world);
    const first = await world.startCollector();
    running.push(first);
    const second = await run('shoumi-collector', [
      'serve',
      '--data',
      path.join(world.dir, 'collector'),
      '--listen',
      '127.0.0.1:0',
      '--enrol-listen',
      '127.0.0.1:0',
      '--admin-listen',
      '127.0.0.1:0',
    ]);
    expect(second.code).toBe(2);
    expect(second.stderr).toContain(`in use by another collector (pid ${first.child.pid})`);
    // The first one is unharmed.
    expect((await world.admin.fleetStatus()).devices).toBe(0);
  });

  it('refuses to start without a CA, saying how to make one, and serves nothing in plain text', async () => {
    const world = await deployment();
    worlds.push(world);
    const bare = path.join(world.dir, 'bare');
    const result = await run('shoumi-collector', [
      'serve',
      '--data',
      bare,
      '--listen',
      '127.0.0.1:0',
      '--enrol-listen',
      '127.0.0.1:0',
      '--admin-listen',
      '127.0.0.1:0',
    ]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`shoumi-collector pki init --data ${bare}`);
  });

  it('refuses to start on a broken policy, naming file, field path and reason', async () => {
    const world = await deployment();
    worlds.push(world);
    const policy = path.join(world.dir, 'policy.yaml');
    const text = await readFile(baselinePolicyPath(), 'utf8');
    await writeFile(policy, text.replace(/severity: \w+/, 'severity: urgent'));
    const result = await run('shoumi-collector', [
      'serve',
      '--data',
      path.join(world.dir, 'collector'),
      '--listen',
      '127.0.0.1:0',
      '--enrol-listen',
      '127.0.0.1:0',
      '--admin-listen',
      '127.0.0.1:0',
      '--policy',
      policy,
    ]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(policy);
    expect(result.stderr).toMatch(/rules\[0\]\.severity/);
  });

  it('keeps the last good policy when the file is broken while running', async () => {
    const world = await deployment();
    worlds.push(world);
    const policy = path.join(world.dir, 'policy.yaml');
    await copyFile(baselinePolicyPath(), policy);
    const collector = await world.startCollector(['--policy', policy]);
    running.push(collector);
    const text = await readFile(policy, 'utf8');
    await writeFile(policy, text.replace(/clause: ['"]?3\.7\.8['"]?/, 'clause: 9.9.9'));
    const refused = await collector.waitForLog('policy refused; keeping the last good policy');
    expect(String(refused.problems)).toContain(policy);
    expect(String(refused.problems)).toMatch(/rules\[\d+\]\.clause/);
    // Still serving, and a corrected file is taken.
    expect((await world.admin.fleetStatus()).devices).toBe(0);
    await writeFile(policy, text.replace(/version: .*/, 'version: "2026.11-test"'));
    await collector.waitForLog('policy reloaded');
  });
});
