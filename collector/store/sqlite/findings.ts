// Findings on SQLite: the ingest write (one call of a group commit's transaction), the current/history
// listings with keyset pages, and the fleet counts read from the per-device summary.
import type { Finding, FindingStatus, Severity } from '../../../policies/model';
import { evidenceText, reasonParamsText } from '../collector-judgement';
import { invalidAgentFinding, invalidFindingQuery } from '../findings-input';
import type { JobOutcome } from '../group-commit';
import { currentStateChange } from '../one-current-state';
import { clampPageLimit, decodePageToken, encodePageToken } from '../page-token';
import type {
  ClauseFailures,
  FindingPage,
  FindingQuery,
  FindingRefusal,
  FleetCounts,
  IngestResult,
  StoredFinding,
} from '../store';
import { InvalidStoreInputError, UnknownDeviceError } from '../store-errors';
import { invalidRefusal } from '../validate-refusal';
import type { SqliteConnection, SqlValue } from './connection';
import { applyCurrentStateChanges, type CurrentCandidate } from './current-findings';
import { recordRefusalsInTransaction } from './refusals';

export interface FindingsCall {
  deviceId: string;
  findings: Finding[];
  receivedAtMs: number;
  /** Seqs of the same batch the collector refused (refusals.ts): written in the same transaction. */
  refused?: readonly FindingRefusal[];
  /** Set by prepareFindingsCall when the call is queued; a call without it is prepared in the transaction. */
  prepared?: PreparedFindings;
}

/** What a call's findings need before the transaction: the first invalid one, or every row ready to bind. */
interface PreparedFindings {
  invalid: InvalidStoreInputError | null;
  /** findingRow of each finding, in the call's order (empty when invalid). */
  rows: SqlValue[][];
}

// SQLite's default limit is 32766 bound variables per statement; stay well under it.
const MAX_VARIABLES_PER_STATEMENT = 30_000;
const FINDING_COLUMNS = 15;

/**
 * Validates a call's findings and builds their rows when the call is queued, not inside the group's
 * transaction: the group commit is one transaction at a time, so JavaScript done inside it stands between
 * SQLite's statements, while done at arrival it overlaps the transaction before (the main thread otherwise
 * waits for SQLite's worker there). Pure; whether the device may send is still decided in the transaction.
 */
export function prepareFindingsCall<Call extends FindingsCall>(call: Call): Call {
  return { ...call, prepared: prepare(call) };
}

function prepare(call: FindingsCall): PreparedFindings {
  for (const finding of call.findings) {
    const invalid = invalidAgentFinding(call.deviceId, finding);
    if (invalid !== null) return { invalid, rows: [] };
  }
  for (const refusal of call.refused ?? []) {
    const invalid = invalidRefusal(call.deviceId, refusal);
    if (invalid !== null) return { invalid, rows: [] };
  }
  return {
    invalid: null,
    rows: call.findings.map((finding) => findingRow(call.deviceId, finding, call.receivedAtMs)),
  };
}

/**
 * Writes several callers' findings inside one write transaction. Unknown devices and invalid findings
 * fail only their own call; anything SQLite refuses throws and fails the whole transaction.
 */
