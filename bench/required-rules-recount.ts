// Times fleetCounts, changes of the required rules (each device's judged rules moved by the rules that
// changed) and migration 7 itself on a generated fleet (bench/fleet-generator.ts), in process:
// `npx tsx bench/required-rules-recount.ts [devices]` (default 100,000). Prints figures; asserts that
// not_judged after each change equals a recount from the rows. For the migration the file is taken back to
// schema 5 (schema 7's columns, table and triggers dropped, schema 4's device triggers restored) and opened.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { openSqliteStore } from '../collector/store/sqlite';
import { openConnection } from '../collector/store/sqlite/connection';
import { MIGRATIONS } from '../collector/store/sqlite/migrations';
import { generateFleet } from './fleet-generator';

const DEVICES = Number(process.argv[2] ?? 100_000);
const CALLS = 200;

const quantile = (samples: readonly number[], q: number) =>
  [...samples].sort((a, b) => a - b)[Math.min(samples.length - 1, Math.floor(q * samples.length))]!;

async function timed<T>(work: () => Promise<T>): Promise<[number, T]> {
  const started = performance.now();
  const value = await work();
  return [performance.now() - started, value];
}

/** not_judged as the rows say it, for checking the summary after each change. */
async function notJudgedFromRows(file: string): Promise<number> {
  const connection = await openConnection(file, 'read-only');
  try {
    const row = await connection.get<{ n: number }>(
      `SELECT count(*) AS n FROM devices d
        WHERE d.last_seen_ms > 0 AND d.failing + d.errors = 0
          AND (SELECT count(DISTINCT c.rule_id) FROM current_findings c WHERE c.device_id = d.device_id
                 AND c.rule_id IN (SELECT rule_id FROM required_rules))
              < max(1, (SELECT count(*) FROM required_rules))`,
    );
    return row!.n;
  } finally {
    await connection.close();
  }
}

const directory = await mkdtemp(path.join(os.tmpdir(), 'shoumi-recount-'));
const file = path.join(directory, 'collector.sqlite');
try {
  const fleet = await generateFleet(file, { devices: DEVICES });
  console.log(
    `${DEVICES} devices, ${fleet.currentFindings} current findings, generated in ${(fleet.elapsedMs / 1000).toFixed(1)} s`,
  );
  const store = await openSqliteStore(file);
  try {
    const samples: number[] = [];
    for (let call = 0; call < CALLS; call++) samples.push((await timed(() => store.fleetCounts()))[0]);
    console.log(
      `fleetCounts: p50 ${quantile(samples, 0.5).toFixed(2)} ms, p99 ${quantile(samples, 0.99).toFixed(2)} ms (${CALLS} calls)`,
    );
    const rules = fleet.ruleIds;
    const changes: Array<[string, string[]]> = [
      ['add a rule no device has judged', [...rules, 'new-rule']],
      ['drop it again', rules],
      ['drop a rule every device judged', rules.slice(1)],
      ['the same set again (no change)', rules.slice(1)],
      ['back to the policy', rules],
    ];
    for (const [what, ruleIds] of changes) {
      const [ms, outcome] = await timed(() => store.setRequiredRules(ruleIds));
      const counts = await store.fleetCounts();
      const truth = await notJudgedFromRows(file);
      if (counts.notJudged !== truth)
        throw new Error(`${what}: notJudged ${counts.notJudged}, rows say ${truth}`);
      console.log(
        `setRequiredRules, ${what}: ${ms.toFixed(0)} ms, ${outcome.devicesRecounted} devices recounted; ` +
          `compliant ${counts.compliant}, not yet judged ${counts.notJudged}`,
      );
    }
  } finally {
    await store.close();
  }
  const schema4 = MIGRATIONS.find((migration) => migration.version === 4)!.sql;
  const deviceTriggers = schema4.match(/CREATE TRIGGER devices_fleet_\w+[\s\S]*?END;/g)!.join('\n');
  const old = await openConnection(file, 'read-write');
  await old.exec(`
    DROP TRIGGER current_findings_judged_insert; DROP TRIGGER current_findings_judged_delete;
      DROP TRIGGER current_findings_close_subjects; DROP TRIGGER current_findings_close_whole;
    DROP TRIGGER devices_fleet_insert; DROP TRIGGER devices_fleet_delete; DROP TRIGGER devices_fleet_update;
    DROP TABLE required_rules; ALTER TABLE devices DROP COLUMN judged_rules;
    ALTER TABLE findings DROP COLUMN gone;
    ALTER TABLE fleet_summary DROP COLUMN required_rules; ALTER TABLE fleet_summary DROP COLUMN not_judged;
    DROP TABLE finding_refusals;
    ${deviceTriggers}
    PRAGMA user_version = 5;`);
  await old.close();
  const [migrationMs, migrated] = await timed(() => openSqliteStore(file));
  console.log(`opening the fleet at schema 5 (migration 7 runs): ${(migrationMs / 1000).toFixed(1)} s`);
  await migrated.close();
} finally {
  await rm(directory, { recursive: true, force: true });
}
