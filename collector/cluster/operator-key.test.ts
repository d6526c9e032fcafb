import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { OPERATOR_KEY_BYTES, readOperatorKey, writeNewOperatorKey } from './operator-key';

describe('operator key file', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'shoumi-operator-key-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('writes a new key 0600 once and reads it back', async () => {
    const file = join(dir, 'operator.key');
    await writeNewOperatorKey(file);
    expect((await readOperatorKey(file)).length).toBe(OPERATOR_KEY_BYTES);
    await expect(writeNewOperatorKey(file)).rejects.toThrow(/never overwritten/);
  });

  it('refuses a file others may read, a short key and text that is not base64', async () => {
    const file = join(dir, 'k');
    await writeFile(file, `${Buffer.alloc(32, 1).toString('base64')}\n`, { mode: 0o644 });
    await chmod(file, 0o644);
    await expect(readOperatorKey(file)).rejects.toThrow(/mode 0644: others may read it/);
    await chmod(file, 0o600);
    expect((await readOperatorKey(file)).equals(Buffer.alloc(32, 1))).toBe(true);
    await writeFile(file, Buffer.alloc(16, 1).toString('base64'));
    await expect(readOperatorKey(file)).rejects.toThrow(/32 bytes/);
    await writeFile(file, 'not base64 at all!');
    await expect(readOperatorKey(file)).rejects.toThrow(/32 bytes/);
    await expect(readOperatorKey(join(dir, 'missing'))).rejects.toThrow(/no such file/);
  });
});
