// `shoumi-collector admin add`: makes an administrator's identity on the collector's machine: a P-256 key, a
// certificate carrying one of the three roles (三员分立), recorded in the store (a presented certificate is
// accepted only when its serial is there) with an "admin.added" audit record, and written to a directory
// shoumictl reads with --identity:
//
//   OUT/          0700
//     ca.crt      the collector's CA: shoumictl checks the server with it
//     admin.crt   the admin's certificate (CN = name, URI SAN urn:shoumi:role:<role>)
//     admin.key   its private key, PKCS#8 PEM, 0600
//
// The certificate is recorded before the files are written: if writing fails, the recorded certificate has
// no key anywhere and is useless to anyone, whereas files written first could hold a working key that the
// trail never mentioned.
import type { webcrypto } from 'node:crypto';
import { chmod, mkdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { openStoreAt } from '../store/open-store';
import { certificateRecordOf } from './certificate-record';
import { ADMIN_IDENTITY_FILES, isAdminRole } from './identity-names';
import { issueAdminCertificate } from './issue-certificate';
import { requireDataDir } from './local-data-dir';
import { localActor } from './local-tokens';
import {
  certificateSha256,
  EC_P256,
  loadCertificateAuthority,
  privateKeyToPem,
  writeFileAtomic,
} from './pki-files';

export interface AddedAdmin {
  name: string;
  role: string;
  serial: string;
  notAfterMs: number;
  outDir: string;
}

export async function addAdmin(options: {
  dataDir: string;
  name: string;
  role: string;
  outDir: string;
  validityMs?: number;
  /** postgres://… of the shared store; absent: the data directory's SQLite file. */
  storeUrl?: string;
  now?: () => number;
}): Promise<AddedAdmin> {
  const { dataDir, name, role, outDir } = options;
  if (!isAdminRole(role)) {
    throw new Error(`--role ${role}: expected system_admin, security_admin or auditor`);
  }
  if (options.validityMs !== undefined && !(options.validityMs > 0)) {
    throw new Error(`--validity: must be positive, got ${options.validityMs} ms`);
  }
  const keyFile = path.join(outDir, ADMIN_IDENTITY_FILES.key);
  if (
    await stat(keyFile).then(
      () => true,
      () => false,
    )
  ) {
    throw new Error(`${keyFile} already exists: refusing to overwrite an identity; choose another --out`);
  }
  await requireDataDir(dataDir);
  const authority = await loadCertificateAuthority(dataDir);
  const nowMs = (options.now ?? Date.now)();
  const keys = (await crypto.subtle.generateKey(EC_P256, true, [
    'sign',
    'verify',
  ])) as webcrypto.CryptoKeyPair;
  const issued = await issueAdminCertificate(authority, {
    name,
    role,
    publicKey: keys.publicKey,
    now: new Date(nowMs),
    validityMs: options.validityMs,
  });
  if (!issued.ok) throw new Error(issued.reason);
  const { cert } = issued;
  const local = localActor();
  const store = await openStoreAt({
    dataDir,
    ...(options.storeUrl === undefined ? {} : { storeUrl: options.storeUrl }),
  });
  try {
    await store.recordCertificate(
      certificateRecordOf(cert, {
        kind: 'admin',
        subject: name,
        role,
        issuedAtMs: nowMs,
        issuedBy: local.actor,
      }),
      {
        ...local,
        action: 'admin.added',
        target: `admin:${name}`,
        detail: {
          name,
          role,
          serial: cert.serialNumber,
          sha256: certificateSha256(cert),
          notAfter: cert.notAfter.toISOString(),
        },
        outcome: 'allowed',
      },
      nowMs,
    );
  } finally {
    await store.close();
  }

  await mkdir(outDir, { recursive: true, mode: 0o700 });
  // mkdir's mode is masked by the umask and ignored for an existing directory: set it outright.
  await chmod(outDir, 0o700);
  await writeFileAtomic(
    path.join(outDir, ADMIN_IDENTITY_FILES.ca),
    `${authority.cert.toString('pem').trim()}\n`,
    0o644,
  );
  await writeFileAtomic(path.join(outDir, ADMIN_IDENTITY_FILES.cert), `${issued.pem.trim()}\n`, 0o644);
  await writeFileAtomic(keyFile, await privateKeyToPem(keys.privateKey), 0o600);
  return { name, role, serial: cert.serialNumber, notAfterMs: cert.notAfter.getTime(), outDir };
}
