// The enrolment service: a workstation agent trades a one-time token and a CSR for its client certificate.
// It runs on its own TLS port where peers have no certificate yet, so it trusts nothing it is sent:
//
//   rate limit per source address → check sizes → hash the token → learn its binding (store) → device id =
//   the token's binding, else the agent's claim → sign the CSR (only its key is used) → consume the token and
//   record the certificate in one store transaction, with its audit record → answer.
//
// Every refusal about the token (unknown, used, expired, for another device, device already enrolled or
// known and the token not bound to it) leaves an audit record with the peer address. Its actor is
// "unauthenticated:<peer address>": the peer holds no certificate, and the device id it sends is only a
// claim, kept in the detail (claimedDeviceId) with the first hex digits of the token's hash. Malformed
// requests and rate-limited ones are logged only: this port is open to anyone on the network, and letting
// them write the trail at will would let them flood it. The token is never logged or audited, nor its whole
// hash (see store/sqlite/trust.ts).
import * as grpc from '@grpc/grpc-js';
import type { EnrolmentServiceHandlers } from '../proto/generated/shoumi/v1/EnrolmentService';
import type { IssuedCertificate } from '../proto/generated/shoumi/v1/IssuedCertificate';
import { serviceError } from './grpc-errors';
import type { Logger } from './logger';
import { certificateRecordOf, issuedCertificateOf } from './pki/certificate-record';
import { enrolmentTokenSha256, MAX_TOKEN_LENGTH } from './pki/enrolment-token';
import { isDeviceId } from './pki/identity-names';
import { signAgentCsr } from './pki/issue-certificate';
import type { CertificateAuthority } from './pki/pki-files';
import { type RateLimiter, rateLimiter } from './rate-limit';
import { type EnrolOutcome, type Store, TOKEN_HASH_PREFIX_CHARS } from './store/store';

/** A P-256 CSR in PEM is about 500 bytes; anything near this is not one. */
export const MAX_CSR_LENGTH = 16 * 1024;

/** Ten enrolments a minute per address on average, twenty at once: a room of workstations being installed
 *  behind one NAT gets through, a token-guessing loop does not (and 256-bit tokens cannot be guessed). */
export const ENROL_RATE = { perSecond: 10 / 60, burst: 20 };

export interface EnrolmentServiceDeps {
  store: Store;
  authority: CertificateAuthority;
  log: Logger;
  /** Lifetime of agent certificates (default 90 days; tests shorten it to see renewal). */
  agentCertificateValidityMs?: number;
  /** Requests per source address; ENROL_RATE when omitted. */
  rateLimiter?: RateLimiter;
  /** Why new enrolments must wait (the disk below its reserve, disk-reserve-watch.ts); undefined: go on. */
  writeRefusal?: () => Promise<string | undefined>;
  /** Told to the agent with its certificate (IssuedCertificate.agent_addresses); none when absent. */
  advertisedAgentAddresses?: readonly string[];
  now?: () => number;
}

/** The address part of a grpc-js peer ("ipv4:10.0.0.7:51234", "ipv6:[::1]:51234", "10.0.0.7:51234"). */
export function peerAddress(peer: string): string {
  const withoutScheme = peer.replace(/^ipv[46]:/, '');
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(withoutScheme);
  if (bracketed) return bracketed[1]!;
  const colons = withoutScheme.split(':').length - 1;
  return colons === 1 ? withoutScheme.replace(/:\d+$/, '') : withoutScheme;
}

const OUTCOME_CODE: Record<Exclude<EnrolOutcome['status'], 'enrolled'>, grpc.status> = {
  'token-unknown': grpc.status.PERMISSION_DENIED,
  'token-used': grpc.status.PERMISSION_DENIED,
  'token-expired': grpc.status.PERMISSION_DENIED,
  'token-for-other-device': grpc.status.PERMISSION_DENIED,
  'already-enrolled': grpc.status.ALREADY_EXISTS,
  // Not a bad token: the device id needs one bound to it (the agent tells the operator to ask for one).
  'bound-token-required': grpc.status.FAILED_PRECONDITION,
};

/** Who a refused enrolment is recorded as: the address it came from, never the device id it claims. */
export const unauthenticatedActor = (peer: string) => `unauthenticated:${peerAddress(peer)}`;

