import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { helloFor } from '../store-fixtures';
import { describeSweepStoreContract } from '../sweep-store-contract';
import { openConnection } from './connection';
import { openSqliteStore } from './index';

describeSweepStoreContract('sqlite', async () => {
  const directory = await mkdtemp(join(tmpdir(), 'shoumi-sqlite-sweeps-'));
  return {
    store: await openSqliteStore(join(directory, 'collector.db')),
    cleanup: () => rm(directory, { recursive: true, force: true }),
  };
});

describe('sqlite silent-agent questions', () => {
  it('are answered from indexes, not by scanning the fleet', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'shoumi-sqlite-silence-'));
    try {
      const file = join(directory, 'collector.db');
      await (await openSqliteStore(file)).close();
      const connection = await openConnection(file, 'read-only');
      const plan = async (sql: string) =>
        (await connection.all<{ detail: string }>(`EXPLAIN QUERY PLAN ${sql}`, ['r', 0, 10]))
          .map((row) => row.detail)
          .join('\n');
      const { readFile } = await import('node:fs/promises');
      const source = await readFile(join(import.meta.dirname, 'agent-silence.ts'), 'utf8');
      const queries = [...source.matchAll(/`(SELECT[\s\S]*?)`/g)].map((match) => match[1]!);
      expect(queries).toHaveLength(2);
      // newlySilentDevices binds (cutoff, rule, limit); revivedSilentDevices (rule, cutoff, limit).
      expect(await plan(queries[0]!)).toMatch(
        /SEARCH d USING INDEX devices_by_last_seen \(last_seen_ms<\?\)/,
      );
      expect(await plan(queries[1]!)).toMatch(
        /SEARCH c USING (COVERING )?INDEX current_findings_by_rule \(rule_id=\?\)/,
      );
      await connection.close();
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  });
});

describe('sqlite missed sweeps on hello', () => {
  it('finds a sweep created after a hello found none open anywhere, and none once all are answered', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'shoumi-sqlite-claims-'));
    const store = await openSqliteStore(join(directory, 'collector.db'));
    try {
      const admin = { actor: 'admin@test', source: 'local' };
      const answer = (sweepId: string, deviceId: string, atMs: number) => ({
        sweepId,
        deviceId,
        atMs,
        failedRules: 0,
        errorRules: 0,
        error: '',
      });
      const claim = (deviceId: string, atMs: number) =>
        store.claimSweepsForDevice(deviceId, { atMs, resendSentBeforeMs: atMs, expireBeforeMs: 0 });
      for (const deviceId of ['dev-a', 'dev-b']) await store.recordHello(helloFor(deviceId), 1000);
      // Remembered as "no sweep open" by these; each later write must make it be asked again.
      expect(await claim('dev-a', 2000)).toEqual([]);
      await store.createSweep({ sweepId: 'sw-1', scheduleId: '', ruleIds: ['r1'] }, admin, 3000);
      expect(await claim('dev-a', 4000)).toEqual([{ sweepId: 'sw-1', ruleIds: ['r1'] }]);
      await store.recordSweepAnswers([answer('sw-1', 'dev-a', 5000)]);
      expect(await claim('dev-a', 6000)).toEqual([]);
      await store.markSweepSent('sw-1', ['dev-b'], 6500);
      await store.recordSweepAnswers([answer('sw-1', 'dev-b', 7000)]);
      expect((await store.getSweep('sw-1', { countsOnly: true }))?.sweep.completedAtMs).toBe(7000);
      expect(await claim('dev-b', 8000)).toEqual([]);
      await store.createSweep({ sweepId: 'sw-2', scheduleId: '', ruleIds: [] }, admin, 9000);
      expect(await claim('dev-b', 10_000)).toEqual([{ sweepId: 'sw-2', ruleIds: [] }]);
      await store.expireSweeps(20_000, 20_000);
      expect(await claim('dev-a', 21_000)).toEqual([]);
    } finally {
      await store.close();
      await rm(directory, { recursive: true, force: true });
    }
  });
});
