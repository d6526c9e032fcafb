// Tests never install system packages (that is `npm run setup:system`, scripts/setup-system.sh, which .ci/run
// calls). A test whose package is missing says which command installs it.
import { spawnSync } from 'node:child_process';

export const SETUP_SYSTEM = 'npm run setup:system';

/** Why `what` cannot run: the Debian packages missing and the one command that installs them. */
export function missingPackagesWhy(what: string, packages: readonly string[]): string {
  return `${what} needs the Debian package${packages.length === 1 ? '' : 's'} ${packages.join(' ')}, not installed here: run \`${SETUP_SYSTEM}\` (as root) once`;
}

/** Whether `command args` runs and exits 0 (a tool is present and works). */
export function commandWorks(command: string, args: readonly string[]): boolean {
  const run = spawnSync(command, args, { encoding: 'utf8' });
  return !run.error && run.status === 0;
}