export async function writeFindingsInTransaction(
  transaction: SqliteConnection,
  calls: readonly FindingsCall[],
): Promise<Array<JobOutcome<IngestResult>>> {
  const lastSeqByDevice = await helloedDevices(transaction, [...new Set(calls.map((call) => call.deviceId))]);
  const lastSeqBefore = new Map(lastSeqByDevice);

  const prepared = calls.map((call) => call.prepared ?? prepare(call));
  const outcomes: Array<JobOutcome<IngestResult> | null> = calls.map((call, index) => {
    if (!lastSeqByDevice.has(call.deviceId))
      return { ok: false, error: new UnknownDeviceError(call.deviceId) };
    const invalid = prepared[index]!.invalid;
    return invalid === null ? null : { ok: false, error: invalid };
  });

  const accepted = calls
    .map((call, index) => ({ ...call, prepared: prepared[index]! }))
    .filter((_, index) => outcomes[index] === null);
  const inserted = await insertFindings(transaction, accepted, lastSeqByDevice);

  // Attribute each inserted (device, seq) to the first call that carried it; a later copy (the same finding
  // re-sent by two streams, or twice in one call) counts as a duplicate.
  const storedRows: Array<{ deviceId: string; finding: Finding }> = [];
  const storedCounts = accepted.map((call) => {
    let stored = 0;
    const insertedSeqs = inserted.get(call.deviceId);
    for (const finding of call.findings) {
      if (insertedSeqs?.delete(finding.seq)) {
        stored += 1;
        storedRows.push({ deviceId: call.deviceId, finding });
        const lastSeq = lastSeqByDevice.get(call.deviceId)!;
        if (finding.seq > lastSeq) lastSeqByDevice.set(call.deviceId, finding.seq);
      }
    }
    return stored;
  });
  // Refused seqs move last_seq like stored ones (updateDeviceSummaries below), in this same transaction.
  const standingRefusals = await recordRefusalsInTransaction(transaction, accepted, lastSeqByDevice);

  await updateCurrentFindings(transaction, storedRows, lastSeqBefore);
  await updateDeviceSummaries(transaction, accepted, lastSeqByDevice);

  let acceptedIndex = 0;
  return calls.map((call, index) => {
    const refused = outcomes[index];
    if (refused !== null && refused !== undefined) return refused;
    const standing = standingRefusals[acceptedIndex]!;
    const stored = storedCounts[acceptedIndex++]!;
    return {
      ok: true,
      value: {
        stored,
        duplicates: call.findings.length - stored,
        lastSeq: lastSeqByDevice.get(call.deviceId)!,
        ...(call.refused === undefined ? {} : { refused: standing }),
      },
    };
  });
}

/** last_seq of every device among `deviceIds` that has said hello. */
async function helloedDevices(
  transaction: SqliteConnection,
  deviceIds: readonly string[],
): Promise<Map<string, number>> {
  const lastSeqByDevice = new Map<string, number>();
  for (const chunk of chunked(deviceIds, MAX_VARIABLES_PER_STATEMENT)) {
    const rows = await transaction.all<{ device_id: string; last_seq: number }>(
      `SELECT device_id, last_seq FROM devices
        WHERE first_seen_ms > 0 AND device_id IN (${placeholders(chunk.length, 1)})`,
      chunk,
    );
    for (const row of rows) lastSeqByDevice.set(row.device_id, row.last_seq);
  }
  return lastSeqByDevice;
}

/** The columns of one `findings` row, in FINDING_ROW_COLUMNS order. */
export const FINDING_ROW_COLUMNS =
  'device_id, seq, rule_id, clause, subject, status, severity, evidence, reason, observed_at_ms, sweep_id, received_at_ms, gone, reason_code, reason_params';

export function findingRow(deviceId: string, finding: Finding, receivedAtMs: number): SqlValue[] {
  return [
    deviceId,
    finding.seq,
    finding.ruleId,
    finding.clause,
    finding.subject,
    finding.status,
    finding.severity,
    evidenceText(finding),
    finding.reason,
    finding.observedAtMs,
    finding.sweepId,
    receivedAtMs,
    finding.gone === true ? 1 : 0,
    finding.reasonCode ?? '',
    reasonParamsText(finding),
  ];
}

export { reasonParamsText };

/** Per device, the lowest and highest seq a group carries: the range to look for already-stored copies in. */
function seqRanges(calls: readonly FindingsCall[]): Map<string, { low: number; high: number }> {
  const ranges = new Map<string, { low: number; high: number }>();
  for (const call of calls) {
    for (const finding of call.findings) {
      const range = ranges.get(call.deviceId);
      if (!range) ranges.set(call.deviceId, { low: finding.seq, high: finding.seq });
      else {
        range.low = Math.min(range.low, finding.seq);
        range.high = Math.max(range.high, finding.seq);
      }
    }
  }
  return ranges;
}

