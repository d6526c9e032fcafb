// Findings listings on PostgreSQL: the current finding per key or the whole history, every FindingQuery
// filter, opaque keyset page tokens (../page-token.ts) whose listings are SQLite's, so a boundary means the
// same on both: the next page starts strictly after the last key returned.
import type pg from 'pg';
import type { FindingStatus, Severity } from '../../../policies/model';
import { invalidFindingQuery } from '../findings-input';
import { clampPageLimit, decodePageToken, encodePageToken } from '../page-token';
import type { FindingPage, FindingQuery, StoredFinding } from '../store';
import { InvalidStoreInputError } from '../store-errors';

/** A findings row joined with its device's hostname. */
export interface StoredFindingRow {
  device_id: string;
  hostname: string;
  seq: number;
  rule_id: string;
  clause: string;
  subject: string;
  status: FindingStatus;
  severity: Severity;
  evidence: string;
  reason: string;
  observed_at_ms: number;
  sweep_id: string;
  received_at_ms: number;
  gone: boolean;
  reason_code: string;
  reason_params: string;
}

export function toStoredFinding(row: StoredFindingRow): StoredFinding {
  return {
    deviceId: row.device_id,
    hostname: row.hostname,
    receivedAtMs: row.received_at_ms,
    seq: row.seq,
    ruleId: row.rule_id,
    clause: row.clause,
    subject: row.subject,
    status: row.status,
    severity: row.severity,
    evidence: JSON.parse(row.evidence) as Record<string, unknown>,
    reason: row.reason,
    observedAtMs: row.observed_at_ms,
    sweepId: row.sweep_id,
    origin: row.seq < 0 ? 'collector' : 'agent',
    ...(row.gone ? { gone: true } : {}),
    ...(row.reason_code === ''
      ? {}
      : {
          reasonCode: row.reason_code,
          reasonParams: JSON.parse(row.reason_params) as Record<string, string>,
        }),
  };
}

const CURRENT_LISTING = 'current-findings';
const HISTORY_LISTING = 'finding-history';
const NEWEST_FIRST_HISTORY_LISTING = 'finding-history-newest-first';

/** Conditions with their values numbered $1, $2, … in the order they are added. */
function conditionsBuilder() {
  const conditions: string[] = [];
  const values: unknown[] = [];
  return {
    conditions,
    values,
    /** `text` holds `?` where each value goes. */
    add(text: string, ...params: unknown[]) {
      let index = 0;
      conditions.push(
        text.replace(/\?/g, () => {
          values.push(params[index++]);
          return `$${values.length}`;
        }),
      );
    },
    next(value: unknown) {
      values.push(value);
      return `$${values.length}`;
    },
  };
}

export async function listFindings(db: pg.Pool | pg.ClientBase, query: FindingQuery): Promise<FindingPage> {
  const invalid = invalidFindingQuery(query);
  if (invalid !== null) throw invalid;
  const history = query.history === true;
  const newestFirst = history && query.newestFirst === true;
  const listing = !history ? CURRENT_LISTING : newestFirst ? NEWEST_FIRST_HISTORY_LISTING : HISTORY_LISTING;
  const limit = clampPageLimit(query.limit);
  const table = history ? 'f' : 'c';
  const where = conditionsBuilder();
  const equal = (column: string, value: string | undefined) => {
    if (value !== undefined) where.add(`${column} = ?`, value);
  };
  equal(`${table}.device_id`, query.deviceId);
  equal(`${table}.clause`, query.clause);
  equal(`${table}.rule_id`, query.ruleId);
  equal(`${table}.status`, query.status);
  if (query.openOnly === true) where.add(`${table}.status IN ('fail', 'error')`);
  equal('d.department', query.department);
  equal('d.classification', query.classification);
  equal('f.sweep_id', query.sweepId);
  if (query.fromMs !== undefined) where.add('f.observed_at_ms >= ?', query.fromMs);
  if (query.toMs !== undefined) where.add('f.observed_at_ms <= ?', query.toMs);
  const usesDevice = query.department !== undefined || query.classification !== undefined;
  const usesContent = query.sweepId !== undefined || query.fromMs !== undefined || query.toMs !== undefined;
  if (query.pageToken !== undefined && query.pageToken !== '') {
    const after = history
      ? decodePageToken(listing, query.pageToken, ['string', 'number'])
      : decodePageToken(listing, query.pageToken, ['string', 'string', 'string']);
    if (after instanceof InvalidStoreInputError) throw after;
    // The key columns are COLLATE "C" (schema-findings.ts): keys compare by bytes, as on SQLite.
    if (!history) where.add('(c.device_id, c.rule_id, c.subject) > (?, ?, ?)', ...after);
    else where.add(`(f.device_id, f.seq) ${newestFirst ? '<' : '>'} (?, ?)`, ...after);
  }
  const whereText = where.conditions.length === 0 ? '' : `WHERE ${where.conditions.join(' AND ')}`;
  const limitParam = where.next(limit + 1);
  // Current rows: the page's keys first (joining devices and content only when a filter needs them), then
  // only the page's rows read whole.
  const sql = history
    ? `SELECT f.*, d.hostname FROM findings f JOIN devices d ON d.device_id = f.device_id
       ${whereText} ORDER BY ${newestFirst ? 'f.device_id DESC, f.seq DESC' : 'f.device_id, f.seq'} LIMIT ${limitParam}`
    : `SELECT f.*, d.hostname FROM (
         SELECT c.device_id, c.rule_id, c.subject, c.seq FROM current_findings c
           ${usesDevice ? 'JOIN devices d ON d.device_id = c.device_id' : ''}
           ${usesContent ? 'JOIN findings f ON f.device_id = c.device_id AND f.seq = c.seq' : ''}
         ${whereText} ORDER BY c.device_id, c.rule_id, c.subject LIMIT ${limitParam}) page
       JOIN findings f ON f.device_id = page.device_id AND f.seq = page.seq
       JOIN devices d ON d.device_id = page.device_id
       ORDER BY page.device_id, page.rule_id, page.subject`;
  const rows = (await db.query<StoredFindingRow>(sql, where.values)).rows;
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  let nextPageToken = '';
  if (rows.length > limit && last !== undefined) {
    nextPageToken = history
      ? encodePageToken(listing, [last.device_id, last.seq])
      : encodePageToken(listing, [last.device_id, last.rule_id, last.subject]);
  }
  return { findings: page.map(toStoredFinding), nextPageToken };
}
