// Reads a digest kept in a file (the printed block or its JSON), naming the file in every error.
import { readFile } from 'node:fs/promises';
import { type AuditDigest, parseDigest } from './digest';

export async function readDigestFile(file: string): Promise<AuditDigest> {
  const text = await readFile(file, 'utf8').catch((error: Error) => {
    throw new Error(`--digest ${file}: ${error.message}`);
  });
  try {
    return parseDigest(text);
  } catch (error) {
    throw new Error(`--digest ${file}: ${(error as Error).message}`);
  }
}