/** Seqs per device: a Set of numbers per device id is cheaper than a string key per finding. */
type SeqsByDevice = Map<string, Set<number>>;

function seqSetOf(seqs: SeqsByDevice, deviceId: string): Set<number> {
  let set = seqs.get(deviceId);
  if (set === undefined) {
    set = new Set();
    seqs.set(deviceId, set);
  }
  return set;
}

/**
 * Of this group's (device, seq) keys, those already stored. A device's last_seq is the highest agent seq
 * stored or refused for it, written in the same transaction as the rows (updateDeviceSummaries), so a seq above it
 * cannot be stored yet: only a resend after a lost ack carries seqs at or below it. Only those ranges are
 * looked up, all devices in one statement; a group of fresh findings, the usual case, reads nothing. (One
 * look-up per device used to cost a worker-thread round trip per stream at 10,000 streams × 20 findings.)
 */
async function storedSeqs(
  transaction: SqliteConnection,
  calls: readonly FindingsCall[],
  lastSeqByDevice: ReadonlyMap<string, number>,
): Promise<SeqsByDevice> {
  const resent: SqlValue[][] = [];
  for (const [deviceId, { low, high }] of seqRanges(calls)) {
    const lastSeq = lastSeqByDevice.get(deviceId)!;
    if (low <= lastSeq) resent.push([deviceId, low, Math.min(high, lastSeq)]);
  }
  const known: SeqsByDevice = new Map();
  for (const chunk of chunked(resent, Math.floor(MAX_VARIABLES_PER_STATEMENT / 3))) {
    const rows = await transaction.all<{ device_id: string; seq: number }>(
      `SELECT f.device_id, f.seq FROM (VALUES ${placeholders(chunk.length, 3)}) AS resent
         JOIN findings f ON f.device_id = resent.column1 AND f.seq BETWEEN resent.column2 AND resent.column3`,
      chunk.flat(),
    );
    for (const row of rows) seqSetOf(known, row.device_id).add(row.seq);
  }
  return known;
}

/**
 * Inserts the findings not stored yet and returns the seqs it inserted, per device. The transaction began
 * IMMEDIATE (serial-writer.ts): it holds the database's one write lock from before its first read, whichever
 * store instance or process wrote last, so what storedSeqs reads is what is stored until it commits, and it
 * tells new from stored without INSERT … RETURNING handing every key back to JavaScript. No memory of an
 * earlier transaction is used. Were that ever wrong, the primary key would refuse the insert and fail the
 * group loudly (nothing acked, the agents resend), never store a (device, seq) twice.
 */
async function insertFindings(
  transaction: SqliteConnection,
  calls: ReadonlyArray<FindingsCall & { prepared: PreparedFindings }>,
  lastSeqByDevice: ReadonlyMap<string, number>,
): Promise<SeqsByDevice> {
  const known = await storedSeqs(transaction, calls, lastSeqByDevice);
  const inserted: SeqsByDevice = new Map();
  const rows: SqlValue[][] = [];
  for (const call of calls) {
    const knownSeqs = known.get(call.deviceId);
    const insertedSeqs = seqSetOf(inserted, call.deviceId);
    call.findings.forEach((finding, index) => {
      // Already stored, or carried twice in this group (two streams of one device resending): keep the first.
      if (knownSeqs?.has(finding.seq) || insertedSeqs.has(finding.seq)) return;
      insertedSeqs.add(finding.seq);
      rows.push(call.prepared.rows[index]!);
    });
  }
  for (const chunk of chunked(rows, Math.floor(MAX_VARIABLES_PER_STATEMENT / FINDING_COLUMNS))) {
    await transaction.run(
      `INSERT INTO findings (${FINDING_ROW_COLUMNS}) VALUES ${placeholders(chunk.length, FINDING_COLUMNS)}`,
      chunk.flat(),
    );
  }
  return inserted;
}

