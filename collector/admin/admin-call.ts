// One shape for every admin use case: validate → (authorize: the security issue) → change and audit in the
// same store transaction → answer. This file holds what each handler shares: the dependencies, who is
// calling, and how an outcome becomes a gRPC answer.
import * as grpc from '@grpc/grpc-js';
import { boundErrorText } from '../../proto/bounded-error-text';
import type { CollectorAlert } from '../../proto/generated/shoumi/v1/CollectorAlert';
import type { StreamDirectory } from '../coordination/coordination';
import { serviceError } from '../grpc-errors';
import type { Logger } from '../logger';
import { actorOf } from '../peer-auth';
import type { CertificateAuthority } from '../pki/pki-files';
import type { PolicySource } from '../policy-source';
import type { AuditContext, Store } from '../store/store';
import { InvalidStoreInputError, UnknownDeviceError } from '../store/store-errors';
import type { SweepControl } from '../sweeps/fleet-sweeps';
import { callerOf } from './authorization';

export interface AdminServiceDeps {
  store: Store;
  /**
   * The agent streams of the whole fleet, on whichever collector holds them (coordination port): who is
   * connected now, and where a revocation's cut goes.
   */
  streams: Pick<StreamDirectory, 'deliver' | 'connectedDeviceIds'>;
  policy: PolicySource;
  log: Logger;
  /** Sends the current policy bundle to these devices' live streams (all when omitted). */
  pushPolicyBundles(deviceIds?: readonly string[]): Promise<void>;
  /** The CA key, for signing uninstall codes (trust.ts); absent where no collector holds it. */
  authority?: CertificateAuthority;
  /** Fleet-wide sweeps and their schedules (collector/sweeps/); absent where no collector runs them. */
  sweeps?: SweepControl;
  /** The inspected unit (被检查单位) inspection records name (`serve --unit`); absent: not configured. */
  inspectedUnit?: string;
  /** Conditions of the collector itself (the disk below its reserve), shown by fleet status. */
  collectorAlerts?: () => CollectorAlert[];
  /** The collector's data directory, where its audit seal file lives (audit/seal-file.ts); absent in tests. */
  dataDir?: string;
  /** The zone the compliance trend's days are counted in (`serve --time-zone`, else the host's); UTC when absent. */
  timeZone?: string;
  now?: () => number;
}

/** The request was wrong; answered INVALID_ARGUMENT with this message, nothing changed. */
export class AdminInputError extends Error {
  override readonly name = 'AdminInputError';
  // Bounded here too, not only on the wire: the collector's log repeats the message.
  constructor(message: string) {
    super(boundErrorText(message));
  }
}

/** What the request names does not exist; answered NOT_FOUND. */
export class AdminNotFoundError extends Error {
  override readonly name = 'AdminNotFoundError';
}

/**
 * Who is calling, for the audit trail: the admin the authorization layer authenticated (authorization.ts),
 * written "admin:NAME(role)", and the peer address. A call that did not pass through it (a use-case test)
 * is "admin:unauthenticated".
 */
export function auditContextOf(call: { getPeer(): string }): AuditContext {
  const caller = callerOf(call);
  return { actor: caller ? actorOf(caller) : 'admin:unauthenticated', source: call.getPeer() };
}

function statusOf(error: Error): grpc.status {
  if (error instanceof AdminInputError || error instanceof InvalidStoreInputError)
    return grpc.status.INVALID_ARGUMENT;
  if (error instanceof AdminNotFoundError || error instanceof UnknownDeviceError)
    return grpc.status.NOT_FOUND;
  return grpc.status.INTERNAL;
}

/** Runs a use case and answers: its value, or a status whose code says whose fault it was. */
export function answer<T>(
  log: Logger,
  method: string,
  work: () => Promise<T>,
  callback: (error: grpc.ServiceError | null, value?: T) => void,
) {
  work().then(
    (value) => callback(null, value),
    (error: Error) => {
      const code = statusOf(error);
      if (code === grpc.status.INTERNAL) log.error('admin call failed', { method, error: error.message });
      else log.info('admin call refused', { method, code: grpc.status[code], reason: error.message });
      callback(serviceError(code, error.message));
    },
  );
}

export const MAX_PAGE = 1000;

export const pageLimit = (requested: number, fallback: number) =>
  requested > 0 ? Math.min(requested, MAX_PAGE) : fallback;
