// The advisory-lock key of a job: known answers computed apart from this code (Python's hashlib over
// "shoumi:lead:<job>", first 8 bytes read as a signed big-endian 64-bit integer).
import { describe, expect, it } from 'vitest';
import { AUDIT_CHAIN_LOCK_KEY } from '../store/postgres/audit';
import { MIGRATION_LOCK_KEY } from '../store/postgres/migrations';
import { leadershipLockKey } from './leadership-key';

describe('leadershipLockKey', () => {
  it('is the first 64 bits of SHA-256 over the prefixed job name, as PostgreSQL bigint text', () => {
    expect(leadershipLockKey('silence-watch')).toBe('-660936501240560807');
    expect(leadershipLockKey('expiry')).toBe('-6472598966314217542');
  });

  it('meets neither of the store fixed keys for the jobs of the collector', () => {
    const keys = ['silence-watch', 'expiry', 'cross-use', 'trend'].map(leadershipLockKey);
    expect(new Set(keys).size).toBe(4);
    expect(keys).not.toContain(MIGRATION_LOCK_KEY.toString());
    expect(keys).not.toContain(AUDIT_CHAIN_LOCK_KEY.toString());
  });
});