/** The findings of one (device, rule) that a group brings, and whether any is late. */
interface RuleGroup {
  deviceId: string;
  ruleId: string;
  findings: CurrentCandidate[];
  /** The lowest seq among them: the group's R starts here (one-current-state.ts). */
  lowestSeq: number;
}

/**
 * Brings current_findings up to date with a group's stored findings under the one-state rule
 * (one-current-state.ts). A (device, rule) whose new findings are all above the device's last seq before the
 * group (the usual case: agents number upwards) is decided from the group's findings alone, without reading
 * anything. One with a late finding (below a seq already stored, e.g. two streams of one device racing) is
 * decided from its stored findings from the lowest late seq on, read in one statement for all such pairs.
 */
async function updateCurrentFindings(
  transaction: SqliteConnection,
  storedRows: ReadonlyArray<{ deviceId: string; finding: Finding }>,
  lastSeqBefore: ReadonlyMap<string, number>,
): Promise<void> {
  // Device → rule → group: nested maps, not a joined string key per finding (this runs for every finding).
  const byDevice = new Map<string, Map<string, RuleGroup>>();
  const groups: RuleGroup[] = [];
  for (const { deviceId, finding } of storedRows) {
    let rules = byDevice.get(deviceId);
    if (rules === undefined) {
      rules = new Map();
      byDevice.set(deviceId, rules);
    }
    const group = rules.get(finding.ruleId);
    if (group === undefined) {
      const created = { deviceId, ruleId: finding.ruleId, findings: [finding], lowestSeq: finding.seq };
      rules.set(finding.ruleId, created);
      groups.push(created);
    } else {
      group.findings.push(finding);
      if (finding.seq < group.lowestSeq) group.lowestSeq = finding.seq;
    }
  }
  const late = groups.filter((group) => group.lowestSeq <= lastSeqBefore.get(group.deviceId)!);
  for (const chunk of chunked(late, Math.floor(MAX_VARIABLES_PER_STATEMENT / 3))) {
    const values: SqlValue[] = [];
    for (const group of chunk) {
      values.push(group.deviceId, group.ruleId, group.lowestSeq);
      group.findings = [];
    }
    const stored = await transaction.all<{
      device_id: string;
      rule_id: string;
      seq: number;
      subject: string;
      status: FindingStatus;
      clause: string;
      gone: number;
    }>(
      `SELECT f.device_id, f.rule_id, f.seq, f.subject, f.status, f.clause, f.gone
         FROM (VALUES ${placeholders(chunk.length, 3)}) AS late
         JOIN findings f ON f.device_id = late.column1 AND f.seq >= late.column3 AND f.rule_id = late.column2`,
      values,
    );
    for (const row of stored) {
      byDevice
        .get(row.device_id)!
        .get(row.rule_id)!
        .findings.push({
          seq: row.seq,
          subject: row.subject,
          status: row.status,
          clause: row.clause,
          gone: row.gone === 1,
        });
    }
  }
  await applyCurrentStateChanges(
    transaction,
    groups.map((group) => ({
      deviceId: group.deviceId,
      ruleId: group.ruleId,
      change: currentStateChange(group.findings),
    })),
    'ascending',
  );
}

/** Sending findings is contact too: last seen moves with last_seq. */
async function updateDeviceSummaries(
  transaction: SqliteConnection,
  calls: readonly FindingsCall[],
  lastSeqByDevice: ReadonlyMap<string, number>,
): Promise<void> {
  const receivedByDevice = new Map<string, number>();
  for (const call of calls) {
    receivedByDevice.set(
      call.deviceId,
      Math.max(receivedByDevice.get(call.deviceId) ?? 0, call.receivedAtMs),
    );
  }
  const devices = [...receivedByDevice.entries()];
  for (const chunk of chunked(devices, Math.floor(MAX_VARIABLES_PER_STATEMENT / 3))) {
    const values: SqlValue[] = [];
    for (const [deviceId, receivedAtMs] of chunk)
      values.push(deviceId, lastSeqByDevice.get(deviceId)!, receivedAtMs);
    await transaction.run(
      `UPDATE devices SET last_seq = max(devices.last_seq, summary.column2),
         last_seen_ms = max(devices.last_seen_ms, summary.column3)
         FROM (VALUES ${placeholders(chunk.length, 3)}) AS summary
        WHERE devices.device_id = summary.column1`,
      values,
    );
  }
}

