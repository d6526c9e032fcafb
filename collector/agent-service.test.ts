// The hello's policy version decides whether the bundle is sent: an agent that already holds the current
// bundle gets only the Ack, one whose version differs (none yet, a stale one, the ledger changed) gets it.
// A finding the collector refuses is refused alone, recorded, listed in the batch's Ack, and told again to a
// hello that missed that Ack.
import * as grpc from '@grpc/grpc-js';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { FINDING_LIMITS } from '../proto/finding-limits';
import type { AgentMessage } from '../proto/generated/shoumi/v1/AgentMessage';
import type { CollectorMessage__Output } from '../proto/generated/shoumi/v1/CollectorMessage';
import type { Finding as AgentFinding } from '../proto/generated/shoumi/v1/Finding';
import { loadContract } from '../proto/load';
import { type InProcessCollector, inProcessCollector } from '../test/support/in-process-collector';
import { type DeviceTls, roleRoutedAdmin } from '../test/support/trust-fixture';
import { wireStickFinding } from '../test/support/wire-findings';
import {
  CONNECT_LINES_PER_MINUTE,
  connectionLog,
  findingRefusalLog,
  MAX_SEQ_AHEAD,
  REFUSAL_LINES_PER_MINUTE,
  REFUSALS_PER_HELLO,
} from './agent-service';
import type { Logger } from './logger';
import { findingOf, helloFor } from './store/store-fixtures';

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

/** A hand-made agent stream: write messages, wait for the collector's answers in order. */
function agentStream(device: DeviceTls) {
  const client = new (loadContract().shoumi.v1.AgentService)(
    world.collector.agentAddress,
    device.credentials,
  );
  const call = client.Connect();
  const received: CollectorMessage__Output[] = [];
  const waiters = new Set<() => void>();
  let ended: { code: number; details: string } | undefined;
  call.on('data', (message: CollectorMessage__Output) => {
    received.push(message);
    for (const wake of waiters) wake();
  });
  call.on('error', (error: { code: number; details: string }) => {
    ended = { code: error.code, details: error.details };
    for (const wake of waiters) wake();
  });
  /** Resolves with the n-th ack (from 1) of this stream. */
  const ack = (n: number) =>
    new Promise<NonNullable<CollectorMessage__Output['ack']>>((resolve, reject) => {
      const check = () => {
        const acks = received.filter((message) => message.body === 'ack');
        if (acks.length >= n) {
          waiters.delete(check);
          resolve(acks[n - 1]!.ack!);
        } else if (ended) {
          waiters.delete(check);
          reject(new Error(`stream ended: ${ended.code} ${ended.details}`));
        }
      };
      waiters.add(check);
      check();
    });
  const end = () =>
    new Promise<{ code: number; details: string }>((resolve) => {
      const check = () => {
        if (!ended) return;
        waiters.delete(check);
        resolve(ended);
      };
      waiters.add(check);
      check();
    });
  return {
    write: (message: AgentMessage) => call.write(message),
    ack,
    /** How the collector ended the stream (waits for it). */
    end,
    close() {
      call.end();
      client.close();
    },
  };
}

const hello = (deviceId: string, lastAckedSeq: number, lastAssignedSeq: number): AgentMessage => ({
  hello: { deviceId, agentVersion: 'test', lastAckedSeq, lastAssignedSeq },
});
const batch = (...findings: AgentFinding[]): AgentMessage => ({ findings: { findings } });
const oversized = (seq: number) => ({
  ...wireStickFinding(seq, JSON.stringify({ sockets: 'x'.repeat(FINDING_LIMITS.evidenceJsonBytes) })),
  ruleId: 'connection-peers-allowed',
  clause: '3.7.4',
  subject: `tcp 203.0.113.9:${seq}`,
});
const OVERSIZED = `evidence_json: expected at most ${FINDING_LIMITS.evidenceJsonBytes} bytes`;
const stored = async (deviceId: string) =>
  (await world.collector.store.listFindings({ deviceId, history: true, limit: 1000 })).findings.map(
    (finding) => finding.seq,
  );

