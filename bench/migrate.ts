// npm run bench:migrate — `shoumi-collector migrate` timed: a SQLite store of 10,000 devices (the generated
// fleet of bench/fleet-generator.ts: about 34 findings each, current and history) and 10,000 audit records
// appended through the store, moved into a fresh PostgreSQL database (test/support/postgres.ts). Prints the
// rows per table, the time and the rows per second. Arguments: [devices] [audit records].
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { migrateStore } from '../collector/store/migrate/migrate-store';
import { sqliteStoreFileOf } from '../collector/store/open-store';
import { openSqliteStore } from '../collector/store/sqlite';
import { freshPostgresDatabase } from '../test/support/postgres';
import { generateFleet } from './fleet-generator';

const devices = Number(process.argv[2] ?? 10_000);
const auditRecords = Number(process.argv[3] ?? 10_000);

const dir = await mkdtemp(path.join(os.tmpdir(), 'shoumi-bench-migrate-'));
const database = await freshPostgresDatabase('bench_migrate');
try {
  const file = sqliteStoreFileOf(dir);
  const fleet = await generateFleet(file, { devices });
  const store = await openSqliteStore(file);
  for (let i = 0; i < auditRecords; i++)
    await store.appendAudit(
      {
        actor: 'collector',
        source: 'local',
        action: 'device.first_seen',
        target: `dev-${i}`,
        detail: { hostname: `host-${i}`, agentVersion: '0.1.0' },
        outcome: 'allowed',
      },
      Date.UTC(2026, 10, 1) + i,
    );
  await store.close();
  process.stdout.write(
    `source: ${devices} devices, ${fleet.currentFindings} current findings, ${auditRecords} audit records ` +
      `(generated in ${(fleet.elapsedMs / 1000).toFixed(1)} s)\n`,
  );
  const load = os.loadavg()[0]!.toFixed(1);
  const report = await migrateStore({ dataDir: dir, url: database.url });
  const rows = report.tables.reduce((sum, table) => sum + table.rows, 0);
  for (const { table, rows: count } of report.tables)
    if (count > 0) process.stdout.write(`  ${table.padEnd(20)}${String(count).padStart(10)}\n`);
  process.stdout.write(
    `migrated ${rows} rows in ${(report.elapsedMs / 1000).toFixed(1)} s ` +
      `(${Math.round(rows / (report.elapsedMs / 1000))} rows/s, chain verified twice, ` +
      `${report.devicesRecounted} devices recounted differently); load average before: ${load}, ` +
      `after: ${os.loadavg()[0]!.toFixed(1)}\n`,
  );
} finally {
  await database.drop();
  await rm(dir, { recursive: true, force: true });
}
