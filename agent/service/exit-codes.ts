// Exit codes of install, uninstall and status, for mass-deployment scripts (README "Install on a
// workstation" lists them). A failure carries its code; main.ts turns it into the process exit code.
export const EXIT = {
  ok: 0,
  /** Something unexpected (a bug, a full disk); the install log has the message. */
  failed: 1,
  /** Bad arguments, or an uninstall code that is missing, malformed, for another device or expired. */
  badArguments: 2,
  /** The collector refused the enrolment (token used, expired or unknown), or the CA pin did not match. */
  enrolmentRefused: 3,
  /** The collector's enrolment port could not be reached. */
  collectorUnreachable: 4,
  /** systemctl or sc.exe failed (the message names the command and what it said). */
  serviceManagerFailed: 5,
  /** Not run as root / Administrator, or a path could not be written. */
  notPermitted: 6,
  /** uninstall or status --require-installed on a machine where the agent is not installed. */
  notInstalled: 7,
  /**
   * install only, before anything is written or the token spent: no service manager to run the agent
   * (systemd not booted or not running; sc.exe does not answer).
   */
  noServiceManager: 8,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

export class ServiceCommandFailure extends Error {
  override readonly name = 'ServiceCommandFailure';
  constructor(
    readonly exitCode: ExitCode,
    message: string,
  ) {
    super(message);
  }
}