describe('a finding the collector refuses', () => {
  it('is refused alone: the rest of its batch is stored, the ack lists it with its reason, the stream goes on', async () => {
    const deviceId = 'refuse-one';
    const device = await world.trust.deviceCredentials(deviceId);
    const stream = agentStream(device);
    stream.write(hello(deviceId, 0, 3));
    expect(await stream.ack(1)).toEqual({ upToSeq: 0, refused: [] });
    stream.write(batch(wireStickFinding(1), oversized(2), wireStickFinding(3)));
    expect(await stream.ack(2)).toEqual({ upToSeq: 3, refused: [{ seq: 2, reason: OVERSIZED }] });
    // Findings after it are taken as ever.
    stream.write(batch(wireStickFinding(4)));
    expect(await stream.ack(3)).toEqual({ upToSeq: 4, refused: [] });
    stream.close();

    expect(await stored(deviceId)).toEqual([1, 3, 4]);
    expect((await world.collector.store.getDevice(deviceId))?.lastSeq).toBe(4);
    expect(
      await world.collector.store.listRefusals({ deviceId, afterSeq: 0, upToSeq: 4, limit: 10 }),
    ).toEqual([
      {
        deviceId,
        seq: 2,
        ruleId: 'connection-peers-allowed',
        subject: 'tcp 203.0.113.9:2',
        reason: OVERSIZED,
        receivedAtMs: expect.any(Number),
      },
    ]);
  });

  it('names each kind of problem of one finding, and still ends the stream for a problem of the message', async () => {
    const deviceId = 'refuse-kinds';
    const device = await world.trust.deviceCredentials(deviceId);
    const stream = agentStream(device);
    stream.write(hello(deviceId, 0, 7));
    await stream.ack(1);
    stream.write(
      batch(
        { ...wireStickFinding(1), clause: 'A.5' },
        { ...wireStickFinding(2), status: 'FINDING_STATUS_UNSPECIFIED' },
        { ...wireStickFinding(3), severity: 'SEVERITY_UNSPECIFIED' },
        { ...wireStickFinding(4), observedAtMs: 0 },
        wireStickFinding(5, '[1,2]'),
        wireStickFinding(6, `${'{"a":'.repeat(40)}1${'}'.repeat(40)}`),
        { ...wireStickFinding(7), ruleId: 'agent-reports-regularly', status: 'PASS' },
      ),
    );
    expect((await stream.ack(2)).refused).toEqual([
      { seq: 1, reason: 'clause: expected a clause like "3.7.4", got "A.5"' },
      {
        seq: 2,
        reason: 'status: expected PASS, FAIL, ERROR or NOT_APPLICABLE, got FINDING_STATUS_UNSPECIFIED',
      },
      { seq: 3, reason: 'severity: expected LOW, MEDIUM, HIGH or CRITICAL, got SEVERITY_UNSPECIFIED' },
      { seq: 4, reason: 'observed_at_ms: expected epoch milliseconds, got 0' },
      { seq: 5, reason: 'evidence_json: expected a JSON object' },
      { seq: 6, reason: `evidence_json: expected at most ${FINDING_LIMITS.evidenceDepth} levels of nesting` },
      {
        seq: 7,
        reason: 'rule_id: "agent-reports-regularly" is judged by the collector, never reported by an agent',
      },
    ]);
    // A seq that is not one cannot be refused or passed over: the message is refused, and the stream ends.
    stream.write(batch(wireStickFinding(8), { ...wireStickFinding(9), seq: 0 }));
    expect(await stream.end()).toEqual({
      code: grpc.status.INVALID_ARGUMENT,
      details: 'findings[1].seq: expected an integer >= 1, got 0',
    });
    stream.close();
    expect(await stored(deviceId)).toEqual([]);
    expect((await world.collector.store.getDevice(deviceId))?.lastSeq).toBe(7);
  });

  it("is told again to a hello whose last acked seq is below it (the batch's ack was lost)", async () => {
    const deviceId = 'refuse-lost-ack';
    const device = await world.trust.deviceCredentials(deviceId);
    const first = agentStream(device);
    first.write(hello(deviceId, 0, 4));
    await first.ack(1);
    first.write(batch(wireStickFinding(1), oversized(2), wireStickFinding(3), oversized(4)));
    await first.ack(2);
    first.close();
    const listRefusals = vi.spyOn(world.collector.store, 'listRefusals');
    try {
      const helloAck = async (lastAcked: number, lastAssigned: number) => {
        const stream = agentStream(device);
        stream.write(hello(deviceId, lastAcked, lastAssigned));
        const ack = await stream.ack(1);
        stream.close();
        return ack;
      };
      // The agent never recorded that ack: every refusal above what it did record.
      expect(await helloAck(0, 4)).toEqual({
        upToSeq: 4,
        refused: [
          { seq: 2, reason: OVERSIZED },
          { seq: 4, reason: OVERSIZED },
        ],
      });
      expect(await helloAck(2, 4)).toEqual({ upToSeq: 4, refused: [{ seq: 4, reason: OVERSIZED }] });
      expect(listRefusals).toHaveBeenCalledTimes(2);
      // The usual reconnect (nothing missed) reads no refusal; nor does an agent that lost its outbox
      // (it numbered fewer than the collector holds and will renumber above it).
      expect(await helloAck(4, 4)).toEqual({ upToSeq: 4, refused: [] });
      expect(await helloAck(0, 0)).toEqual({ upToSeq: 4, refused: [] });
      expect(listRefusals).toHaveBeenCalledTimes(2);
    } finally {
      listRefusals.mockRestore();
    }
  });

  it(`tells a hello at most ${REFUSALS_PER_HELLO} refusals, and then covers only up to the first one it left out`, async () => {
    const deviceId = 'refuse-many';
    const device = await world.trust.deviceCredentials(deviceId);
    const total = REFUSALS_PER_HELLO + 3;
    const first = agentStream(device);
    first.write(hello(deviceId, 0, total));
    await first.ack(1);
    const findings = Array.from({ length: total }, (_, index) =>
      index < REFUSALS_PER_HELLO + 1
        ? { ...wireStickFinding(index + 1), clause: 'x' }
        : wireStickFinding(index + 1),
    );
    first.write(batch(...findings));
    expect((await first.ack(2)).refused).toHaveLength(REFUSALS_PER_HELLO + 1);
    first.close();

    const again = agentStream(device);
    again.write(hello(deviceId, 0, total));
    const told = await again.ack(1);
    expect(told.upToSeq).toBe(REFUSALS_PER_HELLO);
    expect(told.refused.map((refusal) => refusal.seq)).toEqual(
      Array.from({ length: REFUSALS_PER_HELLO }, (_, index) => index + 1),
    );
    // The agent sends the rest again: the one left out is refused again, and listed, before its ack covers it.
    again.write(batch(...findings.slice(REFUSALS_PER_HELLO)));
    expect(await again.ack(2)).toEqual({
      upToSeq: total,
      refused: [{ seq: REFUSALS_PER_HELLO + 1, reason: 'clause: expected a clause like "3.7.4", got "x"' }],
    });
    again.close();
    expect(await stored(deviceId)).toEqual([total - 1, total]);
  });

  it('logs refusals one line each up to the limit of a minute, then one count', () => {
    vi.useFakeTimers();
    try {
      const lines: { message: string; fields?: Record<string, unknown> }[] = [];
      const capture = (message: string, fields?: Record<string, unknown>) => lines.push({ message, fields });
      const refused = findingRefusalLog({ info: capture, warn: capture, error: capture }, () => Date.now());
      const storm = REFUSAL_LINES_PER_MINUTE + 7;
      for (let seq = 1; seq <= storm; seq++)
        refused({ deviceId: `d-${seq}`, seq, ruleId: 'r', subject: '', reason: OVERSIZED });
      expect(lines).toHaveLength(REFUSAL_LINES_PER_MINUTE);
      expect(lines[0]).toEqual({
        message: 'finding refused',
        fields: { deviceId: 'd-1', seq: 1, ruleId: 'r', subject: '', reason: OVERSIZED },
      });
      vi.advanceTimersByTime(60_000);
      expect(lines.at(-1)).toEqual({
        message: 'findings refused in the last minute',
        fields: { refused: storm, notLoggedSingly: 7 },
      });
    } finally {
      vi.useRealTimers();
    }
  });
});

