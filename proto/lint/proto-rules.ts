// The rules the wire contract keeps, checked over the descriptor set protoc writes (`protoc
// --descriptor_set_out --include_imports`, decoded by run-proto-lint.ts). Pure: descriptors in, problems out.
//
// The rules, each kept because breaking it has cost or would cost a client in another language something:
//   package     every file under shoumi/v1/ declares `package shoumi.v1` (generated code lands in one namespace)
//   names       messages, enums and services PascalCase, services ending in "Service"; fields lower_snake_case
//               (protoc derives the JSON and camelCase names from them); enum values UPPER_SNAKE_CASE
//   enum zero   every enum's value 0 is `<ENUM_NAME>_UNSPECIFIED`: proto3 reads an absent field as 0, which must
//               never mean a real value (a missing classification must not read as "non-classified")
//   rpc types   a unary RPC X takes XRequest and returns XResponse, so a message can grow for one call without
//               changing another; the calls that predate the rule are listed in RPC_TYPE_EXCEPTIONS with why
//   imports     every import is used (protoc only warns): a stale import hides which file a type lives in
//
// Not repeated here because protoc itself refuses them: a field number used twice in a message, a field using a
// reserved number or name, an undefined or unimported type, a cycle of imports (the reason admin_devices.proto
// exists). "Every file compiles standalone" is checked by the runner, which compiles each file on its own.
// Deliberately not a rule: buf's ENUM_VALUE_PREFIX (`FINDING_STATUS_PASS`). Our values (PASS, FAIL, …) are the
// strings the TypeScript code and JSON carry (proto-loader `enums: String`); renaming them would break both.

/** The parts of google.protobuf.FileDescriptorProto the rules read, as protobufjs's toObject gives them. */
export interface FileDescriptor {
  name: string;
  package?: string;
  dependency?: string[];
  messageType?: MessageDescriptor[];
  enumType?: EnumDescriptor[];
  service?: ServiceDescriptor[];
}

export interface MessageDescriptor {
  name: string;
  field?: { name: string; number: number; typeName?: string }[];
  nestedType?: MessageDescriptor[];
  enumType?: EnumDescriptor[];
}

export interface EnumDescriptor {
  name: string;
  value?: { name: string; number: number }[];
}

export interface ServiceDescriptor {
  name: string;
  method?: {
    name: string;
    inputType: string;
    outputType: string;
    clientStreaming?: boolean;
    serverStreaming?: boolean;
  }[];
}

export interface ProtoProblem {
  file: string;
  rule: 'package' | 'names' | 'enum zero' | 'rpc types' | 'imports' | 'stale exception';
  message: string;
}

export const PACKAGE = 'shoumi.v1';

/**
 * RPCs whose request or response type is not named after them, each written out with the reason. Renaming
 * a message changes no byte on the wire but changes every generated type name a client compiles against, so
 * the names that shipped stay; a new RPC follows the rule. Keyed by "Service.Rpc"; the value names which side
 * is excepted ("request", "response" or both) and why.
 */
export const RPC_TYPE_EXCEPTIONS: Readonly<
  Record<string, { sides: readonly ('request' | 'response')[]; why: string }>
