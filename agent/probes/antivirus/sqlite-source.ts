// An `sqlite` source: the newest time in a column of a table the product keeps (Huorong's log.db, table
// HrLogV3, rows fid=2, JSON field `newdbtime` of `detail`). One query, with the definition's identifiers
// (validated as plain names by the schema, and quoted) and its `where` values bound as parameters; the
// database is opened read-only and closed at once, so the product's own writes are never held up for long.
// JSON is read here rather than with SQLite's json_extract, so that one malformed row is skipped instead of
// failing the whole query.

import { statSync } from 'node:fs';
import type { TimeFormat } from '../../../policies/antivirus/product-definition';
import { describeIoError, type MachineRoot, segmentsOf } from '../machine-root';
import { datedFile, isAbsence, type SourceReading } from './source-reading';
import { NO_SQLITE_READER, openReadOnlyDatabase } from './sqlite-reader';
import { parseProductTime } from './time-format';

export interface SqliteSource {
  path: string;
  table: string;
  column: string;
  where: Readonly<Record<string, string | number>>;
  json_field?: string | undefined;
  format: TimeFormat;
}

const quote = (identifier: string) => `"${identifier}"`;

export function readSqliteSource(root: MachineRoot, source: SqliteSource): SourceReading {
  const realFile = root.path(...segmentsOf(source.path));
  try {
    if (!statSync(realFile).isFile()) return { kind: 'failed', reason: `${realFile} is not a file` };
  } catch (error) {
    if (isAbsence(error)) return { kind: 'read', readings: [] };
    return { kind: 'failed', reason: describeIoError(realFile, error) };
  }
  const conditions = Object.entries(source.where);
  const sql =
    `SELECT ${quote(source.column)} AS value FROM ${quote(source.table)}` +
    (conditions.length > 0
      ? ` WHERE ${conditions.map(([column]) => `${quote(column)} = ?`).join(' AND ')}`
      : '');
  let values: unknown[];
  try {
    const database = openReadOnlyDatabase(realFile);
    if (database === null) return { kind: 'failed', reason: `cannot read ${realFile}: ${NO_SQLITE_READER}` };
    try {
      values = database
        .prepare(sql)
        .all(...conditions.map(([, value]) => value))
        .map((row) => row.value);
    } finally {
      database.close();
    }
  } catch (error) {
    return { kind: 'failed', reason: `cannot read ${realFile}: ${(error as Error).message}` };
  }
  const times = values
    .map((value) => fieldOf(value, source.json_field))
    .map((value) => (value === null ? null : parseProductTime(value, source.format)))
    .filter((time): time is number => time !== null);
  const where = conditions.map(([column, value]) => `${column}=${value}`).join(',');
  const name = `${source.table}${where ? `[${where}]` : ''}.${source.column}${source.json_field ? `.${source.json_field}` : ''}`;
  if (values.length === 0) return { kind: 'read', readings: [] };
  return {
    kind: 'read',
    readings: [datedFile(name, source.path, times.length > 0 ? Math.max(...times) : null)],
  };
}

/** The column's value, or the named field of the JSON object it holds; null when there is none. */
function fieldOf(value: unknown, jsonField: string | undefined): string | number | bigint | null {
  if (jsonField === undefined) return isTimeLike(value) ? value : null;
  if (typeof value !== 'string') return null;
  try {
    const parsed: unknown = JSON.parse(value);
    const field =
      parsed !== null && typeof parsed === 'object' ? (parsed as Record<string, unknown>)[jsonField] : null;
    return isTimeLike(field) ? field : null;
  } catch {
    return null;
  }
}

function isTimeLike(value: unknown): value is string | number | bigint {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'bigint';
}
