// The foundation's promise, end to end over real loopback gRPC with the collector and the agent as separate
// processes: findings arrive; the collector is SIGKILLed while the agent keeps producing, the agent is
// SIGKILLed mid-sweep too, both restart, and every finding is stored exactly once — sequence numbers 1..N,
// no gap, no duplicate.
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openOutbox } from '../../agent/outbox/outbox';
import { type Deployment, deployment, expectContiguous, sleep } from '../support/collector-fixture';
import { eventually, REPO, type Running } from '../support/processes';

// A recorded machine root keeps sweeps deterministic: the live host's TCP connections change from sweep to
// sweep (the agent's own connection to the collector among them), which would keep producing new findings.
const ROOT = path.join(REPO, 'test', 'fixtures', 'roots', 'clean');
const DEVICE = 'e2e-delivery-1';

describe('delivery through collector and agent crashes', () => {
  const running: Running[] = [];
  let world: Deployment;
  afterAll(async () => {
    await Promise.all(running.map((process) => process.kill('SIGKILL')));
    world?.admin.close();
  });

  it('stores every finding exactly once across SIGKILLs of the collector and the agent', async () => {
    world = await deployment();
    const producing = [
      '--root',
      ROOT,
      '--interval',
      '100ms',
      '--report-unchanged',
      '--device-id',
      DEVICE,
      '--heartbeat',
      '1s',
    ];

    const collector = await world.startCollector();
    running.push(collector);
    const agent = world.startAgent('agent', producing);
    running.push(agent);
    const firstSeen = await eventually(async () => {
      const seq = await world.lastSeq(DEVICE);
      return seq >= 100 ? seq : undefined;
    }, 'the first findings to arrive');
    expect(firstSeen).toBeGreaterThanOrEqual(100);

    // The collector dies without a chance to flush anything; the agent goes on sweeping into its outbox.
    await collector.kill('SIGKILL');
    await sleep(1200);
    // The agent dies mid-sweep as well (a sweep every 100 ms writes ~25 findings).
    await agent.kill('SIGKILL');
    const agentAgain = world.startAgent('agent', producing);
    running.push(agentAgain);
    await sleep(500);

    const collectorAgain = await world.startCollector();
    running.push(collectorAgain);
    await eventually(
      async () => ((await world.lastSeq(DEVICE)) > firstSeen + 200 ? true : undefined),
      'delivery to resume',
    );

    // Stop producing, then let an agent that only reports changes drain what is left in the outbox.
    await agentAgain.kill('SIGTERM');
    const outboxDir = path.join(world.agentDataDir('agent'), 'outbox');
    const outbox = await openOutbox(outboxDir);
    const produced = outbox.lastAssignedSeq;
    await outbox.close();
    const drainer = world.startAgent('agent', ['--root', ROOT, '--interval', '1h', '--device-id', DEVICE]);
    running.push(drainer);
    await eventually(
      async () => ((await world.lastSeq(DEVICE)) >= produced ? true : undefined),
      `all ${produced} findings`,
    );
    await drainer.kill('SIGTERM');

    const seqs = await world.storedSeqs(DEVICE);
    const check = await openOutbox(outboxDir);
    const finalProduced = check.lastAssignedSeq;
    await check.close();
    expect(seqs.length).toBe(finalProduced);
    expect(expectContiguous(seqs)).toEqual({ ok: true, problem: '' });
    expect(produced).toBeGreaterThan(firstSeen + 200);
  }, 90_000);
});
