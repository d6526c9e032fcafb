// The `acked` file: the highest seq the collector has confirmed as durably stored.
//
//   offset 0  4 bytes  magic "SHOA"
//          4  u32 BE   format version (1)
//          8  u64 BE   acked seq
//         16  u32 BE   crc32 of bytes 0..15
//
// Written to `acked.tmp`, fsynced, renamed over `acked`, then the directory fsynced: a reader sees the old
// value or the new one, never half of each.

import { open, readFile, rename } from 'node:fs/promises';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import { fsyncDirectory } from './fsync-directory';

export const ACK_FILE_NAME = 'acked';
export const ACK_TEMP_FILE_NAME = 'acked.tmp';
const MAGIC = 'SHOA';
const VERSION = 1;
const ACK_FILE_BYTES = 20;

export type AckFileState =
  | { state: 'ok'; ackedSeq: number }
  | { state: 'missing' }
  | { state: 'corrupt'; reason: string };

export function encodeAckFile(ackedSeq: number): Buffer {
  const bytes = Buffer.alloc(ACK_FILE_BYTES);
  bytes.write(MAGIC, 0, 'latin1');
  bytes.writeUInt32BE(VERSION, 4);
  bytes.writeBigUInt64BE(BigInt(ackedSeq), 8);
  bytes.writeUInt32BE(crc32(bytes.subarray(0, 16)), 16);
  return bytes;
}

export async function readAckFile(dir: string): Promise<AckFileState> {
  let bytes: Buffer;
  try {
    bytes = await readFile(join(dir, ACK_FILE_NAME));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { state: 'missing' };
    throw error;
  }
  if (bytes.length !== ACK_FILE_BYTES) return { state: 'corrupt', reason: `${bytes.length} bytes` };
  if (bytes.toString('latin1', 0, 4) !== MAGIC) return { state: 'corrupt', reason: 'bad magic' };
  if (crc32(bytes.subarray(0, 16)) !== bytes.readUInt32BE(16)) return { state: 'corrupt', reason: 'bad crc' };
  const version = bytes.readUInt32BE(4);
  if (version !== VERSION) return { state: 'corrupt', reason: `unknown version ${version}` };
  const ackedSeq = Number(bytes.readBigUInt64BE(8));
  if (!Number.isSafeInteger(ackedSeq)) return { state: 'corrupt', reason: 'seq out of range' };
  return { state: 'ok', ackedSeq };
}

export async function writeAckFile(dir: string, ackedSeq: number): Promise<void> {
  const tempPath = join(dir, ACK_TEMP_FILE_NAME);
  const handle = await open(tempPath, 'w');
  try {
    await handle.writeFile(encodeAckFile(ackedSeq));
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(tempPath, join(dir, ACK_FILE_NAME));
  await fsyncDirectory(dir);
}