// Issue 13: what an agent may write. Each of these findings used to be stored and counted (or, for the deep
// evidence, ended the stream as retryable); each is now refused alone and the finding after it is stored.
describe('at the door: agents report only what agents judge, in text that shows what it is', () => {
  it('refuses alone a rule id not in the policy, a wrong clause and a collector-owned rule; the next is stored', async () => {
    const deviceId = 'door-rules';
    const device = await world.trust.deviceCredentials(deviceId);
    const stream = agentStream(device);
    stream.write(hello(deviceId, 0, 5));
    await stream.ack(1);
    stream.write(
      batch(
        { ...wireStickFinding(1), ruleId: 'made-up-rule', clause: '3.7.4' },
        { ...wireStickFinding(2), clause: '9.9.9' },
        { ...wireStickFinding(3), ruleId: 'media-cross-use-absent', clause: '3.7.4' },
        { ...wireStickFinding(4), ruleId: 'wifi-radio-absent', clause: '3.7.4' },
        wireStickFinding(5),
      ),
    );
    expect(await stream.ack(2)).toEqual({
      upToSeq: 5,
      refused: [
        {
          seq: 1,
          reason:
            'rule_id: "made-up-rule" is not a rule agents judge in the collector\'s policy (baseline 2026.11)',
        },
        {
          seq: 2,
          reason:
            'clause: rule "usb-storage-registered" is clause 3.7.4 in the collector\'s policy, got "9.9.9"',
        },
        {
          seq: 3,
          reason: 'rule_id: "media-cross-use-absent" is judged by the collector, never reported by an agent',
        },
        {
          seq: 4,
          reason: 'clause: rule "wifi-radio-absent" is clause 3.7.8 in the collector\'s policy, got "3.7.4"',
        },
      ],
    });
    stream.write(batch(wireStickFinding(6)));
    expect(await stream.ack(3)).toEqual({ upToSeq: 6, refused: [] });
    stream.close();
    expect(await stored(deviceId)).toEqual([5, 6]);

    // Neither fleet status nor the inspection record shows the clause or the rule that was refused.
    const admin = roleRoutedAdmin(world.collector.adminAddress, world.trust);
    try {
      const status = await admin.fleetStatus();
      expect(status.byClause.map((count) => count.clause)).not.toContain('9.9.9');
      const record = await admin.inspectionReport({
        fromMs: Date.now() - 3_600_000,
        toMs: Date.now() + 60_000,
      });
      const items = record.items;
      expect(items.length).toBeGreaterThan(0);
      expect(items.map((item) => item.clause)).not.toContain('9.9.9');
      expect(items.map((item) => item.ruleId)).not.toContain('made-up-rule');
    } finally {
      admin.close();
    }
  });

  it('refuses alone evidence nested 4,500 deep, and the stream goes on', async () => {
    const deviceId = 'door-deep';
    const device = await world.trust.deviceCredentials(deviceId);
    const stream = agentStream(device);
    stream.write(hello(deviceId, 0, 2));
    await stream.ack(1);
    const deep = `${'{"a":'.repeat(4500)}1${'}'.repeat(4500)}`;
    stream.write(batch(wireStickFinding(1, deep), wireStickFinding(2)));
    expect(await stream.ack(2)).toEqual({
      upToSeq: 2,
      refused: [
        {
          seq: 1,
          reason: `evidence_json: expected at most ${FINDING_LIMITS.evidenceDepth} levels of nesting`,
        },
      ],
    });
    stream.write(batch(wireStickFinding(3)));
    expect(await stream.ack(3)).toEqual({ upToSeq: 3, refused: [] });
    stream.close();
    expect(await stored(deviceId)).toEqual([2, 3]);
  });

  it('refuses alone a malformed reason code or 17 parameters; a coded finding is stored with its code', async () => {
    const deviceId = 'door-codes';
    const device = await world.trust.deviceCredentials(deviceId);
    const stream = agentStream(device);
    stream.write(hello(deviceId, 0, 3));
    await stream.ack(1);
    const seventeen = Object.fromEntries(Array.from({ length: 17 }, (_, index) => [`p${index}`, 'x']));
    stream.write(
      batch(
        { ...wireStickFinding(1), reasonCode: 'USB Storage' },
        { ...wireStickFinding(2), reasonCode: 'usb.unregistered-medium', reasonParams: seventeen },
        { ...wireStickFinding(3), reasonCode: 'usb.unregistered-medium', reasonParams: { device: 'SN1' } },
      ),
    );
    expect(await stream.ack(2)).toEqual({
      upToSeq: 3,
      refused: [
        {
          seq: 1,
          reason:
            'reason_code: expected lowercase letters, digits, dots and dashes (1..64, e.g. "usb.unregistered-medium"), got "USB Storage"',
        },
        { seq: 2, reason: 'reason_params: expected at most 16 parameters, got 17' },
      ],
    });
    stream.close();
    const kept = await world.collector.store.listFindings({ deviceId, history: true, limit: 10 });
    expect(kept.findings).toMatchObject([
      { seq: 3, reasonCode: 'usb.unregistered-medium', reasonParams: { device: 'SN1' } },
    ]);
  });

  it('refuses alone a seq 2^53-1, without moving the device past it; the next seq is stored', async () => {
    const deviceId = 'door-seq';
    const device = await world.trust.deviceCredentials(deviceId);
    const stream = agentStream(device);
    stream.write(hello(deviceId, 0, 1));
    await stream.ack(1);
    const huge = Number.MAX_SAFE_INTEGER;
    stream.write(batch(wireStickFinding(1), { ...wireStickFinding(huge), subject: 'far' }));
    expect(await stream.ack(2)).toEqual({
      upToSeq: 1,
      refused: [
        {
          seq: huge,
          reason: `seq: ${huge} is more than ${MAX_SEQ_AHEAD} ahead of the highest seq this device used (0)`,
        },
      ],
    });
    stream.write(batch(wireStickFinding(2)));
    expect(await stream.ack(3)).toEqual({ upToSeq: 2, refused: [] });
    stream.close();
    expect(await stored(deviceId)).toEqual([1, 2]);
    expect((await world.collector.store.getDevice(deviceId))?.lastSeq).toBe(2);
    // One below the bound is an ordinary seq (an agent far ahead, but not absurdly).
    const next = agentStream(device);
    next.write(hello(deviceId, 2, 2));
    await next.ack(1);
    next.write(batch(wireStickFinding(2 + MAX_SEQ_AHEAD)));
    expect(await next.ack(2)).toEqual({ upToSeq: 2 + MAX_SEQ_AHEAD, refused: [] });
    next.close();
  });

  it('refuses alone a finding whose subject, reason or rule id carries a bidi, zero-width or control character', async () => {
    const deviceId = 'door-text';
    const device = await world.trust.deviceCredentials(deviceId);
    const stream = agentStream(device);
    stream.write(hello(deviceId, 0, 5));
    await stream.ack(1);
    stream.write(
      batch(
        { ...wireStickFinding(1), subject: 'stick-\u202Egpj.exe' },
        { ...wireStickFinding(2), subject: 'stick\u200B-2' },
        { ...wireStickFinding(3), reason: 'unregistered\u001b[2J' },
        { ...wireStickFinding(4), ruleId: 'usb-storage-registered\u2066' },
        // A reason is prose: a line break may pass.
        { ...wireStickFinding(5), reason: 'unregistered\nsecond line' },
      ),
    );
    expect((await stream.ack(2)).refused).toEqual([
      { seq: 1, reason: 'subject: contains U+202E, a bidi control, at character 7' },
      { seq: 2, reason: 'subject: contains U+200B, a zero-width character, at character 6' },
      { seq: 3, reason: 'reason: contains U+001B, a control character, at character 13' },
      { seq: 4, reason: 'rule_id: contains U+2066, a bidi control, at character 23' },
    ]);
    stream.close();
    expect(await stored(deviceId)).toEqual([5]);
    // What the store keeps of a refused finding shows the character instead of carrying it.
    const refusals = await world.collector.store.listRefusals({
      deviceId,
      afterSeq: 0,
      upToSeq: 5,
      limit: 10,
    });
    expect(refusals.map((refusal) => refusal.subject)).toEqual([
      'stick-<U+202E>gpj.exe',
      'stick<U+200B>-2',
      'stick-3',
      'stick-4',
    ]);
    expect(refusals[3]?.ruleId).toBe('usb-storage-registered<U+2066>');
  });

  it('refuses a hello whose hostname carries a bidi override, naming the field, and stores nothing of it', async () => {
    const deviceId = 'door-hello';
    const device = await world.trust.deviceCredentials(deviceId);
    const stream = agentStream(device);
    stream.write({
      hello: {
        deviceId,
        agentVersion: 'test',
        hardware: { hostname: 'ws-\u202Etxt.exe', osName: 'Debian GNU/Linux' },
      },
    });
    expect(await stream.end()).toEqual({
      code: grpc.status.INVALID_ARGUMENT,
      details: 'hello.hardware.hostname: contains U+202E, a bidi control, at character 4',
    });
    stream.close();
    expect(await world.collector.store.getDevice(deviceId)).toBeNull();

    const long = agentStream(device);
    long.write({ hello: { deviceId, agentVersion: 'v'.repeat(65) } });
    expect(await long.end()).toEqual({
      code: grpc.status.INVALID_ARGUMENT,
      details: 'hello.agent_version: expected at most 64 characters, got 65',
    });
    long.close();

    // The honest hello of the same device is taken.
    const honest = agentStream(device);
    honest.write({ hello: { deviceId, agentVersion: 'test', hardware: { hostname: '-1层机房-ws07' } } });
    expect(await honest.ack(1)).toEqual({ upToSeq: 0, refused: [] });
    honest.close();
    expect((await world.collector.store.getDevice(deviceId))?.hostname).toBe('-1层机房-ws07');
  });
});

