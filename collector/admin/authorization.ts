// Who may call what on the admin API (三员分立), decided before any handler runs.
//
// Every call: authenticate the client certificate (peer-auth.ts: our CA, issued by us, not revoked) → an
// agent certificate, or an admin whose role is not in the method's set, is refused → a rate limit per
// identity and one per source address → below the disk reserve, a call that changes state is refused → the
// audit record, with who (certificate name and role), what (method and a short form of the request), when
// and from where (peer address). The record is written before the handler runs, and a call whose record
// cannot be written is refused: nothing happens that the trail does not show. Handlers that change state
// write their own record of the change as well, in the same transaction as it.
//
// Which calls are recorded one by one (docs/RELIABILITY.md, "A trail no client can flood"):
//   let through (and those refused for the disk reserve)  → one admin.call record each; their number is
//                                                            bounded by the two rate limits below
//   refused for the certificate, the role or a rate limit  → the first of each identity and kind in a
//                                                            minute one by one, the rest counted
//                                                            (refusal-tally.ts): admin.calls_refused
//   an allowed metrics scrape (the operator endpoint Metrics) → the first of each certificate in a day;
//                                                            the why is in metrics/scrape-record.ts
import * as grpc from '@grpc/grpc-js';
import type { AdminServiceHandlers } from '../../proto/generated/shoumi/v1/AdminService';
import type { WhoAmIResponse } from '../../proto/generated/shoumi/v1/WhoAmIResponse';
import { peerAddress } from '../enrolment-service';
import { serviceError } from '../grpc-errors';
import type { Logger } from '../logger';
import { actorOf, type CallWithPeer, type PeerAuthenticator } from '../peer-auth';
import type { AdminRole } from '../pki/identity-names';
import type { PeerIdentity } from '../pki/peer-identity';
import { type RateLimit, rateLimiter } from '../rate-limit';
import type { AuditStore } from '../store/store';
import { type AdminMethod, type GuardedMethod, METHOD_ROLES, rolesOf } from './method-roles';
import type { RefusalKind } from './refusal-tally';
import { type RefusalTrail, refusalTrail } from './refusal-trail';

type AdminIdentity = Extract<PeerIdentity, { kind: 'admin' }>;

export { type AdminMethod, type GuardedMethod, METHOD_ROLES } from './method-roles';

export function methodsAllowed(role: AdminRole): AdminMethod[] {
  return (Object.keys(METHOD_ROLES) as AdminMethod[]).filter((method) => METHOD_ROLES[method].includes(role));
}

/**
 * Which methods change state: below the disk reserve these are refused (disk-reserve.ts), reads go on. The
 * revocations are the exception on purpose: taking a stolen certificate out of service is what a filling
 * disk may call for, and each writes a few hundred bytes. So is the auditor's seal: it anchors the trail
 * when the trail matters most, and writes one small row and one record. A method without a line here does
 * not compile.
 */
export const METHOD_CHANGES_STATE: Readonly<Record<AdminMethod, boolean>> = {
  GetFleetStatus: false,
  ListDevices: false,
  GetDevice: false,
  ListFindings: false,
  GetComplianceTrend: false,
  UpdateDevice: true,
  ImportLedger: true,
  ExportLedger: false,
  RegisterMedium: true,
  ListMedia: false,
  SetMediumStatus: true,
  MarkFinding: true,
  GetInspectionReport: false,
  RunSweep: true,
  ScheduleSweep: true,
  ListSweepSchedules: false,
  DeleteSweepSchedule: true,
  GetSweep: false,
  ListSweeps: false,
  CreateEnrolmentTokens: true,
  RevokeDevice: false,
  RevokeAdmin: false,
  ListCertificates: false,
  IssueUninstallCode: true,
  ListAudit: false,
  VerifyAudit: false,
  GetAuditDigest: false,
  SealAudit: false,
  ListAuditSeals: false,
  WhoAmI: false,
  ListRules: false,
};

/**
 * An identity's calls beyond this are refused with RESOURCE_EXHAUSTED (a script gone wrong, a stolen key).
 * Each call let through is one audit record, so this is the bound of an identity's records: one a second on
 * average, and a burst that holds `shoumictl findings` paging through 100,000 findings (~100 calls) twice
 * over, and then some.
 */
export const ADMIN_RATE_LIMIT: RateLimit = { perSecond: 1, burst: 300 };

/** The same per source address (the peer's IP, any port): several administrators may share a jump host,
 *  but many certificates used from one address cannot multiply the records. */
export const ADMIN_SOURCE_RATE_LIMIT: RateLimit = { perSecond: 3, burst: 600 };

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

/** Why a call was refused: the gRPC status, the reason told to the caller, and who it was. */
export type Refusal = { code: grpc.status; reason: string; actor: string; kind?: RefusalKind };

/** Operator endpoints only read; the admin RPCs say for themselves (METHOD_CHANGES_STATE). */
function changesState(method: GuardedMethod): boolean {
  return method in METHOD_CHANGES_STATE && METHOD_CHANGES_STATE[method as AdminMethod];
}

/**
 * What the console (console/admin-door.ts) writes on a call it makes: `door` goes into the audit record, so
 * the trail says which door a call came through; `forgery` is why the console judged the browser's request
 * forged (console/anti-forgery.ts), refused here like any other refusal, after the certificate is read so
 * that the record names whose browser was used.
 */
export interface ConsoleCallMarks {
  door?: string;
  forgery?: string;
}

