// Disk full under the collector's data directory and under the agent's outbox (size-limited tmpfs, filled by
// a filler file): writes are refused with a clear error, nothing is acknowledged that was not stored, nothing
// is corrupted, and everything produced is delivered exactly once when the space returns.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openOutbox } from '../../agent/outbox/outbox';
import { type Deployment, deployment, expectContiguous, sleep } from '../support/collector-fixture';
import { eventually, type Running } from '../support/processes';
import {
  auditVerifiesOffline,
  drain,
  expectExactlyOnce,
  integrityCheck,
  producingArgs,
  storedSeqsInFile,
} from './fleet-under-fault';
import { mountSizeLimitedTmpfs, type SizeLimitedTmpfs } from './size-limited-tmpfs';

const ackedByAgent = async (world: Deployment, name: string) => {
  const outbox = await openOutbox(path.join(world.agentDataDir(name), 'outbox'));
  const acked = outbox.lastAckedSeq;
  await outbox.close();
  return acked;
};

describe('disk full', () => {
  const running: Running[] = [];
  const mounts: SizeLimitedTmpfs[] = [];
  const worlds: Deployment[] = [];
  afterAll(async () => {
    await Promise.all(running.map((process) => process.kill('SIGKILL')));
    for (const mount of mounts) await mount.unmount();
    for (const world of worlds) world.admin.close();
  });

  it("under the collector's data directory: refused, nothing acked unstored, nothing corrupted, recovers", async () => {
    const world = await deployment();
    worlds.push(world);
    const DEVICE = 'df-collector';
    const dataDir = path.join(world.dir, 'collector');
    const tmpfs = await mountSizeLimitedTmpfs(dataDir, 24 * 1024 * 1024);
    mounts.push(tmpfs);
    // The disk reserve off: this is about what happens when the disk really fills (SQLITE_FULL), and a
    // 24 MiB filesystem is below the default reserve from the start, which refuses the agent's enrolment
    // (the reserve has its own tests: test/e2e/disk-reserve.test.ts).
    const collector = await world.startCollector(['--disk-reserve', '0']);
    running.push(collector);
    const agent = world.startAgent(DEVICE, producingArgs(DEVICE, '100ms'));
    running.push(agent);
    await eventually(async () => ((await world.lastSeq(DEVICE)) >= 200 ? true : undefined), 'first findings');

    const filled = await tmpfs.fill();
    // Under load the store's next pages cannot be had: the collector must say so and stop acknowledging.
    // (The reason is a field of the "agent stream refused" line, so look at the whole output.)
    await eventually(
      async () => (/SQLITE_FULL|ENOSPC/.test(collector.output()) ? true : undefined),
      'the collector to report the full disk',
      30_000,
    );
    await sleep(2000);
    const storedWhileFull = await storedSeqsInFile(dataDir, DEVICE);
    await sleep(1500);
    expect(await storedSeqsInFile(dataDir, DEVICE), 'nothing more stored while full').toEqual(
      storedWhileFull,
    );
    // Every admin call is audited first, so while the audit cannot be written each one is refused, clearly.
    await expect(world.admin.fleetStatus()).rejects.toThrow(/SQLITE_FULL|disk is full/);
    expect(collector.child.exitCode, 'the collector stays up while the disk is full').toBeNull();
    const errorLines = collector
      .output()
      .split('\n')
      .filter((line) => /SQLITE_FULL|ENOSPC/.test(line));
    console.log(`[faults] disk full (collector): filler ${filled} bytes; first error: ${errorLines[0]}`);

    // What the agent holds as acknowledged must all be stored: stop it and read its ack file.
    await agent.kill('SIGKILL');
    const acked = await ackedByAgent(world, DEVICE);
    const stored = await storedSeqsInFile(dataDir, DEVICE);
    expect(expectContiguous(stored)).toEqual({ ok: true, problem: '' });
    expect(acked).toBeLessThanOrEqual(stored.length);
    expect(acked).toBeGreaterThan(0);

    // Space returns: the same collector (or, had it stopped, a new one) takes the rest.
    await tmpfs.free();
    const producer = world.startAgent(DEVICE, producingArgs(DEVICE, '100ms'));
    running.push(producer);
    await eventually(
      async () => ((await world.lastSeq(DEVICE)) > stored.length + 100 ? true : undefined),
      'ingest to resume after space returns',
      30_000,
    );
    await producer.kill('SIGTERM');
    const result = await expectExactlyOnce(world, DEVICE, await drain(world, DEVICE, DEVICE));
    expect(result.problems).toEqual([]);
    await collector.kill('SIGTERM');
    expect(await integrityCheck(dataDir)).toBe('ok');
    const audit = await auditVerifiesOffline(dataDir);
    expect(audit.code, JSON.stringify(audit.verdict)).toBe(0);
    console.log(
      `[faults] disk full (collector): ${result.stored} findings stored exactly once after recovery`,
    );
  }, 150_000);

  it("under the agent's outbox: a clear error, stores what it can, recovers", async () => {
    const world = await deployment();
    worlds.push(world);
    const DEVICE = 'df-agent';
    const tmpfs = await mountSizeLimitedTmpfs(world.agentDataDir(DEVICE), 4 * 1024 * 1024);
    mounts.push(tmpfs);
    let collector = await world.startCollector();
    running.push(collector);
    const agent = world.startAgent(DEVICE, producingArgs(DEVICE, '100ms'));
    running.push(agent);
    await eventually(async () => ((await world.lastSeq(DEVICE)) >= 100 ? true : undefined), 'first findings');

    // The collector goes away so the outbox has to hold everything, then its disk fills up.
    await collector.kill('SIGTERM');
    await tmpfs.fill();
    const refusal = await agent.waitForLog(/ENOSPC|no space|outbox refused/i, 15_000);
    expect(String(refusal.message) + JSON.stringify(refusal)).toMatch(/ENOSPC|no space/i);
    await sleep(1000);
    expect(agent.child.exitCode, 'the agent stays up while its disk is full').toBeNull();

    // The collector returns while the disk is still full: what the outbox holds is delivered.
    collector = await world.startCollector();
    running.push(collector);
    await sleep(3000);
    const stored = await world.storedSeqs(DEVICE);
    expect(expectContiguous(stored)).toEqual({ ok: true, problem: '' });

    // Space returns: appends resume.
    await tmpfs.free();
    await eventually(
      async () => ((await world.lastSeq(DEVICE)) > stored.length + 100 ? true : undefined),
      'appends to resume after space returns',
      30_000,
    );
    await agent.kill('SIGTERM');
    const acked = await ackedByAgent(world, DEVICE);
    const result = await expectExactlyOnce(world, DEVICE, await drain(world, DEVICE, DEVICE));
    expect(result.problems).toEqual([]);
    expect(acked).toBeLessThanOrEqual(result.stored);
    const status = JSON.parse(await readFile(path.join(world.agentDataDir(DEVICE), 'status.json'), 'utf8'));
    console.log(
      `[faults] disk full (agent): ${result.stored} stored exactly once; status after: ${JSON.stringify(status).slice(0, 200)}`,
    );
  }, 120_000);
});