/** A findings row joined with its device's hostname, as the listings and the inspection material read it. */
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
  gone: number;
  reason_code: string;
  reason_params: string;
}

const CURRENT_LISTING = 'current-findings';
const HISTORY_LISTING = 'finding-history';
const NEWEST_FIRST_HISTORY_LISTING = 'finding-history-newest-first';

export async function listFindings(reader: SqliteConnection, query: FindingQuery): Promise<FindingPage> {
  const history = query.history === true;
  // Newest first is the primary key walked backwards: (device_id, seq) descending. A global time order
  // would need a second index on the history table, paid by every insert.
  const newestFirst = history && query.newestFirst === true;
  const listing = !history ? CURRENT_LISTING : newestFirst ? NEWEST_FIRST_HISTORY_LISTING : HISTORY_LISTING;
  const limit = clampPageLimit(query.limit);
  const { conditions, params, uses } = findingConditions(query, history);
  // Every filter is a plain condition beside the keyset one, so a page boundary means the same thing with
  // or without filters: the next page starts strictly after the last key returned.
  if (query.pageToken !== undefined && query.pageToken !== '') {
    const after = history
      ? decodePageToken(listing, query.pageToken, ['string', 'number'])
      : decodePageToken(listing, query.pageToken, ['string', 'string', 'string']);
    if (after instanceof InvalidStoreInputError) throw after;
    conditions.push(
      !history
        ? '(c.device_id, c.rule_id, c.subject) > (?, ?, ?)'
        : newestFirst
          ? '(f.device_id, f.seq) < (?, ?)'
          : '(f.device_id, f.seq) > (?, ?)',
    );
    params.push(...after);
  }
  const where = conditions.length === 0 ? '' : `WHERE ${conditions.join(' AND ')}`;
  // Current rows: the page's keys are chosen first, joining the device and content rows only when a filter
  // needs them, and only the page's rows are then read whole. Joining everything before ORDER BY … LIMIT
  // read every matching finding's content: --open over 100,000 devices took 0.7 s, this way 25 ms.
  const sql = history
    ? `SELECT f.*, d.hostname FROM findings f JOIN devices d ON d.device_id = f.device_id
       ${where} ORDER BY ${newestFirst ? 'f.device_id DESC, f.seq DESC' : 'f.device_id, f.seq'} LIMIT ?`
    : `SELECT f.*, d.hostname FROM (
         SELECT c.device_id, c.rule_id, c.subject FROM current_findings c
           ${uses.device ? 'JOIN devices d ON d.device_id = c.device_id' : ''}
           ${uses.content ? 'JOIN findings f ON f.device_id = c.device_id AND f.seq = c.seq' : ''}
         ${where} ORDER BY c.device_id, c.rule_id, c.subject LIMIT ?) page
       JOIN current_findings c
         ON c.device_id = page.device_id AND c.rule_id = page.rule_id AND c.subject = page.subject
       JOIN findings f ON f.device_id = c.device_id AND f.seq = c.seq
       JOIN devices d ON d.device_id = c.device_id
       ORDER BY page.device_id, page.rule_id, page.subject`;
  const rows = await reader.all<StoredFindingRow>(sql, [...params, limit + 1]);
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

/**
 * The query's filters as SQL conditions. Current rows filter key, clause and status on current_findings
 * (its indexes); history rows on findings itself. Ledger filters read the device row (d), time and sweep
 * the finding's content row (f), which both listings join.
 */
function findingConditions(
  query: FindingQuery,
  history: boolean,
): { conditions: string[]; params: SqlValue[]; uses: { device: boolean; content: boolean } } {
  const invalid = invalidFindingQuery(query);
  if (invalid !== null) throw invalid;
  const table = history ? 'f' : 'c';
  const conditions: string[] = [];
  const params: SqlValue[] = [];
  const equal = (column: string, value: SqlValue | undefined) => {
    if (value === undefined) return;
    conditions.push(`${column} = ?`);
    params.push(value);
  };
  equal(`${table}.device_id`, query.deviceId);
  equal(`${table}.clause`, query.clause);
  equal(`${table}.rule_id`, query.ruleId);
  equal(`${table}.status`, query.status);
  if (query.openOnly === true) conditions.push(`${table}.status IN ('fail', 'error')`);
  equal('d.department', query.department);
  equal('d.classification', query.classification);
  equal('f.sweep_id', query.sweepId);
  if (query.fromMs !== undefined) {
    conditions.push('f.observed_at_ms >= ?');
    params.push(query.fromMs);
  }
  if (query.toMs !== undefined) {
    conditions.push('f.observed_at_ms <= ?');
    params.push(query.toMs);
  }
  const uses = {
    device: query.department !== undefined || query.classification !== undefined,
    content: query.sweepId !== undefined || query.fromMs !== undefined || query.toMs !== undefined,
  };
  return { conditions, params, uses };
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
    ...(row.gone === 1 ? { gone: true } : {}),
    // Rows stored before schema 9, and findings without a code, have '' and are shown by `reason`.
    ...(row.reason_code === ''
      ? {}
      : {
          reasonCode: row.reason_code,
          reasonParams: JSON.parse(row.reason_params) as Record<string, string>,
        }),
  };
}