> = {
  'AgentService.Connect': {
    sides: ['request', 'response'],
    why: 'one long-lived bidirectional stream: AgentMessage up and CollectorMessage down are envelopes, not one call',
  },
  'AgentService.Renew': {
    sides: ['response'],
    why: 'answers with the same IssuedCertificate that Enrol answers with; the agent stores both the same way',
  },
  'EnrolmentService.Enrol': { sides: ['response'], why: 'IssuedCertificate, shared with Renew' },
  'AdminService.GetFleetStatus': {
    sides: ['response'],
    why: 'FleetStatus, the summary shoumictl status prints',
  },
  'AdminService.GetDevice': { sides: ['response'], why: 'DeviceDetail, one device with its ledger history' },
  'AdminService.UpdateDevice': {
    sides: ['response'],
    why: 'the updated DeviceSummary, as ListDevices shows it',
  },
  'AdminService.RegisterMedium': {
    sides: ['response'],
    why: 'the stored MediumRecord, as ListMedia shows it',
  },
  'AdminService.SetMediumStatus': {
    sides: ['response'],
    why: 'the stored MediumRecord, as ListMedia shows it',
  },
  'AdminService.RunSweep': { sides: ['response'], why: 'SweepStatus, the same answer GetSweep gives' },
  'AdminService.GetSweep': { sides: ['response'], why: 'SweepStatus, the same answer RunSweep gives' },
  'AdminService.ScheduleSweep': {
    sides: ['response'],
    why: 'the stored SweepSchedule, as ListSweepSchedules shows it',
  },
  'AdminService.DeleteSweepSchedule': { sides: ['response'], why: 'the SweepSchedule that was deleted' },
  'AdminService.MarkFinding': { sides: ['response'], why: 'the stored Disposition, as findings carry it' },
  'AdminService.GetInspectionReport': {
    sides: ['response'],
    why: 'InspectionReport, the 3.12.2 record itself',
  },
};

const PASCAL_CASE = /^[A-Z][A-Za-z0-9]*$/;
const LOWER_SNAKE_CASE = /^[a-z][a-z0-9]*(_[a-z0-9]+)*$/;
const UPPER_SNAKE_CASE = /^[A-Z][A-Z0-9]*(_[A-Z0-9]+)*$/;

/** FindingStatus → FINDING_STATUS. */
export function upperSnakeOf(pascal: string): string {
  return pascal.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase();
}

/** ".shoumi.v1.Foo" → "Foo". */
function shortName(typeName: string): string {
  return typeName.slice(typeName.lastIndexOf('.') + 1);
}

type RpcTypeExceptions = typeof RPC_TYPE_EXCEPTIONS;

/**
 * Every problem in the files under shoumi/v1/ (imports such as google/protobuf/*.proto are not ours to judge).
 * An exception that excuses nothing (the RPC is gone from its service, or now follows the rule) is a problem
 * too, so the list cannot quietly grow stale.
 */
export function lintProtoFiles(
  files: readonly FileDescriptor[],
  exceptions: RpcTypeExceptions = RPC_TYPE_EXCEPTIONS,
): ProtoProblem[] {
  const problems: ProtoProblem[] = [];
  const excuses = new Set<string>();
  const definedIn = new Map<string, string>();
  for (const file of files) {
    for (const type of allTypeNames(file)) definedIn.set(type, file.name);
  }
  for (const file of files.filter((candidate) => candidate.name.startsWith('shoumi/v1/'))) {
    const report = (rule: ProtoProblem['rule'], message: string) =>
      problems.push({ file: file.name, rule, message });
    if (file.package !== PACKAGE)
      report('package', `declares package "${file.package ?? ''}", expected "${PACKAGE}"`);
    for (const message of file.messageType ?? []) checkMessage(message, message.name, report);
    for (const enumeration of file.enumType ?? []) checkEnum(enumeration, enumeration.name, report);
    for (const service of file.service ?? []) checkService(service, exceptions, excuses, report);
    checkImports(file, definedIn, report);
  }
  const services = new Set(files.flatMap((file) => (file.service ?? []).map((service) => service.name)));
  for (const [key, exception] of Object.entries(exceptions)) {
    // Only for services in these files: a fixture (or a client's subset) without AdminService has nothing stale.
    if (!services.has(key.slice(0, key.indexOf('.')))) continue;
    for (const side of exception.sides) {
      if (!excuses.has(`${key} ${side}`))
        problems.push({
          file: 'proto/lint/proto-rules.ts',
          rule: 'stale exception',
          message: `RPC_TYPE_EXCEPTIONS excuses the ${side} of ${key}, which needs no excuse (or no longer exists)`,
        });
    }
  }
  return problems;
}

type Report = (rule: ProtoProblem['rule'], message: string) => void;

