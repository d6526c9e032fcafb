import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { describeStoreContract } from '../store-contract';
import { SchemaTooNewError } from '../store-errors';
import { findingOf, helloFor } from '../store-fixtures';
import { openConnection } from './connection';
import { LAST_SEEN_FLUSH_MS, openSqliteStore } from './index';
import { LATEST_SCHEMA_VERSION } from './migrations';

async function temporaryDirectory(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'shoumi-sqlite-store-'));
}

describeStoreContract('sqlite', async () => {
  const directory = await temporaryDirectory();
  return {
    store: await openSqliteStore(join(directory, 'collector.db')),
    cleanup: () => rm(directory, { recursive: true, force: true }),
  };
});

describeStoreContract('sqlite with a group commit delay and small groups', async () => {
  const directory = await temporaryDirectory();
  return {
    store: await openSqliteStore(join(directory, 'collector.db'), {
      groupCommitMaxDelayMs: 2,
      groupCommitMaxRows: 7,
    }),
    cleanup: () => rm(directory, { recursive: true, force: true }),
  };
});

describe('sqlite store', () => {
  let directory: string;
  let file: string;
  beforeEach(async () => {
    directory = await temporaryDirectory();
    file = join(directory, 'collector.db');
  });
  afterEach(async () => {
    await rm(directory, { recursive: true, force: true });
  });

  async function pragma(name: string): Promise<unknown> {
    const connection = await openConnection(file, 'read-only');
    try {
      const row = await connection.get<Record<string, unknown>>(`PRAGMA ${name}`);
      return row === undefined ? undefined : Object.values(row)[0];
    } finally {
      await connection.close();
    }
  }

  it('migrates an empty file to the latest version in WAL mode, and reopens it without losing data', async () => {
    const store = await openSqliteStore(file);
    await store.recordHello(helloFor('dev-a'), 1);
    await store.recordFindings('dev-a', [findingOf(1)], 2);
    await store.close();
    expect(await pragma('user_version')).toBe(LATEST_SCHEMA_VERSION);
    expect(await pragma('journal_mode')).toBe('wal');

    const reopened = await openSqliteStore(file);
    expect(await reopened.getDevice('dev-a')).toMatchObject({ lastSeq: 1, counts: { fail: 1 } });
    expect(await reopened.recordFindings('dev-a', [findingOf(1)], 3)).toEqual({
      stored: 0,
      duplicates: 1,
      lastSeq: 1,
    });
    await reopened.close();
  });

  it('refuses a database that claims a newer schema version, and leaves it untouched', async () => {
    const connection = await openConnection(file, 'read-write');
    await connection.exec(
      `CREATE TABLE from_the_future (x); PRAGMA user_version = ${LATEST_SCHEMA_VERSION + 1};`,
    );
    await connection.close();

    const refusal = await openSqliteStore(file).then(
      () => null,
      (error: unknown) => error,
    );
    expect(refusal).toBeInstanceOf(SchemaTooNewError);
    expect(String((refusal as Error).message)).toMatch(
      new RegExp(`schema version ${LATEST_SCHEMA_VERSION + 1}.*upgrade shoumi-collector`),
    );
    expect(await pragma('user_version')).toBe(LATEST_SCHEMA_VERSION + 1);
    const check = await openConnection(file, 'read-only');
    expect(await check.get("SELECT name FROM sqlite_master WHERE name = 'devices'")).toBeUndefined();
    await check.close();
  });

  it('rolls back the ledger change and its audit record when a later write of the update fails', async () => {
    const store = await openSqliteStore(file);
    await store.recordHello(helloFor('dev-a'), 1);
    const auditBefore = await store.listAudit({ limit: 100 });
    // Fail the last write of the transaction (the ledger history row), after the audit record and the
    // device row have been written: only a real transaction takes both back.
    const saboteur = await openConnection(file, 'read-write');
    await saboteur.exec(
      "CREATE TRIGGER sabotage BEFORE INSERT ON ledger_history BEGIN SELECT RAISE(ABORT, 'history sabotaged'); END;",
    );
    await saboteur.close();

    await expect(
      store.updateLedger('dev-a', { assetNumber: 'BM-7' }, { actor: 'a', source: 'local' }),
    ).rejects.toThrow(/history sabotaged/);
    expect((await store.getDevice('dev-a'))?.assetNumber).toBe('');
    expect(await store.listAudit({ limit: 100 })).toEqual(auditBefore);
    const history = await openConnection(file, 'read-only');
    expect(await history.get<{ n: number }>('SELECT count(*) AS n FROM ledger_history')).toEqual({ n: 0 });
    await history.close();
    await store.close();
  });

  it('refuses edits to audit records at the database level', async () => {
    const store = await openSqliteStore(file);
    await store.recordHello(helloFor('dev-a'), 1);
    await store.close();
    const connection = await openConnection(file, 'read-write');
    await expect(connection.run("UPDATE audit SET actor = 'someone else'")).rejects.toThrow(/append-only/);
    await expect(connection.run('DELETE FROM audit')).rejects.toThrow(/append-only/);
    await connection.close();
  });

  it('gathers heartbeat last-seen stamps for a second, writes them as one, and writes what waits on close', async () => {
    const store = await openSqliteStore(file);
    await store.recordHello(helloFor('dev-a'), 1);
    await store.recordHello(helloFor('dev-b'), 1);
    const started = Date.now();
    const written = [
      store.touchDevice('dev-a', 50),
      store.touchDevice('dev-b', 60),
      store.touchDevice('dev-a', 40),
    ];
    expect((await store.getDevice('dev-a'))?.lastSeenMs).toBe(1); // not yet: gathered, not written
    await Promise.all(written);
    expect(Date.now() - started).toBeGreaterThanOrEqual(LAST_SEEN_FLUSH_MS - 50);
    expect((await store.getDevice('dev-a'))?.lastSeenMs).toBe(50);
    expect((await store.getDevice('dev-b'))?.lastSeenMs).toBe(60);
    // Closing does not drop what is still gathering: the stamp is on disk when the file is opened again.
    void store.touchDevice('dev-b', 70);
    await store.close();
    const reopened = await openSqliteStore(file);
    expect((await reopened.getDevice('dev-b'))?.lastSeenMs).toBe(70);
    await reopened.close();
  });

  it('rejects every caller of a group whose transaction fails, and stores nothing of it', async () => {
    const store = await openSqliteStore(file);
    await store.recordHello(helloFor('dev-a'), 1);
    await store.recordHello(helloFor('dev-b'), 1);
    const saboteur = await openConnection(file, 'read-write');
    await saboteur.exec(
      // On current_findings, written after the history rows: the rollback must take those back too.
      "CREATE TRIGGER sabotage BEFORE INSERT ON current_findings WHEN NEW.rule_id = 'poison' BEGIN SELECT RAISE(ABORT, 'poisoned group'); END;",
    );
    await saboteur.close();
    const outcomes = await Promise.allSettled([
      store.recordFindings('dev-a', [findingOf(1)], 2),
      store.recordFindings('dev-b', [findingOf(1, { ruleId: 'poison' })], 2),
    ]);
    expect(outcomes.map((outcome) => outcome.status)).toEqual(['rejected', 'rejected']);
    expect((await store.listFindings({ limit: 10, history: true })).findings).toEqual([]);
    expect((await store.getDevice('dev-a'))?.lastSeq).toBe(0);
    // The next group commits normally.
    expect(await store.recordFindings('dev-a', [findingOf(1)], 3)).toEqual({
      stored: 1,
      duplicates: 0,
      lastSeq: 1,
    });
    await store.close();
  });

  it('keeps every acknowledged finding when the process is killed with SIGKILL', async () => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', fileURLToPath(new URL('./ingest-until-killed.ts', import.meta.url)), file],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const acked = new Set<number>();
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const exited = new Promise<NodeJS.Signals | null>((resolve) =>
      child.on('exit', (_, signal) => resolve(signal)),
    );
    await new Promise<void>((resolve, reject) => {
      let buffered = '';
      child.stdout.on('data', (chunk: Buffer) => {
        buffered += chunk.toString();
        const lines = buffered.split('\n');
        buffered = lines.pop() ?? '';
        for (const line of lines) {
          const match = /^acked (\d+)$/.exec(line);
          if (match) acked.add(Number(match[1]));
        }
        if (acked.size >= 2000) {
          child.kill('SIGKILL');
          resolve();
        }
      });
      child.on('exit', () => reject(new Error(`child exited before the kill: ${stderr}`)));
    }).catch((error: unknown) => {
      throw error;
    });
    expect(await exited).toBe('SIGKILL');

    const store = await openSqliteStore(file);
    const stored = new Set<number>();
    let pageToken = '';
    do {
      const page = await store.listFindings({ limit: 1000, history: true, deviceId: 'durable', pageToken });
      for (const finding of page.findings) stored.add(finding.seq);
      pageToken = page.nextPageToken;
    } while (pageToken !== '');
    const missing = [...acked].filter((seq) => !stored.has(seq));
    expect(missing).toEqual([]);
    expect(stored.size).toBeGreaterThanOrEqual(acked.size);
    const device = await store.getDevice('durable');
    expect(device?.lastSeq).toBe(Math.max(...stored));
    expect(device?.counts.fail).toBe(stored.size);
    await store.close();
  });
});