describe('what an older release stored', () => {
  it('fleet status shows no clause the policy lacks, even when the store holds a finding under it', async () => {
    const deviceId = 'old-release-junk';
    await world.collector.store.recordHello(helloFor(deviceId), Date.now());
    // Taken by a release before the door checked rules against the policy.
    await world.collector.store.recordFindings(
      deviceId,
      [
        findingOf(1, { ruleId: 'made-up-rule', clause: '9.9.9', observedAtMs: Date.now() }),
        findingOf(2, { ruleId: 'usb-storage-registered', clause: '3.7.4', observedAtMs: Date.now() }),
      ],
      Date.now(),
    );
    expect((await world.collector.store.fleetCounts()).byClause.map((count) => count.clause)).toContain(
      '9.9.9',
    );
    const admin = roleRoutedAdmin(world.collector.adminAddress, world.trust);
    try {
      const status = await admin.fleetStatus();
      expect(status.byClause.map((count) => count.clause)).toContain('3.7.4');
      expect(status.byClause.map((count) => count.clause)).not.toContain('9.9.9');
      const record = await admin.inspectionReport({
        fromMs: Date.now() - 3_600_000,
        toMs: Date.now() + 60_000,
      });
      expect([...record.items, ...record.problems].map((entry) => entry.clause)).not.toContain('9.9.9');
    } finally {
      admin.close();
    }
  });
});
