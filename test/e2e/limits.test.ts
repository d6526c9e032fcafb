// Limits per identity, on a real collector over mTLS on loopback (with the limits lowered so a test can
// reach them): an agent stream that sends faster than its message rate is read slower, losing nothing; a
// device opening streams in a loop is refused; an administrator calling in a loop is refused, and each
// refusal is in the audit trail.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import * as grpc from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningCollector, startCollector } from '../../collector/collector-server';
import { type AdminClient, adminClient } from '../../collector/ctl/admin-client';
import { silentLogger } from '../../collector/logger';
import { baselinePolicyPath } from '../../policies/load-policy';
import type { CollectorMessage__Output } from '../../proto/generated/shoumi/v1/CollectorMessage';
import { loadContract } from '../../proto/load';
import { type DeviceTls, prepareTrust, type TrustWorld } from '../support/trust-fixture';

const MESSAGE_RATE = { perSecond: 20, burst: 5 };
const STREAM_RATE = { perSecond: 0.001, burst: 3 };
const ADMIN_RATE = { perSecond: 0.001, burst: 4 };

let dir: string;
let collector: RunningCollector;
let trust: TrustWorld;
let admin: AdminClient;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'shoumi-limits-'));
  trust = await prepareTrust(path.join(dir, 'collector'), path.join(dir, 'admins'));
  collector = await startCollector({
    dataDir: path.join(dir, 'collector'),
    listen: '127.0.0.1:0',
    enrolListen: '127.0.0.1:0',
    adminListen: '127.0.0.1:0',
    policyFile: baselinePolicyPath(),
    log: silentLogger,
    limits: { agentMessages: MESSAGE_RATE, agentStreams: STREAM_RATE, adminCalls: ADMIN_RATE },
  });
  admin = adminClient(collector.adminAddress, trust.identity('auditor'));
});

afterAll(async () => {
  admin?.close();
  await collector?.stop();
  await rm(dir, { recursive: true, force: true });
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

  it('refuses an administrator calling in a loop, and records each refusal', async () => {
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
    expect(calls.filter((record) => record.outcome === 'refused' && record.target === 'WhoAmI')).toHaveLength(
      2,
    );
  });
});
