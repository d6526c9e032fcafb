// A malformed or oversized message, or one that breaks the protocol, gets a clear gRPC status — and what was
// stored before stays exactly as it was. A finding with a broken field is refused alone, by name, in its
// batch's ack: the rest of the batch is stored and the stream goes on.
import * as grpc from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AgentMessage } from '../../proto/generated/shoumi/v1/AgentMessage';
import { loadContract } from '../../proto/load';
import { type Deployment, deployment } from '../support/collector-fixture';
import type { Running } from '../support/processes';
import type { DeviceTls } from '../support/trust-fixture';
import { wireStickFinding } from '../support/wire-findings';

const DEVICE = 'e2e-bad-input';
const hello: AgentMessage = {
  hello: { deviceId: DEVICE, agentVersion: 'test', hardware: { hostname: 'probe-host' } },
};
const finding = wireStickFinding;

/** Opens a stream, writes the messages, and resolves with how it ended. */
function converse(
  address: string,
  credentials: grpc.ChannelCredentials,
  messages: AgentMessage[],
): Promise<{ code: grpc.status; details: string; acks: number[]; refused: string[] }> {
  const contract = loadContract();
  const client = new contract.shoumi.v1.AgentService(address, credentials);
  const call = client.Connect();
  const acks: number[] = [];
  const refused: string[] = [];
  return new Promise((resolve) => {
    call.on('data', (message) => {
      if (!message.ack) return;
      acks.push(message.ack.upToSeq);
      for (const refusal of message.ack.refused) refused.push(`${refusal.seq} ${refusal.reason}`);
    });
    call.on('error', (error: grpc.ServiceError) => {
      client.close();
      resolve({ code: error.code, details: error.details, acks, refused });
    });
    call.on('end', () => {
      client.close();
      resolve({ code: grpc.status.OK, details: '', acks, refused });
    });
    for (const message of messages) call.write(message);
    // Give the collector time to answer, then half-close so a well-behaved exchange ends with OK.
    setTimeout(() => call.end(), 700);
  });
}

/** A client that sends raw bytes as the message: the collector must cope with frames no encoder made. */
function sendRawFrame(
  address: string,
  credentials: grpc.ChannelCredentials,
  frame: Buffer,
): Promise<grpc.ServiceError> {
  const Raw = grpc.makeGenericClientConstructor(
    {
      Connect: {
        path: '/shoumi.v1.AgentService/Connect',
        requestStream: true,
        responseStream: true,
        requestSerialize: (bytes: Buffer) => bytes,
        requestDeserialize: (bytes: Buffer) => bytes,
        responseSerialize: (bytes: Buffer) => bytes,
        responseDeserialize: (bytes: Buffer) => bytes,
      },
    },
    'RawAgentService',
  );
  const client = new Raw(address, credentials);
  const call = (client as unknown as { Connect(): grpc.ClientDuplexStream<Buffer, Buffer> }).Connect();
  return new Promise((resolve) => {
    call.on('data', () => {});
    call.on('error', (error: grpc.ServiceError) => {
      client.close();
      resolve(error);
    });
    call.write(frame);
  });
}

describe('bad input on the agent stream', () => {
  let world: Deployment;
  let collector: Running;
  let storedBefore: number[];
  let device: DeviceTls;

  beforeAll(async () => {
    world = await deployment();
    device = await world.trust.deviceCredentials(DEVICE);
    collector = await world.startCollector();
    const good = await converse(world.agentAddress, device.credentials, [
      hello,
      { findings: { findings: [finding(1), finding(2), finding(3)] } },
    ]);
    expect(good.code).toBe(grpc.status.OK);
    expect(good.acks.at(-1)).toBe(3);
    storedBefore = await world.storedSeqs(DEVICE);
    expect(storedBefore).toEqual([1, 2, 3]);
  });

  afterAll(async () => {
    await collector?.kill('SIGKILL');
    world?.admin.close();
  });

  it('answers a frame that is not protobuf with INTERNAL and keeps serving', async () => {
    const error = await sendRawFrame(
      world.agentAddress,
      device.credentials,
      Buffer.from([0xff, 0xff, 0xff, 0xff, 0x0f, 0x07]),
    );
    expect(error.code).toBe(grpc.status.INTERNAL);
    expect(error.details).toMatch(/deserializ/i);
  });

  it('refuses a message over 16 MiB with RESOURCE_EXHAUSTED', async () => {
    const error = await sendRawFrame(
      world.agentAddress,
      device.credentials,
      Buffer.alloc(17 * 1024 * 1024, 0x0a),
    );
    expect(error.code).toBe(grpc.status.RESOURCE_EXHAUSTED);
  });

  it('refuses findings before hello with FAILED_PRECONDITION', async () => {
    const result = await converse(world.agentAddress, device.credentials, [
      { findings: { findings: [finding(4)] } },
    ]);
    expect(result.code).toBe(grpc.status.FAILED_PRECONDITION);
    expect(result.details).toMatch(/hello must come first/);
  });

  it('refuses a finding with a broken field alone, naming the field, and stores the rest of its batch', async () => {
    const result = await converse(world.agentAddress, device.credentials, [
      { hello: { ...hello.hello, lastAckedSeq: 3, lastAssignedSeq: 5 } },
      { findings: { findings: [finding(4), finding(5, '{not json')] } },
    ]);
    expect(result.code).toBe(grpc.status.OK);
    expect(result.acks).toEqual([3, 5]);
    expect(result.refused).toEqual([expect.stringMatching(/^5 evidence_json: expected a JSON object/)]);
    expect(await world.storedSeqs(DEVICE)).toEqual([...storedBefore, 4]);
  });

  it('takes nothing more from a stream after refusing a message, so no later seq can jump past it', async () => {
    const result = await converse(world.agentAddress, device.credentials, [
      hello,
      { findings: { findings: [{ ...finding(6), seq: 0 }] } },
      { findings: { findings: [finding(6)] } },
    ]);
    expect(result.code).toBe(grpc.status.INVALID_ARGUMENT);
    expect(result.details).toBe('findings[0].seq: expected an integer >= 1, got 0');
    // Checking for an absence: give a wrongly accepted batch the time its commit would take.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await world.storedSeqs(DEVICE)).toEqual([...storedBefore, 4]);
  });

  it("ignores a device id in the hello that is not the certificate's, and records the claim", async () => {
    const result = await converse(world.agentAddress, device.credentials, [
      { hello: { deviceId: '../../etc/passwd' } },
    ]);
    expect(result.code).toBe(grpc.status.OK);
    expect(result.acks[0]).toBe(5);
    const claims = await world.admin.listAudit({ action: 'agent.identity_mismatch', limit: 10 });
    expect(
      claims.records.map((record) => [record.actor, JSON.parse(record.detailJson).claimedDeviceId]),
    ).toEqual([[`device:${DEVICE}`, '../../etc/passwd']]);
  });

  it('lost nothing that was stored, and stored nothing refused', async () => {
    expect(await world.storedSeqs(DEVICE)).toEqual([...storedBefore, 4]);
    const status = await world.admin.fleetStatus();
    expect(status.devices).toBe(1);
  });
});
