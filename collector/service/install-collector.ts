// `shoumi-collector install`, run from the unpacked package folder as root:
//
//   1. check everything before changing anything: the arguments (every value through serve's own parsers),
//      the folder it runs from, root, systemd running, the paths writable                    → exit 2 / 6 / 1
//   2. the system user shoumi-collector, made if absent (no home, no shell)
//   3. the folder copied to /opt/shoumi-collector (beside it first, then renamed into place)
//   4. the data directory: a CA made on first install (pki init), the operator key placed in it when one is
//      given (operator-key.ts), then all of it owned by the user, 0700
//   5. /etc/shoumi/collector.yaml (root:shoumi-collector 0640: it reads it, cannot change it)
//   6. the hardened unit (collector-unit.ts), the link /usr/local/bin/shoumi-collector
//   7. systemctl daemon-reload, enable, restart                                                → exit 5
//
// A second install is an upgrade or a change of settings: the settings of the config file already there
// are kept unless a flag changes them, the data directory and its CA are kept. Under --prefix (tests) it
// writes the same files under a temporary root and makes no user, changes no owner and runs no systemctl.
import { X509Certificate } from 'node:crypto';
import { constants } from 'node:fs';
import {
  access,
  chmod,
  chown,
  cp,
  lstat,
  mkdir,
  readdir,
  readFile,
  readlink,
  rename,
  rm,
  stat,
  symlink,
  writeFile,
} from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { OperatorKeyError, readOperatorKey } from '../cluster/operator-key';
import { initPki } from '../pki/pki-init';
import { type CollectorConfig, collectorConfigText, parseCollectorConfig } from './collector-config';
import {
  type CollectorLayout,
  collectorLayout,
  GLIBC_REQUIRED_FILE,
  PACKAGE_FILES,
} from './collector-layout';
import { collectorUnitText } from './collector-unit';
import { INSTALL_EXIT, InstallFailure } from './install-failure';
import { mergeSettings, parseListenAddress, serveOptions } from './serve-settings';
import { type RunCommand, runCommand } from './system-commands';

export interface CollectorInstallOptions {
  /** The unpacked package folder this runs from. */
  sourceDir: string;
  /** Only the settings given as flags; the rest come from the config already there, else the defaults. */
  flags: CollectorConfig;
  /** Names and addresses agents reach the collector by, for the server certificate (first install only). */
  hostnames: string[];
  ips: string[];
  prefix: string;
  run?: RunCommand;
  say?: (line: string) => void;
}

export interface CollectorInstallResult {
  layout: CollectorLayout;
  config: CollectorConfig;
  upgraded: boolean;
  caSha256: string;
  /** The names in the server certificate when this install made the CA. */
  serverNames?: string[];
  service: string;
}

/** What a first install writes where the flags say nothing: agents and enrolment on every address. */
export function installDefaults(layout: CollectorLayout): CollectorConfig {
  return {
    listen: '0.0.0.0:7700',
    'enrol-listen': '0.0.0.0:7702',
    // shoumictl's port stays on loopback until the operator opens it: administrators reach it over SSH.
    'admin-listen': '127.0.0.1:7701',
    data: layout.dataDir,
    policy: `${layout.home}/policies/baseline.yaml`,
  };
}

const fail = (code: (typeof INSTALL_EXIT)[keyof typeof INSTALL_EXIT], message: string) =>
  new InstallFailure(code, message);

