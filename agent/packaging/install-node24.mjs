// Root `postinstall`: puts the three Node 24 binaries that `npm run package` needs into
// agent/packaging/node24/node_modules, from that folder's own lockfile (exact versions, sha512 integrity).
//
// Why a separate lockfile and --force: npm refuses (EBADPLATFORM) any non-optional dependency whose
// os/cpu differ from this machine's, and skips such an optional one; its --os/--cpu settings take one value
// each, so no single setting admits linux-x64, linux-arm64 and win32-x64 together. In the root tree --force
// would also silence peer-dependency and engine checks for everything; in this three-package folder (no
// dependencies, no install scripts) it waives the platform check and nothing else. The folder is kept out of
// the root tree for a second reason: each package has a `node` bin, which in the root would shadow the
// system node in every npm script (node_modules/.bin comes first on PATH) — hence also --no-bin-links.
//
// Plain .mjs so that it runs before tsx exists. Skips the install when the pinned versions are already there,
// so a repeated `npm install` costs a few file reads.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const folder = path.join(path.dirname(fileURLToPath(import.meta.url)), 'node24');
const wanted = JSON.parse(readFileSync(path.join(folder, 'package.json'), 'utf8')).dependencies;

function installedVersion(name) {
  const manifest = path.join(folder, 'node_modules', name, 'package.json');
  return existsSync(manifest) ? JSON.parse(readFileSync(manifest, 'utf8')).version : undefined;
}

const stale = Object.entries(wanted).filter(([name, version]) => installedVersion(name) !== version);
if (stale.length === 0) process.exit(0);

console.error(
  `shoumi: installing the Node 24 runtimes for npm run package (${stale.map(([n]) => n).join(', ')})`,
);
const npmArgs = [
  'ci',
  '--force',
  '--no-bin-links',
  '--ignore-scripts',
  '--no-audit',
  '--no-fund',
  '--loglevel=error',
];
// Inside an npm lifecycle script npm_execpath is npm's own CLI: run that with this node, as npm does.
const npmCli = process.env.npm_execpath;
const result = npmCli
  ? spawnSync(process.execPath, [npmCli, ...npmArgs], { cwd: folder, stdio: 'inherit' })
  : spawnSync('npm', npmArgs, { cwd: folder, stdio: 'inherit', shell: process.platform === 'win32' });
if (result.status !== 0) {
  console.error(`shoumi: npm ci in ${folder} failed (exit ${result.status ?? result.signal})`);
  process.exit(1);
}
