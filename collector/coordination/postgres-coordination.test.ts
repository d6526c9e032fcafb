// The coordination port on a real PostgreSQL (npm run setup:postgres): several instances in one process act
// as collectors, each with its own pool and dedicated connections, on a database of the test's own; a
// crashed collector is a real child process killed with SIGKILL. Timings are short so that losses are
// noticed in a fraction of a second; every wait is on a condition.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import * as grpc from '@grpc/grpc-js';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { type FreezableProxy, freezableProxy } from '../../test/support/freezable-proxy';
import { freshPostgresDatabase, type TestDatabase } from '../../test/support/postgres';
import { silentLogger } from '../logger';
import type { CoordinationTopic, StreamDelivery } from './coordination';
import { type PostgresCoordination, postgresCoordination } from './postgres-coordination';

const FAST = {
  heartbeatMs: 150,
  leaseMs: 1500,
  heartbeatTimeoutMs: 1000,
  leadRetryMs: 100,
  reconnectMinMs: 50,
  reconnectMaxMs: 1000,
  log: silentLogger,
};
const WAIT = { timeout: 15_000, interval: 20 };

let database: TestDatabase | undefined;
const opened: PostgresCoordination[] = [];
const admins: pg.Pool[] = [];
const proxies: FreezableProxy[] = [];

afterEach(async () => {
  await Promise.all(opened.splice(0).map((coordination) => coordination.close()));
  for (const proxy of proxies.splice(0)) await proxy.close();
  for (const pool of admins.splice(0)) await pool.end();
  await database?.drop();
  database = undefined;
});

async function collectors(label: string, ids: readonly string[]) {
  database = await freshPostgresDatabase(label);
  const url = database.url;
  const instances = await Promise.all(
    ids.map((collectorId) => postgresCoordination(url, { ...FAST, collectorId })),
  );
  opened.push(...instances);
  return instances;
}

/** A connection of the test's own to the test database: to look at rows and terminate backends. */
function admin(): pg.Pool {
  const pool = new pg.Pool({ connectionString: database!.url, max: 2 });
  admins.push(pool);
  return pool;
}

async function terminate(pid: number | undefined) {
  if (pid === undefined) throw new Error('no backend pid to terminate');
  const result = await admin().query<{ done: boolean }>('SELECT pg_terminate_backend($1) AS done', [pid]);
  expect(result.rows[0]?.done, `backend ${pid} terminated`).toBe(true);
}

describe('run-once slots', () => {
  it('20 concurrent claims of one slot from 3 collectors: exactly one wins; another slot is free; a restart keeps the claim', async () => {
    const [a, b, c] = await collectors('coord_slots', ['a', 'b', 'c']);
    const trio = [a!, b!, c!];
    const won = await Promise.all(
      Array.from({ length: 20 }, (_, index) =>
        trio[index % 3]!.claimSlot('schedule:s1', '2026-12-07T10:00:00Z'),
      ),
    );
    expect(won.filter((claimed) => claimed)).toHaveLength(1);
    expect(await b!.claimSlot('schedule:s1', '2026-12-07T11:00:00Z')).toBe(true);
    expect(await c!.claimSlot('schedule:s2', '2026-12-07T10:00:00Z')).toBe(true);

    await Promise.all(opened.splice(0).map((coordination) => coordination.close()));
    const restarted = await postgresCoordination(database!.url, { ...FAST, collectorId: 'a' });
    opened.push(restarted);
    expect(await restarted.claimSlot('schedule:s1', '2026-12-07T10:00:00Z')).toBe(false);
    expect(await restarted.claimSlot('schedule:s1', '2026-12-07T11:00:00Z')).toBe(false);
    expect(await restarted.claimSlot('schedule:s1', '2026-12-07T12:00:00Z')).toBe(true);
  });

  it('slots older than the retention are pruned; younger ones are kept', async () => {
    const [a] = await collectors('coord_prune', ['a']);
    expect(await a!.claimSlot('trend', 'day-1')).toBe(true);
    expect(await a!.claimSlot('trend', 'day-2')).toBe(true);
    // day-1 claimed 91 days ago by the database's clock: past the default retention of 90 days.
    await admin().query(
      `UPDATE coordination_slots SET claimed_at_ms = claimed_at_ms - $1 WHERE slot = 'day-1'`,
      [91 * 24 * 3600 * 1000],
    );
    const reopened = await postgresCoordination(database!.url, { ...FAST, collectorId: 'b' });
    opened.push(reopened);
    const left = await admin().query('SELECT slot FROM coordination_slots ORDER BY slot');
    expect(left.rows).toEqual([{ slot: 'day-2' }]);
  });
});

