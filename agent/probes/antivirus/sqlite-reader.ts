// The runtime's own SQLite (node:sqlite, Node ≥ 22.5), loaded only when a definition needs it. The agent
// executables carry Node 24, which has it; the development test runner (Node 20) does not, and there an
// SQLite source reads as unknown, saying so, instead of failing to load the agent. No native module: the
// product's database is opened read-only by the runtime that is already there.

export interface ReadOnlyDatabase {
  prepare(sql: string): { all(...params: Array<string | number>): Array<Record<string, unknown>> };
  close(): void;
}

interface SqliteModule {
  DatabaseSync: new (file: string, options: { readOnly: boolean }) => ReadOnlyDatabase;
}

export const NO_SQLITE_READER = 'this runtime has no SQLite reader';

/** Opens `file` read-only; null when this runtime has no SQLite. Throws what SQLite throws on open. */
export function openReadOnlyDatabase(file: string): ReadOnlyDatabase | null {
  const sqlite = process.getBuiltinModule?.('node:sqlite') as SqliteModule | undefined;
  if (!sqlite?.DatabaseSync) return null;
  return new sqlite.DatabaseSync(file, { readOnly: true });
}

/** Whether this runtime can read SQLite files (for tests that need it to say why they are skipped). */
export function hasSqliteReader(): boolean {
  return Boolean((process.getBuiltinModule?.('node:sqlite') as SqliteModule | undefined)?.DatabaseSync);
}
