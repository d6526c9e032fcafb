// Debian packages of the agent, for Kylin and UOS, whose management tools deploy .deb packages:
//
//   dist/packages/shoumi-agent-linux-x64   ──▶ dist/packages/shoumi-agent_<version>_amd64.deb
//   dist/packages/shoumi-agent-linux-arm64 ──▶ dist/packages/shoumi-agent_<version>_arm64.deb
//
// `npm run package` runs this after the executables (build-sea.ts); alone:
//   tsx agent/packaging/build-deb.ts [--packages DIR] [--out DIR] [--version V]
//
// The package holds the single executable at /usr/lib/shoumi-agent/shoumi-agent and three maintainer
// scripts (agent/packaging/deb/, each explains itself): postinst runs `shoumi-agent install` with the
// parameters from /etc/shoumi/agent-install.conf, a file the management tool drops first (no debconf, so no
// questions on a thousand unattended machines); prerm refuses a removal while the agent is installed unless
// an uninstall code is given the same way; postrm purge keeps the data directory. Built with
// `dpkg-deb --build --root-owner-group` (files owned by root whoever builds), so no fakeroot is needed.
//
// To install one (the systemd guest suite does it as a real install):
//   install -m 0600 /dev/stdin /etc/shoumi/agent-install.conf <<'EOF'
//   collector=collector.example:7700
//   token=<from shoumictl token create>
//   ca_sha256=<from shoumi-collector pki init>
//   EOF
//   dpkg -i shoumi-agent_0.1.0_amd64.deb      # enrols, installs and starts the service; drops the token line
//   shoumi-agent status
// (mkdir -p /etc/shoumi first; postinst exits non-zero when the install fails, after rolling it back.)
import { execFileSync } from 'node:child_process';
import {
  chmodSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';

const repo = path.resolve(import.meta.dirname, '..', '..');
const SCRIPTS = path.join(import.meta.dirname, 'deb');
export const MAINTAINER_SCRIPTS = ['postinst', 'prerm', 'postrm'] as const;
/** Where the package puts the executable; the maintainer scripts name it too. */
export const PACKAGED_AGENT = '/usr/lib/shoumi-agent/shoumi-agent';

/** Build target → Debian architecture. */
export const DEB_ARCHITECTURES = {
  'shoumi-agent-linux-x64': 'amd64',
  'shoumi-agent-linux-arm64': 'arm64',
} as const;

export interface DebOptions {
  executable: string;
  architecture: 'amd64' | 'arm64';
  version: string;
  outDir: string;
}

/**
 * The control file. Depends: what Node 24's official Linux binary links (ldd: libc, libstdc++, libgcc_s)
 * at the highest symbol versions it uses (objdump -T: GLIBC_2.28, GLIBCXX_3.4.21 = GCC 5). libgcc1 is
 * the older name of libgcc-s1 (Debian 10, which UOS 20 is built on).
 */
export function controlText(options: {
  version: string;
  architecture: string;
  installedKiB: number;
}): string {
  return [
    'Package: shoumi-agent',
    `Version: ${options.version}`,
    `Architecture: ${options.architecture}`,
    'Maintainer: shoumi <shoumi@localhost>',
    `Installed-Size: ${options.installedKiB}`,
    'Depends: libc6 (>= 2.28), libstdc++6 (>= 5), libgcc-s1 | libgcc1',
    'Section: admin',
    'Priority: optional',
    'Description: shoumi (守密) compliance agent for classified computers',
    ' Checks this computer against the security office baseline (USB storage, antivirus,',
    ' identity rules, ...) and reports to the shoumi collector. The service is installed',
    ' from /etc/shoumi/agent-install.conf (collector=, token=, ca_sha256=) when present;',
    ' removing it needs an uninstall code from the system administrator.',
    '',
  ].join('\n');
}

export function buildDeb(options: DebOptions): string {
  const stage = path.join(options.outDir, `.deb-build-${options.architecture}`);
  rmSync(stage, { recursive: true, force: true });
  const agent = path.join(stage, PACKAGED_AGENT);
  mkdirSync(path.dirname(agent), { recursive: true, mode: 0o755 });
  copyFileSync(options.executable, agent);
  chmodSync(agent, 0o755);
  const control = path.join(stage, 'DEBIAN');
  mkdirSync(control, { mode: 0o755 });
  for (const script of MAINTAINER_SCRIPTS) {
    copyFileSync(path.join(SCRIPTS, script), path.join(control, script));
    chmodSync(path.join(control, script), 0o755);
  }
  writeFileSync(
    path.join(control, 'control'),
    controlText({
      version: options.version,
      architecture: options.architecture,
      installedKiB: Math.ceil(statSync(agent).size / 1024),
    }),
    { mode: 0o644 },
  );
  // The umask of whoever builds must not reach the package: every directory 0755.
  for (let dir = path.dirname(agent); dir.startsWith(stage) && dir !== stage; dir = path.dirname(dir)) {
    chmodSync(dir, 0o755);
  }
  chmodSync(stage, 0o755);
  const file = path.join(options.outDir, `shoumi-agent_${options.version}_${options.architecture}.deb`);
  rmSync(file, { force: true });
  execFileSync('dpkg-deb', ['--build', '--root-owner-group', stage, file], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  rmSync(stage, { recursive: true, force: true });
  return file;
}

/** A .deb for each Linux executable present in `packagesDir`; the missing ones are named, not an error. */
export function buildDebs(
  packagesDir: string,
  outDir: string,
  version: string,
): { built: string[]; missing: string[] } {
  const built: string[] = [];
  const missing: string[] = [];
  for (const [name, architecture] of Object.entries(DEB_ARCHITECTURES)) {
    const executable = path.join(packagesDir, name);
    if (!existsSync(executable)) {
      missing.push(executable);
      continue;
    }
    built.push(buildDeb({ executable, architecture, version, outDir }));
  }
  return { built, missing };
}

export function packageVersion(): string {
  return (JSON.parse(readFileSync(path.join(repo, 'package.json'), 'utf8')) as { version: string }).version;
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) {
  const argv = process.argv.slice(2);
  const option = (name: string) => {
    const index = argv.indexOf(name);
    return index >= 0 ? argv[index + 1] : undefined;
  };
  const packagesDir = path.resolve(option('--packages') ?? path.join(repo, 'dist', 'packages'));
  const outDir = path.resolve(option('--out') ?? packagesDir);
  try {
    mkdirSync(outDir, { recursive: true });
    const { built, missing } = buildDebs(packagesDir, outDir, option('--version') ?? packageVersion());
    for (const file of built)
      console.log(`${path.relative(process.cwd(), file)}: ${(statSync(file).size / 1e6).toFixed(1)} MB`);
    for (const file of missing) console.log(`no .deb for ${file}: not built (npm run package builds it)`);
    if (built.length === 0) process.exit(1);
  } catch (error) {
    console.error(`build-deb: ${(error as Error).message}`);
    process.exit(1);
  }
}
