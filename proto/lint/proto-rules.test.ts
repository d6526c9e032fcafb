// The lint's rules over descriptors written out by hand (the shape protobufjs's toObject gives protoc's
// FileDescriptorSet), so each rule is seen to fire and to stay quiet without protoc installed.
import { describe, expect, it } from 'vitest';
import { type FileDescriptor, lintProtoFiles, upperSnakeOf } from './proto-rules';

const clean: FileDescriptor = {
  name: 'shoumi/v1/clean.proto',
  package: 'shoumi.v1',
  dependency: ['shoumi/v1/common.proto'],
  messageType: [
    { name: 'GetThingRequest', field: [{ name: 'device_id', number: 1 }] },
    {
      name: 'GetThingResponse',
      field: [
        { name: 'level', number: 1, typeName: '.shoumi.v1.Level' },
        { name: 'inner_2', number: 2, typeName: '.shoumi.v1.GetThingResponse.Inner' },
      ],
      nestedType: [{ name: 'Inner', field: [{ name: 'text', number: 1 }] }],
    },
  ],
  service: [
    {
      name: 'ThingService',
      method: [
        {
          name: 'GetThing',
          inputType: '.shoumi.v1.GetThingRequest',
          outputType: '.shoumi.v1.GetThingResponse',
        },
      ],
    },
  ],
};
const common: FileDescriptor = {
  name: 'shoumi/v1/common.proto',
  package: 'shoumi.v1',
  enumType: [
    {
      name: 'Level',
      value: [
        { name: 'LEVEL_UNSPECIFIED', number: 0 },
        { name: 'HIGH', number: 1 },
      ],
    },
  ],
};

describe('proto lint rules', () => {
  it('finds nothing in files that keep every rule', () => {
    expect(lintProtoFiles([clean, common], {})).toEqual([]);
  });

  it('turns enum names into their value prefix', () => {
    expect(upperSnakeOf('FindingStatus')).toBe('FINDING_STATUS');
    expect(upperSnakeOf('Classification')).toBe('CLASSIFICATION');
    expect(upperSnakeOf('X509Kind')).toBe('X509_KIND');
  });

  it('names each broken rule, with the file and the thing', () => {
    const bad: FileDescriptor = {
      name: 'shoumi/v1/bad.proto',
      package: 'shoumi.v2',
      dependency: ['shoumi/v1/common.proto'],
      messageType: [
        { name: 'Query', field: [{ name: 'deviceId', number: 1 }] },
        { name: 'lower_message', nestedType: [{ name: 'Inner', field: [{ name: 'Bad', number: 3 }] }] },
      ],
      enumType: [
        {
          name: 'Kind',
          value: [
            { name: 'NONE', number: 0 },
            { name: 'camelValue', number: 1 },
          ],
        },
        { name: 'Empty', value: [{ name: 'ONE', number: 1 }] },
      ],
      service: [
        {
          name: 'Reports',
          method: [{ name: 'Fetch', inputType: '.shoumi.v2.Query', outputType: '.shoumi.v2.Query' }],
        },
      ],
    };
    expect(lintProtoFiles([bad, common], {})).toEqual([
      {
        file: 'shoumi/v1/bad.proto',
        rule: 'package',
        message: 'declares package "shoumi.v2", expected "shoumi.v1"',
      },
      {
        file: 'shoumi/v1/bad.proto',
        rule: 'names',
        message: 'field Query.deviceId (1) is not lower_snake_case',
      },
      { file: 'shoumi/v1/bad.proto', rule: 'names', message: 'message lower_message is not PascalCase' },
      {
        file: 'shoumi/v1/bad.proto',
        rule: 'names',
        message: 'field lower_message.Inner.Bad (3) is not lower_snake_case',
      },
      {
        file: 'shoumi/v1/bad.proto',
        rule: 'names',
        message: 'enum value Kind.camelValue is not UPPER_SNAKE_CASE',
      },
      {
        file: 'shoumi/v1/bad.proto',
        rule: 'enum zero',
        message: 'enum Kind: value 0 is "NONE", expected "KIND_UNSPECIFIED"',
      },
      {
        file: 'shoumi/v1/bad.proto',
        rule: 'enum zero',
        message: 'enum Empty: value 0 is missing, expected "EMPTY_UNSPECIFIED"',
      },
      {
        file: 'shoumi/v1/bad.proto',
        rule: 'names',
        message: 'service Reports is not PascalCase ending in "Service"',
      },
      {
        file: 'shoumi/v1/bad.proto',
        rule: 'rpc types',
        message: 'Reports.Fetch takes Query, expected FetchRequest (or a documented exception)',
      },
      {
        file: 'shoumi/v1/bad.proto',
        rule: 'rpc types',
        message: 'Reports.Fetch returns Query, expected FetchResponse (or a documented exception)',
      },
      {
        file: 'shoumi/v1/bad.proto',
        rule: 'imports',
        message: 'imports shoumi/v1/common.proto but uses nothing from it',
      },
    ]);
  });

  it('accepts a documented exception, and reports one that excuses nothing', () => {
    const shared: FileDescriptor = {
      ...clean,
      service: [
        {
          name: 'ThingService',
          method: [
            { name: 'GetThing', inputType: '.shoumi.v1.GetThingRequest', outputType: '.shoumi.v1.Level' },
          ],
        },
      ],
    };
    const exceptions = {
      'ThingService.GetThing': { sides: ['response'] as const, why: 'returns the shared Level' },
      'ThingService.Gone': { sides: ['request'] as const, why: 'was removed' },
      'OtherService.Elsewhere': { sides: ['request'] as const, why: 'a service these files do not hold' },
    };
    expect(lintProtoFiles([shared, common], exceptions)).toEqual([
      {
        file: 'proto/lint/proto-rules.ts',
        rule: 'stale exception',
        message:
          'RPC_TYPE_EXCEPTIONS excuses the request of ThingService.Gone, which needs no excuse (or no longer exists)',
      },
    ]);
    expect(lintProtoFiles([clean, common], exceptions).map((problem) => problem.message)).toContain(
      'RPC_TYPE_EXCEPTIONS excuses the response of ThingService.GetThing, which needs no excuse (or no longer exists)',
    );
  });

  it('leaves files outside shoumi/v1 (google/protobuf imports) alone', () => {
    const google: FileDescriptor = {
      name: 'google/protobuf/timestamp.proto',
      package: 'google.protobuf',
      messageType: [{ name: 'Timestamp', field: [{ name: 'seconds', number: 1 }] }],
    };
    expect(lintProtoFiles([google], {})).toEqual([]);
  });
});
