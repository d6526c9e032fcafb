// The single writer. SQLite allows one writer at a time anyway; doing the queuing here rather than in
// SQLite's busy handler keeps every write transaction whole on one connection: nothing else can slip a
// statement into the middle of a BEGIN … COMMIT, and an audit append is ordered with the findings groups.
import type { SqliteConnection } from './connection';

export interface SerialWriter {
  /** Runs `work` inside BEGIN IMMEDIATE … COMMIT after every earlier transaction; rolls back if it throws. */
  transaction<T>(work: (connection: SqliteConnection) => Promise<T>): Promise<T>;
  /** Resolves when every transaction queued so far has finished. */
  idle(): Promise<void>;
}

export function createSerialWriter(connection: SqliteConnection): SerialWriter {
  let tail: Promise<unknown> = Promise.resolve();

  const runOne = async <T>(work: (connection: SqliteConnection) => Promise<T>): Promise<T> => {
    await connection.run('BEGIN IMMEDIATE');
    try {
      const result = await work(connection);
      await connection.run('COMMIT');
      return result;
    } catch (error) {
      // A failed COMMIT may already have rolled back; ROLLBACK then fails with "no transaction", which
      // must not hide the error that matters.
      await connection.run('ROLLBACK').catch(() => undefined);
      throw error;
    }
  };

  return {
    transaction(work) {
      const result = tail.then(() => runOne(work));
      tail = result.catch(() => undefined);
      return result;
    },
    idle: () => tail.then(() => undefined),
  };
}
