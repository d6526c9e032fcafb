// Who is calling, decided once per agent stream and once per admin call: the client certificate the TLS
// handshake accepted is read again against our CA (peer-identity.ts), then looked up in the store, where only
// certificates this collector issued and has not revoked are valid. Nothing a peer says in a message can
// change the answer.
//
// Reading a certificate in JavaScript (parse, signature check against the CA) was most of the CPU a new agent
// stream cost (docs/PERFORMANCE.md, issue 7), and the same certificate comes back at every reconnect. So what
// that read found is remembered by the SHA-256 of the DER: the same bytes carry the same signature and
// names, so only the validity window (the clock moves) is checked again. The store's standing is looked up
// on every call, never remembered: a revocation refuses the next stream at once.
import { createHash } from 'node:crypto';
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

/** Certificates remembered: above the fleet the collector is sized for (10,000 agents) plus admins. */
export const IDENTITY_CACHE_SIZE = 20_000;

interface ReadCertificate {
  identity: PeerIdentity;
  notBeforeMs: number;
  notAfterMs: number;
}

/** A Map kept in use order: a hit moves to the end, the oldest goes first when it is full. */
function leastRecentlyUsed<V>(capacity: number) {
  const entries = new Map<string, V>();
  return {
    get(key: string): V | undefined {
      const value = entries.get(key);
      if (value !== undefined) {
        entries.delete(key);
        entries.set(key, value);
      }
      return value;
    },
    set(key: string, value: V) {
      entries.delete(key);
      entries.set(key, value);
      if (entries.size > capacity) entries.delete(entries.keys().next().value as string);
    },
    get size() {
      return entries.size;
    },
  };
}

/**
 * The validity window as Node's TLS layer read it from the same DER (`valid_from`, `valid_to`): already
 * there, where parsing the certificate again cost as much as half the read it saves. Absent or unreadable:
 * not remembered.
 */
function validityOf(peer: PeerCertificate): { notBeforeMs: number; notAfterMs: number } | undefined {
  const notBeforeMs = Date.parse(peer.valid_from);
  const notAfterMs = Date.parse(peer.valid_to);
  return Number.isFinite(notBeforeMs) && Number.isFinite(notAfterMs)
    ? { notBeforeMs, notAfterMs }
    : undefined;
}

export function peerAuthenticator(deps: {
  caCert: InstanceType<typeof x509.X509Certificate>;
  store: Pick<TrustStore, 'certificateStanding'>;
  now?: () => number;
  cacheSize?: number;
}): PeerAuthenticator & { readonly cachedCertificates: number } {
  const now = deps.now ?? Date.now;
  const remembered = leastRecentlyUsed<ReadCertificate>(deps.cacheSize ?? IDENTITY_CACHE_SIZE);

  /** The identity a certificate names: from memory when these exact bytes were read before. */
  const identityOf = async (
    peer: PeerCertificate | undefined,
    atMs: number,
  ): Promise<{ ok: true; identity: PeerIdentity } | { ok: false; reason: string }> => {
    const raw = peer?.raw;
    const fingerprint = raw && raw.length > 0 ? createHash('sha256').update(raw).digest('hex') : undefined;
    const known = fingerprint ? remembered.get(fingerprint) : undefined;
    if (known) {
      // The same messages readPeerIdentity gives, so that a refusal reads the same either way.
      if (atMs < known.notBeforeMs)
        return { ok: false, reason: `not valid before ${new Date(known.notBeforeMs).toISOString()}` };
      if (atMs > known.notAfterMs)
        return { ok: false, reason: `expired at ${new Date(known.notAfterMs).toISOString()}` };
      return { ok: true, identity: known.identity };
    }
    const read = await readPeerIdentity(peer, deps.caCert, new Date(atMs));
    if (read.status === 'refused') return { ok: false, reason: read.reason };
    if (fingerprint && peer) {
      const window = validityOf(peer);
      if (window) remembered.set(fingerprint, { identity: read.identity, ...window });
    }
    return { ok: true, identity: read.identity };
  };

  return {
    get cachedCertificates() {
      return remembered.size;
    },
    async authenticate(call) {
      const peer = call.getAuthContext()?.sslPeerCertificate;
      const read = await identityOf(peer, now());
      if (!read.ok) {
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