function checkMessage(message: MessageDescriptor, path: string, report: Report): void {
  if (!PASCAL_CASE.test(message.name)) report('names', `message ${path} is not PascalCase`);
  for (const field of message.field ?? []) {
    if (!LOWER_SNAKE_CASE.test(field.name))
      report('names', `field ${path}.${field.name} (${field.number}) is not lower_snake_case`);
  }
  for (const nested of message.nestedType ?? []) checkMessage(nested, `${path}.${nested.name}`, report);
  for (const enumeration of message.enumType ?? [])
    checkEnum(enumeration, `${path}.${enumeration.name}`, report);
}

function checkEnum(enumeration: EnumDescriptor, path: string, report: Report): void {
  if (!PASCAL_CASE.test(enumeration.name)) report('names', `enum ${path} is not PascalCase`);
  for (const value of enumeration.value ?? []) {
    if (!UPPER_SNAKE_CASE.test(value.name))
      report('names', `enum value ${path}.${value.name} is not UPPER_SNAKE_CASE`);
  }
  const expected = `${upperSnakeOf(enumeration.name)}_UNSPECIFIED`;
  const zero = (enumeration.value ?? []).find((value) => value.number === 0);
  if (zero?.name !== expected)
    report(
      'enum zero',
      `enum ${path}: value 0 is ${zero ? `"${zero.name}"` : 'missing'}, expected "${expected}"`,
    );
}

function checkService(
  service: ServiceDescriptor,
  exceptions: RpcTypeExceptions,
  excuses: Set<string>,
  report: Report,
): void {
  if (!PASCAL_CASE.test(service.name) || !service.name.endsWith('Service'))
    report('names', `service ${service.name} is not PascalCase ending in "Service"`);
  for (const method of service.method ?? []) {
    const key = `${service.name}.${method.name}`;
    const excepted = exceptions[key]?.sides ?? [];
    const request = shortName(method.inputType);
    const response = shortName(method.outputType);
    if (request !== `${method.name}Request`) {
      if (excepted.includes('request')) excuses.add(`${key} request`);
      else
        report(
          'rpc types',
          `${key} takes ${request}, expected ${method.name}Request (or a documented exception)`,
        );
    }
    if (response !== `${method.name}Response`) {
      if (excepted.includes('response')) excuses.add(`${key} response`);
      else
        report(
          'rpc types',
          `${key} returns ${response}, expected ${method.name}Response (or a documented exception)`,
        );
    }
  }
}

function checkImports(file: FileDescriptor, definedIn: Map<string, string>, report: Report): void {
  const used = new Set<string>();
  const use = (typeName: string | undefined) => {
    const home = typeName ? definedIn.get(typeName.replace(/^\./, '')) : undefined;
    if (home) used.add(home);
  };
  const visit = (message: MessageDescriptor) => {
    for (const field of message.field ?? []) use(field.typeName);
    for (const nested of message.nestedType ?? []) visit(nested);
  };
  for (const message of file.messageType ?? []) visit(message);
  for (const service of file.service ?? []) {
    for (const method of service.method ?? []) {
      use(method.inputType);
      use(method.outputType);
    }
  }
  for (const dependency of file.dependency ?? []) {
    if (!used.has(dependency)) report('imports', `imports ${dependency} but uses nothing from it`);
  }
}

/** Fully qualified names ("shoumi.v1.Foo", "shoumi.v1.Foo.Bar") of every message and enum a file defines. */
function allTypeNames(file: FileDescriptor): string[] {
  const prefix = file.package ? `${file.package}.` : '';
  const names: string[] = [];
  const visit = (message: MessageDescriptor, scope: string) => {
    const name = `${scope}${message.name}`;
    names.push(name);
    for (const nested of message.nestedType ?? []) visit(nested, `${name}.`);
    for (const enumeration of message.enumType ?? []) names.push(`${name}.${enumeration.name}`);
  };
  for (const message of file.messageType ?? []) visit(message, prefix);
  for (const enumeration of file.enumType ?? []) names.push(`${prefix}${enumeration.name}`);
  return names;
}
