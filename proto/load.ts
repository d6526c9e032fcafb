// Loads the .proto contract at run time with @grpc/proto-loader. The options here must match the ones
// `npm run proto:gen` passes to proto-loader-gen-types, or the generated types lie about the objects.
import { existsSync } from 'node:fs';
import path from 'node:path';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import type { ProtoGrpcType as AdminGrpcType } from './generated/admin';
import type { ProtoGrpcType as AgentGrpcType } from './generated/agent';

export const LOADER_OPTIONS: protoLoader.Options = {
  keepCase: false,
  longs: Number,
  enums: String,
  defaults: true,
  oneofs: true,
};

/**
 * Where the .proto files are. Source runs under vitest find them beside this module; the bundled CLIs in
 * dist/ find them one level up; scripts run by tsx as ES modules (no __dirname) from the repository root;
 * a packaged executable sets SHOUMI_PROTO_DIR to where it extracted them.
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

let cached: (AgentGrpcType & AdminGrpcType) | undefined;

export function loadContract(): AgentGrpcType & AdminGrpcType {
  if (!cached) {
    const definition = protoLoader.loadSync(['shoumi/v1/agent.proto', 'shoumi/v1/admin.proto'], {
      ...LOADER_OPTIONS,
      includeDirs: [protoDirectory()],
    });
    cached = grpc.loadPackageDefinition(definition) as unknown as AgentGrpcType & AdminGrpcType;
  }
  return cached;
}
