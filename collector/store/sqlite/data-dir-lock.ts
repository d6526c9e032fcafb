// One collector per SQLite data directory. Two writers on one file would each group-commit and ack on their
// own view of the counters, so a second collector must refuse to start.
//
// The lock is SQLite's own EXCLUSIVE lock (a POSIX fcntl lock) on DIR/collector.lock, held by an open
// connection for the life of the process. The kernel drops it when the process dies — SIGKILL and power loss
// included — so a restart after a crash never finds a stale lock, unlike a pid file. The holder's pid is
// written beside it only to name it in the refusal.
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import sqlite3 from 'sqlite3';

export interface DataDirLock {
  release(): Promise<void>;
}

export class DataDirLocked extends Error {}

function run(db: sqlite3.Database, sql: string): Promise<void> {
  return new Promise((resolve, reject) => db.exec(sql, (error) => (error ? reject(error) : resolve())));
}

export async function lockDataDir(dataDir: string): Promise<DataDirLock> {
  const lockFile = path.join(dataDir, 'collector.lock');
  const pidFile = path.join(dataDir, 'collector.pid');
  const db = await new Promise<sqlite3.Database>((resolve, reject) => {
    const opened = new sqlite3.Database(lockFile, (error) => (error ? reject(error) : resolve(opened)));
  });
  try {
    // busy_timeout 0: fail at once rather than wait for a collector that may run for months.
    await run(
      db,
      'PRAGMA busy_timeout=0; PRAGMA locking_mode=EXCLUSIVE; BEGIN EXCLUSIVE; CREATE TABLE IF NOT EXISTS holder(pid INTEGER); COMMIT;',
    );
  } catch (error) {
    await new Promise<void>((resolve) => db.close(() => resolve()));
    const holder = await readFile(pidFile, 'utf8').catch(() => 'unknown');
    if ((error as { code?: string }).code === 'SQLITE_BUSY') {
      throw new DataDirLocked(
        `data directory ${dataDir} is in use by another collector (pid ${holder.trim()}); ` +
          'stop it first — two collectors must never write one SQLite store',
      );
    }
    throw error;
  }
  await writeFile(pidFile, `${process.pid}\n`, { mode: 0o600 });
  return {
    release: () => new Promise<void>((resolve) => db.close(() => resolve())),
  };
}