export function enrolmentServiceHandlers(deps: EnrolmentServiceDeps): EnrolmentServiceHandlers {
  const now = deps.now ?? Date.now;
  const limiter = deps.rateLimiter ?? rateLimiter(ENROL_RATE);
  const { store, log } = deps;

  async function enrol(
    request: { token: string; csrPem: string; deviceId: string },
    peer: string,
  ): Promise<IssuedCertificate> {
    if (!limiter.take(peerAddress(peer), now())) {
      log.warn('enrolment rate limited', { peer });
      throw serviceError(
        grpc.status.RESOURCE_EXHAUSTED,
        'too many enrolment attempts from this address; wait a minute',
      );
    }
    const full = await deps.writeRefusal?.();
    if (full) {
      log.warn('enrolment refused: disk below its reserve', { peer });
      throw serviceError(grpc.status.RESOURCE_EXHAUSTED, full);
    }
    const { token, csrPem, deviceId: claimed } = request;
    const invalid = (message: string) => {
      log.info('enrolment refused', { peer, reason: message });
      return serviceError(grpc.status.INVALID_ARGUMENT, message);
    };
    if (token === '') throw invalid('token is required');
    if (token.length > MAX_TOKEN_LENGTH) throw invalid(`token: at most ${MAX_TOKEN_LENGTH} characters`);
    if (csrPem === '') throw invalid('csr_pem is required');
    if (csrPem.length > MAX_CSR_LENGTH) throw invalid(`csr_pem: at most ${MAX_CSR_LENGTH} bytes`);
    if (claimed !== '' && !isDeviceId(claimed)) {
      throw invalid(`device_id "${claimed.slice(0, 64)}" is not a valid device id`);
    }

    const tokenSha256 = enrolmentTokenSha256(token);
    const found = await store.findEnrolmentToken(tokenSha256);
    const atMs = now();
    if (found === undefined) {
      // Nothing to bind to and nothing to sign for: refused here, audited like the store's refusals.
      const message = 'enrolment token unknown';
      await store.appendAudit(
        {
          actor: unauthenticatedActor(peer),
          source: peer,
          action: 'device.enrol_refused',
          target: claimed ? `device:${claimed}` : 'enrolment',
          detail: {
            reason: 'token-unknown',
            message,
            claimedDeviceId: claimed,
            tokenSha256Prefix: tokenSha256.slice(0, TOKEN_HASH_PREFIX_CHARS),
          },
          outcome: 'refused',
        },
        atMs,
      );
      log.info('enrolment refused', { peer, deviceId: claimed, reason: 'token-unknown' });
      throw serviceError(grpc.status.PERMISSION_DENIED, message);
    }
    // A token made for one device binds the certificate to it, whatever the agent asked for.
    const deviceId = found.deviceId ?? claimed;
    if (deviceId === '') throw invalid('device_id is required: this token is not bound to a device');

    const issued = await signAgentCsr(deps.authority, {
      csrPem,
      deviceId,
      now: new Date(atMs),
      validityMs: deps.agentCertificateValidityMs,
    });
    if (!issued.ok) throw invalid(`csr_pem: ${issued.reason}`);
    const { cert } = issued;
    const outcome = await store.enrolDevice(
      {
        tokenSha256,
        deviceId,
        certificate: certificateRecordOf(cert, {
          kind: 'device',
          subject: deviceId,
          issuedAtMs: atMs,
          issuedBy: 'enrolment',
        }),
      },
      { actor: `device:${deviceId}`, source: peer, refusedActor: unauthenticatedActor(peer) },
      atMs,
    );
    if (outcome.status !== 'enrolled') {
      // The signed certificate is dropped unrecorded: one the store does not know is refused everywhere.
      log.info('enrolment refused', { peer, deviceId, reason: outcome.status });
      throw serviceError(OUTCOME_CODE[outcome.status], outcome.message);
    }
    log.info('device enrolled', {
      peer,
      deviceId,
      serial: cert.serialNumber,
      replacedSerials: outcome.replacedSerials,
    });
    return {
      ...issuedCertificateOf(deviceId, cert, deps.authority.cert),
      agentAddresses: [...(deps.advertisedAgentAddresses ?? [])],
    };
  }

  return {
    Enrol(call, callback) {
      const peer = call.getPeer();
      enrol(call.request, peer).then(
        (issued) => callback(null, issued),
        (error: Error) => {
          if ('code' in error && typeof error.code === 'number') return callback(error as grpc.ServiceError);
          log.error('enrolment failed', { peer, error: error.message });
          callback(serviceError(grpc.status.INTERNAL, 'enrolment failed inside the collector; see its log'));
        },
      );
    },
  };
}
