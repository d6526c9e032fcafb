// The silent-agent watch on a real SQLite store: a hello passes a standing fail at once, and a hello of a
// device that does not stand failed (nearly all of them in a reconnect storm) asks the store nothing once
// the watch has read which devices do.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Policy } from '../../policies/model';
import { sharedCoordinationHub } from '../../test/support/shared-coordination-hub';
import type { Logger } from '../logger';
import type { PolicySource } from '../policy-source';
import { openSqliteStore } from '../store/sqlite/index';
import type { Store } from '../store/store';
import { helloFor } from '../store/store-fixtures';
import { SILENCE_RULE_ID } from './silence-judgement';
import { createSilenceWatch } from './silence-watch';

const policy: Policy = {
  name: 'test',
  version: '1',
  rules: [
    {
      id: SILENCE_RULE_ID,
      clause: '3.7.5',
      title: { zh: '保密检查代理持续在线报告', en: 'The compliance agent keeps reporting' },
      severity: 'high',
      rationale: { zh: '', en: '' },
      remediation: { zh: '', en: '' },
      params: { max_silence_seconds: 2 },
    },
  ],
};
const source = { current: () => ({ policy, text: '', version: '1', file: '' }) } as unknown as PolicySource;
const log: Logger = { info() {}, warn() {}, error() {} } as unknown as Logger;

describe('silent-agent watch', () => {
  let directory: string;
  let store: Store;
  let findingReads: number;
  let nowMs: number;
  /** The store, counting the findings reads a hello makes. */
  let counted: Store;
  beforeEach(async () => {
    directory = await mkdtemp(join(tmpdir(), 'shoumi-silence-watch-'));
    store = await openSqliteStore(join(directory, 'collector.db'));
    findingReads = 0;
    nowMs = 1_000;
    counted = new Proxy(store, {
      get(target, name, receiver) {
        if (name === 'listFindings') findingReads += 1;
        return Reflect.get(target, name, receiver);
      },
    });
    for (const deviceId of ['dev-a', 'dev-b', 'dev-c']) await store.recordHello(helloFor(deviceId), 1_000);
  });
  afterEach(async () => {
    await store.close();
    await rm(directory, { recursive: true, force: true });
  });

  const status = async (deviceId: string) =>
    (await store.listFindings({ deviceId, ruleId: SILENCE_RULE_ID, limit: 10 })).findings[0]?.status;
  const watch = () => createSilenceWatch({ store: counted, policy: source, log, now: () => nowMs });

  it('passes a standing fail on hello, and asks the store nothing for a device that does not stand failed', async () => {
    const silence = watch();
    nowMs = 10_000;
    await silence.tick();
    expect(await status('dev-a')).toBe('fail');
    expect(await status('dev-b')).toBe('fail');

    findingReads = 0;
    await silence.onHello('dev-a');
    expect(await status('dev-a')).toBe('pass');
    expect(findingReads).toBe(1);
    // dev-a passed: its next hello, and any hello of a device never flagged, costs no read.
    await silence.onHello('dev-a');
    await silence.onHello('never-flagged');
    expect(findingReads).toBe(1);
    await silence.onHello('dev-b');
    expect(await status('dev-b')).toBe('pass');
    expect(await status('dev-c')).toBe('fail');
    await silence.stop();
  });

  it('after a restart: asks the store until its first tick, then knows the fails stored before', async () => {
    const previous = watch(); // listening since t=1 s
    nowMs = 10_000;
    await previous.tick(); // flags all three
    await previous.stop();
    const restarted = watch();
    expect(await status('dev-c')).toBe('fail');
    findingReads = 0;
    await restarted.onHello('dev-a'); // nothing read yet: the store answers
    expect(findingReads).toBe(1);
    expect(await status('dev-a')).toBe('pass');

    await store.recordHello(helloFor('dev-b'), 10_000); // heard since, but not yet passed
    await restarted.tick(); // reads the standing fails, passes dev-b as revived
    expect(await status('dev-b')).toBe('pass');
    findingReads = 0;
    await restarted.onHello('dev-b');
    await restarted.onHello('dev-a');
    expect(findingReads).toBe(0);
    await restarted.onHello('dev-c'); // flagged before the restart and still failing
    expect(findingReads).toBe(1);
    expect(await status('dev-c')).toBe('pass');
    await restarted.stop();
  });

  it('two collectors on one coordination: the lead lost mid-tick stops the tick before its write, and the other collector flags', async () => {
    const hub = sharedCoordinationHub();
    const [a, b] = [hub.join('collector-a'), hub.join('collector-b')];
    const writes = { a: 0, b: 0 };
    let readsHeld = 0;
    let releaseRead!: () => void;
    const readHeld = new Promise<void>((resolve) => {
      releaseRead = resolve;
    });
    /** The shared store as one collector sees it; A's question for newly silent devices waits for the test. */
    const storeOf = (who: 'a' | 'b') =>
      new Proxy(store, {
        get(target, name, receiver) {
          if (name === 'recordCollectorFindings') writes[who] += 1;
          if (who === 'a' && name === 'newlySilentDevices') {
            return async (...args: Parameters<Store['newlySilentDevices']>) => {
              readsHeld += 1;
              await readHeld;
              return target.newlySilentDevices(...args);
            };
          }
          return Reflect.get(target, name, receiver);
        },
      });
    const watchOf = (who: 'a' | 'b') =>
      createSilenceWatch({ store: storeOf(who), policy: source, log, now: () => nowMs });
    nowMs = 10_000; // every device last heard at 1 s: all three silent
    const [watchA, watchB] = [watchOf('a'), watchOf('b')];
    a.lead('silence-watch', (signal) => watchA.watch(signal, 0));
    b.lead('silence-watch', (signal) => watchB.watch(signal, 0));
    expect(hub.leaderOf('silence-watch')).toBe('collector-a');

    // A is about to write its fails when its lease is lost.
    await expect.poll(() => readsHeld).toBe(1);
    const revoked = hub.revoke('silence-watch');
    releaseRead();
    await revoked;
    expect(writes.a).toBe(0);
    expect(hub.leaderOf('silence-watch')).toBe('collector-b');

    // B leads now and writes what A did not.
    await expect.poll(() => status('dev-c')).toBe('fail');
    expect(writes.b).toBeGreaterThan(0);
    expect(writes.a).toBe(0);
    await a.close();
    await b.close();
  });
});
