// A small promise wrapper over node-sqlite3. Nothing of sqlite3's own types leaves this folder: the rest of
// the store sees SqliteConnection and plain rows.
import sqlite3 from 'sqlite3';

export type SqlValue = string | number | null;

export interface RunOutcome {
  changes: number;
  lastId: number;
}

export interface SqliteConnection {
  run(sql: string, params?: readonly SqlValue[]): Promise<RunOutcome>;
  get<Row>(sql: string, params?: readonly SqlValue[]): Promise<Row | undefined>;
  all<Row>(sql: string, params?: readonly SqlValue[]): Promise<Row[]>;
  /** Runs several statements without parameters (schema, pragmas). */
  exec(sql: string): Promise<void>;
  close(): Promise<void>;
}

export type ConnectionMode = 'read-write' | 'read-only';

export function openConnection(file: string, mode: ConnectionMode): Promise<SqliteConnection> {
  const flags = mode === 'read-write' ? sqlite3.OPEN_READWRITE | sqlite3.OPEN_CREATE : sqlite3.OPEN_READONLY;
  return new Promise((resolve, reject) => {
    const database = new sqlite3.Database(file, flags, (error) => {
      if (error) reject(error);
      else resolve(wrap(database));
    });
  });
}

function wrap(database: sqlite3.Database): SqliteConnection {
  return {
    run: (sql, params = []) =>
      new Promise((resolve, reject) => {
        database.run(sql, params, function (this: sqlite3.RunResult, error: Error | null) {
          if (error) reject(error);
          else resolve({ changes: this.changes, lastId: this.lastID });
        });
      }),
    get: <Row>(sql: string, params: readonly SqlValue[] = []) =>
      new Promise<Row | undefined>((resolve, reject) => {
        database.get<Row>(sql, params, (error: Error | null, row: Row | undefined) => {
          if (error) reject(error);
          else resolve(row);
        });
      }),
    all: <Row>(sql: string, params: readonly SqlValue[] = []) =>
      new Promise<Row[]>((resolve, reject) => {
        database.all<Row>(sql, params, (error: Error | null, rows: Row[]) => {
          if (error) reject(error);
          else resolve(rows);
        });
      }),
    exec: (sql) =>
      new Promise((resolve, reject) => {
        database.exec(sql, (error: Error | null) => {
          if (error) reject(error);
          else resolve();
        });
      }),
    close: () =>
      new Promise((resolve, reject) => {
        database.close((error) => {
          if (error) reject(error);
          else resolve();
        });
      }),
  };
}
