// `shoumi-agent install`: silent, repeatable, fit for a deployment script run on a thousand machines.
//
//   1. check the arguments (addresses, fingerprint, token present) and that we are root   → exit 2 / 6
//   2. enrol, unless DATA/tls already holds a certificate (then the token is left unused)   → exit 3 / 4
//   3. stage the new binary beside the old one (binary.new), write the config and the unit
//   4. stop the running service, rename binary.new over the binary (atomic), start again   → exit 5
// Enrolment comes first so that a refused token leaves no service behind that could only fail. A second
// install is an upgrade: the same steps, with the certificate and the outbox in the data directory untouched.
// Every step goes to the install log (install-log.ts) without the token.
//
// What is copied: the single executable itself (process.execPath) when running as one. Run from
// dist/shoumi-agent.cjs under node (development, tests), it installs that bundle with the .proto files and the
// baseline policy it reads, and a two-line wrapper script in the binary's place that starts it with the same
// node; the config says "node-wrapper". From TypeScript sources (tsx) it refuses: there is nothing to copy.
// On Windows the service host shoumi-agent-service.exe, unpacked beside the executable from the same zip, is
// copied too (the SCM starts it, and it starts the agent); without it install refuses before enrolling.
import { chmod, copyFile, mkdir, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import * as sea from 'node:sea';
import { agentVersion } from '../agent-version';
import { loadAgentCredentials } from '../enrolment/agent-credentials';
import { defaultEnrolAddress, enrol, normaliseFingerprint, parseHostPort } from '../enrolment/enrol';
import { resolveDeviceId } from '../identity/device-id';
import { readHardwareIdentity } from '../identity/hardware-identity';
import { type AgentConfig, readAgentConfig, writeAgentConfig } from './agent-config';
import { EXIT, ServiceCommandFailure } from './exit-codes';
import {
  type InstallLayout,
  installLayout,
  SERVICE_HOST_FILE,
  type ServicePlatform,
  servicePlatform,
} from './install-layout';
import { openInstallLog } from './install-log';
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
  if (real && platform !== 'win32' && process.getuid?.() !== 0) {
    throw fail(
      EXIT.notPermitted,
      'install needs root: it writes /opt/shoumi, /etc/shoumi and a systemd unit',
    );
  }
  const source = options.source ?? currentSource();
  if (source.kind === 'node-wrapper' && platform === 'win32') {
    throw fail(EXIT.badArguments, 'on Windows, install runs from shoumi-agent.exe (npm run package)');
  }
  const serviceHost = layout.serviceHost ? await serviceHostBeside(source) : undefined;
  const log = openInstallLog(layout.onDisk(layout.installLog), {
    secrets: options.token ? [options.token] : [],
    echo: options.quiet ? undefined : (line) => process.stderr.write(line),
  });
  const run = options.run ?? runCommand;
  const manager: ServiceManager = !real
    ? noServiceManager((message) => log.info(message))
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
      : systemdManager(layout, run);
  log.info('install started', {
    version: agentVersion(),
    collector: options.collector,
    enrol: enrolAddress,
    prefix: layout.prefix,
    from: source.kind,
    serviceManager: manager.kind,
  });
  try {
    const previous = await readAgentConfig(layout.onDisk(layout.config));
    const dataDir = layout.onDisk(layout.dataDir);
    await mkdir(dataDir, { recursive: true, mode: 0o700 });
    if (platform !== 'win32') await chmod(dataDir, 0o700);

    // 2. Enrol, or keep the certificate we have.
    let credentials = await loadAgentCredentials(dataDir);
    const enrolled = credentials === undefined;
    if (credentials) {
      log.info('already enrolled: certificate kept, the token was not used', {
        deviceId: credentials.deviceId,
      });
    } else {
      if (!options.token || !options.caSha256) {
        throw fail(
          EXIT.badArguments,
          `not enrolled yet (${layout.dataDir}/tls is empty): install needs ${[!options.token && '--token', !options.caSha256 && '--ca-sha256'].filter(Boolean).join(' and ')}`,
        );
      }
      const requested = await resolveDeviceId(
        dataDir,
        await readHardwareIdentity(options.root),
        options.deviceId,
      );
      const outcome = await enrol({
        enrolAddress,
        token: options.token,
        caSha256: options.caSha256,
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
      log.info('enrolled', {
        deviceId: credentials.deviceId,
        serial: credentials.serial,
        notAfter: new Date(credentials.notAfterMs).toISOString(),
      });
    }

    // 3. Stage the binary, write config and unit.
    const staged = await stageBinary(layout, source, serviceHost);
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
    await writeAgentConfig(layout.onDisk(layout.config), config);
    if (platform !== 'win32') {
      const unit = layout.onDisk(layout.unit);
      await mkdir(path.dirname(unit), { recursive: true });
      await writeFile(
        unit,
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
    await manager.enableAndStart();
    const state = await manager.state();
    const service = state.installed ? state.state : real ? 'not registered' : 'not started (--prefix)';
    log.info(previous ? 'upgraded' : 'installed', {
      deviceId: credentials.deviceId,
      previousVersion: previous?.agentVersion,
      service,
    });
    return { deviceId: credentials.deviceId, upgraded: previous !== undefined, enrolled, layout, service };
  } catch (error) {
    const failure = asFailure(error);
    log.error('install failed', { exitCode: failure.exitCode, error: failure.message });
    throw failure;
  }
}

function checkArguments(options: InstallOptions): string {
  try {
    parseHostPort(options.collector);
    const enrolAddress = options.enrol ?? defaultEnrolAddress(options.collector);
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
): Promise<StagedBinary> {
  const moves: Array<[string, string]> = [];
  const stage = async (from: string, target: string, mode: number) => {
    const to = layout.onDisk(target);
    await mkdir(path.dirname(to), { recursive: true });
    if (path.resolve(from) === path.resolve(to)) return; // reinstalling with the installed binary itself
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
    await mkdir(path.dirname(wrapper), { recursive: true });
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
