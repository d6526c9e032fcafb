// What a failed admin call means for the person at the terminal, and the exit status it ends with
// (exit-codes.ts): the collector's refusal in its own words, but a wrong port, a non-TLS endpoint and a
// missing permission named as such.
import * as grpc from '@grpc/grpc-js';
import type { AdminMethod } from '../admin/method-roles';
import { METHOD_ROLES } from '../admin/method-roles';
import { isAdminRole } from '../pki/identity-names';
import { t } from './ctl-messages';
import { CtlError, EXIT } from './exit-codes';

/** No collector admin port answered (exit 4): nothing there, a timeout, the wrong port or protocol. */
export class CollectorUnreachable extends CtlError {
  constructor(message: string) {
    super(message, EXIT.unreachable);
  }
}

/**
 * The role of this identity may not make the call (exit 5). Its text names the shoumictl command, which
 * only the program knows: see `permissionText`.
 */
export class PermissionRefused extends CtlError {
  constructor(
    readonly method: AdminMethod,
    readonly yourRole: string | undefined,
    readonly details: string,
  ) {
    super(details, EXIT.permission);
  }
}

/** "not allowed to run shoumictl findings: it is for the security administrator (security_admin); ..." */
export function permissionText(refusal: PermissionRefused, command: string): string {
  const roles = (METHOD_ROLES[refusal.method] ?? []).map((role) => t(`role.${role}`)).join(t('word.or'));
  const yours =
    refusal.yourRole && isAdminRole(refusal.yourRole)
      ? t('err.permissionYours', { role: t(`role.${refusal.yourRole}`) })
      : '';
  return t('err.permission', { command, roles, yours });
}

// What grpc-js reports when the other end does not speak TLS: OpenSSL's "wrong version number" (a plain
// HTTP or other TCP server answered the ClientHello), or a handshake the peer closed.
const NOT_TLS =
  /wrong version number|packet length too long|unknown protocol|http_request|before secure TLS connection/i;

export function callErrorOf(error: grpc.ServiceError, method: AdminMethod, address: string): Error {
  const details = error.details;
  switch (error.code) {
    case grpc.status.UNAVAILABLE:
    case grpc.status.DEADLINE_EXCEEDED:
      if (NOT_TLS.test(details)) return new CollectorUnreachable(t('err.notTls', { address, details }));
      return new CollectorUnreachable(t('err.unreachable', { address, details }));
    case grpc.status.UNIMPLEMENTED:
      return new CollectorUnreachable(t('err.notAdminPort', { address }));
    case grpc.status.PERMISSION_DENIED: {
      if (/agent certificate/.test(details)) return new CtlError(t('err.agentCertificate'), EXIT.permission);
      // authorization.ts: "<Method> is for <roles>, not <role>".
      const yourRole = /, not (\w+)$/.exec(details)?.[1];
      return new PermissionRefused(method, yourRole, details);
    }
    case grpc.status.UNAUTHENTICATED:
      return new CtlError(t('err.unauthenticated', { address, details }), EXIT.permission);
    case grpc.status.INVALID_ARGUMENT:
    case grpc.status.NOT_FOUND:
    case grpc.status.ALREADY_EXISTS:
    case grpc.status.FAILED_PRECONDITION:
    case grpc.status.OUT_OF_RANGE:
      return new CtlError(t('err.answered', { address, code: grpc.status[error.code], details }), EXIT.usage);
    default:
      return new CtlError(
        t('err.answered', { address, code: grpc.status[error.code] ?? String(error.code), details }),
        EXIT.failed,
      );
  }
}