describe('leadership', () => {
  it('a collector that lost its lock stands down for a lease before leading again', async () => {
    const [a] = await collectors('coord_stand_down', ['a']);
    const starts: number[] = [];
    const leadA = a!.lead('expiry', async (signal) => {
      starts.push(performance.now());
      await new Promise((resolve) => signal.addEventListener('abort', resolve, { once: true }));
    });
    await expect.poll(() => starts.length, WAIT).toBe(1);
    const terminatedAt = performance.now();
    await terminate(leadA.lockBackendPid);
    // Alone on the database it leads again, but only after a lease: others had that long to take the lock.
    await expect.poll(() => starts.length, WAIT).toBe(2);
    expect(starts[1]! - terminatedAt).toBeGreaterThanOrEqual(FAST.leaseMs);
  });

  it('one leader at a time; killing its lock connection aborts its work before the other leads', async () => {
    const [a, b] = await collectors('coord_lead', ['a', 'b']);
    const events: string[] = [];
    let running = 0;
    let mostAtOnce = 0;
    const work = (who: string) => async (signal: AbortSignal) => {
      running++;
      mostAtOnce = Math.max(mostAtOnce, running);
      events.push(`${who} start`);
      await new Promise((resolve) => signal.addEventListener('abort', resolve, { once: true }));
      events.push(`${who} aborted`);
      running--;
    };
    const leadA = a!.lead('silence-watch', work('a'));
    const leadB = b!.lead('silence-watch', work('b'));
    await expect.poll(() => events.length, WAIT).toBe(1);
    const [first, second] = leadA.leading ? [leadA, leadB] : [leadB, leadA];
    const firstName = first === leadA ? 'a' : 'b';
    const secondName = first === leadA ? 'b' : 'a';
    expect(events).toEqual([`${firstName} start`]);
    expect(second.leading).toBe(false);

    const terminatedAt = performance.now();
    await terminate(first.lockBackendPid);
    await expect.poll(() => second.leading, WAIT).toBe(true);
    console.info(
      `leadership: the other collector led ${(performance.now() - terminatedAt).toFixed(0)} ms after the ` +
        `leader's lock connection was terminated (retry ${FAST.leadRetryMs} ms, jittered)`,
    );
    await expect.poll(() => events.length, WAIT).toBe(3);
    // The aborted work had returned before the other collector's work started.
    expect(events).toEqual([`${firstName} start`, `${firstName} aborted`, `${secondName} start`]);
    expect(first.leading).toBe(false);

    // The first tries again but does not lead while the second does; stop() ends the second's work.
    await second.stop();
    expect(events[3]).toBe(`${secondName} aborted`);
    await expect.poll(() => first.leading, WAIT).toBe(true);
    expect(mostAtOnce).toBe(1);
    await first.stop();
    expect(events).toEqual([
      `${firstName} start`,
      `${firstName} aborted`,
      `${secondName} start`,
      `${secondName} aborted`,
      `${firstName} start`,
      `${firstName} aborted`,
    ]);
  });

  it('two jobs lead independently; close() releases leadership and awaits the work', async () => {
    const [a] = await collectors('coord_lead2', ['a']);
    let finished = 0;
    const work = async (signal: AbortSignal) => {
      await new Promise((resolve) => signal.addEventListener('abort', resolve, { once: true }));
      finished++;
    };
    const one = a!.lead('expiry', work);
    const two = a!.lead('trend', work);
    await expect.poll(() => one.leading && two.leading, WAIT).toBe(true);
    await a!.close();
    expect(finished).toBe(2);
    // pg_locks is the whole server's: only this test's database counts.
    const locks = await admin().query<{ held: number }>(
      `SELECT count(*)::int AS held FROM pg_locks
       WHERE locktype = 'advisory' AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`,
    );
    expect(locks.rows[0]?.held).toBe(0);
  });
});

