// Where the collector keeps its PKI, and how it reads and writes it.
//
//   DIR/pki/            0700
//     ca.crt            the CA certificate (PEM); its SHA-256 fingerprint is what agents pin
//     ca.key            the CA private key (PKCS#8 PEM), 0600
//     server.crt        the collector's TLS server certificate, issued by the CA
//     server.key        its private key, 0600
//
// Files are written to a temporary name, fsynced and renamed, so a crash never leaves half a key behind.
import { createHash, randomBytes, type webcrypto } from 'node:crypto';
import { chmod, mkdir, open, readFile, rename } from 'node:fs/promises';
import path from 'node:path';
import { x509 } from './x509-library';

export const PKI_DIR = 'pki';

export interface PkiPaths {
  dir: string;
  caCert: string;
  caKey: string;
  serverCert: string;
  serverKey: string;
}

export function pkiPaths(dataDir: string): PkiPaths {
  const dir = path.join(dataDir, PKI_DIR);
  return {
    dir,
    caCert: path.join(dir, 'ca.crt'),
    caKey: path.join(dir, 'ca.key'),
    serverCert: path.join(dir, 'server.crt'),
    serverKey: path.join(dir, 'server.key'),
  };
}

export async function ensurePkiDir(paths: PkiPaths): Promise<void> {
  await mkdir(paths.dir, { recursive: true, mode: 0o700 });
  // mkdir's mode is masked by the umask and ignored for an existing directory: set it outright.
  await chmod(paths.dir, 0o700);
}

/** Writes `text` to `file` atomically with the given mode (0600 for anything secret). */
export async function writeFileAtomic(file: string, text: string, mode: number): Promise<void> {
  const temporary = `${file}.${randomBytes(6).toString('hex')}.tmp`;
  const handle = await open(temporary, 'wx', mode);
  try {
    await handle.writeFile(text, 'utf8');
    await handle.chmod(mode);
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(temporary, file);
}

/** The algorithm every key in our PKI uses. See pki-init.ts for why P-256. */
export const EC_P256 = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;

export async function privateKeyToPem(key: webcrypto.CryptoKey): Promise<string> {
  const pkcs8 = await crypto.subtle.exportKey('pkcs8', key);
  return x509.PemConverter.encode(pkcs8, 'PRIVATE KEY');
}

export async function privateKeyFromPem(pem: string): Promise<webcrypto.CryptoKey> {
  const der = x509.PemConverter.decodeFirst(pem);
  return crypto.subtle.importKey('pkcs8', der, EC_P256, false, ['sign']);
}

/** SHA-256 over the certificate's DER, lowercase hex without separators: the value of --ca-sha256. */
export function certificateSha256(cert: InstanceType<typeof x509.X509Certificate>): string {
  return createHash('sha256').update(new Uint8Array(cert.rawData)).digest('hex');
}

/** The CA as the collector uses it to sign: its certificate and private key. */
export interface CertificateAuthority {
  cert: InstanceType<typeof x509.X509Certificate>;
  key: webcrypto.CryptoKey;
}

export async function loadCertificateAuthority(dataDir: string): Promise<CertificateAuthority> {
  const paths = pkiPaths(dataDir);
  const [certPem, keyPem] = await Promise.all([
    readFile(paths.caCert, 'utf8'),
    readFile(paths.caKey, 'utf8'),
  ]).catch((error: NodeJS.ErrnoException) => {
    throw new Error(
      `no CA in ${paths.dir} (${error.code ?? error.message}): run shoumi-collector pki init --data ${dataDir}`,
    );
  });
  return { cert: new x509.X509Certificate(certPem), key: await privateKeyFromPem(keyPem) };
}

/** Everything the collector's TLS listeners need, read once at start-up. */
export interface CollectorPki {
  authority: CertificateAuthority;
  caPem: string;
  /** The server certificate followed by the CA, so an enrolling agent sees the CA it pins. */
  serverChainPem: string;
  serverKeyPem: string;
}

export async function loadCollectorPki(dataDir: string): Promise<CollectorPki> {
  const paths = pkiPaths(dataDir);
  const authority = await loadCertificateAuthority(dataDir);
  const [caPem, serverPem, serverKeyPem] = await Promise.all([
    readFile(paths.caCert, 'utf8'),
    readFile(paths.serverCert, 'utf8'),
    readFile(paths.serverKey, 'utf8'),
  ]).catch((error: NodeJS.ErrnoException) => {
    throw new Error(
      `the server certificate in ${paths.dir} cannot be read (${error.code ?? error.message}); ` +
        `pki init writes it: shoumi-collector pki init --data ${dataDir}`,
    );
  });
  return { authority, caPem, serverChainPem: `${serverPem.trim()}\n${caPem.trim()}\n`, serverKeyPem };
}