export async function installCollector(options: CollectorInstallOptions): Promise<CollectorInstallResult> {
  const layout = collectorLayout(options.prefix);
  const run = options.run ?? runCommand;
  const say = options.say ?? (() => {});

  // 1. Every check before the first change.
  const previous = await previousConfig(layout);
  const config = settingsToWrite(layout, previous, options.flags);
  const lowestPort = checkSettings(config);
  if (!path.isAbsolute(config.data!))
    throw fail(INSTALL_EXIT.badArguments, `data ${config.data}: the data directory must be an absolute path`);
  await checkPackageFolder(options.sourceDir);
  if (layout.real) await checkHost(layout, run);
  await checkWritable(layout, config.data!);
  const operatorKey = await operatorKeyToPlace(layout, previous, options.flags, config.data!);
  if (operatorKey) config['operator-key'] = operatorKey.installed;

  // 2. The user.
  const owner = layout.real ? await ensureUser(layout, config.data!, run, say) : undefined;

  // 3. The folder.
  await copyFolder(options.sourceDir, layout);
  say(`installed ${layout.home}`);

  // 4. The data directory and its CA.
  const dataDir = layout.onDisk(config.data!);
  const caCert = path.join(dataDir, 'pki', 'ca.crt');
  let serverNames: string[] | undefined;
  let caSha256: string;
  if (await exists(caCert)) {
    caSha256 = fingerprint(await readFile(caCert, 'utf8'));
    say(`kept the CA in ${config.data}/pki`);
  } else {
    const made = await initPki({
      dataDir,
      hostnames: [...new Set([...localHostnames(), ...options.hostnames])],
      ips: options.ips,
    });
    caSha256 = made.caSha256;
    serverNames = made.serverNames;
    say(`made the CA and the server certificate in ${config.data}/pki (${made.serverNames.join(', ')})`);
  }
  if (operatorKey) {
    await placeOperatorKey(layout.onDisk(operatorKey.installed), operatorKey.text);
    say(
      operatorKey.from === operatorKey.installed
        ? `kept the operator key in ${operatorKey.installed}`
        : `copied the operator key from ${operatorKey.from} to ${operatorKey.installed} (the service's own, 0400); keep the original offline too`,
    );
  }
  if (owner) await chownTree(dataDir, owner.uid, owner.gid);

  // 5. The config.
  const configFile = layout.onDisk(layout.config);
  await mkdir(path.dirname(configFile), { recursive: true, mode: 0o755 });
  await writeFile(`${configFile}.new`, collectorConfigText(config, CONFIG_HEADER), { mode: 0o640 });
  await chmod(`${configFile}.new`, 0o640);
  if (owner) await chown(`${configFile}.new`, 0, owner.gid);
  await rename(`${configFile}.new`, configFile);

  // 6. The unit and the link.
  const unit = layout.onDisk(layout.unit);
  await mkdir(path.dirname(unit), { recursive: true });
  await writeFile(
    unit,
    collectorUnitText({
      binary: layout.binary,
      config: layout.config,
      dataDir: config.data!,
      user: layout.user,
      lowestPort,
    }),
    { mode: 0o644 },
  );
  await chmod(unit, 0o644);
  await placeLink(layout);
  say(`wrote ${layout.config} and ${layout.unit}`);

  // 7. The service.
  let service = 'not started (--prefix)';
  if (layout.real) {
    const unitName = `${layout.serviceName}.service`;
    await must(run, 'systemctl', ['daemon-reload']);
    await must(run, 'systemctl', ['enable', unitName]);
    await must(run, 'systemctl', ['restart', unitName]);
    service = (await run('systemctl', ['is-active', unitName])).stdout.trim() || 'unknown';
  }
  return { layout, config, upgraded: previous !== undefined, caSha256, serverNames, service };
}

const CONFIG_HEADER = `shoumi (守密) collector settings, read by: shoumi-collector serve --config /etc/shoumi/collector.yaml
Written by shoumi-collector install; a later install keeps what is here unless its flags change it.
After changing data: or a port below 1024, run install again (the unit names the data directory and the
capability); after any other change: systemctl restart shoumi-collector`;

/** The config already installed, when there is one that parses; a broken one is refused, not overwritten. */
async function previousConfig(layout: CollectorLayout): Promise<CollectorConfig | undefined> {
  const file = layout.onDisk(layout.config);
  const text = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined;
    throw error;
  });
  if (text === undefined) return undefined;
  const parsed = parseCollectorConfig(text, layout.config);
  if (!parsed.ok)
    throw fail(
      INSTALL_EXIT.badArguments,
      `${parsed.problems.join('\n')}\ninstall keeps the settings of the config file it finds: correct it, or move it away`,
    );
  return parsed.config;
}

/** The defaults, then what the installed config says, then the flags. */
export function settingsToWrite(
  layout: CollectorLayout,
  previous: CollectorConfig | undefined,
  flags: CollectorConfig,
): CollectorConfig {
  return { ...installDefaults(layout), ...(previous ?? {}), ...flags };
}

/** Every value through serve's own parsers; returns the lowest listening port (for the unit's capability). */
function checkSettings(config: CollectorConfig): number {
  try {
    serveOptions(mergeSettings(config, undefined, {}));
    return Math.min(
      ...(['listen', 'enrol-listen', 'admin-listen'] as const).map(
        (key) => parseListenAddress(config[key]!, `--${key}`).port,
      ),
    );
  } catch (error) {
    throw fail(INSTALL_EXIT.badArguments, (error as Error).message);
  }
}

