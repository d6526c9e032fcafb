// The advisory-lock key of a job's leadership: 64 bits of SHA-256 over a prefixed job name, so that two
// job names practically never share a lock (a shared lock would make one job wait forever behind the
// other's leader) and never meet the store's fixed keys (migrations, the audit chain) by design of size.
import { createHash } from 'node:crypto';

/** The key as PostgreSQL's bigint, in decimal text (pg passes it as a string; a JS number cannot hold it). */
export function leadershipLockKey(job: string): string {
  const digest = createHash('sha256').update(`shoumi:lead:${job}`, 'utf8').digest();
  return digest.readBigInt64BE(0).toString();
}
