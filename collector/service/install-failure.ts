// How install and uninstall fail: an exit code a deployment script can branch on, and a message that says
// what to change. The codes are the agent's (agent/service/exit-codes.ts) where the meaning is the same.
export const INSTALL_EXIT = {
  failed: 1,
  badArguments: 2,
  serviceManagerFailed: 5,
  notPermitted: 6,
} as const;

export type InstallExitCode = (typeof INSTALL_EXIT)[keyof typeof INSTALL_EXIT];

export class InstallFailure extends Error {
  constructor(
    readonly exitCode: InstallExitCode,
    message: string,
  ) {
    super(message);
  }
}

/** Any error as an InstallFailure: permission errors are "not permitted", the rest "failed". */
export function asInstallFailure(error: unknown): InstallFailure {
  if (error instanceof InstallFailure) return error;
  const code = (error as NodeJS.ErrnoException).code;
  const message = (error as Error).message ?? String(error);
  if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS')
    return new InstallFailure(INSTALL_EXIT.notPermitted, message);
  return new InstallFailure(INSTALL_EXIT.failed, message);
}
