// Who may call what on the admin API (三员分立), decided before any handler runs.
//
// Every call: authenticate the client certificate (peer-auth.ts: our CA, issued by us, not revoked) → an
// agent certificate, or an admin whose role is not in the method's set, is refused → a per-identity rate
// limit → one audit record, allowed or refused, with who (certificate name and role), what (method and a
// short form of the request), when and from where (peer address). The record is written before the handler
// runs, and a call whose record cannot be written is refused: nothing happens that the trail does not show.
// Handlers that change state write their own record of the change as well, in the same transaction as it.
import * as grpc from '@grpc/grpc-js';
import type { AdminServiceHandlers } from '../../proto/generated/shoumi/v1/AdminService';
import type { WhoAmIResponse } from '../../proto/generated/shoumi/v1/WhoAmIResponse';
import { serviceError } from '../grpc-errors';
import type { Logger } from '../logger';
import { actorOf, type CallWithPeer, type PeerAuthenticator } from '../peer-auth';
import type { AdminRole } from '../pki/identity-names';
import type { PeerIdentity } from '../pki/peer-identity';
import { type RateLimit, rateLimiter } from '../rate-limit';
import type { AuditStore } from '../store/store';

/** The admin RPC names (the generated type also has grpc-js's string index signature, dropped here). */
export type AdminMethod = keyof {
  [K in keyof AdminServiceHandlers as string extends K ? never : number extends K ? never : K]: true;
};
type AdminIdentity = Extract<PeerIdentity, { kind: 'admin' }>;

const SYSTEM: readonly AdminRole[] = ['system_admin'];
const SECURITY: readonly AdminRole[] = ['security_admin'];
const AUDITOR: readonly AdminRole[] = ['auditor'];
const OPERATORS: readonly AdminRole[] = ['system_admin', 'security_admin'];
const ANYONE: readonly AdminRole[] = ['system_admin', 'security_admin', 'auditor'];

/**
 * The role set of every admin method. System administrator: agents, enrolment, sweeps. Security
 * administrator: ledger, media, findings and their dispositions, inspection records. Auditor: the audit trail
 * only. Fleet status and device lists serve both operators' work; nobody may change or delete audit records
 * (no method does). A method added to admin.proto without a line here does not compile.
 */
export const METHOD_ROLES: Readonly<Record<AdminMethod, readonly AdminRole[]>> = {
  GetFleetStatus: OPERATORS,
  ListDevices: OPERATORS,
  GetDevice: OPERATORS,
  ListFindings: SECURITY,
  UpdateDevice: SECURITY,
  ImportLedger: SECURITY,
  ExportLedger: SECURITY,
  RegisterMedium: SECURITY,
  ListMedia: SECURITY,
  SetMediumStatus: SECURITY,
  MarkFinding: SECURITY,
  GetInspectionReport: SECURITY,
  RunSweep: SYSTEM,
  ScheduleSweep: SYSTEM,
  ListSweepSchedules: SYSTEM,
  DeleteSweepSchedule: SYSTEM,
  GetSweep: OPERATORS,
  ListSweeps: OPERATORS,
  CreateEnrolmentTokens: SYSTEM,
  RevokeDevice: SYSTEM,
  RevokeAdmin: SYSTEM,
  ListCertificates: SYSTEM,
  IssueUninstallCode: SYSTEM,
  ListAudit: AUDITOR,
  VerifyAudit: AUDITOR,
  GetAuditDigest: AUDITOR,
  SealAudit: AUDITOR,
  WhoAmI: ANYONE,
};

export function methodsAllowed(role: AdminRole): AdminMethod[] {
  return (Object.keys(METHOD_ROLES) as AdminMethod[]).filter((method) => METHOD_ROLES[method].includes(role));
}

/** An identity's calls beyond this are refused with RESOURCE_EXHAUSTED (a script gone wrong, a stolen key). */
export const ADMIN_RATE_LIMIT: RateLimit = { perSecond: 50, burst: 200 };

const callers = new WeakMap<object, AdminIdentity>();

/** The authenticated admin behind a call that authorization let through; undefined for any other call. */
export function callerOf(call: object): AdminIdentity | undefined {
  return callers.get(call);
}

/** At most this much of a request goes into the audit record; a ledger CSV is summarised by its size. */
const MAX_AUDITED_REQUEST_CHARS = 1000;

