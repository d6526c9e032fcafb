// `shoumi-agent uninstall --code C`: only with a code the collector signed for this device
// (uninstall-code.ts); without one, or with a wrong, foreign or expired one, nothing is touched (exit 2).
// With it: stop and disable the service, remove the unit, the PATH link (/usr/local/bin/shoumi-agent, only when
// it is ours) or the Windows PATH entry, the binary (and a wrapper's bundle) and the config,
// and the agent's identity in DATA/tls (its private key and certificate).
//
// The data directory, decided: its outbox may hold findings the collector never acknowledged (the machine
// may be cut off, which is why the code is checked offline), and those are compliance evidence. So the
// outbox, the device id and the kept policy stay, root-only, and the summary says how many findings are
// unsent; `--purge` removes the whole directory. A later install on the same machine keeps numbering from
// the outbox, so the collector's per-device sequence never restarts behind its back.
import { readdir, rm, rmdir } from 'node:fs/promises';
import path from 'node:path';
import { loadAgentCredentials, tlsDirectory } from '../enrolment/agent-credentials';
import { openOutbox } from '../outbox/outbox';
import { readAgentConfig } from './agent-config';
import { EXIT, ServiceCommandFailure } from './exit-codes';
import { asFailure } from './install';
import { installLayout, type ServicePlatform, servicePlatform } from './install-layout';
import { openInstallLog } from './install-log';
import { takeOffPath } from './path-entry';
import {
  noServiceManager,
  type RunCommand,
  runCommand,
  systemdManager,
  windowsManager,
} from './service-manager';
import { STATUS_FILE } from './status-file';
import { checkUninstallCode } from './uninstall-code';

export interface UninstallOptions {
  code?: string;
  prefix: string;
  purge: boolean;
  quiet: boolean;
  platform?: ServicePlatform;
  run?: RunCommand;
  nowMs?: number;
}

export interface UninstallResult {
  deviceId: string;
  removed: string[];
  /** Findings still in the outbox, kept unless --purge. */
  unsentFindings: number;
  keptDataDir: string | undefined;
}

export async function uninstallAgent(options: UninstallOptions): Promise<UninstallResult> {
  const platform = options.platform ?? servicePlatform();
  const layout = installLayout(platform, options.prefix);
  const real = layout.prefix === path.parse(layout.prefix).root;
  const code = options.code?.trim() ?? '';
  if (code === '') {
    throw new ServiceCommandFailure(
      EXIT.badArguments,
      'uninstall needs --code: ask the system administrator for `shoumictl device uninstall-code <device id>`',
    );
  }
  if (real && platform !== 'win32' && process.getuid?.() !== 0) {
    throw new ServiceCommandFailure(EXIT.notPermitted, 'uninstall needs root');
  }
  const config = await readAgentConfig(layout.onDisk(layout.config));
  const dataDir = layout.onDisk(config?.dataDir ?? layout.dataDir);
  const credentials = await loadAgentCredentials(dataDir);
  if (!config && !credentials) {
    throw new ServiceCommandFailure(
      EXIT.notInstalled,
      `the agent is not installed here (no ${layout.config})`,
    );
  }
  if (!credentials) {
    // Never enrolled, or its identity already removed: nothing could have issued a code for it, and nothing
    // it holds can check one. The root who can delete the files by hand may; the silent-agent rule notices.
    throw new ServiceCommandFailure(
      EXIT.badArguments,
      `cannot check the code: ${tlsDirectory(layout.dataDir)} holds no certificate of this agent`,
    );
  }
  const check = await checkUninstallCode(code, {
    deviceId: credentials.deviceId,
    caPem: credentials.caPem,
    nowMs: options.nowMs,
  });
  const log = openInstallLog(layout.onDisk(layout.installLog), {
    secrets: [code],
    component: 'uninstall',
    echo: options.quiet ? undefined : (line) => process.stderr.write(line),
  });
  if (!check.ok) {
    log.warn('uninstall refused', {
      deviceId: credentials.deviceId,
      reason: check.reason,
      error: check.message,
    });
    throw new ServiceCommandFailure(EXIT.badArguments, `uninstall refused: ${check.message}`);
  }
  log.info('uninstall code accepted', {
    deviceId: credentials.deviceId,
    codeExpiresAt: new Date(check.statement.expiresAtMs).toISOString(),
    nonce: check.statement.nonce,
  });
  const run = options.run ?? runCommand;
  try {
    const manager = !real
      ? noServiceManager((message) => log.info(message))
      : platform === 'win32'
        ? windowsManager(
            layout,
            { host: layout.serviceHost, collector: '', enrol: '', dataDir: layout.dataDir },
            run,
          )
        : systemdManager(layout, run);
    if ((await manager.state()).installed || !real) await manager.disableAndStop();

    const outbox = await openOutbox(path.join(dataDir, 'outbox'));
    const unsentFindings = outbox.depth;
    await outbox.close();

    const removed: string[] = [];
    const remove = async (target: string, recursive = false) => {
      await rm(layout.onDisk(target), { force: true, recursive });
      removed.push(target);
    };
    if (layout.unit) await remove(layout.unit);
    await manager.forget();
    const offPath = await takeOffPath({ layout, real, run }, config?.binary ?? layout.binary);
    log.info('off PATH', { result: offPath });
    if (offPath.startsWith('removed')) removed.push(layout.pathLink || `PATH entry ${layout.pathDirectory}`);
    await remove(config?.binary ?? layout.binary);
    if (layout.serviceHost) await remove(layout.serviceHost);
    if (config?.installedFrom === 'node-wrapper') {
      const libDir = path.dirname(layout.bundle);
      await remove(layout.bundle);
      await remove(path.join(libDir, '..', 'proto'), true);
      await remove(path.join(libDir, '..', 'policies'), true);
    }
    await remove(layout.config);
    await removeEmptyParents(layout.onDisk(layout.bundle), layout.onDisk('/opt'));
    await removeEmptyParents(layout.onDisk(layout.binary), layout.onDisk('/opt'));
    await removeEmptyParents(layout.onDisk(layout.config), layout.onDisk('/etc'));
    const keptDataDir = options.purge ? undefined : (config?.dataDir ?? layout.dataDir);
    if (options.purge) {
      await remove(config?.dataDir ?? layout.dataDir, true);
    } else {
      await remove(path.join(config?.dataDir ?? layout.dataDir, 'tls'), true);
      await remove(path.join(config?.dataDir ?? layout.dataDir, STATUS_FILE));
    }
    log.info('uninstalled', { deviceId: credentials.deviceId, removed, unsentFindings, keptDataDir });
    return { deviceId: credentials.deviceId, removed, unsentFindings, keptDataDir };
  } catch (error) {
    const failure = asFailure(error);
    log.error('uninstall failed', { exitCode: failure.exitCode, error: failure.message });
    throw failure;
  }
}

/** Removes the directories above `file` that the install made and that are now empty, up to `stop`. */
async function removeEmptyParents(file: string, stop: string): Promise<void> {
  for (let dir = path.dirname(file); dir.startsWith(stop) && dir !== stop; dir = path.dirname(dir)) {
    const entries = await readdir(dir).catch(() => undefined);
    if (!entries || entries.length > 0) return;
    await rmdir(dir).catch(() => {});
  }
}
