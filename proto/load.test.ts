import * as protoLoader from '@grpc/proto-loader';
import { describe, expect, it } from 'vitest';
import { CONTRACT_FILES, contractDefinition, LOADER_OPTIONS, loadContract, protoDirectory } from './load';

describe('loadContract', () => {
  it('exposes the three services with the methods the generated types name', () => {
    const contract = loadContract();
    expect(Object.keys(contract.shoumi.v1.AgentService.service)).toEqual(['Connect', 'Renew']);
    expect(Object.keys(contract.shoumi.v1.EnrolmentService.service)).toEqual(['Enrol']);
    expect(Object.keys(contract.shoumi.v1.AdminService.service)).toEqual(
      expect.arrayContaining(['GetFleetStatus', 'ListDevices', 'ListFindings']),
    );
  });

  it('the JSON descriptor defines what the .proto files define: every message, enum and method alike', () => {
    const fromProto = protoLoader.loadSync([...CONTRACT_FILES], {
      ...LOADER_OPTIONS,
      includeDirs: [protoDirectory()],
    });
    const fromJson = contractDefinition();
    expect(Object.keys(fromJson).sort()).toEqual(Object.keys(fromProto).sort());
    for (const [name, definition] of Object.entries(fromProto)) {
      const other = fromJson[name]!;
      if ('format' in definition) {
        // Message and enum descriptors (DescriptorProto / EnumDescriptorProto), field by field.
        expect((other as protoLoader.MessageTypeDefinition<object, object>).type, name).toEqual(
          definition.type,
        );
      } else {
        const methods = definition as protoLoader.ServiceDefinition;
        const otherMethods = other as protoLoader.ServiceDefinition;
        expect(Object.keys(otherMethods), name).toEqual(Object.keys(methods));
        for (const [method, value] of Object.entries(methods)) {
          const mine = otherMethods[method]!;
          expect([mine.path, mine.requestStream, mine.responseStream]).toEqual([
            value.path,
            value.requestStream,
            value.responseStream,
          ]);
        }
      }
    }
  });

  it('encodes and decodes a request the same way as the .proto-parsed definition', () => {
    const fromProto = protoLoader.loadSync([...CONTRACT_FILES], {
      ...LOADER_OPTIONS,
      includeDirs: [protoDirectory()],
    });
    const method = (definition: protoLoader.PackageDefinition) =>
      (definition['shoumi.v1.AdminService'] as protoLoader.ServiceDefinition).ListFindings!;
    const request = { deviceId: 'dev-1', limit: 50, history: true, pageToken: 'p2' };
    const bytes = method(contractDefinition()).requestSerialize(request);
    expect(bytes).toEqual(method(fromProto).requestSerialize(request));
    expect(method(fromProto).requestDeserialize(bytes)).toMatchObject(request);
  });
});
