// `shoumi-collector uninstall`: stops and removes the service, the installed folder, the link and the config
// file. It keeps the data directory (the ledger, every finding, the audit trail and the CA every enrolled
// agent trusts: an inspection may still need them, and a new install picks them up) and the system user
// that owns it (deleting the user would leave the data owned by a number the next user may be given).
import { lstat, readdir, readFile, readlink, rm, rmdir } from 'node:fs/promises';
import path from 'node:path';
import { parseCollectorConfig } from './collector-config';
import { collectorLayout } from './collector-layout';
import { INSTALL_EXIT, InstallFailure } from './install-failure';
import { type RunCommand, runCommand } from './system-commands';

export interface CollectorUninstallOptions {
  prefix: string;
  run?: RunCommand;
  say?: (line: string) => void;
}

export interface CollectorUninstallResult {
  removed: string[];
  /** The data directory left in place, as the config named it (or the default). */
  keptDataDir: string;
}

export async function uninstallCollector(
  options: CollectorUninstallOptions,
): Promise<CollectorUninstallResult> {
  const layout = collectorLayout(options.prefix);
  const run = options.run ?? runCommand;
  const say = options.say ?? (() => {});
  if (layout.real && process.getuid?.() !== 0)
    throw new InstallFailure(
      INSTALL_EXIT.notPermitted,
      'uninstall needs root: it removes a systemd unit and /opt/shoumi-collector',
    );
  const configText = await readFile(layout.onDisk(layout.config), 'utf8').catch(() => undefined);
  const parsed = configText === undefined ? undefined : parseCollectorConfig(configText, layout.config);
  const keptDataDir = (parsed?.ok ? parsed.config.data : undefined) ?? layout.dataDir;

  const unitName = `${layout.serviceName}.service`;
  if (layout.real && (await exists(layout.unit))) {
    const stopped = await run('systemctl', ['disable', '--now', unitName]);
    if (stopped.code !== 0)
      throw new InstallFailure(
        INSTALL_EXIT.serviceManagerFailed,
        `systemctl disable --now ${unitName} failed (exit ${stopped.code}): ${stopped.stderr.trim().slice(0, 500)}`,
      );
  }
  const removed: string[] = [];
  const remove = async (target: string) => {
    const onDisk = layout.onDisk(target);
    if (!(await exists(onDisk))) return;
    await rm(onDisk, { recursive: true, force: true });
    removed.push(target);
  };
  await remove(layout.unit);
  if (layout.real) {
    await run('systemctl', ['daemon-reload']);
    await run('systemctl', ['reset-failed', unitName]);
  }
  // The link only when it is ours.
  const link = layout.onDisk(layout.link);
  if (
    (await lstat(link).catch(() => undefined))?.isSymbolicLink() &&
    (await readlink(link)) === layout.binary
  )
    await remove(layout.link);
  await remove(layout.home);
  await remove(layout.config);
  // /etc/shoumi is shared with the agent (agent.json): removed only when nothing is left in it.
  const etc = layout.onDisk(path.dirname(layout.config));
  if ((await readdir(etc).catch(() => ['?'])).length === 0) await rmdir(etc);
  for (const target of removed) say(`removed ${target}`);
  say(`kept the data directory ${keptDataDir} and the user ${layout.user}`);
  return { removed, keptDataDir };
}

async function exists(file: string): Promise<boolean> {
  return lstat(file).then(
    () => true,
    () => false,
  );
}
