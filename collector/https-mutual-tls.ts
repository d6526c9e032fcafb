// The collector's HTTPS listeners (the console, the metrics listener) accept a connection only from a
// client certificate issued by this collector's CA: the handshake itself refuses any other, so a browser or
// a scraper without one gets no answer at all. Who the certificate names and what it may do is decided
// after, by peer-auth.ts and admin/authorization.ts, from the peer read here.
import type { IncomingMessage } from 'node:http';
import type https from 'node:https';
import type { PeerCertificate, TLSSocket } from 'node:tls';
import { AEAD_CIPHERS } from '../proto/tls-policy';
import type { ConsolePeer } from './console/admin-door';
import type { CollectorPki } from './pki/pki-files';

export function mutualTlsHttpsOptions(pki: CollectorPki): https.ServerOptions {
  return {
    key: pki.serverKeyPem,
    cert: pki.serverChainPem,
    ca: pki.caPem,
    requestCert: true,
    rejectUnauthorized: true,
    minVersion: 'TLSv1.2',
    ciphers: AEAD_CIPHERS,
  };
}

/** The peer as grpc-js would write it, so rate limits and audit records read the same from either door. */
export function peerOfRequest(request: IncomingMessage): ConsolePeer {
  const socket = request.socket as TLSSocket;
  const raw = socket.remoteAddress ?? 'unknown';
  const address = raw.startsWith('::ffff:') ? raw.slice(7) : raw;
  const port = socket.remotePort ?? 0;
  const certificate = socket.getPeerCertificate?.(false) as PeerCertificate | undefined;
  return {
    certificate: certificate && Object.keys(certificate).length > 0 ? certificate : undefined,
    address: address.includes(':') ? `ipv6:[${address}]:${port}` : `ipv4:${address}:${port}`,
  };
}