describe('notices', () => {
  it('cross between collectors (the publisher hears its own); after the listener is killed: resync, then notices again', async () => {
    const [a, b] = await collectors('coord_notices', ['a', 'b']);
    const heardByA: Array<CoordinationTopic | 'resync'> = [];
    const heardByB: Array<CoordinationTopic | 'resync'> = [];
    a!.notices.subscribe((topic) => heardByA.push(topic));
    const unsubscribe = b!.notices.subscribe((topic) => heardByB.push(topic));

    a!.notices.publish('ledger');
    a!.notices.publish('device:d-1');
    // Both heard, in one order (the database's commit order; publish calls race on pooled connections).
    await expect.poll(() => [...heardByB].sort(), WAIT).toEqual(['device:d-1', 'ledger']);
    await expect.poll(() => heardByA, WAIT).toEqual(heardByB);

    const killed = b!.listenerBackendPid;
    await terminate(killed);
    await expect.poll(() => heardByB.at(-1), WAIT).toBe('resync');
    expect(b!.listenerBackendPid).not.toBe(killed);

    a!.notices.publish('policy');
    await expect.poll(() => heardByB.slice(2), WAIT).toEqual(['resync', 'policy']);
    unsubscribe();
    a!.notices.publish('sweeps');
    await expect.poll(() => heardByA.at(-1), WAIT).toBe('sweeps');
    expect(heardByB.at(-1)).toBe('policy');
    expect(heardByA).not.toContain('resync');
  });

  it("a notice that cannot be sent tells this collector's own subscribers to resync", async () => {
    database = await freshPostgresDatabase('coord_unsent');
    const proxy = await freezableProxy(database.url);
    const a = await postgresCoordination(proxy.url, { ...FAST, collectorId: 'a' });
    opened.push(a);
    const heard: Array<CoordinationTopic | 'resync'> = [];
    a.notices.subscribe((topic) => heard.push(topic));
    // The database is out of reach: every connection cut, new ones refused.
    await proxy.close();
    a.notices.publish('media');
    await expect.poll(() => heard, WAIT).toEqual(['resync']);
  });

  it('a topic outside the port is refused at publish', async () => {
    const [a] = await collectors('coord_topic', ['a']);
    expect(() => a!.notices.publish('everything' as CoordinationTopic)).toThrow(/not a topic/);
  });
});