/**
 * Where the service finds the operator key: a copy in its data directory, owned by it alone. The unit hides
 * /root and /home from the service (ProtectHome) and the key is refused when anyone else may read it, so a key
 * left where the operator made it would stop every start. The key is checked (readOperatorKey) before anything
 * is written; the config names the copy. The data directory outlives an uninstall, and so does the key.
 */
async function operatorKeyToPlace(
  layout: CollectorLayout,
  previous: CollectorConfig | undefined,
  flags: CollectorConfig,
  dataDir: string,
): Promise<{ from: string; installed: string; text: string } | undefined> {
  const named = flags['operator-key'] ?? previous?.['operator-key'];
  if (named === undefined) return undefined;
  // A key named by the installed config is on this host's disk (under --prefix, the test's root); a flag's is
  // the operator's own path.
  const from = flags['operator-key'] !== undefined ? named : layout.onDisk(named);
  const key = await readOperatorKey(from).catch((error: Error) => {
    throw fail(
      INSTALL_EXIT.badArguments,
      error instanceof OperatorKeyError ? error.message : `operator key ${named}: ${error.message}`,
    );
  });
  return {
    from: named,
    installed: path.posix.join(dataDir, OPERATOR_KEY_FILE),
    text: `${key.toString('base64')}\n`,
  };
}

/** The operator key's file name in the data directory. */
const OPERATOR_KEY_FILE = 'operator.key';

async function placeOperatorKey(file: string, text: string): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  await writeFile(`${file}.new`, text, { mode: 0o400 });
  await chmod(`${file}.new`, 0o400);
  await rename(`${file}.new`, file);
}

async function checkPackageFolder(sourceDir: string): Promise<void> {
  for (const file of PACKAGE_FILES) {
    if (!(await exists(path.join(sourceDir, file))))
      throw fail(
        INSTALL_EXIT.badArguments,
        `${path.join(sourceDir, file)} is missing: install runs from the unpacked shoumi-collector-linux-* folder (npm run package), whole`,
      );
  }
  const required = await readFile(
    path.join(sourceDir, 'lib/node_modules/sqlite3', GLIBC_REQUIRED_FILE),
    'utf8',
  ).catch(() => undefined);
  const problem = required && glibcProblem(required.trim(), runningGlibc());
  if (problem) throw fail(INSTALL_EXIT.failed, problem);
}

/** The C library this process runs on, e.g. "2.36"; undefined on a system without glibc (musl). */
function runningGlibc(): string | undefined {
  const header = (process.report.getReport() as { header?: { glibcVersionRuntime?: string } }).header;
  return header?.glibcVersionRuntime;
}

/** Why sqlite3's native module will not load on this C library, or undefined when it will. */
export function glibcProblem(required: string, running: string | undefined): string | undefined {
  const number = (version: string) => version.split('.').map(Number) as [number, number];
  if (running === undefined)
    return `this system has no glibc (musl?): the collector's native module needs glibc ${required} or newer`;
  const [needMajor, needMinor] = number(required);
  const [haveMajor, haveMinor] = number(running);
  if (haveMajor > needMajor || (haveMajor === needMajor && haveMinor >= needMinor)) return undefined;
  return `this system's glibc is ${running}; the collector's SQLite module needs ${required} or newer (it was built on a newer system): nothing was installed`;
}

async function checkHost(layout: CollectorLayout, run: RunCommand): Promise<void> {
  if (process.getuid?.() !== 0)
    throw fail(
      INSTALL_EXIT.notPermitted,
      `install needs root: it makes the user ${layout.user} and writes ${layout.home}, /etc/shoumi and a systemd unit`,
    );
  // sd_booted(): systemd is PID 1 exactly when this directory exists.
  if (!(await exists('/run/systemd/system')))
    throw fail(
      INSTALL_EXIT.serviceManagerFailed,
      'systemd is not running on this host (no /run/systemd/system): install writes a systemd service. Run `shoumi-collector serve --config FILE` under the service manager you have instead',
    );
  if ((await run('systemctl', ['--version'])).code !== 0)
    throw fail(
      INSTALL_EXIT.serviceManagerFailed,
      'systemctl does not run: install needs it to start the service',
    );
  const user = await run('id', ['-u', layout.user]);
  if (user.code !== 0 && (await run('useradd', ['--help'])).code !== 0)
    throw fail(INSTALL_EXIT.failed, `the user ${layout.user} is missing and useradd does not run to make it`);
}

