// A synthetic fleet written straight into a collector's SQLite file, for timing fleet queries at 100,000
// devices without 100,000 agents. The store is opened once with openSqliteStore so the real migrations run;
// then rows go in through the real schema in large transactions (its triggers keep the per-device and
// per-clause summaries, exactly as on ingest), with findings rows built by the store's own findingRow.
//
// The mix: every seen device has one current finding per baseline agent rule (34), mostly pass, some
// not_applicable (no printer, no optical drive); about 10 % of devices fail 1–3 rules, a few percent have
// a rule that could not be judged (error), a few in a thousand carry a collector-made cross-use finding
// (seq < 0), and about 0.5 % are ledger entries whose agent never connected. About 1 % of seen devices pass
// everything they sent but have not sent a verdict for the last rule (an agent a policy update is ahead of):
// not yet judged. The store requires the policy's agent rules (setRequiredRules, as the collector does).
// Departments, classifications, ledger states, sweeps and observation times are spread so that every filter
// selects something.
//
// What is not written: audit records and ledger history (first contact, ledger edits). Fleet queries do not
// read them.
import { openSqliteStore } from '../collector/store/sqlite';
import { openConnection, type SqlValue } from '../collector/store/sqlite/connection';
import { FINDING_ROW_COLUMNS, findingRow } from '../collector/store/sqlite/findings';
import type { ClauseFailures, FleetCounts } from '../collector/store/store';
import { loadBaselinePolicy } from '../policies/load-policy';
import type { Classification, Finding, FindingStatus, Rule } from '../policies/model';

export interface FleetShape {
  devices: number;
  /** Seed of the pseudo-random mix; the same seed gives the same fleet. */
  seed?: number;
  /** "now" of the fleet: observations fall in the 7 days before it. */
  nowMs?: number;
}

export interface GeneratedFleet {
  /** What fleetCounts must answer for this fleet, counted while generating. */
  expected: FleetCounts;
  currentFindings: number;
  departments: string[];
  sweepIds: string[];
  ruleIds: string[];
  elapsedMs: number;
}

/** Rules only the collector judges; agents never send them. */
const COLLECTOR_RULES = new Set([
  'media-cross-use-absent',
  'printer-cross-use-absent',
  'agent-reports-regularly',
]);
const DEPARTMENTS = ['保密办', '科研一部', '科研二部', '科研三部', '综合办', '财务处', '档案室', '信息中心'];
const LEVELS: Array<[Classification | null, number]> = [
  ['top_secret', 0.04],
  ['confidential', 0.26],
  ['secret', 0.5],
  ['non_classified', 0.12],
  [null, 0.08],
];
const ROWS_PER_STATEMENT = Math.floor(30_000 / 13);
const DEVICES_PER_TRANSACTION = 2000;
const DAY_MS = 86_400_000;