describe('live streams', () => {
  type Received = { to: string; deviceId: string; delivery: StreamDelivery };

  async function three(label: string) {
    const instances = await collectors(label, ['a', 'b', 'c']);
    const received: Received[] = [];
    for (const instance of instances)
      instance.streams.onDelivery((deviceId, delivery) =>
        received.push({ to: instance.collectorId, deviceId, delivery }),
      );
    return { a: instances[0]!, b: instances[1]!, c: instances[2]!, received };
  }

  it('a delivery reaches the holder only; a claim elsewhere cuts the older stream there', async () => {
    const { a, b, c, received } = await three('coord_streams');
    await a.streams.claim('dev-1');
    expect(await c.streams.deliver('dev-1', { kind: 'sweeps' })).toBe(true);
    await expect
      .poll(() => received, WAIT)
      .toEqual([{ to: 'a', deviceId: 'dev-1', delivery: { kind: 'sweeps' } }]);
    // The holder delivering to itself.
    expect(await a.streams.deliver('dev-1', { kind: 'policy' })).toBe(true);
    expect(received.at(-1)).toEqual({ to: 'a', deviceId: 'dev-1', delivery: { kind: 'policy' } });
    expect(await c.streams.deliver('dev-unknown', { kind: 'policy' })).toBe(false);

    received.length = 0;
    await b.streams.claim('dev-1');
    await expect
      .poll(() => received, WAIT)
      .toEqual([
        {
          to: 'a',
          deviceId: 'dev-1',
          delivery: {
            kind: 'cut',
            code: grpc.status.ALREADY_EXISTS,
            message: 'superseded by a newer stream of this device on collector b',
          },
        },
      ]);
    // A's stream ending releases nothing: the device is B's now.
    await a.streams.release('dev-1');
    expect(await c.streams.connectedDeviceIds()).toEqual(new Set(['dev-1']));
    expect(await c.streams.deliver('dev-1', { kind: 'cut', code: 7, message: 'revoked' })).toBe(true);
    await expect
      .poll(() => received.at(-1), WAIT)
      .toEqual({
        to: 'b',
        deviceId: 'dev-1',
        delivery: { kind: 'cut', code: 7, message: 'revoked' },
      });
    await b.streams.release('dev-1');
    expect(await c.streams.connectedDeviceIds()).toEqual(new Set());
    expect(await c.streams.deliver('dev-1', { kind: 'sweeps' })).toBe(false);
  });

  it('two collectors claiming one device at once: the one that claimed first is cut, the other holds it', async () => {
    const { a, b, c, received } = await three('coord_race');
    for (let round = 0; round < 10; round++) {
      const device = `dev-race-${round}`;
      await Promise.all([a.streams.claim(device), b.streams.claim(device)]);
      const holder = await admin().query<{ collector_id: string }>(
        'SELECT collector_id FROM live_streams WHERE device_id = $1',
        [device],
      );
      const kept = holder.rows[0]!.collector_id;
      const cutAt = kept === 'a' ? 'b' : 'a';
      await expect
        .poll(() => received.filter((entry) => entry.deviceId === device), WAIT)
        .toEqual([
          {
            to: cutAt,
            deviceId: device,
            delivery: {
              kind: 'cut',
              code: grpc.status.ALREADY_EXISTS,
              message: `superseded by a newer stream of this device on collector ${kept}`,
            },
          },
        ]);
    }
    expect((await c.streams.connectedDeviceIds()).size).toBe(10);
  });

  it('a collector killed without closing drops out within its lease; delivering to its device answers false', async () => {
    const [c] = await collectors('coord_crash', ['c']);
    const received: string[] = [];
    c!.streams.onDelivery((deviceId, delivery) => received.push(`${deviceId} ${delivery.kind}`));
    await c!.streams.claim('dev-c');
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        path.resolve(import.meta.dirname, '../../test/fixtures/coordination/hold-stream-until-killed.ts'),
        database!.url,
        'crashing',
        'dev-k',
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let output = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.stderr!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    const exited = once(child, 'exit');
    await expect.poll(() => output, { timeout: 30_000, interval: 20 }).toContain('claimed');
    expect(await c!.streams.connectedDeviceIds()).toEqual(new Set(['dev-c', 'dev-k']));
    expect(await c!.streams.deliver('dev-k', { kind: 'sweeps' })).toBe(true);

    const killedAt = performance.now();
    child.kill('SIGKILL');
    expect((await exited)[1]).toBe('SIGKILL');
    await expect.poll(() => c!.streams.connectedDeviceIds(), WAIT).toEqual(new Set(['dev-c']));
    console.info(
      `crashed collector: its stream dropped out ${(performance.now() - killedAt).toFixed(0)} ms after SIGKILL ` +
        `(lease ${FAST.leaseMs} ms, heartbeat ${FAST.heartbeatMs} ms)`,
    );
    expect(await c!.streams.deliver('dev-k', { kind: 'sweeps' })).toBe(false);
    // Whoever noticed (here c, the only one left) removed the gone collector and its stream.
    await expect
      .poll(async () => {
        const rows = await admin().query(
          `SELECT (SELECT count(*)::int FROM collectors WHERE collector_id = 'crashing') AS collectors,
                  (SELECT count(*)::int FROM live_streams WHERE device_id = 'dev-k') AS streams`,
        );
        return rows.rows[0];
      }, WAIT)
      .toEqual({ collectors: 0, streams: 0 });
    expect(await c!.streams.deliver('dev-c', { kind: 'sweeps' })).toBe(true);
    expect(received).toEqual(['dev-c sweeps']);
  });

  it('a collector that finds itself presumed gone cuts the streams it holds and registers again', async () => {
    const { a, c, received } = await three('coord_lapse');
    await a.streams.claim('dev-l');
    // As if another collector had judged a stale: its row deleted, its streams forgotten by the others.
    await admin().query(`DELETE FROM collectors WHERE collector_id = 'a'`);
    await expect
      .poll(() => received, WAIT)
      .toEqual([
        {
          to: 'a',
          deviceId: 'dev-l',
          delivery: {
            kind: 'cut',
            code: grpc.status.UNAVAILABLE,
            message:
              'collector a may have been presumed gone (the heartbeat row was gone or stale when written); reconnect',
          },
        },
      ]);
    await expect
      .poll(
        async () => (await admin().query(`SELECT 1 FROM collectors WHERE collector_id = 'a'`)).rowCount,
        WAIT,
      )
      .toBe(1);
    expect(await c.streams.connectedDeviceIds()).toEqual(new Set());
    // Registered again, it serves new streams as before.
    await a.streams.claim('dev-l');
    expect(await c.streams.deliver('dev-l', { kind: 'policy' })).toBe(true);
    await expect
      .poll(() => received.at(-1), WAIT)
      .toEqual({ to: 'a', deviceId: 'dev-l', delivery: { kind: 'policy' } });
  });

  it('close() removes the collector and its streams', async () => {
    const { a, c } = await three('coord_close');
    await a.streams.claim('dev-x');
    await a.streams.claim('dev-y');
    await a.close();
    const rows = await admin().query(
      `SELECT (SELECT count(*)::int FROM collectors WHERE collector_id = 'a') AS collectors,
              (SELECT count(*)::int FROM live_streams) AS streams`,
    );
    expect(rows.rows[0]).toEqual({ collectors: 0, streams: 0 });
    expect(await c.streams.deliver('dev-x', { kind: 'sweeps' })).toBe(false);
  });
});

