// The operator key: 32 random bytes the operator keeps outside the database (a file of one base64 line,
// 0600, made by `shoumi-collector cluster key`). With several collectors on PostgreSQL the CA key, the
// policy and the unit's configuration are kept in the database sealed under it (sealed-box.ts), so a new
// collector needs only the database's address and this key, and a stolen database dump opens nothing.
import { randomBytes } from 'node:crypto';
import { open, readFile, stat } from 'node:fs/promises';

export const OPERATOR_KEY_BYTES = 32;

export class OperatorKeyError extends Error {
  override readonly name = 'OperatorKeyError';
}

/** The file's text for a new key. */
export function newOperatorKeyText(): string {
  return `${randomBytes(OPERATOR_KEY_BYTES).toString('base64')}\n`;
}

/** Reads the key, refusing a file others may read and anything that is not exactly 32 bytes of base64. */
export async function readOperatorKey(file: string): Promise<Buffer> {
  const found = await stat(file).catch((error: NodeJS.ErrnoException) => {
    throw new OperatorKeyError(
      `operator key ${file}: ${error.code === 'ENOENT' ? 'no such file' : error.message}`,
    );
  });
  if ((found.mode & 0o077) !== 0) {
    throw new OperatorKeyError(
      `operator key ${file} has mode ${(found.mode & 0o777).toString(8).padStart(4, '0')}: others may read it; chmod 600 ${file}`,
    );
  }
  const text = (await readFile(file, 'utf8')).trim();
  const key = Buffer.from(text, 'base64');
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(text) || key.length !== OPERATOR_KEY_BYTES) {
    throw new OperatorKeyError(
      `operator key ${file}: expected one line of base64 holding ${OPERATOR_KEY_BYTES} bytes (shoumi-collector cluster key makes one)`,
    );
  }
  return key;
}

/** Writes a new key to `file` (0600); never over an existing file. */
export async function writeNewOperatorKey(file: string): Promise<void> {
  const handle = await open(file, 'wx', 0o600).catch((error: NodeJS.ErrnoException) => {
    throw new OperatorKeyError(
      error.code === 'EEXIST'
        ? `${file} already exists: a key is never overwritten`
        : `${file}: ${error.message}`,
    );
  });
  try {
    await handle.chmod(0o600);
    await handle.writeFile(newOperatorKeyText(), 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
}