/** mulberry32: small, fast, and the same fleet for the same seed. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

export const deviceIdOf = (index: number) => `dev-${String(index).padStart(6, '0')}`;

export async function generateFleet(file: string, shape: FleetShape): Promise<GeneratedFleet> {
  const started = performance.now();
  const policy = await loadBaselinePolicy();
  if (!policy.ok) throw new Error('the baseline policy does not load');
  const rules = policy.policy.rules.filter((rule) => !COLLECTOR_RULES.has(rule.id));
  const crossUse = policy.policy.rules.find((rule) => rule.id === 'media-cross-use-absent')!;
  const nowMs = shape.nowMs ?? Date.UTC(2026, 10, 25, 12);
  const next = random(shape.seed ?? 4);
  const sweepIds = Array.from(
    { length: 7 },
    (_, day) => `sweep-2026-11-${String(18 + day).padStart(2, '0')}`,
  );

  // Migrations run here, with the real store, which is told the rules every device must be judged on; then
  // the store is closed and rows go in over one connection (the triggers count judged rules as on ingest).
  const store = await openSqliteStore(file);
  await store.setRequiredRules(rules.map((rule) => rule.id));
  await store.close();
  const db = await openConnection(file, 'read-write');
  // A generator may lose everything on a crash: it is rerun, not recovered. So no WAL while writing (each
  // page would be written twice, to the log and then to the file) and no fsync; WAL again at the end, as
  // the collector keeps it.
  await db.get('PRAGMA journal_mode = MEMORY');
  await db.exec('PRAGMA synchronous = OFF; PRAGMA cache_size = -262144;');

  const counter = fleetCounter(rules.length);
  let currentFindings = 0;
  try {
    for (let first = 0; first < shape.devices; first += DEVICES_PER_TRANSACTION) {
      const last = Math.min(shape.devices, first + DEVICES_PER_TRANSACTION);
      const deviceRows: SqlValue[][] = [];
      const findingRows: SqlValue[][] = [];
      for (let index = first; index < last; index++) {
        const device = deviceOf(index, next, nowMs);
        deviceRows.push(device.row);
        if (!device.seen) {
          counter.device(index, []);
          continue;
        }
        const findings = findingsOf(device.id, rules, crossUse, next, nowMs, sweepIds);
        counter.device(index, findings);
        currentFindings += findings.length;
        for (const finding of findings)
          findingRows.push(findingRow(device.id, finding, finding.observedAtMs + 40));
      }
      await db.run('BEGIN');
      await insertRows(db, 'devices', DEVICE_COLUMNS, deviceRows);
      await insertRows(db, 'findings', FINDING_ROW_COLUMNS, findingRows);
      // Current findings from the rows just written, through the table's triggers like every ingest.
      await db.run(
        `INSERT INTO current_findings (device_id, rule_id, subject, seq, status, clause)
         SELECT device_id, rule_id, subject, seq, status, clause FROM findings
          WHERE device_id BETWEEN ? AND ? ORDER BY device_id, rule_id, subject`,
        [deviceIdOf(first), deviceIdOf(last - 1)],
      );
      // Sending findings is contact: last_seq as ingest would have left it.
      await db.run(
        `UPDATE devices SET last_seq = (SELECT coalesce(max(seq), 0) FROM findings f
            WHERE f.device_id = devices.device_id AND f.seq > 0) WHERE device_id BETWEEN ? AND ?`,
        [deviceIdOf(first), deviceIdOf(last - 1)],
      );
      await db.run('COMMIT');
    }
    await db.get('PRAGMA journal_mode = WAL');
  } finally {
    await db.close();
  }
  return {
    expected: counter.counts(),
    currentFindings,
    departments: DEPARTMENTS,
    sweepIds,
    ruleIds: rules.map((rule) => rule.id),
    elapsedMs: performance.now() - started,
  };
}

const DEVICE_COLUMNS =
  'device_id, hostname, hardware, agent_version, policy_version, first_seen_ms, last_seen_ms, asset_number, ' +
  'classification, responsible_person, department, location, status';

function deviceOf(index: number, next: () => number, nowMs: number) {
  const id = deviceIdOf(index);
  const seen = next() >= 0.005;
  let pick = next();
  let classification: Classification | null = null;
  for (const [level, share] of LEVELS) {
    if (pick < share) {
      classification = level;
      break;
    }
    pick -= share;
  }
  const state = next();
  const hostname = `ws-${String(index).padStart(6, '0')}`;
  const hardware = seen
    ? JSON.stringify({
        hostname,
        machineId: `${index.toString(16).padStart(32, '0')}`,
        dmiProductUuid: `4c4c4544-${String(index).padStart(4, '0')}-8000-b0b0-00000000beef`,
        dmiBoardSerial: `BS${index}`,
        macAddresses: [`02:00:${(index >>> 16).toString(16).padStart(2, '0')}:00:00:01`],
        osName: 'UOS',
        osVersion: '20',
        kernel: '5.10.0-amd64-desktop',
        arch: 'x64',
      })
    : null;
  return {
    id,
    seen,
    row: [
      id,
      seen ? hostname : '',
      hardware,
      seen ? '0.1.0' : '',
      seen ? '2026.11' : '',
      seen ? nowMs - 90 * DAY_MS : 0,
      seen ? nowMs - Math.floor(next() * DAY_MS) : 0,
      `BM-${String(index).padStart(6, '0')}`,
      classification,
      `责任人${index % 997}`,
      DEPARTMENTS[Math.floor(next() * DEPARTMENTS.length)]!,
      `${1 + (index % 12)}号楼`,
      state < 0.95 ? 'in_service' : state < 0.98 ? 'under_repair' : 'retired',
    ] as SqlValue[],
  };
}

function findingsOf(
  deviceId: string,
  rules: readonly Rule[],
  crossUse: Rule,
  next: () => number,
  nowMs: number,
  sweepIds: readonly string[],
): Finding[] {
  const failing = new Set<number>();
  const shortOfOne = next() < 0.01;
  if (next() < 0.1) {
    const count = 1 + Math.floor(next() * 3);
    while (failing.size < count) failing.add(Math.floor(next() * rules.length));
  }
  const erroring = next() < 0.03 ? Math.floor(next() * rules.length) : -1;
  const noPrinter = next() < 0.4;
  const day = Math.floor(next() * sweepIds.length);
  const observedAtMs = nowMs - (sweepIds.length - day) * DAY_MS + Math.floor(next() * 3_600_000);
  const judged = shortOfOne ? rules.slice(0, -1) : rules;
  const findings = judged.map((rule, index): Finding => {
    let status: FindingStatus = 'pass';
    if (noPrinter && rule.id.includes('print')) status = 'not_applicable';
    if (shortOfOne) {
      // Passes all it judged: not yet judged, not failing.
    } else if (failing.has(index)) status = 'fail';
    else if (index === erroring) status = 'error';
    const usb = rule.id.startsWith('usb-storage') && status === 'fail';
    return {
      seq: index + 1,
      ruleId: rule.id,
      clause: rule.clause,
      // A failing USB rule names the stick; everything else is about the machine as a whole.
      subject: usb ? `usb:0951:1666:${deviceId.slice(4)}A${index}` : '',
      status,
      severity: rule.severity,
      evidence: status === 'pass' ? {} : { probe: rule.id, detail: 'synthetic', seq: index + 1 },
      reason:
        status === 'fail'
          ? `${rule.title.zh} / ${rule.title.en}`
          : status === 'error'
            ? 'probe timed out'
            : '',
      observedAtMs,
      sweepId: sweepIds[day]!,
    };
  });
  if (next() < 0.004) {
    findings.push({
      seq: -1,
      ruleId: crossUse.id,
      clause: crossUse.clause,
      subject: `usb:0781:5581:X${deviceId.slice(4)}`,
      status: 'fail',
      severity: crossUse.severity,
      evidence: { seenOn: [deviceId, 'dev-elsewhere'] },
      reason: '同一介质出现在不同密级计算机上 / medium seen on computers of different levels',
      observedAtMs: observedAtMs + 60_000,
      sweepId: '',
    });
  }
  return findings;
}

/** fleetCounts worked out from the generated rows, to check the store's answer against. */
function fleetCounter(requiredRules: number) {
  let devices = 0;
  let compliant = 0;
  let failing = 0;
  let neverSeen = 0;
  let notJudged = 0;
  const byClause = new Map<string, ClauseFailures>();
  return {
    device(_index: number, findings: readonly Finding[]) {
      devices += 1;
      if (findings.length === 0) {
        neverSeen += 1;
        return;
      }
      const open = findings.filter((finding) => finding.status === 'fail' || finding.status === 'error');
      const judged = new Set(findings.filter((finding) => finding.seq > 0).map((finding) => finding.ruleId));
      if (open.length > 0) failing += 1;
      else if (judged.size < requiredRules) notJudged += 1;
      else compliant += 1;
      for (const clause of new Set(open.map((finding) => finding.clause))) {
        const entry = byClause.get(clause) ?? { clause, failingDevices: 0, failingFindings: 0 };
        entry.failingDevices += 1;
        entry.failingFindings += open.filter((finding) => finding.clause === clause).length;
        byClause.set(clause, entry);
      }
    },
    counts(): FleetCounts {
      return {
        devices,
        compliant,
        failing,
        neverSeen,
        notJudged,
        byClause: [...byClause.values()].sort((a, b) => (a.clause < b.clause ? -1 : 1)),
      };
    },
  };
}

async function insertRows(
  db: Awaited<ReturnType<typeof openConnection>>,
  table: string,
  columns: string,
  rows: readonly SqlValue[][],
): Promise<void> {
  if (rows.length === 0) return;
  const width = rows[0]!.length;
  const perStatement = Math.floor(ROWS_PER_STATEMENT * (12 / width));
  for (let start = 0; start < rows.length; start += perStatement) {
    const chunk = rows.slice(start, start + perStatement);
    const row = `(${'?, '.repeat(width).slice(0, -2)})`;
    await db.run(
      `INSERT INTO ${table} (${columns}) VALUES ${`${row}, `.repeat(chunk.length).slice(0, -2)}`,
      chunk.flat(),
    );
  }
}