export interface AuthorizationDeps {
  authenticator: PeerAuthenticator;
  store: Pick<AuditStore, 'appendAudit'>;
  log: Logger;
  /** Per identity; ADMIN_RATE_LIMIT when omitted. */
  rateLimit?: RateLimit;
  /** Per source address; ADMIN_SOURCE_RATE_LIMIT when omitted. */
  sourceRateLimit?: RateLimit;
  /** Where refusals are counted; the collector hands in one it flushes at shutdown. */
  refusals?: RefusalTrail;
  /** Why a call that changes state must wait (the disk below its reserve); undefined: it may go on. */
  writeRefusal?: () => Promise<string | undefined>;
  now?: () => number;
}

/** What an admitted call or endpoint request brings: its peer, its request (for the record) and the marks. */
export type AdmittedCall = CallWithPeer & { request: unknown } & ConsoleCallMarks;

export interface AdmitOptions {
  /**
   * Whether an allowed call is written to the trail; every allowed call is when absent. Refusals are always
   * recorded (or counted) the same way, whatever this says. The metrics endpoint uses it (scrape-record.ts).
   */
  recordAllowed?: (identity: AdminIdentity) => boolean;
}

/** Authentication, the role check, the rate limits, the disk reserve and the audit record of one call. */
export interface Admission {
  /** Undefined: let through (the caller is callerOf(call)); else the refusal, already recorded or counted. */
  admit(method: GuardedMethod, call: AdmittedCall, options?: AdmitOptions): Promise<Refusal | undefined>;
}

/** The check every admin call and every operator endpoint request passes, with its own rate limiters. */
export function admission(deps: AuthorizationDeps): Admission {
  const now = deps.now ?? Date.now;
  const limiter = rateLimiter(deps.rateLimit ?? ADMIN_RATE_LIMIT);
  const sourceLimiter = rateLimiter(deps.sourceRateLimit ?? ADMIN_SOURCE_RATE_LIMIT);
  const refusals = deps.refusals ?? refusalTrail({ store: deps.store, log: deps.log, now });

  const admit = async (method: GuardedMethod, call: AdmittedCall, options: AdmitOptions = {}) => {
    const auth = await deps.authenticator.authenticate(call);
    const identityLimit = deps.rateLimit ?? ADMIN_RATE_LIMIT;
    const sourceLimit = deps.sourceRateLimit ?? ADMIN_SOURCE_RATE_LIMIT;
    const sourceAddress = peerAddress(call.getPeer());
    let refusal: Refusal | undefined;
    if (!auth.ok) {
      const actor = auth.identity ? actorOf(auth.identity) : 'unknown';
      refusal = { code: auth.code, reason: auth.reason, actor, kind: 'certificate' };
    } else if (call.forgery !== undefined) {
      refusal = {
        code: grpc.status.PERMISSION_DENIED,
        reason: call.forgery,
        actor: actorOf(auth.identity),
        kind: 'forgery',
      };
    } else if (auth.identity.kind !== 'admin') {
      refusal = {
        code: grpc.status.PERMISSION_DENIED,
        reason: 'an agent certificate cannot call the admin API',
        actor: actorOf(auth.identity),
        kind: 'role',
      };
    } else if (!rolesOf(method).includes(auth.identity.role)) {
      refusal = {
        code: grpc.status.PERMISSION_DENIED,
        reason: `${method} is for ${rolesOf(method).join(' or ')}, not ${auth.identity.role}`,
        actor: actorOf(auth.identity),
        kind: 'role',
      };
    } else if (!limiter.take(auth.identity.serialNumber, now())) {
      refusal = {
        code: grpc.status.RESOURCE_EXHAUSTED,
        reason: `more than ${identityLimit.perSecond} calls per second on average (burst ${identityLimit.burst}) from this certificate`,
        actor: actorOf(auth.identity),
        kind: 'rate-limit',
      };
    } else if (!sourceLimiter.take(sourceAddress, now())) {
      refusal = {
        code: grpc.status.RESOURCE_EXHAUSTED,
        reason: `more than ${sourceLimit.perSecond} calls per second on average (burst ${sourceLimit.burst}) from ${sourceAddress}`,
        actor: actorOf(auth.identity),
        kind: 'rate-limit',
      };
    } else if (changesState(method) && deps.writeRefusal) {
      // Counted against both rate limits already: these records stay inside the bound of allowed calls.
      const why = await deps.writeRefusal();
      if (why) {
        refusal = { code: grpc.status.RESOURCE_EXHAUSTED, reason: why, actor: actorOf(auth.identity) };
      }
    }
    if (refusal?.kind) {
      const tallied = refusals.note(
        { actor: refusal.actor, kind: refusal.kind, sourceAddress, method, reason: refusal.reason },
        now(),
      );
      if (tallied === 'counted') return refusal;
    }
    const identity = auth.ok && auth.identity.kind === 'admin' ? auth.identity : undefined;
    const recorded = refusal !== undefined || !identity || (options.recordAllowed?.(identity) ?? true);
    if (recorded)
      await deps.store.appendAudit(
        {
          actor: refusal?.actor ?? (identity ? actorOf(identity) : 'unknown'),
          source: call.getPeer(),
          action: 'admin.call',
          target: method,
          detail: {
            ...(call.door ? { door: call.door } : {}),
            request: requestSummary(call.request),
            ...(refusal ? { reason: refusal.reason } : {}),
          },
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
  return { admit };
}

/** Wraps every handler with authentication, the role check, the rate limit and the audit record. */
export function authorizedHandlers(
  handlers: Omit<AdminServiceHandlers, 'WhoAmI'>,
  deps: AuthorizationDeps,
): AdminServiceHandlers {
  const all = { ...handlers, WhoAmI: whoAmI } as AdminServiceHandlers;
  const { admit } = admission(deps);

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
