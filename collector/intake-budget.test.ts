// The collector-wide bound on findings held waiting for their commit: the counter itself, then real agent
// streams over loopback against an in-process collector whose budget the test watches.
import { afterEach, describe, expect, it } from 'vitest';
import type { AgentMessage } from '../proto/generated/shoumi/v1/AgentMessage';
import { loadContract } from '../proto/load';
import { type InProcessCollector, inProcessCollector } from '../test/support/in-process-collector';
import type { DeviceTls } from '../test/support/trust-fixture';
import { wireStickFinding } from '../test/support/wire-findings';
import { type IntakeBudget, intakeBudget, parseIntakeBudget } from './intake-budget';

describe('intake budget', () => {
  it('says when the total goes over, and wakes the waiting streams only once it is back under', () => {
    const budget = intakeBudget(10);
    expect(budget.take(6)).toBe(false);
    expect(budget.take(6)).toBe(true);
    const woken: string[] = [];
    budget.whenRoom(() => woken.push('a'));
    budget.whenRoom(() => woken.push('b'));
    budget.give(1); // 11 held: still over
    expect(woken).toEqual([]);
    budget.give(1); // 10 held: at the budget, room again
    expect(woken).toEqual(['a', 'b']);
    budget.give(1);
    expect(woken).toEqual(['a', 'b']); // each waiter once
    budget.whenRoom(() => woken.push('c')); // under budget: at once
    expect(woken).toEqual(['a', 'b', 'c']);
    expect(budget.held).toBe(9);
  });

  it('refuses a budget that is not a positive whole number, naming the option', () => {
    expect(parseIntakeBudget('50000')).toBe(50_000);
    for (const bad of ['0', '-5', '1.5', 'lots', '', '1e6'])
      expect(() => parseIntakeBudget(bad)).toThrow(/^--intake-budget: expected a whole number of findings/);
    expect(() => intakeBudget(0)).toThrow(/positive whole number/);
  });
});

/** A budget that remembers the most it ever held. */
function watchedBudget(limit: number): IntakeBudget & { most: number } {
  const inner = intakeBudget(limit);
  const watched = {
    most: 0,
    take(findings: number) {
      const over = inner.take(findings);
      watched.most = Math.max(watched.most, inner.held);
      return over;
    },
    give: (findings: number) => inner.give(findings),
    whenRoom: (resume: () => void) => inner.whenRoom(resume),
    get held() {
      return inner.held;
    },
  };
  return watched;
}

const BATCH = 50;
const BATCHES = 20;
const DEVICES = 3;

/** Hello, then every batch at once; resolves with the last ack once the collector acked the last seq. */
function flood(address: string, device: DeviceTls, deviceId: string): Promise<number> {
  const client = new (loadContract().shoumi.v1.AgentService)(address, device.credentials);
  const call = client.Connect();
  const last = BATCH * BATCHES;
  return new Promise((resolve, reject) => {
    call.on('data', (message) => {
      if (message.ack?.upToSeq !== last) return;
      call.end();
      client.close();
      resolve(last);
    });
    call.on('error', (error) => {
      client.close();
      reject(error);
    });
    call.write({ hello: { deviceId, agentVersion: 'test', policyVersion: '' } } satisfies AgentMessage);
    for (let batch = 0; batch < BATCHES; batch++) {
      const findings = Array.from({ length: BATCH }, (_, index) =>
        wireStickFinding(batch * BATCH + index + 1),
      );
      call.write({ findings: { findings } } satisfies AgentMessage);
    }
  });
}

describe('intake budget on real streams', () => {
  let world: InProcessCollector | undefined;
  afterEach(async () => {
    await world?.stop();
    world = undefined;
  });

  async function floodAll(budget: IntakeBudget & { most: number }) {
    world = await inProcessCollector('intake-budget', { intakeBudget: budget });
    const devices = await Promise.all(
      Array.from({ length: DEVICES }, async (_, index) => {
        const deviceId = `intake-${index}`;
        return { deviceId, tls: await world!.trust.deviceCredentials(deviceId) };
      }),
    );
    const acked = await Promise.all(
      devices.map(({ deviceId, tls }) => flood(world!.collector.agentAddress, tls, deviceId)),
    );
    return { acked };
  }

  it('holds no more than the budget plus one batch per stream, and still stores and acks everything', async () => {
    const budget = watchedBudget(2 * BATCH);
    const { acked } = await floodAll(budget);
    expect(acked).toEqual(Array(DEVICES).fill(BATCH * BATCHES));
    // Over the budget a stream stops after the batch that went over: one batch each at most.
    expect(budget.most).toBeLessThanOrEqual(2 * BATCH + DEVICES * BATCH);
    expect(budget.most).toBeGreaterThan(2 * BATCH); // the bound was met, not idle
    expect(budget.held).toBe(0);
  });

  it('without a tight budget the same flood holds far more at once (what the bound prevents)', async () => {
    const budget = watchedBudget(1_000_000);
    await floodAll(budget);
    expect(budget.most).toBeGreaterThan(2 * BATCH + DEVICES * BATCH);
  });
});