/**
 * From the summaries the triggers of schemas 4 and 7 keep current (fleet_summary, clause_summary): a handful
 * of rows, however large the fleet. One read transaction, so the totals and the clauses are of one moment.
 */
export async function fleetCounts(reader: SqliteConnection): Promise<FleetCounts> {
  const rows = await reader.all<{
    clause: string | null;
    a: number;
    b: number;
    c: number | null;
    d: number | null;
    e: number | null;
  }>(
    `SELECT NULL AS clause, devices AS a, open_devices AS b, never_seen AS c, never_seen_open AS d,
            not_judged AS e
       FROM fleet_summary
     UNION ALL
     SELECT clause, failing_devices, failing_findings, NULL, NULL, NULL
       FROM clause_summary WHERE failing_findings > 0`,
  );
  const totals = rows.find((row) => row.clause === null);
  const devices = totals?.a ?? 0;
  const open = totals?.b ?? 0;
  const neverSeen = totals?.c ?? 0;
  const neverSeenOpen = totals?.d ?? 0;
  const notJudged = totals?.e ?? 0;
  return {
    devices,
    // Every device is exactly one of: open (failing), never seen and not open, not judged, compliant.
    compliant: devices - open - (neverSeen - neverSeenOpen) - notJudged,
    failing: open,
    neverSeen,
    notJudged,
    byClause: rows
      .filter((row): row is typeof row & { clause: string } => row.clause !== null)
      .map((row): ClauseFailures => ({ clause: row.clause, failingDevices: row.a, failingFindings: row.b }))
      .sort((x, y) => (x.clause < y.clause ? -1 : x.clause > y.clause ? 1 : 0)),
  };
}

function placeholders(rows: number, columns: number): string {
  const row = `(${'?, '.repeat(columns).slice(0, -2)})`;
  return `${row}, `.repeat(rows).slice(0, -2);
}

function chunked<T>(items: readonly T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let start = 0; start < items.length; start += size) chunks.push(items.slice(start, start + size));
  return chunks;
}
