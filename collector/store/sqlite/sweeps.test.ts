import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
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
