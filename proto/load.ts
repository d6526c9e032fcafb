// Loads the contract at run time from its precompiled JSON descriptor (proto/generated/contract.json,
// written by `npm run proto:gen` from the .proto files): no program needs the .proto files beside it, and
// none parses them at start. The options are the generated types' (loader-options.ts).
import { existsSync } from 'node:fs';
import path from 'node:path';
import * as grpc from '@grpc/grpc-js';
import type { ProtoGrpcType as AdminGrpcType } from './generated/admin';
import type { ProtoGrpcType as AgentGrpcType } from './generated/agent';
import descriptor from './generated/contract.json';
import type { ProtoGrpcType as EnrolmentGrpcType } from './generated/enrolment';
import { silenceIpServerNameWarning } from './grpc-warnings';
import { LOADER_OPTIONS } from './loader-options';
import { servicesFromJson } from './service-definitions';

export { CONTRACT_FILES, LOADER_OPTIONS } from './loader-options';

/**
 * Where the .proto files are, for tools that parse them themselves (the wire fuzzer, the descriptor
 * writer): beside this module under vitest and tsx, one level up from a bundle in dist/, or
 * SHOUMI_PROTO_DIR. The programs themselves never need it.
 */
export function protoDirectory(): string {
  const moduleDir = typeof __dirname === 'string' ? __dirname : undefined;
  const candidates = [
    process.env.SHOUMI_PROTO_DIR,
    moduleDir,
    moduleDir && path.join(moduleDir, '..', 'proto'),
    path.join(process.cwd(), 'proto'),
  ].filter((dir): dir is string => Boolean(dir));
  for (const dir of candidates) {
    if (existsSync(path.join(dir, 'shoumi', 'v1', 'agent.proto'))) return dir;
  }
  throw new Error(`cannot find shoumi/v1/agent.proto in any of: ${candidates.join(', ')}`);
}

/** The contract's services as grpc-js loads them (service-definitions.ts). */
export function contractDefinition(): ReturnType<typeof servicesFromJson> {
  return servicesFromJson(descriptor, LOADER_OPTIONS);
}

type Services = AgentGrpcType & AdminGrpcType & EnrolmentGrpcType;
/** Only the services are loaded (service-definitions.ts); messages and enums are not on the object. */
type Contract = {
  shoumi: { v1: Pick<Services['shoumi']['v1'], 'AgentService' | 'AdminService' | 'EnrolmentService'> };
};

let cached: Contract | undefined;

export function loadContract(): Contract {
  if (!cached) {
    silenceIpServerNameWarning();
    cached = grpc.loadPackageDefinition(contractDefinition()) as unknown as Contract;
  }
  return cached;
}
