// Twenty SIGKILLs of the collector at random moments while three agents send every finding of a sweep every
// 250 ms: afterwards each agent's seqs 1..last are stored exactly once, and the audit chain verifies offline.
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type Deployment, deployment, sleep } from '../support/collector-fixture';
import { eventually, type Running } from '../support/processes';
import {
  auditVerifiesOffline,
  drain,
  expectExactlyOnce,
  integrityCheck,
  producingArgs,
} from './fleet-under-fault';
import { suiteRandom } from './seeded-random';

const KILLS = 20;
const AGENTS = ['fk-agent-1', 'fk-agent-2', 'fk-agent-3'];

describe('collector SIGKILLed under load', () => {
  const running: Running[] = [];
  let world: Deployment;
  afterAll(async () => {
    await Promise.all(running.map((process) => process.kill('SIGKILL')));
    world?.admin.close();
  });

  it(`stores every finding exactly once across ${KILLS} collector SIGKILLs`, async () => {
    const random = suiteRandom('collector kills');
    world = await deployment();
    let collector = await world.startCollector();
    running.push(collector);
    const agents = AGENTS.map((name) => world.startAgent(name, producingArgs(name, '250ms')));
    running.push(...agents);
    for (const name of AGENTS)
      await eventually(async () => ((await world.lastSeq(name)) > 0 ? true : undefined), `${name} enrolled`);

    // Each kill comes under load: first some agent's newest finding reaches the restarted collector, then a
    // random wait, so kills land anywhere from mid-reconnect-storm to well into steady ingest.
    const storedTotal = async () => {
      let total = 0;
      for (const name of AGENTS) total += await world.lastSeq(name);
      return total;
    };
    let before = await storedTotal();
    const grewBy: number[] = [];
    for (let kill = 1; kill <= KILLS; kill++) {
      const now = await eventually(
        async () => {
          const total = await storedTotal();
          return total > before ? total : undefined;
        },
        `ingest to resume before kill ${kill}`,
        30_000,
      );
      await sleep(random.int(0, 1500));
      grewBy.push(now - before);
      before = await storedTotal().catch(() => now);
      await collector.kill('SIGKILL');
      expect((await collector.exited).signal).toBe('SIGKILL');
      await sleep(random.int(0, 600));
      collector = await world.startCollector();
      running.push(collector);
    }
    console.log(`[faults] collector kills: ${KILLS} kills; stored between kills ${grewBy.join(' ')}`);

    for (const agent of agents) await agent.kill('SIGTERM');
    const results: Record<string, { stored: number; problems: string[] }> = {};
    for (const name of AGENTS) {
      const last = await drain(world, name, name);
      results[name] = await expectExactlyOnce(world, name, last);
    }
    console.log('[faults] collector kills: stored per agent', JSON.stringify(results));
    for (const name of AGENTS) {
      expect(results[name]!.problems, name).toEqual([]);
      expect(results[name]!.stored).toBeGreaterThan(500);
    }

    await collector.kill('SIGTERM');
    const dataDir = path.join(world.dir, 'collector');
    expect(await integrityCheck(dataDir)).toBe('ok');
    const audit = await auditVerifiesOffline(dataDir);
    expect(audit.code, JSON.stringify(audit.verdict)).toBe(0);
    expect(audit.verdict.ok).toBe(true);
  }, 240_000);
});
