// An administrator identity directory (admin add --out DIR: ca.crt, admin.crt, admin.key) written as one
// PKCS#12 file for a browser or a UKey tool: the certificate with its key, and the collector's CA beside
// them. The file is made 0600 and never overwrites an existing one.
import { randomBytes, X509Certificate } from 'node:crypto';
import { open, readFile, rename, unlink } from 'node:fs/promises';
import path from 'node:path';
import { ADMIN_IDENTITY_FILES, ROLE_URN_PREFIX } from '../identity-names';
import { pkcs12File } from './pkcs12-file';

/** "张三 (security_admin)": the certificate's CN and the role its URI SAN names. */
export function adminFriendlyName(certPem: string): string {
  const certificate = new X509Certificate(certPem);
  const cn = /(?:^|\n)CN=([^\n]+)/.exec(certificate.subject)?.[1] ?? 'administrator';
  const role = certificate.subjectAltName
    ?.split(/,\s*/)
    .find((name) => name.startsWith(`URI:${ROLE_URN_PREFIX}`))
    ?.slice(`URI:${ROLE_URN_PREFIX}`.length);
  return role ? `${cn} (${role})` : cn;
}

async function readIdentityFile(dir: string, name: string): Promise<string> {
  const file = path.join(dir, name);
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    throw new Error(
      `cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}): ` +
        'expected the directory shoumi-collector admin add --out DIR wrote',
    );
  }
}

/** Writes `file` from the identity in `identityDir`, protected by `password`. */
export async function exportIdentityP12(options: {
  identityDir: string;
  file: string;
  password: string;
  iterations?: number;
}): Promise<{ file: string; friendlyName: string }> {
  const [caPem, certPem, keyPem] = await Promise.all([
    readIdentityFile(options.identityDir, ADMIN_IDENTITY_FILES.ca),
    readIdentityFile(options.identityDir, ADMIN_IDENTITY_FILES.cert),
    readIdentityFile(options.identityDir, ADMIN_IDENTITY_FILES.key),
  ]);
  const friendlyName = adminFriendlyName(certPem);
  const bytes = pkcs12File({
    certPem,
    keyPem,
    chainPem: [caPem],
    friendlyName,
    password: options.password,
    iterations: options.iterations,
  });
  await writeNewFile(options.file, bytes);
  return { file: options.file, friendlyName };
}

/** Written beside itself then linked into place, so a half-written file never carries the name; an existing
 *  file is refused (it may be someone's only copy of another identity). */
async function writeNewFile(file: string, bytes: Buffer): Promise<void> {
  const existing = await open(file, 'r').then(
    async (handle) => {
      await handle.close();
      return true;
    },
    () => false,
  );
  if (existing) throw new Error(`${file} already exists: refusing to overwrite it; choose another name`);
  const temporary = `${file}.${randomBytes(6).toString('hex')}.tmp`;
  const handle = await open(temporary, 'wx', 0o600);
  try {
    await handle.writeFile(bytes);
    await handle.chmod(0o600);
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await rename(temporary, file);
  } catch (error) {
    await unlink(temporary).catch(() => undefined);
    throw error;
  }
}
