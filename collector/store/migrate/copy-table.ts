// One table copied from a SQLite store into PostgreSQL, inside the caller's PostgreSQL transaction: pages read
// in primary-key order (keyset, so each page is one index seek however deep into the table), each page one
// INSERT … SELECT FROM unnest(typed arrays) — one statement per page whatever its row count. The next page is
// read from SQLite while PostgreSQL inserts the one before.
//
// Columns are matched by name: a column on one side only refuses the copy (migrated-tables.ts says why).
// An identity column (ledger_history.change_id) is inserted as stored (OVERRIDING SYSTEM VALUE) and its
// sequence then set past the copied maximum, so the next row continues the numbering.
import type pg from 'pg';
import type { SqliteConnection, SqlValue } from '../sqlite/connection';
import type { CopiedTable } from './migrated-tables';
import { MigrationRefused } from './migration-refused';

interface SqliteColumn {
  name: string;
  /** 1-based position in the primary key; 0 when not part of it. */
  pk: number;
}

interface PostgresColumn {
  name: string;
  /** format_type(): "text", "bigint", "integer", "boolean", … */
  type: string;
  identity: boolean;
}

const quoted = (name: string) => `"${name.replaceAll('"', '""')}"`;

async function sqliteColumns(reader: SqliteConnection, table: string): Promise<SqliteColumn[]> {
  return reader.all<SqliteColumn>(`SELECT name, pk FROM pragma_table_info(?)`, [table]);
}

async function postgresColumns(client: pg.ClientBase, table: string): Promise<PostgresColumn[]> {
  const found = await client.query<PostgresColumn>(
    `SELECT a.attname AS name, format_type(a.atttypid, a.atttypmod) AS type, a.attidentity <> '' AS identity
       FROM pg_attribute a
      WHERE a.attrelid = to_regclass($1) AND a.attnum > 0 AND NOT a.attisdropped
      ORDER BY a.attnum`,
    [table],
  );
  return found.rows;
}

export interface TablePlan {
  table: string;
  columns: readonly PostgresColumn[];
  /** Primary key columns, in key order (SQLite's). */
  key: readonly string[];
  booleans: ReadonlySet<string>;
}

/** Matches the two sides' columns; refuses, naming them, when one side has a column the other lacks. */
export async function planTableCopy(
  reader: SqliteConnection,
  client: pg.ClientBase,
  copied: CopiedTable,
): Promise<TablePlan> {
  const [source, target] = [
    await sqliteColumns(reader, copied.table),
    await postgresColumns(client, copied.table),
  ];
  if (source.length === 0) throw new MigrationRefused(`table ${copied.table}: not in the SQLite store`);
  if (target.length === 0) throw new MigrationRefused(`table ${copied.table}: not in the PostgreSQL schema`);
  const targetNames = new Set(target.map((column) => column.name));
  const sourceNames = new Set(source.map((column) => column.name));
  const onlySqlite = source.filter((column) => !targetNames.has(column.name)).map((column) => column.name);
  const onlyPostgres = target.filter((column) => !sourceNames.has(column.name)).map((column) => column.name);
  if (onlySqlite.length > 0 || onlyPostgres.length > 0)
    throw new MigrationRefused(
      `table ${copied.table}: the two schemas differ (only on SQLite: ${onlySqlite.join(', ') || 'none'}; ` +
        `only on PostgreSQL: ${onlyPostgres.join(', ') || 'none'}); this migrate does not know how to carry it`,
    );
  const key = source
    .filter((column) => column.pk > 0)
    .sort((a, b) => a.pk - b.pk)
    .map((column) => column.name);
  if (key.length === 0) throw new MigrationRefused(`table ${copied.table}: no primary key to page by`);
  return { table: copied.table, columns: target, key, booleans: new Set(copied.booleans ?? []) };
}

type Row = Record<string, SqlValue>;

function readPage(
  reader: SqliteConnection,
  plan: TablePlan,
  after: readonly SqlValue[] | undefined,
  limit: number,
): Promise<Row[]> {
  const columns = plan.columns.map((column) => quoted(column.name)).join(', ');
  const key = plan.key.map(quoted).join(', ');
  // A row value compares as the key orders (BINARY collation, as ORDER BY): each page starts past the last.
  const where = after === undefined ? '' : `WHERE (${key}) > (${plan.key.map(() => '?').join(', ')})`;
  return reader.all<Row>(`SELECT ${columns} FROM ${quoted(plan.table)} ${where} ORDER BY ${key} LIMIT ?`, [
    ...(after ?? []),
    limit,
  ]);
}

function insertPage(client: pg.ClientBase, plan: TablePlan, rows: readonly Row[]): Promise<unknown> {
  const names = plan.columns.map((column) => quoted(column.name)).join(', ');
  const arrays = plan.columns.map((column, index) => `$${index + 1}::${column.type}[]`).join(', ');
  const overriding = plan.columns.some((column) => column.identity) ? 'OVERRIDING SYSTEM VALUE' : '';
  const values = plan.columns.map((column) =>
    rows.map((row) => {
      const value = row[column.name] ?? null;
      if (value === null || !plan.booleans.has(column.name)) return value;
      return value !== 0;
    }),
  );
  return client.query(
    `INSERT INTO ${quoted(plan.table)} (${names}) ${overriding} SELECT * FROM unnest(${arrays})`,
    values,
  );
}

/** Why PostgreSQL refused a page, in the operator's terms where the refusal is one we know. */
function refusalOf(plan: TablePlan, firstKey: readonly SqlValue[], error: unknown): MigrationRefused {
  const pgError = error as { message?: string; detail?: string; constraint?: string };
  const where = `table ${plan.table}, rows from key (${firstKey.join(', ')})`;
  if (pgError.constraint === 'devices_asset_number_unique')
    return new MigrationRefused(
      `${where}: two devices of the SQLite store share an asset number (${pgError.detail ?? ''}); the ` +
        'SQLite store let an older pair stand, PostgreSQL refuses it: renumber one (`shoumictl ledger check` ' +
        'names them), then migrate again',
    );
  return new MigrationRefused(
    `${where}: PostgreSQL refused them: ${pgError.message ?? String(error)}${pgError.detail ? ` (${pgError.detail})` : ''}`,
  );
}

/** Copies every row; resolves with how many. Inside the caller's PostgreSQL transaction. */
export async function copyTable(
  reader: SqliteConnection,
  client: pg.ClientBase,
  plan: TablePlan,
  batchRows: number,
): Promise<number> {
  const keyOf = (row: Row) => plan.key.map((name) => row[name] ?? null);
  const prefetch = (after: readonly SqlValue[] | undefined) => {
    const page = readPage(reader, plan, after, batchRows);
    // A page read ahead when an insert fails is never awaited: its own failure must not go unhandled.
    page.catch(() => undefined);
    return page;
  };
  let copied = 0;
  let next = prefetch(undefined);
  for (;;) {
    const rows = await next;
    if (rows.length === 0) break;
    next = rows.length < batchRows ? Promise.resolve([]) : prefetch(keyOf(rows.at(-1)!));
    await insertPage(client, plan, rows).catch((error: unknown) => {
      throw refusalOf(plan, keyOf(rows[0]!), error);
    });
    copied += rows.length;
  }
  for (const column of plan.columns.filter((candidate) => candidate.identity)) {
    await client.query(
      `SELECT setval(pg_get_serial_sequence($1, $2), max(${quoted(column.name)}))
         FROM ${quoted(plan.table)} HAVING max(${quoted(column.name)}) IS NOT NULL`,
      [plan.table, column.name],
    );
  }
  return copied;
}
