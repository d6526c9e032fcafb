// How the contract is read: the options must match the ones `npm run proto:gen` passes to
// proto-loader-gen-types, or the generated types lie about the objects. Shared by the descriptor writer
// (proto/write-descriptor.ts) and the run-time loader (proto/load.ts).
import type { Options } from '@grpc/proto-loader';

export const LOADER_OPTIONS: Options = {
  keepCase: false,
  longs: Number,
  enums: String,
  defaults: true,
  oneofs: true,
};

/** The contract's entry files under proto/; they import the rest. */
export const CONTRACT_FILES = [
  'shoumi/v1/agent.proto',
  'shoumi/v1/admin.proto',
  'shoumi/v1/enrolment.proto',
] as const;