describe('a connection gone silent (no error, no end: brianc/node-postgres#3003)', () => {
  it('the heartbeat notices it: the leading work aborts before the other leads, and the listener resyncs', async () => {
    const [b] = await collectors('coord_silent', ['b']);
    const proxy = await freezableProxy(database!.url);
    proxies.push(proxy);
    const a = await postgresCoordination(proxy.url, { ...FAST, collectorId: 'a', queryTimeoutMs: 3000 });
    opened.push(a);
    const events: string[] = [];
    const work = (who: string) => async (signal: AbortSignal) => {
      events.push(`${who} start`);
      await new Promise((resolve) => signal.addEventListener('abort', resolve, { once: true }));
      events.push(`${who} aborted`);
    };
    const heardByA: Array<CoordinationTopic | 'resync'> = [];
    a.notices.subscribe((topic) => heardByA.push(topic));
    const leadA = a.lead('expiry', work('a'));
    await expect.poll(() => leadA.leading, WAIT).toBe(true);
    const leadB = b!.lead('expiry', work('b'));

    // The lock connection and the listener at least; the pool's too.
    const frozeAt = performance.now();
    expect(proxy.freeze()).toBeGreaterThanOrEqual(2);
    await expect.poll(() => leadB.leading, WAIT).toBe(true);
    const failoverMs = performance.now() - frozeAt;
    expect(events).toEqual(['a start', 'a aborted', 'b start']);
    await expect.poll(() => heardByA, WAIT).toContain('resync');
    b!.notices.publish('fleet');
    await expect.poll(() => heardByA.at(-1), WAIT).toBe('fleet');
    expect(leadA.leading).toBe(false);
    console.info(
      `silent connection: the other collector led ${failoverMs.toFixed(0)} ms after the freeze ` +
        `(heartbeat ${FAST.heartbeatMs} ms, heartbeat timeout ${FAST.heartbeatTimeoutMs} ms, retry ${FAST.leadRetryMs} ms)`,
    );
  });
});
