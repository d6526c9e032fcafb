// Agents SIGKILLed while they produce (a sweep of ~25 findings every 100 ms is written and fsynced to the
// outbox, so a kill lands mid-sweep or mid-write), and restarted at once, several times each: after the
// last restart and a drain, every seq the outbox ever assigned is stored exactly once.
import { afterAll, describe, expect, it } from 'vitest';
import { type Deployment, deployment, sleep } from '../support/collector-fixture';
import { eventually, type Running } from '../support/processes';
import { drain, expectExactlyOnce, producingArgs } from './fleet-under-fault';
import { suiteRandom } from './seeded-random';

const KILLS_PER_AGENT = 6;
const AGENTS = ['ak-agent-1', 'ak-agent-2'];

describe('agents SIGKILLed mid-write', () => {
  const running: Running[] = [];
  let world: Deployment;
  afterAll(async () => {
    await Promise.all(running.map((process) => process.kill('SIGKILL')));
    world?.admin.close();
  });

  it(`loses nothing and duplicates nothing across ${KILLS_PER_AGENT} SIGKILLs of each agent`, async () => {
    const random = suiteRandom('agent kills');
    world = await deployment();
    running.push(await world.startCollector());
    const current = new Map<string, Running>();
    for (const name of AGENTS) {
      const agent = world.startAgent(name, producingArgs(name, '100ms'));
      running.push(agent);
      current.set(name, agent);
    }
    for (const name of AGENTS)
      await eventually(async () => ((await world.lastSeq(name)) > 0 ? true : undefined), `${name} enrolled`);

    let kills = 0;
    for (let round = 1; round <= KILLS_PER_AGENT; round++) {
      for (const name of AGENTS) {
        const agent = current.get(name)!;
        // Once it has started (its outbox open, sweeping every 100 ms), a random moment inside the sweeps.
        await agent.waitForLog('agent starting');
        await sleep(random.int(100, 1200));
        await agent.kill('SIGKILL');
        expect((await agent.exited).signal).toBe('SIGKILL');
        kills++;
        const again = world.startAgent(name, producingArgs(name, '100ms'));
        running.push(again);
        current.set(name, again);
      }
    }
    await sleep(1000);
    for (const agent of current.values()) await agent.kill('SIGTERM');

    const results: Record<string, { stored: number; problems: string[] }> = {};
    for (const name of AGENTS)
      results[name] = await expectExactlyOnce(world, name, await drain(world, name, name));
    console.log(`[faults] agent kills: ${kills} kills; stored per agent ${JSON.stringify(results)}`);
    for (const name of AGENTS) {
      expect(results[name]!.problems, name).toEqual([]);
      expect(results[name]!.stored).toBeGreaterThan(200);
    }
  }, 150_000);
});
