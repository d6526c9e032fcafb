// proto/write-descriptor.ts OUT.json: writes the contract (proto/shoumi/v1/*.proto) as the JSON descriptor
// proto/load.ts reads at run time, so that no program needs .proto files on disk and none pays for parsing
// them at start. `npm run proto:gen` writes proto/generated/contract.json with it; `npm run proto:check`
// writes a second copy and compares, like the generated types.
//
// The .proto files are parsed by proto-loader's own loader (the one loadSync used before) with the same
// options, so the descriptor holds exactly the names and types the generated TypeScript describes.
import { mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { CONTRACT_FILES, LOADER_OPTIONS } from './loader-options';

interface ProtobufRoot {
  toJSON(options: { keepComments: boolean }): unknown;
}
// Not among the package's exports in its types, but it is the function proto-loader's loadSync calls.
const { loadProtosWithOptionsSync } = createRequire(import.meta.url)('@grpc/proto-loader/build/src/util') as {
  loadProtosWithOptionsSync(files: string[], options: object): ProtobufRoot;
};

const out = process.argv[2];
if (!out) {
  console.error('usage: tsx proto/write-descriptor.ts OUT.json');
  process.exit(2);
}
const root = loadProtosWithOptionsSync([...CONTRACT_FILES], {
  ...LOADER_OPTIONS,
  includeDirs: [path.join(import.meta.dirname)],
});
mkdirSync(path.dirname(out), { recursive: true });
// Comments stay in the .proto files and the generated types; the descriptor is for the machine.
writeFileSync(out, `${JSON.stringify(root.toJSON({ keepComments: false }), null, 1)}\n`);
