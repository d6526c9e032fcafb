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

  // The store keeps slices between writes: each kind of write must reach the next hello's bundle.
  it('is sent again after a ledger import, a medium registered for the device, and its status changed', async () => {
    const deviceId = 'bundle-writers';
    const device = await world.trust.deviceCredentials(deviceId);
    const store = world.collector.store;
    const admin = { actor: 'test', source: 'local' };
    let version = versionIn(await helloAndHeartbeat(device, deviceId, ''))!;
    const helloAfter = async (write: () => Promise<unknown>) => {
      await write();
      const messages = await helloAndHeartbeat(device, deviceId, version);
      const next = versionIn(messages);
      if (next !== undefined) version = next;
      return { sent: bodies(messages), ledger: messages[1]?.policy?.ledger };
    };

    const imported = await helloAfter(() =>
      store.importLedger(
        [
          {
            deviceId,
            assetNumber: 'ZC-7',
            classification: 'secret',
            responsiblePerson: '张三',
            department: '保密办',
            location: '',
            status: 'in_service',
            allowedNetworks: ['10.9.0.0/16'],
          },
        ],
        {},
        admin,
        { dryRun: false },
      ),
    );
    expect(imported.sent).toEqual(['ack', 'policy', 'heartbeatReply']);
    expect(imported.ledger).toMatchObject({ assetNumber: 'ZC-7', allowedNetworks: ['10.9.0.0/16'] });

    const stick = {
      serial: 'BW-1',
      vendorId: '0781',
      productId: '5581',
      classification: 'secret' as const,
      status: 'in_use' as const,
      assetNumber: 'U-1',
      responsiblePerson: '李四',
    };
    // A medium of another department is not in this device's slice: nothing to send.
    const elsewhere = await helloAfter(() =>
      store.registerMedium({ ...stick, boundDepartment: '财务处' }, admin),
    );
    expect(elsewhere.sent).toEqual(['ack', 'heartbeatReply']);

    const registered = await helloAfter(() =>
      store.registerMedium({ ...stick, boundDepartment: '保密办' }, admin),
    );
    expect(registered.sent).toEqual(['ack', 'policy', 'heartbeatReply']);
    expect(registered.ledger?.media.map((medium) => medium.serial)).toEqual(['BW-1']);

    const retired = await helloAfter(() => store.setMediumStatus(stick, 'retired', 'lost', admin));
    expect(retired.sent).toEqual(['ack', 'policy', 'heartbeatReply']);
    expect(retired.ledger?.media[0]?.status).not.toBe(registered.ledger?.media[0]?.status);
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
