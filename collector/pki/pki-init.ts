// `shoumi-collector pki init`: the collector's CA and its TLS server certificate, in DIR/pki (pki-files.ts).
//
// Why ECDSA P-256 and not RSA or SM2: Node's TLS (OpenSSL) accepts P-256 certificates and handshakes in
// every version we ship (Node 20 on the collector, Node 24 in the agent) and grpc-js uses exactly that TLS;
// keys and signatures are small and fast to make on a workstation, where RSA-3072 key generation takes
// seconds. SM2 certificates are not usable in Node's TLS (OpenSSL's TLS 1.3 SM2 suites are not exposed by
// Node, and WebCrypto has no SM2), so SM2 stays out of the link; the audit chain uses SM3 where Node has it.
import { access } from 'node:fs/promises';
import { isIP } from 'node:net';
import { prepareDataDir } from '../data-dir';
import { createCertificateAuthority, issueServerCertificate } from './issue-certificate';
import {
  certificateSha256,
  ensurePkiDir,
  type PkiPaths,
  pkiPaths,
  privateKeyToPem,
  writeFileAtomic,
} from './pki-files';

export interface PkiInitOptions {
  dataDir: string;
  hostnames?: string[];
  ips?: string[];
  now?: Date;
}

export interface PkiInitResult {
  paths: PkiPaths;
  caSha256: string;
  serverNames: string[];
}

const DNS_NAME_PATTERN =
  /^(?=.{1,253}$)([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;

/** Throws with a clear message on bad names or an existing CA; writes nothing in either case. */
export async function initPki(options: PkiInitOptions): Promise<PkiInitResult> {
  const hostnames = unique(['localhost', ...(options.hostnames ?? [])]);
  const ips = unique(['127.0.0.1', ...(options.ips ?? [])]);
  for (const name of hostnames) {
    if (!DNS_NAME_PATTERN.test(name)) throw new Error(`--hostname "${name}" is not a DNS name`);
  }
  for (const ip of ips) {
    if (isIP(ip) === 0) throw new Error(`--ip "${ip}" is not an IPv4 or IPv6 address`);
  }
  // The data directory 0700 before any key is written into it, or refused if others may write it.
  await prepareDataDir(options.dataDir);
  const paths = pkiPaths(options.dataDir);
  // ca.crt is written last, so it alone says whether a CA exists (a crash before it leaves keys nothing trusts).
  if (await exists(paths.caCert)) {
    throw new Error(
      `a CA already exists in ${paths.dir}; refusing to overwrite it (every enrolled agent trusts it). ` +
        'Move the directory away first if you really mean to start a new PKI.',
    );
  }
  const now = options.now ?? new Date();
  const ca = await createCertificateAuthority(now);
  const server = await issueServerCertificate(
    { cert: ca.cert, key: ca.keys.privateKey },
    { dnsNames: hostnames, ips, now },
  );
  await ensurePkiDir(paths);
  // Keys first, the CA certificate last: a crash in between leaves no ca.crt, so init can simply run again.
  await writeFileAtomic(paths.caKey, await privateKeyToPem(ca.keys.privateKey), 0o600);
  await writeFileAtomic(paths.serverKey, await privateKeyToPem(server.keys.privateKey), 0o600);
  await writeFileAtomic(paths.serverCert, server.cert.toString('pem'), 0o644);
  await writeFileAtomic(paths.caCert, ca.cert.toString('pem'), 0o644);
  return { paths, caSha256: certificateSha256(ca.cert), serverNames: [...hostnames, ...ips] };
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}

async function exists(file: string): Promise<boolean> {
  return access(file).then(
    () => true,
    () => false,
  );
}
