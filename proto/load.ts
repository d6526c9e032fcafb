// Loads the .proto contract at run time with @grpc/proto-loader. The options here must match the ones
// `npm run proto:gen` passes to proto-loader-gen-types, or the generated types lie about the objects.
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as sea from 'node:sea';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import type { ProtoGrpcType as AdminGrpcType } from './generated/admin';
import type { ProtoGrpcType as AgentGrpcType } from './generated/agent';
import type { ProtoGrpcType as EnrolmentGrpcType } from './generated/enrolment';
import { silenceIpServerNameWarning } from './grpc-warnings';

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
 * the single-executable agent carries them as assets and extracts them (extractSeaProtos) unless
 * SHOUMI_PROTO_DIR says where they are.
 */
export function protoDirectory(): string {
  if (sea.isSea() && !process.env.SHOUMI_PROTO_DIR) return extractSeaProtos();
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

let seaProtoDir: string | undefined;

/**
 * The agent executable carries every proto/shoumi/v1/*.proto as a SEA asset of that name
 * (agent/packaging/build-sea.ts). proto-loader reads only files, so they are written once to a private
 * temporary directory (mkdtemp: mode 0700), removed when the process exits.
 */
function extractSeaProtos(): string {
  if (seaProtoDir) return seaProtoDir;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'shoumi-proto-'));
  process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  // getAssetKeys() is in Node 24.8+, the runtime the executables carry; @types/node here is Node 20's.
  const keys = (sea as typeof sea & { getAssetKeys(): string[] }).getAssetKeys();
  for (const key of keys.filter((name) => name.startsWith('proto/') && name.endsWith('.proto'))) {
    const file = path.join(dir, key.slice('proto/'.length));
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, sea.getAsset(key, 'utf8'));
  }
  seaProtoDir = dir;
  return dir;
}

type Contract = AgentGrpcType & AdminGrpcType & EnrolmentGrpcType;

let cached: Contract | undefined;

export function loadContract(): Contract {
  if (!cached) {
    silenceIpServerNameWarning();
    const definition = protoLoader.loadSync(
      ['shoumi/v1/agent.proto', 'shoumi/v1/admin.proto', 'shoumi/v1/enrolment.proto'],
      {
        ...LOADER_OPTIONS,
        includeDirs: [protoDirectory()],
      },
    );
    cached = grpc.loadPackageDefinition(definition) as unknown as Contract;
  }
  return cached;
}
