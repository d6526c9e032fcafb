// `shoumi-agent install`: silent, repeatable, fit for a deployment script run on a thousand machines.
//
//   1. check the arguments and that we are root                                             → exit 2 / 6
//      and, before anything is written or the token spent (install-preconditions.ts): a running service
//      manager, every directory writable, the collector's enrolment port showing the pinned CA  → 8 / 6 / 4 / 3
//   2. enrol, unless DATA/tls already holds a certificate (then the token is left unused)   → exit 3 / 4
//   3. stage the new binary beside the old one (binary.new), write the config and the unit
//   4. stop the running service, rename binary.new over the binary (atomic), link it onto PATH
//      (path-entry.ts), start again                                                         → exit 5
// A failure in 2–4 rolls back what was written (install-journal.ts): a first install leaves no binary,
// config, unit, link or service; an upgrade gets its previous files back and its service started again.
// The enrolment is kept once made: the token is spent and the collector knows the device, so the retry
// (same arguments) is an upgrade that needs no token, where removing the key would need an administrator to
// bind a new token to this device id. A second install is an upgrade: the same steps, with the certificate
// and the outbox in the data directory untouched. Every step goes to the install log (install-log.ts)
// without the token; a refused install leaves that log and nothing else.
//
// What is copied: the single executable itself (process.execPath) when running as one. Run from
// dist/shoumi-agent.cjs under node (development, tests), it installs that bundle with the .proto files and the
// baseline policy it reads, and a two-line wrapper script in the binary's place that starts it with the same
// node; the config says "node-wrapper". From TypeScript sources (tsx) it refuses: there is nothing to copy.
// On Windows the service host shoumi-agent-service.exe, unpacked beside the executable from the same zip, is
// copied too (the SCM starts it, and it starts the agent); without it install refuses before enrolling.
import { chmod, copyFile, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import * as sea from 'node:sea';
import { parseAgentAddressList } from '../../proto/agent-addresses';
import { agentVersion } from '../agent-version';
import { loadAgentCredentials, tlsDirectory } from '../enrolment/agent-credentials';
import { defaultEnrolAddress, enrol, normaliseFingerprint, parseHostPort } from '../enrolment/enrol';
import { DEVICE_ID_FILE, resolveDeviceId } from '../identity/device-id';
import { readHardwareIdentity } from '../identity/hardware-identity';
import { type AgentConfig, readAgentConfig, writeAgentConfig } from './agent-config';
import { EXIT, ServiceCommandFailure } from './exit-codes';
import { type InstallJournal, installJournal } from './install-journal';
import {
  type InstallLayout,
  installLayout,
  SERVICE_HOST_FILE,
  type ServicePlatform,
  servicePlatform,
} from './install-layout';
import { type InstallLog, openInstallLog } from './install-log';
import { checkPreconditions, firstFailure, judgeRoot } from './install-preconditions';
import { putOnPath } from './path-entry';
import {
  noServiceManager,
  type RunCommand,
  runCommand,
  type ServiceManager,
  systemdManager,
  windowsManager,
} from './service-manager';
import { systemdUnitText } from './systemd-unit';

export interface InstallOptions {
  /** The agent address, or several as "HOST:PORT,HOST:PORT" (proto/agent-addresses.ts), written as given. */
  collector: string;
  enrol?: string;
  /** Needed only while the data directory holds no certificate (a first install). */
  token?: string;
  caSha256?: string;
  /** "/" for a real install; a temporary root skips the service manager. */
  prefix: string;
  /** Read the hardware identity from this root (tests); "/" normally. */
  root: string;
  deviceId?: string;
  quiet: boolean;
  platform?: ServicePlatform;
  run?: RunCommand;
  /** Where the running agent came from (defaults to what this process is). */
  source?: InstallSource;
  /** Tests: the service manager to use, also under --prefix (then its preconditions are checked too). */
  manager?: ServiceManager;
  /** Tests: where to look for a booted systemd instead of /run/systemd/system. */
  systemdRuntimeDir?: string;
}

export type InstallSource =
  | { kind: 'executable'; file: string }
  | { kind: 'node-wrapper'; node: string; bundle: string };

export interface InstallResult {
  deviceId: string;
  upgraded: boolean;
  enrolled: boolean;
  layout: InstallLayout;
  service: string;
  /** What was done to put shoumi-agent on PATH, in words. */
  onPath: string;
}

const fail = (code: number, message: string) => new ServiceCommandFailure(code as never, message);

/** What this process would install: itself as the single executable, or its bundle behind a wrapper. */
export function currentSource(): InstallSource {
  if (sea.isSea()) return { kind: 'executable', file: process.execPath };
  const script = process.argv[1] ?? '';
  if (script.endsWith('.cjs'))
    return { kind: 'node-wrapper', node: process.execPath, bundle: path.resolve(script) };
  throw fail(
    EXIT.badArguments,
    `install runs from the shoumi-agent executable (npm run package) or from dist/shoumi-agent.cjs (npm run build), not from ${script || 'source'}`,
  );
}

export async function installAgent(options: InstallOptions): Promise<InstallResult> {
  const platform = options.platform ?? servicePlatform();
  const layout = installLayout(platform, options.prefix);
  const real = layout.prefix === path.parse(layout.prefix).root;
  const enrolAddress = checkArguments(options);
  const source = options.source ?? currentSource();
  if (source.kind === 'node-wrapper' && platform === 'win32') {
    throw fail(EXIT.badArguments, 'on Windows, install runs from shoumi-agent.exe (npm run package)');
  }
  // Root first: as anyone else nothing below can even be read (the data directory is root-only).
  const root = judgeRoot(real && platform !== 'win32' ? process.getuid?.() : undefined);
  if (!root.ok) throw fail(root.exitCode, root.message);
  const serviceHost = layout.serviceHost ? await serviceHostBeside(source) : undefined;
  const dataDir = layout.onDisk(layout.dataDir);
  // Read only: whether this install will enrol decides what it needs (a token) and checks (the collector).
  const stored = await loadAgentCredentials(dataDir).catch((error: unknown) => {
    throw asFailure(error);
  });
  if (!stored && (!options.token || !options.caSha256)) {
    throw fail(
      EXIT.badArguments,
      `not enrolled yet (${layout.dataDir}/tls is empty): install needs ${[!options.token && '--token', !options.caSha256 && '--ca-sha256'].filter(Boolean).join(' and ')}`,
    );
  }
  const run = options.run ?? runCommand;
  const manageService = real || options.manager !== undefined;
  // Opened once the preconditions are known (a refusal may find it cannot be written).
  let log: InstallLog | undefined;
  const manager: ServiceManager =
    options.manager ??
    (!real
      ? noServiceManager((message) => log?.info(message))
      : platform === 'win32'
        ? windowsManager(
            layout,
            {
              host: layout.serviceHost,
              collector: options.collector,
              enrol: enrolAddress,
              dataDir: layout.dataDir,
            },
            run,
          )
        : systemdManager(layout, run));

  // 1. Preconditions, before anything is written (the install log aside) and before the token is spent.
  const verdicts = await checkPreconditions({
    layout,
    manageService,
    run,
    directories: writtenDirectories(layout, source),
    enrolment: stored ? undefined : { address: enrolAddress, caSha256: options.caSha256 as string },
    systemdRuntimeDir: options.systemdRuntimeDir,
  });
  const refused = firstFailure(verdicts);
  // The refusal is logged when the log can be written (it is the one file a refused install leaves).
  log = refused
    ? tryOpenInstallLog(layout, options)
    : openInstallLog(layout.onDisk(layout.installLog), logOptions(options));
  const checked = Object.fromEntries(
    verdicts.map(([name, verdict]) => [name, verdict.ok ? verdict.detail : 'FAILED']),
  );
  if (refused) {
    log?.error('install refused', { exitCode: refused.exitCode, error: refused.message, checked });
    throw fail(refused.exitCode, refused.message);
  }
  if (!log) throw fail(EXIT.failed, 'the install log could not be opened');
  log.info('install started', {
    version: agentVersion(),
    collector: options.collector,
    enrol: enrolAddress,
    prefix: layout.prefix,
    from: source.kind,
    serviceManager: manager.kind,
    checked,
  });
  const journal = installJournal(layout.onDisk);
  let enrolledNow = false;
  try {
    const previous = await readAgentConfig(layout.onDisk(layout.config));
    const before = await manager.state();
    await journal.willCreateDirectory(dataDir);
    if (platform !== 'win32') await chmod(dataDir, 0o700);

    // 2. Enrol, or keep the certificate we have.
    let credentials = stored;
    if (credentials) {
      log.info('already enrolled: certificate kept, the token was not used', {
        deviceId: credentials.deviceId,
      });
    } else {
      await journal.willWrite(path.join(layout.dataDir, DEVICE_ID_FILE));
      const requested = await resolveDeviceId(
        dataDir,
        await readHardwareIdentity(options.root),
        options.deviceId,
      );
      const outcome = await enrol({
        enrolAddress,
        token: options.token as string,
        caSha256: options.caSha256 as string,
        deviceId: requested,
        dataDir,
      });
      if (!outcome.ok) {
        const code =
          outcome.reason === 'unreachable'
            ? EXIT.collectorUnreachable
            : outcome.reason === 'bad-input'
              ? EXIT.badArguments
              : EXIT.enrolmentRefused;
        throw fail(code, `enrolment ${outcome.reason}: ${outcome.message}`);
      }
      credentials = outcome.credentials;
      enrolledNow = true;
      // Kept whatever happens next: the token is spent and the collector knows this device now. Removing the
      // key would make a retry need a token an administrator binds to this device id; keeping it makes the
      // retry an upgrade that needs no token (README "Install on a workstation").
      await journal.keep(layout.dataDir);
      log.info('enrolled', {
        deviceId: credentials.deviceId,
        serial: credentials.serial,
        notAfter: new Date(credentials.notAfterMs).toISOString(),
      });
    }

    // The service comes back as it was: the previous one started again on an upgrade (after its files are
    // restored: the journal undoes in reverse order, so this runs last), a new one forgotten.
    if (before.installed) {
      journal.did('started the previous service again', () => manager.enableAndStart());
    } else if (manageService) {
      journal.did('told the service manager the unit is gone', () => manager.forget());
    }

    // 3. Stage the binary, write config and unit.
    const staged = await stageBinary(layout, source, serviceHost, journal);
    const config: AgentConfig = {
      version: 1,
      collector: options.collector,
      enrol: enrolAddress,
      dataDir: layout.dataDir,
      binary: layout.binary,
      installedFrom: source.kind,
      agentVersion: agentVersion(),
      deviceId: credentials.deviceId,
      installedAt: new Date().toISOString(),
    };
    await journal.willCreateDirectory(path.dirname(layout.onDisk(layout.config)));
    await journal.willWrite(`${layout.config}.new`);
    await journal.willWrite(layout.config);
    await writeAgentConfig(layout.onDisk(layout.config), config);
    if (platform !== 'win32') {
      await journal.willCreateDirectory(path.dirname(layout.onDisk(layout.unit)));
      await journal.willWrite(layout.unit);
      await writeFile(
        layout.onDisk(layout.unit),
        systemdUnitText({
          binary: layout.binary,
          collector: options.collector,
          enrol: enrolAddress,
          dataDir: layout.dataDir,
        }),
        { mode: 0o644 },
      );
    }
    log.info('files written', {
      binary: layout.binary,
      config: layout.config,
      unit: layout.unit || undefined,
    });

    // 4. Swap the binary while the service is stopped, then start it.
    await manager.stop();
    await staged.commit();
    const onPath = await putOnPath({ layout, real, run }, journal);
    log.info('on PATH', { result: onPath });
    if (!before.installed) {
      journal.did('stopped and unregistered the new service', () => manager.disableAndStop());
    }
    await manager.enableAndStart();
    const state = await manager.state();
    const service = state.installed ? state.state : real ? 'not registered' : 'not started (--prefix)';
    await journal.commit();
    log.info(previous ? 'upgraded' : 'installed', {
      deviceId: credentials.deviceId,
      previousVersion: previous?.agentVersion,
      service,
    });
    return {
      deviceId: credentials.deviceId,
      upgraded: previous !== undefined,
      enrolled: enrolledNow,
      layout,
      service,
      onPath,
    };
  } catch (error) {
    const failure = asFailure(error);
    const undone = await journal.rollback();
    const enrolment = enrolledNow
      ? `The token is spent, but the enrolment is kept in ${tlsDirectory(layout.dataDir)}: once the cause is fixed, run install again with the same arguments; no new token is needed.`
      : undefined;
    log.error('install failed; rolled back', {
      exitCode: failure.exitCode,
      error: failure.message,
      rolledBack: undone,
      enrolment,
    });
    throw new ServiceCommandFailure(
      failure.exitCode,
      `${failure.message}. Rolled back: ${summariseRollback(undone)} (${layout.installLog} names each).${enrolment ? ` ${enrolment}` : ''}`,
    );
  }
}

/** The rollback for the operator's one line: files counted, other steps and problems named. */
export function summariseRollback(undone: readonly string[]): string {
  const count = (verb: string) => undone.filter((line) => line.startsWith(`${verb} `)).length;
  const others = undone.filter((line) => !/^(removed|restored|kept) /.test(line));
  const parts = [
    count('removed') && `removed ${count('removed')} files and directories`,
    count('restored') && `restored ${count('restored')} files`,
    count('kept') && `kept ${count('kept')} directories not empty`,
    ...others,
  ].filter(Boolean);
  return parts.length > 0 ? parts.join('; ') : 'nothing had been written';
}

function logOptions(options: InstallOptions) {
  return {
    secrets: options.token ? [options.token] : [],
    echo: options.quiet ? undefined : (line: string) => process.stderr.write(line),
  };
}

function tryOpenInstallLog(layout: InstallLayout, options: InstallOptions): InstallLog | undefined {
  try {
    return openInstallLog(layout.onDisk(layout.installLog), logOptions(options));
  } catch {
    return undefined;
  }
}

/** Every directory install writes into, as on disk, for the writable check. */
function writtenDirectories(layout: InstallLayout, source: InstallSource): string[] {
  const files = [
    layout.binary,
    ...(source.kind === 'node-wrapper' ? [layout.bundle] : []),
    layout.config,
    layout.unit,
    layout.installLog,
    layout.pathLink,
  ].filter(Boolean);
  return [
    ...new Set([...files.map((file) => path.dirname(layout.onDisk(file))), layout.onDisk(layout.dataDir)]),
  ];
}

function checkArguments(options: InstallOptions): string {
  try {
    const [first] = parseAgentAddressList([options.collector], '--collector');
    const enrolAddress = options.enrol ?? defaultEnrolAddress(first as string);
    parseHostPort(enrolAddress);
    if (options.caSha256 !== undefined) normaliseFingerprint(options.caSha256);
    if (options.token !== undefined && options.token.trim() === '') throw new Error('--token is empty');
    return enrolAddress;
  } catch (error) {
    throw fail(EXIT.badArguments, (error as Error).message);
  }
}

export function asFailure(error: unknown): ServiceCommandFailure {
  if (error instanceof ServiceCommandFailure) return error;
  const code = (error as NodeJS.ErrnoException).code;
  const message = (error as Error).message ?? String(error);
  if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') return fail(EXIT.notPermitted, message);
  return fail(EXIT.failed, message);
}

interface StagedBinary {
  /** Renames the staged files over the installed ones. */
  commit(): Promise<void>;
}

/**
 * The service host from the windows-x64 zip, unpacked beside the running executable. Without it the SCM
 * would kill the agent after 30 s (error 1053), so install refuses before it enrols.
 */
async function serviceHostBeside(source: InstallSource): Promise<string> {
  const file = path.join(
    path.dirname(source.kind === 'executable' ? source.file : source.bundle),
    SERVICE_HOST_FILE,
  );
  if (!(await isFile(file))) {
    throw fail(
      EXIT.badArguments,
      `${file} is missing: the Windows service needs ${SERVICE_HOST_FILE} beside the installer; unpack the whole shoumi-agent-windows-x64.zip and run install from there`,
    );
  }
  return file;
}

/** Copies what will run next to `NAME.new` beside where it goes, so the swap itself is one rename each. */
async function stageBinary(
  layout: InstallLayout,
  source: InstallSource,
  serviceHost: string | undefined,
  journal: InstallJournal,
): Promise<StagedBinary> {
  const moves: Array<[string, string]> = [];
  const stage = async (from: string, target: string, mode: number) => {
    const to = layout.onDisk(target);
    await journal.willCreateDirectory(path.dirname(to));
    if (path.resolve(from) === path.resolve(to)) return; // reinstalling with the installed binary itself
    await journal.willWrite(`${target}.new`);
    await journal.willWrite(target);
    await rm(`${to}.new`, { force: true });
    await copyFile(from, `${to}.new`);
    await chmod(`${to}.new`, mode);
    moves.push([`${to}.new`, to]);
  };
  if (source.kind === 'executable') {
    await stage(source.file, layout.binary, 0o755);
    if (serviceHost) await stage(serviceHost, layout.serviceHost, 0o755);
  } else {
    // The bundle reads ../proto and ../policies/baseline.yaml relative to itself (proto/load.ts, load-policy.ts).
    const bundleDir = path.dirname(source.bundle);
    const libDir = path.dirname(layout.bundle);
    await stage(source.bundle, layout.bundle, 0o644);
    const protoDir = path.join(bundleDir, '..', 'proto', 'shoumi', 'v1');
    for (const name of (await readdir(protoDir)).filter((file) => file.endsWith('.proto'))) {
      await stage(path.join(protoDir, name), path.join(libDir, '..', 'proto', 'shoumi', 'v1', name), 0o644);
    }
    await stage(
      path.join(bundleDir, '..', 'policies', 'baseline.yaml'),
      path.join(libDir, '..', 'policies', 'baseline.yaml'),
      0o644,
    );
    const wrapper = layout.onDisk(layout.binary);
    await journal.willCreateDirectory(path.dirname(wrapper));
    await journal.willWrite(`${layout.binary}.new`);
    await journal.willWrite(layout.binary);
    await writeFile(
      `${wrapper}.new`,
      '#!/bin/sh\n# shoumi-agent installed from dist/shoumi-agent.cjs, not the single executable: it needs this node.\n' +
        `exec ${shellQuote(source.node)} ${shellQuote(layout.bundle)} "$@"\n`,
      { mode: 0o755 },
    );
    moves.push([`${wrapper}.new`, wrapper]);
  }
  return {
    async commit() {
      for (const [from, to] of moves) await rename(from, to);
    },
  };
}

function shellQuote(value: string): string {
  return `'${value.replaceAll("'", "'\\''")}'`;
}

export async function isFile(file: string): Promise<boolean> {
  return stat(file).then(
    (found) => found.isFile(),
    () => false,
  );
}
