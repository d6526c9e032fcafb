// The hello's policy version decides whether the bundle is sent: an agent that already holds the current
// bundle gets only the Ack, one whose version differs (none yet, a stale one, the ledger changed) gets it.
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { CollectorMessage__Output } from '../proto/generated/shoumi/v1/CollectorMessage';
import { loadContract } from '../proto/load';
import { type InProcessCollector, inProcessCollector } from '../test/support/in-process-collector';
import type { DeviceTls } from '../test/support/trust-fixture';
import { CONNECT_LINES_PER_MINUTE, connectionLog } from './agent-service';
import type { Logger } from './logger';

let world: InProcessCollector;

beforeAll(async () => {
  world = await inProcessCollector('agent-service');
});

afterAll(async () => {
  await world?.stop();
});

/**
 * Hello with `policyVersion`, then one heartbeat; resolves with the bodies the collector sent up to the
 * heartbeat's reply. Replies come in order, so a bundle sent for the hello arrives before it.
 */
function helloAndHeartbeat(device: DeviceTls, deviceId: string, policyVersion: string) {
  const client = new (loadContract().shoumi.v1.AgentService)(
    world.collector.agentAddress,
    device.credentials,
  );
  const call = client.Connect();
  const received: CollectorMessage__Output[] = [];
  return new Promise<CollectorMessage__Output[]>((resolve, reject) => {
    call.on('data', (message: CollectorMessage__Output) => {
      received.push(message);
      if (message.body === 'heartbeatReply') {
        call.end();
        client.close();
        resolve(received);
      }
    });
    call.on('error', (error) => {
      client.close();
      reject(error);
    });
    call.write({ hello: { deviceId, agentVersion: 'test', policyVersion } });
    call.write({ heartbeat: { sentAtMs: Date.now() } });
  });
}

const bodies = (messages: CollectorMessage__Output[]) => messages.map((message) => message.body);
const versionIn = (messages: CollectorMessage__Output[]) =>
  messages.find((message) => message.body === 'policy')?.policy?.version;

describe('policy bundle on hello', () => {
  it('is sent only when the hello reports another version', async () => {
    const deviceId = 'bundle-skip';
    const device = await world.trust.deviceCredentials(deviceId);

    const first = await helloAndHeartbeat(device, deviceId, '');
    expect(bodies(first)).toEqual(['ack', 'policy', 'heartbeatReply']);
    const version = versionIn(first)!;
    expect(version).toMatch(/^[0-9a-f]{16}$/);
    expect(first[1]?.policy?.policyYaml.length).toBeGreaterThan(0);

    // The agent kept that bundle and reconnects with its version: nothing to send.
    expect(bodies(await helloAndHeartbeat(device, deviceId, version))).toEqual(['ack', 'heartbeatReply']);

    // A stale version gets the current bundle.
    const stale = await helloAndHeartbeat(device, deviceId, `${version.slice(1)}0`);
    expect(bodies(stale)).toEqual(['ack', 'policy', 'heartbeatReply']);
    expect(versionIn(stale)).toBe(version);

    // The ledger slice changed while the agent was away: a new version, sent although the hello names the old.
    await world.collector.store.updateLedger(
      deviceId,
      { assetNumber: 'ZC-2026-0042' },
      { actor: 'test', source: 'local' },
    );
    const changed = await helloAndHeartbeat(device, deviceId, version);
    expect(bodies(changed)).toEqual(['ack', 'policy', 'heartbeatReply']);
    expect(versionIn(changed)).not.toBe(version);
    expect(changed[1]?.policy?.ledger?.assetNumber).toBe('ZC-2026-0042');
  });
});

describe('connection log', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('logs a line per connection up to the limit of a minute, then one count at the end of it', () => {
    vi.useFakeTimers();
    const lines: { message: string; fields?: Record<string, unknown> }[] = [];
    const capture = (message: string, fields?: Record<string, unknown>) => lines.push({ message, fields });
    const log: Logger = { info: capture, warn: capture, error: capture };
    const connected = connectionLog(log, () => Date.now());
    const storm = CONNECT_LINES_PER_MINUTE + 35;
    for (let index = 0; index < storm; index++) {
      connected({ deviceId: `d-${index}`, peer: 'ipv4:127.0.0.1:1', lastSeq: 0 });
      vi.advanceTimersByTime(100);
    }
    const single = lines.filter((line) => line.message === 'agent connected');
    expect(single).toHaveLength(CONNECT_LINES_PER_MINUTE);
    expect(single[0]?.fields?.deviceId).toBe('d-0');
    expect(lines.some((line) => line.message !== 'agent connected')).toBe(false);

    vi.advanceTimersByTime(60_000);
    expect(lines.filter((line) => line.message !== 'agent connected')).toEqual([
      {
        message: 'agents connected in the last minute',
        fields: { connected: storm, notLoggedSingly: storm - CONNECT_LINES_PER_MINUTE },
      },
    ]);

    // A new minute logs single lines again.
    connected({ deviceId: 'after', peer: 'ipv4:127.0.0.1:1', lastSeq: 0 });
    expect(lines.at(-1)).toEqual({
      message: 'agent connected',
      fields: { deviceId: 'after', peer: 'ipv4:127.0.0.1:1', lastSeq: 0 },
    });
  });
});
