import type { ServiceDefinition } from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import { describe, expect, it } from 'vitest';
import { CONTRACT_FILES, contractDefinition, LOADER_OPTIONS, loadContract, protoDirectory } from './load';

/** What proto-loader itself makes of the .proto files: the reference the descriptor path must match. */
const fromProto = () =>
  protoLoader.loadSync([...CONTRACT_FILES], { ...LOADER_OPTIONS, includeDirs: [protoDirectory()] });

describe('loadContract', () => {
  it('exposes the three services with the methods the generated types name', () => {
    const contract = loadContract();
    expect(Object.keys(contract.shoumi.v1.AgentService.service)).toEqual(['Connect', 'Renew']);
    expect(Object.keys(contract.shoumi.v1.EnrolmentService.service)).toEqual(['Enrol']);
    expect(Object.keys(contract.shoumi.v1.AdminService.service)).toEqual(
      expect.arrayContaining(['GetFleetStatus', 'ListDevices', 'ListFindings']),
    );
  });

  it('has every service of the .proto files, each method with the same path, streaming and name', () => {
    const reference = fromProto();
    const services = Object.keys(reference).filter((name) => !('format' in reference[name]!));
    const mine = contractDefinition();
    expect(Object.keys(mine).sort()).toEqual(services.sort());
    for (const name of services) {
      const expected = reference[name] as protoLoader.ServiceDefinition;
      const actual = mine[name] as ServiceDefinition;
      expect(Object.keys(actual), name).toEqual(Object.keys(expected));
      for (const [method, value] of Object.entries(expected)) {
        const got = actual[method]!;
        expect([got.path, got.requestStream, got.responseStream, got.originalName], method).toEqual([
          value.path,
          value.requestStream,
          value.responseStream,
          value.originalName,
        ]);
      }
    }
  });

  it('serializes and reads messages as proto-loader does: same bytes, same objects (defaults, enums, oneofs)', () => {
    const reference = fromProto();
    const admin = (definition: object) =>
      (definition as Record<string, ServiceDefinition>)['shoumi.v1.AdminService']!;
    const agent = (definition: object) =>
      (definition as Record<string, ServiceDefinition>)['shoumi.v1.AgentService']!;
    const request = { deviceId: 'dev-1', limit: 50, history: true, pageToken: 'p2', status: 'FAIL' };
    const bytes = admin(contractDefinition()).ListFindings!.requestSerialize(request);
    expect(bytes).toEqual(admin(reference).ListFindings!.requestSerialize(request));
    expect(admin(contractDefinition()).ListFindings!.requestDeserialize(bytes)).toEqual(
      admin(reference).ListFindings!.requestDeserialize(bytes),
    );
    // An empty answer read back: every default filled in the same way.
    for (const method of Object.keys(admin(reference))) {
      const empty = admin(reference)[method]!.responseSerialize({});
      expect(admin(contractDefinition())[method]!.responseDeserialize(empty), method).toEqual(
        admin(reference)[method]!.responseDeserialize(empty),
      );
    }
    // A oneof on the agent stream: which member is set is named the same way.
    const hello = { hello: { deviceId: 'd', agentVersion: '1' } };
    const frame = agent(reference).Connect!.requestSerialize(hello);
    expect(agent(contractDefinition()).Connect!.requestSerialize(hello)).toEqual(frame);
    const read = agent(contractDefinition()).Connect!.requestDeserialize(frame) as { body?: string };
    expect(read.body).toBe('hello');
    expect(read).toEqual(agent(reference).Connect!.requestDeserialize(frame));
  });
});
