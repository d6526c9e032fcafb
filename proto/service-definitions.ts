// The contract's services as gRPC needs them (paths, streaming, serializers), made from the JSON descriptor
// with protobufjs's light build, as proto-loader would make them but without proto-loader itself: requiring
// proto-loader builds protobuf's own descriptor.proto types (protobufjs/ext/descriptor), measured at about
// 60% of shoumictl's start-up, for reflection data nothing here uses. Only services are made; messages and
// enums are reached through them. load.test.ts compares every method with what proto-loader makes of the
// .proto files: paths, names, and the bytes and objects its serializers produce.
import type { loadPackageDefinition, ServiceDefinition } from '@grpc/grpc-js';

type PackageDefinition = Parameters<typeof loadPackageDefinition>[0];

import type { IConversionOptions, Namespace, Service as ServiceType, Type } from 'protobufjs/light';
import * as protobufModule from 'protobufjs/light';

// protobufjs is CommonJS whose exports Node's ES module loader cannot name (scripts run by tsx): its
// classes are on the default export there, on the namespace in the bundles and under vitest.
const { Root, Service } = ((protobufModule as { default?: typeof protobufModule }).default ??
  protobufModule) as typeof protobufModule;

function serializer(type: Type) {
  return (value: object): Buffer => {
    if (Array.isArray(value))
      throw new Error(
        `Failed to serialize message: expected object with ${type.name} structure, got array instead`,
      );
    return type.encode(type.fromObject(value)).finish() as Buffer;
  };
}

function deserializer(type: Type, options: IConversionOptions) {
  return (bytes: Buffer): object => type.toObject(type.decode(bytes), options);
}

/** The method name as proto-loader's originalName spells it (lodash camelCase of a PascalCase name). */
export const originalName = (name: string) =>
  name.replace(/^[A-Z]+(?=[A-Z][a-z]|$)|^[A-Z]/, (head) => head.toLowerCase());

function serviceDefinition(service: ServiceType, options: IConversionOptions): ServiceDefinition {
  const definition: Record<string, ServiceDefinition[string]> = {};
  const name = service.fullName.replace(/^\./, '');
  for (const method of service.methodsArray) {
    method.resolve();
    const request = method.resolvedRequestType!;
    const response = method.resolvedResponseType!;
    definition[method.name] = {
      path: `/${name}/${method.name}`,
      requestStream: Boolean(method.requestStream),
      responseStream: Boolean(method.responseStream),
      requestSerialize: serializer(request),
      requestDeserialize: deserializer(request, options),
      responseSerialize: serializer(response),
      responseDeserialize: deserializer(response, options),
      originalName: originalName(method.name),
    };
  }
  return definition as ServiceDefinition;
}

/** Every service of a JSON descriptor (protobufjs Root.toJSON), by full name, as grpc-js loads them. */
export function servicesFromJson(json: object, options: IConversionOptions): PackageDefinition {
  const root = Root.fromJSON(json as Parameters<typeof Root.fromJSON>[0]);
  const definitions: PackageDefinition = {};
  const visit = (namespace: Namespace) => {
    for (const nested of namespace.nestedArray) {
      if (nested instanceof Service)
        definitions[nested.fullName.replace(/^\./, '')] = serviceDefinition(nested, options);
      else if ('nestedArray' in nested) visit(nested as Namespace);
    }
  };
  visit(root);
  return definitions;
}
