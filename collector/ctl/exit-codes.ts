// shoumictl's exit status, one scheme for every command, so that a script can tell "the collector said
// no" from "I typed it wrong" from "nothing is listening there". The README carries the same table.
//
//   0  done
//   1  done, and the answer reports a failure: the audit chain is broken, a sweep did not complete in time,
//      a ledger file was refused row by row; or the collector failed the call (an internal error, a rate
//      limit, the disk reserve)
//   2  what was asked is wrong: an unknown command or option, a bad value, a missing argument, an unreadable
//      file, or something the collector does not know (INVALID_ARGUMENT, NOT_FOUND)
//   3  nothing matched, and --fail-empty asked for this to be an error
//   4  no collector admin port answered: nothing listening, a timeout, the agent's port (UNIMPLEMENTED), a
//      plain-HTTP or non-TLS endpoint
//   5  not allowed: the role of this identity may not run the command, or the certificate was refused

export const EXIT = {
  ok: 0,
  failed: 1,
  usage: 2,
  empty: 3,
  unreachable: 4,
  permission: 5,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** An error that ends shoumictl with a given exit status; its message is already for people. */
export class CtlError extends Error {
  constructor(
    message: string,
    readonly exitCode: ExitCode,
  ) {
    super(message);
  }
}