/** Each path install writes: its nearest existing folder must be writable (a read-only /opt is found now). */
async function checkWritable(layout: CollectorLayout, dataDir: string): Promise<void> {
  const targets = [layout.home, layout.config, layout.unit, layout.link, dataDir].map(layout.onDisk);
  for (const target of targets) {
    let dir = path.dirname(target);
    while (!(await exists(dir))) dir = path.dirname(dir);
    await access(dir, constants.W_OK).catch((error: NodeJS.ErrnoException) => {
      throw fail(
        INSTALL_EXIT.notPermitted,
        `${dir} is not writable (${error.code}): install writes ${target}`,
      );
    });
  }
}

async function ensureUser(
  layout: CollectorLayout,
  dataDir: string,
  run: RunCommand,
  say: (line: string) => void,
): Promise<{ uid: number; gid: number }> {
  if ((await run('id', ['-u', layout.user])).code !== 0) {
    await must(run, 'useradd', [
      '--system',
      '--user-group',
      '--home-dir',
      dataDir,
      '--no-create-home',
      '--shell',
      '/usr/sbin/nologin',
      '--comment',
      'shoumi collector',
      layout.user,
    ]);
    say(`made the system user ${layout.user}`);
  }
  const uid = Number((await must(run, 'id', ['-u', layout.user])).stdout.trim());
  const gid = Number((await must(run, 'id', ['-g', layout.user])).stdout.trim());
  return { uid, gid };
}

/** The folder beside its place first, then one rename; the old one is removed only after. */
async function copyFolder(sourceDir: string, layout: CollectorLayout): Promise<void> {
  const home = layout.onDisk(layout.home);
  if (path.resolve(sourceDir) === path.resolve(home)) return; // reinstalling from the installed folder
  const staged = `${home}.new`;
  const old = `${home}.old`;
  await rm(staged, { recursive: true, force: true });
  await rm(old, { recursive: true, force: true });
  await mkdir(path.dirname(home), { recursive: true });
  await cp(sourceDir, staged, { recursive: true, preserveTimestamps: true });
  // Root's, readable by all, writable by root alone, whatever the archive or the umask said.
  await normaliseModes(staged);
  if (await exists(home)) await rename(home, old);
  await rename(staged, home);
  await rm(old, { recursive: true, force: true });
}

async function normaliseModes(dir: string): Promise<void> {
  await chmod(dir, 0o755);
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) await normaliseModes(file);
    else if (entry.isFile()) await chmod(file, ((await stat(file)).mode & 0o111) !== 0 ? 0o755 : 0o644);
  }
}

async function chownTree(dir: string, uid: number, gid: number): Promise<void> {
  await chown(dir, uid, gid);
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const file = path.join(dir, entry.name);
    if (entry.isSymbolicLink()) continue;
    if (entry.isDirectory()) await chownTree(file, uid, gid);
    else await chown(file, uid, gid);
  }
}

/** /usr/local/bin/shoumi-collector → the installed binary; a file of someone else's there is left alone. */
async function placeLink(layout: CollectorLayout): Promise<void> {
  const link = layout.onDisk(layout.link);
  await mkdir(path.dirname(link), { recursive: true });
  const found = await lstat(link).catch(() => undefined);
  if (found && !found.isSymbolicLink())
    throw fail(
      INSTALL_EXIT.failed,
      `${layout.link} exists and is not a link: move it away and install again`,
    );
  if (found && (await readlink(link)) === layout.binary) return;
  await rm(link, { force: true });
  await symlink(layout.binary, link);
}

async function must(run: RunCommand, command: string, args: readonly string[]) {
  const result = await run(command, args);
  if (result.code !== 0)
    throw fail(
      command === 'systemctl' ? INSTALL_EXIT.serviceManagerFailed : INSTALL_EXIT.failed,
      `${command} ${args.join(' ')} failed (exit ${result.code}): ${(result.stderr || result.stdout).trim().slice(0, 500)}`,
    );
  return result;
}

/** This machine's name, for the server certificate, when it is a DNS name (an underscore is not). */
function localHostnames(): string[] {
  const name = os.hostname();
  return /^[A-Za-z0-9]([A-Za-z0-9.-]{0,251}[A-Za-z0-9])?$/.test(name) ? [name] : [];
}

/** The CA's SHA-256 as agents pin it (--ca-sha256): lowercase hex of the DER. */
function fingerprint(pem: string): string {
  return new X509Certificate(pem).fingerprint256.replaceAll(':', '').toLowerCase();
}

async function exists(file: string): Promise<boolean> {
  return lstat(file).then(
    () => true,
    () => false,
  );
}
