import path from 'node:path';
import * as grpc from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningCollector } from '../../collector/collector-server';
import { type AdminClient, adminClient } from '../../collector/ctl/admin-client';
import { openSqliteStore } from '../../collector/store/sqlite/index';
import type { CollectorMessage__Output } from '../../proto/generated/shoumi/v1/CollectorMessage';
import { loadContract } from '../../proto/load';
import { type InProcessCollector, inProcessCollector } from '../support/in-process-collector';
import type { DeviceTls, TrustWorld } from '../support/trust-fixture';

const MESSAGE_RATE = { perSecond: 20, burst: 5 };
const STREAM_RATE = { perSecond: 0.001, burst: 3 };
const ADMIN_RATE = { perSecond: 0.001, burst: 4 };

let world: InProcessCollector;
let collector: RunningCollector;
let trust: TrustWorld;
let admin: AdminClient;

beforeAll(async () => {
  world = await inProcessCollector('limits', {
    limits: { agentMessages: MESSAGE_RATE, agentStreams: STREAM_RATE, adminCalls: ADMIN_RATE },
  });
  ({ collector, trust } = world);
  admin = adminClient(collector.adminAddress, trust.identity('auditor'));
});

afterAll(async () => {
  admin?.close();
  await world?.stop();
});

/** Opens an agent stream with hello and `heartbeats` heartbeats; resolves with reply times or the error. */
function stream(device: DeviceTls, heartbeats: number) {
  const client = new (loadContract().shoumi.v1.AgentService)(collector.agentAddress, device.credentials);
  const call = client.Connect();
  const started = Date.now();
  const replies: number[] = [];
  return new Promise<{ replies: number[]; error?: grpc.ServiceError }>((resolve) => {
    const finish = (error?: grpc.ServiceError) => {
      client.close();
      resolve({ replies, error });
    };
    call.on('data', (message: CollectorMessage__Output) => {
      if (message.heartbeatReply) replies.push(Date.now() - started);
      if (replies.length === heartbeats) {
        call.end();
        finish();
      }
    });
    call.on('error', finish);
    call.write({ hello: { deviceId: 'ignored', agentVersion: 'test' } });
    for (let index = 0; index < heartbeats; index++) call.write({ heartbeat: { sentAtMs: Date.now() } });
  });
}

describe('limits per identity', () => {
  it('reads a stream over its message rate slower, and answers every message', async () => {
    const device = await trust.deviceCredentials('limits-chatty');
    const heartbeats = 45;
    const { replies, error } = await stream(device, heartbeats);
    expect(error).toBeUndefined();
    expect(replies).toHaveLength(heartbeats);
    // hello + 45 heartbeats = 46 messages; 5 go at once, the other 41 at 20 per second: at least ~2 s.
    const minimumMs = ((heartbeats + 1 - MESSAGE_RATE.burst) / MESSAGE_RATE.perSecond) * 1000;
    expect(replies.at(-1)!).toBeGreaterThanOrEqual(minimumMs * 0.9);
  });

  it('refuses a device that opens streams in a loop, and records it', async () => {
    const device = await trust.deviceCredentials('limits-looping');
    const outcomes: string[] = [];
    for (let attempt = 0; attempt < STREAM_RATE.burst + 1; attempt++) {
      const { error } = await stream(device, 1);
      outcomes.push(error ? grpc.status[error.code] : 'OK');
    }
    expect(outcomes).toEqual(['OK', 'OK', 'OK', 'RESOURCE_EXHAUSTED']);
    const refused = await collector.store.readAuditRecords({
      afterPosition: 0,
      limit: 1000,
      action: 'agent.refused',
    });
    expect(refused.map((record) => record.actor)).toContain('device:limits-looping');
  });

  it('refuses an administrator calling in a loop: the first refusal recorded at once, the rest counted', async () => {
    const outcomes: string[] = [];
    for (let attempt = 0; attempt < ADMIN_RATE.burst + 2; attempt++) {
      outcomes.push(
        await admin.whoAmI().then(
          () => 'OK',
          (error: Error) =>
            error.message.includes('RESOURCE_EXHAUSTED') ? 'RESOURCE_EXHAUSTED' : error.message,
        ),
      );
    }
    expect(outcomes).toEqual(['OK', 'OK', 'OK', 'OK', 'RESOURCE_EXHAUSTED', 'RESOURCE_EXHAUSTED']);
    const calls = await collector.store.readAuditRecords({
      afterPosition: 0,
      limit: 1000,
      action: 'admin.call',
    });
    const refused = calls.filter((record) => record.outcome === 'refused' && record.target === 'WhoAmI');
    // Both refusals are in the trail: the first one by one, the second in the minute's count, written by the
    // minute's timer or, as here, when the collector stops (the last test of this file).
    expect(refused.length).toBeGreaterThanOrEqual(1);
    await collector.stop();
    const store = await openSqliteStore(path.join(world.dir, 'collector', 'collector.sqlite'));
    try {
      const singly = (
        await store.readAuditRecords({ afterPosition: 0, limit: 1000, action: 'admin.call' })
      ).filter((record) => record.outcome === 'refused' && record.target === 'WhoAmI');
      const counts = await store.readAuditRecords({
        afterPosition: 0,
        limit: 1000,
        action: 'admin.calls_refused',
      });
      expect(counts.map((record) => [record.actor, record.target])).toEqual(
        counts.length === 0 ? [] : [['admin:test-auditor(auditor)', 'rate-limit']],
      );
      const counted = counts.reduce((sum, record) => sum + Number(JSON.parse(record.detailJson).refused), 0);
      expect(singly.length + counted).toBe(2);
    } finally {
      await store.close();
    }
  });
});
