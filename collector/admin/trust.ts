// Trust use cases of the system administrator (系统管理员): enrolment tokens, revoking a device, and the list of
// certificates the collector issued. Each: validate → change + audit record in one store transaction →
// answer. WhoAmI is answered by the authorization layer (authorization.ts), which knows the caller.
import { createHash, randomBytes } from 'node:crypto';
import * as grpc from '@grpc/grpc-js';
import type { AdminServiceHandlers } from '../../proto/generated/shoumi/v1/AdminService';
import type { CertificateRecord as WireCertificateRecord } from '../../proto/generated/shoumi/v1/CertificateRecord';
import { DEFAULT_TOKEN_TTL_MS, makeEnrolmentTokens, TokenRequestError } from '../pki/enrolment-token';
import { isDeviceId } from '../pki/identity-names';
import { type CertificateAuthority, EC_P256 } from '../pki/pki-files';
import { CERTIFICATE_KINDS, type CertificateKind, type CertificateRecord } from '../store/store';
import {
  AdminInputError,
  AdminNotFoundError,
  type AdminServiceDeps,
  answer,
  auditContextOf,
} from './admin-call';

const MAX_REASON = 500;

function certificateToWire(record: CertificateRecord): WireCertificateRecord {
  return {
    serial: record.serial,
    kind: record.kind,
    subject: record.subject,
    role: record.role ?? '',
    sha256: record.sha256,
    notBeforeMs: record.notBeforeMs,
    notAfterMs: record.notAfterMs,
    issuedAtMs: record.issuedAtMs,
    issuedBy: record.issuedBy,
    revokedAtMs: record.revokedAtMs ?? 0,
    revokedBy: record.revokedBy ?? '',
    revokeReason: record.revokeReason ?? '',
  };
}

function deviceIdOf(field: string, value: string): string {
  const deviceId = value.trim();
  if (deviceId === '') throw new AdminInputError(`${field} is required`);
  if (!isDeviceId(deviceId)) {
    throw new AdminInputError(`${field} "${deviceId}" is not a valid device id`);
  }
  return deviceId;
}

type TrustHandlers = Pick<
  AdminServiceHandlers,
  'CreateEnrolmentTokens' | 'RevokeDevice' | 'RevokeAdmin' | 'ListCertificates' | 'IssueUninstallCode'
>;

/** A revocation's reason, which the audit trail keeps: required, bounded. */
function revocationReason(value: string): string {
  const reason = value.trim();
  if (reason === '') throw new AdminInputError('reason is required: say why, for the audit trail');
  if (reason.length > MAX_REASON) throw new AdminInputError(`reason: at most ${MAX_REASON} characters`);
  return reason;
}

