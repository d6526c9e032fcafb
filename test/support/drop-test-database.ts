// Dropping a test's database while its connections may still be open. `DROP DATABASE … WITH (FORCE)` ends
// them, but refuses outright (SQLSTATE 42501, "must be a member of the role whose process is being
// terminated") when the database also has a backend this role may not signal. On a test database that is an
// autovacuum worker: it runs as no role, and the launcher sends one into every database once per
// autovacuum_naptime, so now and then one is there at the moment of the drop (the PostgreSQL suites failed
// in their clean-up this way, in whichever test met it: the "flaky" contract tests of issue 17). A plain
// DROP DATABASE cancels autovacuum workers itself, so after such a refusal this role's own sessions are
// ended and a plain drop is tried; a session that reconnects in between sends it round again, until a
// deadline, after which the error names what was still connected.

/** The one method of pg.Client used here, so a test can script the server's answers. */
export interface MaintenanceClient {
  query(text: string, values?: unknown[]): Promise<{ rows: Record<string, unknown>[] }>;
}

const INSUFFICIENT_PRIVILEGE = '42501';
const OBJECT_IN_USE = '55006';

function sqlState(error: unknown): string | undefined {
  return (error as { code?: string }).code;
}

export async function dropTestDatabase(
  client: MaintenanceClient,
  name: string,
  { deadlineMs = 30_000, retryMs = 100 }: { deadlineMs?: number; retryMs?: number } = {},
): Promise<void> {
  if (!/^[a-z0-9_]+$/.test(name)) throw new Error(`not a test database name: ${name}`);
  const giveUpAt = Date.now() + deadlineMs;
  let lastError: unknown;
  while (Date.now() <= giveUpAt) {
    try {
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      return;
    } catch (error) {
      if (sqlState(error) !== INSUFFICIENT_PRIVILEGE) throw error;
      lastError = error;
    }
    await client.query(
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
        WHERE datname = $1 AND pid <> pg_backend_pid() AND usename = current_user`,
      [name],
    );
    try {
      await client.query(`DROP DATABASE IF EXISTS ${name}`);
      return;
    } catch (error) {
      if (sqlState(error) !== OBJECT_IN_USE) throw error;
      lastError = error;
    }
    await new Promise((resolve) => setTimeout(resolve, retryMs));
  }
  const { rows } = await client.query(
    `SELECT backend_type, coalesce(usename, '(no role)') AS role, application_name FROM pg_stat_activity
      WHERE datname = $1 AND pid <> pg_backend_pid()`,
    [name],
  );
  const holders = rows
    .map((row) => `${row.backend_type} as ${row.role} (${row.application_name})`)
    .join(', ');
  throw new Error(
    `could not drop test database ${name} within ${deadlineMs} ms (${(lastError as Error).message}); ` +
      `still connected: ${holders || 'nothing'}`,
  );
}
