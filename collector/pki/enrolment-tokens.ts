// One-time, expiring enrolment tokens. A token is 32 random bytes (base64url), shown once to whoever makes
// it; only its SHA-256 is kept, so reading tokens.json does not let anyone enrol. For now the list lives in
// DIR/pki/tokens.json (0600, written atomically) rather than in the store, to avoid a schema change.
//
// Writers in this process are serialized (a promise chain per file), so one token is consumed once even
// when two enrolments race. Another process writing the same file at the same moment (token create while
// the collector consumes) could lose one of the two writes: moving tokens into the store will close that.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { ensurePkiDir, pkiPaths, writeFileAtomic } from './pki-files';

const tokenRecordSchema = z.object({
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  createdAt: z.string(),
  expiresAt: z.string(),
  usedAt: z.string().nullable(),
});
const tokenFileSchema = z.object({ version: z.literal(1), tokens: z.array(tokenRecordSchema) });
type TokenFile = z.infer<typeof tokenFileSchema>;

export type ConsumeResult = 'ok' | 'used' | 'expired' | 'unknown';

const queues = new Map<string, Promise<unknown>>();

function serialized<T>(file: string, work: () => Promise<T>): Promise<T> {
  const previous = queues.get(file) ?? Promise.resolve();
  const next = previous.then(work, work);
  queues.set(
    file,
    next.catch(() => undefined),
  );
  return next;
}

async function readTokens(file: string): Promise<TokenFile> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { version: 1, tokens: [] };
    throw error;
  }
  const parsed = tokenFileSchema.safeParse(JSON.parse(text));
  if (!parsed.success) throw new Error(`${file} is not a valid token list: ${parsed.error.message}`);
  return parsed.data;
}

function hashToken(token: string): Buffer {
  return createHash('sha256').update(token, 'utf8').digest();
}

export async function createEnrolmentToken(
  dataDir: string,
  options: { ttlMs: number; now?: Date },
): Promise<{ token: string; expiresAt: Date }> {
  if (!Number.isFinite(options.ttlMs) || options.ttlMs <= 0) {
    throw new Error(`token lifetime must be positive, got ${options.ttlMs} ms`);
  }
  const paths = pkiPaths(dataDir);
  const now = options.now ?? new Date();
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(now.getTime() + options.ttlMs);
  await serialized(paths.tokens, async () => {
    await ensurePkiDir(paths);
    const file = await readTokens(paths.tokens);
    // Tokens expired for a week are dropped: the file stays small, and a late attempt still reads 'expired'.
    const keepAfter = now.getTime() - 7 * 24 * 60 * 60 * 1000;
    file.tokens = file.tokens.filter((t) => Date.parse(t.expiresAt) > keepAfter);
    file.tokens.push({
      sha256: hashToken(token).toString('hex'),
      createdAt: now.toISOString(),
      expiresAt: expiresAt.toISOString(),
      usedAt: null,
    });
    await writeFileAtomic(paths.tokens, `${JSON.stringify(file, null, 2)}\n`, 0o600);
  });
  return { token, expiresAt };
}

/** 'ok' the first time a valid token is presented; 'used' after; 'expired' past its expiry. */
export async function consumeEnrolmentToken(
  dataDir: string,
  token: string,
  now = new Date(),
): Promise<ConsumeResult> {
  const paths = pkiPaths(dataDir);
  const presented = hashToken(token);
  return serialized(paths.tokens, async () => {
    const file = await readTokens(paths.tokens);
    const record = file.tokens.find((t) => timingSafeEqual(Buffer.from(t.sha256, 'hex'), presented));
    if (!record) return 'unknown';
    if (record.usedAt !== null) return 'used';
    if (now.getTime() >= Date.parse(record.expiresAt)) return 'expired';
    record.usedAt = now.toISOString();
    await writeFileAtomic(paths.tokens, `${JSON.stringify(file, null, 2)}\n`, 0o600);
    return 'ok';
  });
}