export function trustHandlers(deps: AdminServiceDeps): TrustHandlers {
  const { store, log } = deps;
  const now = deps.now ?? Date.now;

  return {
    CreateEnrolmentTokens(call, callback) {
      answer(
        log,
        'CreateEnrolmentTokens',
        async () => {
          const request = call.request;
          const deviceId =
            request.deviceId.trim() === '' ? undefined : deviceIdOf('device_id', request.deviceId);
          const ttlSeconds = Number(request.ttlSeconds);
          const atMs = now();
          let tokens: ReturnType<typeof makeEnrolmentTokens>;
          try {
            tokens = makeEnrolmentTokens(
              {
                count: request.count === 0 ? 1 : request.count,
                ttlMs: ttlSeconds === 0 ? DEFAULT_TOKEN_TTL_MS : ttlSeconds * 1000,
                deviceId,
              },
              atMs,
            );
          } catch (error) {
            if (error instanceof TokenRequestError) throw new AdminInputError(error.message);
            throw error;
          }
          await store.createEnrolmentTokens(tokens.stored, auditContextOf(call), atMs);
          // The only time the secrets leave the collector: they are in this answer and nowhere else.
          return {
            tokens: tokens.made.map((made) => ({
              token: made.token,
              expiresAtMs: made.expiresAtMs,
              deviceId: made.deviceId ?? '',
            })),
          };
        },
        callback,
      );
    },

    RevokeDevice(call, callback) {
      answer(
        log,
        'RevokeDevice',
        async () => {
          const deviceId = deviceIdOf('device_id', call.request.deviceId);
          const reason = revocationReason(call.request.reason);
          // A typo should say so rather than revoke nothing and look like success.
          const issued = await store.listCertificates({ kind: 'device', subject: deviceId });
          if (issued.length === 0) {
            throw new AdminNotFoundError(`no certificate was ever issued to device ${deviceId}`);
          }
          const revoked = await store.revokeDevice(deviceId, reason, auditContextOf(call), now());
          // The live stream was authenticated when it opened: cut it now, or it would run until it dropped,
          // on whichever collector holds it.
          const streamDropped = await deps.streams.deliver(deviceId, {
            kind: 'cut',
            code: grpc.status.UNAUTHENTICATED,
            message: `certificate revoked: ${reason}`,
          });
          log.info('device revoked', { deviceId, certificatesRevoked: revoked, streamDropped });
          return { deviceId, certificatesRevoked: revoked, streamDropped };
        },
        callback,
      );
    },

    RevokeAdmin(call, callback) {
      answer(
        log,
        'RevokeAdmin',
        async () => {
          const name = call.request.name.trim();
          if (name === '') throw new AdminInputError('name is required');
          const reason = revocationReason(call.request.reason);
          const issued = await store.listCertificates({ kind: 'admin', subject: name });
          if (issued.length === 0) {
            throw new AdminNotFoundError(
              `no certificate was ever issued to an administrator named "${name}"`,
            );
          }
          // Standing is looked up on every admin call (peer-auth.ts), so the next call with it is refused.
          const revoked = await store.revokeAdmin(name, reason, auditContextOf(call), now());
          log.info('administrator revoked', { name, certificatesRevoked: revoked });
          return { name, certificatesRevoked: revoked };
        },
        callback,
      );
    },

    ListCertificates(call, callback) {
      answer(
        log,
        'ListCertificates',
        async () => {
          const kind = call.request.kind.trim();
          if (kind !== '' && !(CERTIFICATE_KINDS as readonly string[]).includes(kind)) {
            throw new AdminInputError(`kind "${kind}": expected device, admin or empty for both`);
          }
          const subject = call.request.subject.trim();
          const records = await store.listCertificates({
            kind: kind === '' ? undefined : (kind as CertificateKind),
            subject: subject === '' ? undefined : subject,
          });
          return { certificates: records.map(certificateToWire) };
        },
        callback,
      );
    },

    IssueUninstallCode(call, callback) {
      answer(
        log,
        'IssueUninstallCode',
        async () => {
          const deviceId = deviceIdOf('device_id', call.request.deviceId);
          const ttlSeconds = Number(call.request.ttlSeconds);
          if (ttlSeconds !== 0 && (ttlSeconds < 60 || ttlSeconds > MAX_UNINSTALL_CODE_TTL_S)) {
            throw new AdminInputError(
              `ttl_seconds ${ttlSeconds}: expected 60 .. ${MAX_UNINSTALL_CODE_TTL_S} (7 days)`,
            );
          }
          if (!deps.authority) throw new Error('this collector holds no CA key to sign uninstall codes with');
          const issued = await store.listCertificates({ kind: 'device', subject: deviceId });
          if (issued.length === 0) {
            throw new AdminNotFoundError(`no certificate was ever issued to device ${deviceId}`);
          }
          const atMs = now();
          const expiresAtMs = atMs + (ttlSeconds === 0 ? DEFAULT_UNINSTALL_CODE_TTL_S : ttlSeconds) * 1000;
          const code = await signUninstallCode(deps.authority, deviceId, expiresAtMs);
          // The code itself is a key to remove the agent: the trail keeps a fingerprint to match it by.
          await store.appendAudit(
            {
              ...auditContextOf(call),
              action: 'device.uninstall_code_issued',
              target: deviceId,
              detail: {
                expiresAtMs,
                codeSha256: createHash('sha256').update(code).digest('hex').slice(0, 16),
              },
              outcome: 'allowed',
            },
            atMs,
          );
          log.info('uninstall code issued', { deviceId, expiresAt: new Date(expiresAtMs).toISOString() });
          return { code, deviceId, expiresAtMs };
        },
        callback,
      );
    },
  };
}

const DEFAULT_UNINSTALL_CODE_TTL_S = 24 * 3600;
const MAX_UNINSTALL_CODE_TTL_S = 7 * 24 * 3600;

/**
 * An uninstall code: base64url(statement) "." base64url(signature). The statement is JSON
 * {"p":"shoumi-uninstall","v":1,"d":deviceId,"e":expiresAtMs,"n":nonce} (short keys: people may have to type
 * it); the signature is ECDSA P-256 / SHA-256 by the CA key over the ASCII of the first part, in WebCrypto's
 * raw r‖s form. The agent checks it offline with the CA certificate it pinned at enrolment
 * (agent/service/uninstall-code.ts reads this format; the collector never imports agent code).
 */
export async function signUninstallCode(
  authority: CertificateAuthority,
  deviceId: string,
  expiresAtMs: number,
): Promise<string> {
  const statement = {
    p: 'shoumi-uninstall',
    v: 1,
    d: deviceId,
    e: expiresAtMs,
    n: randomBytes(9).toString('base64url'),
  };
  const body = Buffer.from(JSON.stringify(statement)).toString('base64url');
  const signature = await crypto.subtle.sign(EC_P256, authority.key, Buffer.from(body, 'ascii'));
  return `${body}.${Buffer.from(signature).toString('base64url')}`;
}
