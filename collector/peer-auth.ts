// Who is calling, decided once per agent stream and once per admin call: the client certificate the TLS
// handshake accepted is read again against our CA (peer-identity.ts), then looked up in the store, where only
// certificates this collector issued and has not revoked are valid. Nothing a peer says in a message can
// change the answer.
import type { PeerCertificate } from 'node:tls';
import * as grpc from '@grpc/grpc-js';
import { type PeerIdentity, readPeerIdentity } from './pki/peer-identity';
import type { x509 } from './pki/x509-library';
import type { CertificateRecord, TrustStore } from './store/store';

export type Authentication =
  | { ok: true; identity: PeerIdentity; record: CertificateRecord }
  | {
      ok: false;
      code: grpc.status;
      reason: string /** who the certificate names, when it could be read */;
      identity?: PeerIdentity;
    };

/** The part of a grpc-js call this needs: every kind of call (unary, streaming) has both. */
export interface CallWithPeer {
  getPeer(): string;
  getAuthContext(): { sslPeerCertificate?: PeerCertificate } | undefined;
}

export interface PeerAuthenticator {
  authenticate(call: CallWithPeer): Promise<Authentication>;
}

export function peerAuthenticator(deps: {
  caCert: InstanceType<typeof x509.X509Certificate>;
  store: Pick<TrustStore, 'certificateStanding'>;
  now?: () => number;
}): PeerAuthenticator {
  const now = deps.now ?? Date.now;
  return {
    async authenticate(call) {
      const peer = call.getAuthContext()?.sslPeerCertificate;
      const read = await readPeerIdentity(peer, deps.caCert, new Date(now()));
      if (read.status === 'refused') {
        return { ok: false, code: grpc.status.UNAUTHENTICATED, reason: read.reason };
      }
      const standing = await deps.store.certificateStanding(read.identity.serialNumber);
      if (standing.status === 'unknown') {
        return {
          ok: false,
          code: grpc.status.UNAUTHENTICATED,
          reason: `certificate ${read.identity.serialNumber} is not one this collector issued`,
          identity: read.identity,
        };
      }
      if (standing.status === 'revoked') {
        const at = new Date(standing.record.revokedAtMs ?? 0).toISOString();
        return {
          ok: false,
          code: grpc.status.UNAUTHENTICATED,
          reason: `certificate ${read.identity.serialNumber} was revoked at ${at}`,
          identity: read.identity,
        };
      }
      return { ok: true, identity: read.identity, record: standing.record };
    },
  };
}

/** How an identity is written as an audit actor: "device:ID" or "admin:NAME(role)". */
export function actorOf(identity: PeerIdentity): string {
  return identity.kind === 'device'
    ? `device:${identity.deviceId}`
    : `admin:${identity.name}(${identity.role})`;
}

/** The person an audit actor names, for printed records: "admin:张三(security_admin)" → "张三"; others as they are. */
export function personOf(actor: string): string {
  return /^admin:(.+)\((?:system_admin|security_admin|auditor)\)$/.exec(actor)?.[1] ?? actor;
}