function requestSummary(request: unknown): Record<string, unknown> | string {
  const text = JSON.stringify(request ?? {});
  if (text.length <= MAX_AUDITED_REQUEST_CHARS) return JSON.parse(text) as Record<string, unknown>;
  return `${text.length} characters`;
}

type Refusal = { code: grpc.status; reason: string; actor: string };

export interface AuthorizationDeps {
  authenticator: PeerAuthenticator;
  store: Pick<AuditStore, 'appendAudit'>;
  log: Logger;
  rateLimit?: RateLimit;
  now?: () => number;
}

/** Wraps every handler with authentication, the role check, the rate limit and the audit record. */
export function authorizedHandlers(
  handlers: Omit<AdminServiceHandlers, 'WhoAmI'>,
  deps: AuthorizationDeps,
): AdminServiceHandlers {
  const now = deps.now ?? Date.now;
  const limiter = rateLimiter(deps.rateLimit ?? ADMIN_RATE_LIMIT);
  const all = { ...handlers, WhoAmI: whoAmI } as AdminServiceHandlers;

  const admit = async (method: AdminMethod, call: CallWithPeer & { request: unknown }) => {
    const auth = await deps.authenticator.authenticate(call);
    let refusal: Refusal | undefined;
    if (!auth.ok) {
      const actor = auth.identity ? actorOf(auth.identity) : 'unknown';
      refusal = { code: auth.code, reason: auth.reason, actor };
    } else if (auth.identity.kind !== 'admin') {
      refusal = {
        code: grpc.status.PERMISSION_DENIED,
        reason: 'an agent certificate cannot call the admin API',
        actor: actorOf(auth.identity),
      };
    } else if (!METHOD_ROLES[method].includes(auth.identity.role)) {
      refusal = {
        code: grpc.status.PERMISSION_DENIED,
        reason: `${method} is for ${METHOD_ROLES[method].join(' or ')}, not ${auth.identity.role}`,
        actor: actorOf(auth.identity),
      };
    } else if (!limiter.take(auth.identity.serialNumber, now())) {
      refusal = {
        code: grpc.status.RESOURCE_EXHAUSTED,
        reason: `more than ${(deps.rateLimit ?? ADMIN_RATE_LIMIT).perSecond} calls per second`,
        actor: actorOf(auth.identity),
      };
    }
    const identity = auth.ok && auth.identity.kind === 'admin' ? auth.identity : undefined;
    await deps.store.appendAudit(
      {
        actor: refusal?.actor ?? (identity ? actorOf(identity) : 'unknown'),
        source: call.getPeer(),
        action: 'admin.call',
        target: method,
        detail: refusal
          ? { request: requestSummary(call.request), reason: refusal.reason }
          : { request: requestSummary(call.request) },
        outcome: refusal ? 'refused' : 'allowed',
      },
      now(),
    );
    if (refusal) {
      deps.log.warn('admin call refused', { method, actor: refusal.actor, reason: refusal.reason });
      return refusal;
    }
    callers.set(call, identity!);
    return undefined;
  };

  const wrapped = {} as Record<AdminMethod, grpc.handleUnaryCall<unknown, unknown>>;
  for (const method of Object.keys(METHOD_ROLES) as AdminMethod[]) {
    const handler = all[method] as grpc.handleUnaryCall<unknown, unknown>;
    wrapped[method] = (call, callback) => {
      admit(method, call).then(
        (refusal) => {
          if (!refusal) return handler(call, callback);
          callback(serviceError(refusal.code, refusal.reason));
        },
        (error: Error) => {
          // The audit record could not be written (disk full, store closed): refuse rather than act unrecorded.
          deps.log.error('admin call refused: cannot write its audit record', {
            method,
            error: error.message,
          });
          callback(
            serviceError(
              grpc.status.UNAVAILABLE,
              `cannot record the call in the audit trail: ${error.message}`,
            ),
          );
        },
      );
    };
  }
  return wrapped as unknown as AdminServiceHandlers;
}

const whoAmI: AdminServiceHandlers['WhoAmI'] = (call, callback) => {
  const caller = callerOf(call);
  if (!caller) return callback(serviceError(grpc.status.UNAUTHENTICATED, 'no authenticated caller'));
  const answer: WhoAmIResponse = {
    name: caller.name,
    role: caller.role,
    serial: caller.serialNumber,
    allowedMethods: methodsAllowed(caller.role),
  };
  callback(null, answer);
};
