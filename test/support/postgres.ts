// A real PostgreSQL for the tests: Debian's, started by `npm run setup:postgres` (scripts/setup-postgres.sh),
// reached at $SHOUMI_TEST_POSTGRES. Each caller gets a database of its own, made from template0 and dropped
// (with any connections still open to it) when done, so suites run side by side without seeing each other's
// rows, advisory locks or notifications. A test that cannot reach the server fails and says what to run:
// it never passes silently.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { dropTestDatabase } from './drop-test-database';

export const DEFAULT_TEST_POSTGRES = 'postgres://shoumi_test:shoumi_test@127.0.0.1:5432/postgres';

/** The maintenance database's URL: where databases are created and dropped. */
export function testPostgresUrl(): string {
  return process.env.SHOUMI_TEST_POSTGRES || DEFAULT_TEST_POSTGRES;
}

export interface TestDatabase {
  /** postgres://… of the new, empty database. */
  url: string;
  name: string;
  /** Drops the database, closing whatever is still connected to it. */
  drop(): Promise<void>;
}

function withDatabase(url: string, name: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${name}`;
  return parsed.toString();
}

async function maintenance<T>(
  run: (client: pg.Client) => Promise<T>,
  serverUrl = testPostgresUrl(),
): Promise<T> {
  const client = new pg.Client({ connectionString: serverUrl, connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
  } catch (error) {
    throw new Error(
      `PostgreSQL is not reachable at ${serverUrl.replace(/:[^:@/]*@/, ':***@')} ` +
        `(${(error as Error).message}): run \`sudo npm run setup:system && sudo npm run setup:postgres\`, ` +
        'or point SHOUMI_TEST_POSTGRES at a server where the role may create databases',
    );
  }
  try {
    return await run(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * A fresh, empty database; `label` (letters, digits, _) shows in its name to tell suites apart in
 * pg_stat_activity. `serverUrl`: another server's maintenance URL (a private instance), the shared one if absent.
 */
export async function freshPostgresDatabase(
  label = 'test',
  serverUrl = testPostgresUrl(),
): Promise<TestDatabase> {
  const safeLabel = label
    .toLowerCase()
    .replace(/[^a-z0-9_]/g, '_')
    .slice(0, 24);
  const name = `shoumi_${safeLabel}_${process.pid}_${randomBytes(4).toString('hex')}`;
  await maintenance(
    (client) => client.query(`CREATE DATABASE ${name} TEMPLATE template0 ENCODING 'UTF8'`),
    serverUrl,
  );
  return {
    name,
    url: withDatabase(serverUrl, name),
    drop: () => maintenance((client) => dropTestDatabase(client, name), serverUrl),
  };
}
