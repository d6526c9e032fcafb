// Renew: an enrolled agent trades a CSR for a new key for a fresh certificate, before its current one
// expires, with no person involved. The call comes over mTLS on the agent port; the device id is the one in
// the certificate presented (authenticated against the CA and the store like a stream), never one from the
// request, so an agent can renew only itself.
//
// The old certificate is not revoked: it stays valid until it expires. The agent switches to the new one at
// once, but a stream it opened with the old one may still be live, and revoking would cut it for nothing;
// a certificate that must stop working is revoked by `shoumictl device revoke`, which refuses them all.
import * as grpc from '@grpc/grpc-js';
import type { AgentServiceHandlers } from '../proto/generated/shoumi/v1/AgentService';
import type { IssuedCertificate } from '../proto/generated/shoumi/v1/IssuedCertificate';
import { MAX_CSR_LENGTH } from './enrolment-service';
import { serviceError } from './grpc-errors';
import type { Logger } from './logger';
import type { PeerAuthenticator } from './peer-auth';
import { certificateRecordOf, issuedCertificateOf } from './pki/certificate-record';
import { signAgentCsr } from './pki/issue-certificate';
import type { CertificateAuthority } from './pki/pki-files';
import { type RateLimiter, rateLimiter } from './rate-limit';
import type { Store } from './store/store';

/** An agent renews once in weeks; a few a minute is room for retries, not for a loop signing keys. */
export const RENEW_RATE = { perSecond: 1 / 60, burst: 5 };

export interface RenewDeps {
  store: Store;
  authority: CertificateAuthority;
  authenticator: PeerAuthenticator;
  log: Logger;
  agentCertificateValidityMs?: number;
  /** Told to the agent with its new certificate, as the enrolment answer tells it (IssuedCertificate.agent_addresses). */
  advertisedAgentAddresses?: readonly string[];
  /** Renewals per device; RENEW_RATE when omitted. */
  rateLimiter?: RateLimiter;
  now?: () => number;
}

export function renewHandler(deps: RenewDeps): AgentServiceHandlers['Renew'] {
  const now = deps.now ?? Date.now;
  const limiter = deps.rateLimiter ?? rateLimiter(RENEW_RATE);
  const { store, log } = deps;

  async function renew(
    call: Parameters<AgentServiceHandlers['Renew']>[0],
    peer: string,
  ): Promise<IssuedCertificate> {
    const auth = await deps.authenticator.authenticate(call);
    if (!auth.ok) throw serviceError(auth.code, auth.reason);
    if (auth.identity.kind !== 'device') {
      throw serviceError(
        grpc.status.PERMISSION_DENIED,
        'an administrator certificate cannot renew a device certificate',
      );
    }
    const { deviceId, serialNumber: oldSerial } = auth.identity;
    if (!limiter.take(deviceId, now())) {
      throw serviceError(grpc.status.RESOURCE_EXHAUSTED, 'too many renewals for this device; wait a minute');
    }
    const csrPem = call.request.csrPem;
    if (csrPem === '') throw serviceError(grpc.status.INVALID_ARGUMENT, 'csr_pem is required');
    if (csrPem.length > MAX_CSR_LENGTH) {
      throw serviceError(grpc.status.INVALID_ARGUMENT, `csr_pem: at most ${MAX_CSR_LENGTH} bytes`);
    }
    const atMs = now();
    const issued = await signAgentCsr(deps.authority, {
      csrPem,
      deviceId,
      now: new Date(atMs),
      validityMs: deps.agentCertificateValidityMs,
    });
    if (!issued.ok) throw serviceError(grpc.status.INVALID_ARGUMENT, `csr_pem: ${issued.reason}`);
    const { cert } = issued;
    const record = certificateRecordOf(cert, {
      kind: 'device',
      subject: deviceId,
      issuedAtMs: atMs,
      issuedBy: 'renewal',
    });
    const { sha256 } = record;
    await store.recordCertificate(
      record,
      {
        actor: `device:${deviceId}`,
        source: peer,
        action: 'certificate.renewed',
        target: `device:${deviceId}`,
        detail: { oldSerial, newSerial: cert.serialNumber, sha256, notAfter: cert.notAfter.toISOString() },
        outcome: 'allowed',
      },
      atMs,
    );
    log.info('certificate renewed', { deviceId, peer, oldSerial, newSerial: cert.serialNumber });
    // The list travels with every certificate, so an agent enrolled before a collector was added (or before
    // the deployment advertised any) learns the current list at its next renewal.
    return {
      ...issuedCertificateOf(deviceId, cert, deps.authority.cert),
      agentAddresses: [...(deps.advertisedAgentAddresses ?? [])],
    };
  }

  return (call, callback) => {
    const peer = call.getPeer();
    renew(call, peer).then(
      (issued) => callback(null, issued),
      (error: Error) => {
        if ('code' in error && typeof error.code === 'number') {
          log.info('renewal refused', { peer, reason: error.message });
          return callback(error as grpc.ServiceError);
        }
        log.error('renewal failed', { peer, error: error.message });
        callback(serviceError(grpc.status.INTERNAL, 'renewal failed inside the collector; see its log'));
      },
    );
  };
}
