// npm run bench:console — the console's pages at fleet scale: a fleet of 100,000 devices written by
// bench/fleet-generator.ts (as bench/fleet.ts does), the real collector process serving its console
// (`serve --console-listen`), and an HTTPS client presenting an administrator's certificate (the security
// administrator's; the auditor's for the audit trail) asking for each page URL in turn, over one kept-alive
// connection, so that the TLS handshake is paid once and each figure is the server's time to the full
// response on loopback. Beside them, the GetFleetStatus RPC over the same fleet. A page this build does not
// serve (404) is printed as such, not left out. Prints figures; asserts nothing about speed.
//
// BENCH_CONSOLE_DEVICES=10000 for another size; BENCH_CONSOLE_RUNS=30 for more requests per URL;
// BENCH_CONSOLE_KEEP=1 keeps the data directory; BENCH_CONSOLE_FLEET=path/collector.sqlite reuses a fleet the
// generator wrote before (generating 100,000 devices takes minutes).
import { readFileSync } from 'node:fs';
import { copyFile, mkdir, rename, rm } from 'node:fs/promises';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import { ADMIN_IDENTITY_FILES, type AdminRole } from '../collector/pki/identity-names';
import { openConnection } from '../collector/store/sqlite/connection';
import { deployment } from '../test/support/collector-fixture';
import { freePort } from '../test/support/processes';
import { deviceIdOf, generateFleet } from './fleet-generator';

const DEVICES = Number(process.env.BENCH_CONSOLE_DEVICES ?? 100_000);
const RUNS = Number(process.env.BENCH_CONSOLE_RUNS ?? 20);
const TARGET_P99_MS = 200;
/** A collector.sqlite written by bench/fleet-generator.ts of BENCH_CONSOLE_DEVICES devices, to skip generating. */
const REUSE = process.env.BENCH_CONSOLE_FLEET;
/** The generator's third department (fleet.departments[2]), which a reused fleet has too. */
const REUSED_FLEET_DEPARTMENT = '科研二部';

/** "2026-12-07T15:04" in Asia/Shanghai (the bench's --time-zone), as a datetime-local field holds it. */
const localMinute = (ms: number) => new Date(ms + 8 * 3_600_000).toISOString().slice(0, 16);

const quantile = (samples: readonly number[], q: number) => {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
};
const ms = (value: number) => value.toFixed(1);

interface Answer {
  status: number;
  bytes: number;
  ms: number;
}

/** One GET on the kept-alive agent, timed from the request to the last byte of the body. */
function get(agent: https.Agent, base: URL, pathAndQuery: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const request = https.get(
      {
        agent,
        host: base.hostname,
        port: base.port,
        path: pathAndQuery,
        headers: { 'Accept-Language': 'zh-CN' },
      },
      (response) => {
        let bytes = 0;
        response.on('data', (chunk: Buffer) => (bytes += chunk.length));
        response.on('end', () =>
          resolve({ status: response.statusCode ?? 0, bytes, ms: performance.now() - started }),
        );
        response.on('error', reject);
      },
    );
    request.on('error', reject);
  });
}

function agentFor(identityDir: string): https.Agent {
  const read = (name: string) => readFileSync(path.join(identityDir, name));
  return new https.Agent({
    keepAlive: true,
    maxSockets: 1,
    key: read(ADMIN_IDENTITY_FILES.key),
    cert: read(ADMIN_IDENTITY_FILES.cert),
    ca: read(ADMIN_IDENTITY_FILES.ca),
    // The console's certificate names the collector's addresses; loopback by IP is one of them or not,
    // and this bench measures pages, not name checks.
    checkServerIdentity: () => undefined,
  });
}

interface Row {
  what: string;
  role: AdminRole | 'rpc';
  status: string;
  p50: number;
  p99: number;
  bytes: number;
}

async function main() {
  const cpus = os.cpus();
  process.stdout.write(
    `machine: ${cpus.length} × ${cpus[0]?.model ?? 'unknown CPU'}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB RAM, ` +
      `Node ${process.version}, ${os.type()} ${os.release()}, load average ${os
        .loadavg()
        .map((load) => load.toFixed(2))
        .join(' ')}\n`,
  );
  const world = await deployment();
  const dataDir = path.join(world.dir, 'collector');
  await mkdir(dataDir, { recursive: true });
  const database = path.join(dataDir, 'collector.sqlite');
  let department: string;
  if (REUSE) {
    // A fleet generated before (BENCH_CONSOLE_FLEET): the collector migrates it on start, as it would any.
    // The administrators' certificates were recorded in this deployment's own database: carried over.
    const trust = `${database}.trust`;
    await rename(database, trust);
    await copyFile(REUSE, database);
    const connection = await openConnection(database, 'read-write');
    await connection.exec(`ATTACH '${trust}' AS trust;
      INSERT OR REPLACE INTO certificates SELECT * FROM trust.certificates;
      DETACH trust;`);
    await connection.close();
    department = REUSED_FLEET_DEPARTMENT;
    process.stdout.write(`${DEVICES} devices: reusing the fleet generated in ${REUSE}\n`);
  } else {
    const fleet = await generateFleet(database, { devices: DEVICES });
    department = fleet.departments[2]!;
    process.stdout.write(
      `${DEVICES} devices: generated ${fleet.currentFindings} current findings in ${(fleet.elapsedMs / 1000).toFixed(1)} s\n`,
    );
  }
  // The newest of the fleet's sweeps (the generator writes seven daily ones), for its page.
  const reader = await openConnection(database, 'read-write');
  const newestSweep = await reader.get<{ sweep_id: string }>(
    'SELECT sweep_id FROM sweeps ORDER BY created_at_ms DESC LIMIT 1',
  );
  await reader.close();
  const consolePort = await freePort();
  const collector = await world.startCollector([
    '--console-listen',
    `127.0.0.1:${consolePort}`,
    '--time-zone',
    'Asia/Shanghai',
    // Every page view is audited admin calls; the default (1 a second, burst 300) would refuse the bench.
    '--admin-rate-limit',
    '100000,1000000',
  ]);
  const base = new URL(`https://127.0.0.1:${consolePort}/`);
  const agents: Record<AdminRole, https.Agent> = {
    security_admin: agentFor(world.trust.identityDir('security_admin')),
    system_admin: agentFor(world.trust.identityDir('system_admin')),
    auditor: agentFor(world.trust.identityDir('auditor')),
  };
  const dept = encodeURIComponent(department);
  const pages: Array<[string, AdminRole]> = [
    ['/', 'security_admin'],
    ['/devices', 'security_admin'],
    ['/devices?state=failing', 'security_admin'],
    [`/devices?clause=3.7.4&department=${dept}`, 'security_admin'],
    ['/devices?rule=usb-storage-registered', 'security_admin'],
    ['/devices?state=compliant&classification=secret', 'security_admin'],
    ['/devices?state=silent', 'security_admin'],
    ['/devices?online=disconnected', 'security_admin'],
    ['/devices?q=ws-0999', 'security_admin'],
    [`/devices?after=${deviceIdOf(Math.floor(DEVICES / 2))}`, 'security_admin'],
    [`/devices/${deviceIdOf(42)}`, 'security_admin'],
    ['/rules', 'security_admin'],
    ['/rules/usb-storage-registered', 'security_admin'],
    ['/media', 'security_admin'],
    ['/sweeps', 'system_admin'],
    ...(newestSweep
      ? [[`/sweeps/${encodeURIComponent(newestSweep.sweep_id)}`, 'system_admin'] as [string, AdminRole]]
      : []),
    ['/records', 'security_admin'],
    // The inspection record of the last day, every device in scope (GetInspectionReport).
    [
      `/records/view?from=${encodeURIComponent(localMinute(Date.now() - 86_400_000))}&to=${encodeURIComponent(localMinute(Date.now()))}`,
      'security_admin',
    ],
    ['/audit', 'auditor'],
    [`/devices/export.csv?state=failing&department=${dept}`, 'security_admin'],
  ];
  const rows: Row[] = [];
  try {
    for (const [url, role] of pages) {
      const agent = agents[role];
      const first = await get(agent, base, url); // also opens the connection (TLS) outside the samples
      const times: number[] = [];
      const statuses = new Set<number>([first.status]);
      for (let run = 0; run < RUNS; run++) {
        const answer = await get(agent, base, url);
        statuses.add(answer.status);
        times.push(answer.ms);
      }
      const status = [...statuses].join('/');
      rows.push({
        what: url,
        role,
        status: statuses.has(404) ? `${status} (not served by this build)` : status,
        p50: quantile(times, 0.5),
        p99: quantile(times, 0.99),
        bytes: first.bytes,
      });
      process.stdout.write(`${url}: ${status}, p50 ${ms(quantile(times, 0.5))} ms\n`);
    }
    const rpc: number[] = [];
    await world.admin.fleetStatus();
    for (let run = 0; run < RUNS; run++) {
      const started = performance.now();
      await world.admin.fleetStatus();
      rpc.push(performance.now() - started);
    }
    rows.push({
      what: 'GetFleetStatus RPC',
      role: 'rpc',
      status: 'OK',
      p50: quantile(rpc, 0.5),
      p99: quantile(rpc, 0.99),
      bytes: 0,
    });
  } finally {
    for (const agent of Object.values(agents)) agent.destroy();
    await collector.kill();
    world.admin.close();
    if (process.env.BENCH_CONSOLE_KEEP === '1') process.stdout.write(`kept ${world.dir}\n`);
    else await rm(world.dir, { recursive: true, force: true });
  }
  process.stdout.write(
    `\n${DEVICES} devices, ${RUNS} requests per URL after one warm-up, load average after ${os
      .loadavg()
      .map((load) => load.toFixed(2))
      .join(' ')}; target p99 ≤ ${TARGET_P99_MS} ms\n\n`,
  );
  process.stdout.write('| URL | as | HTTP | p50 ms | p99 ms | bytes |\n|---|---|---|---:|---:|---:|\n');
  for (const row of rows) {
    const over = row.role !== 'rpc' && row.p99 > TARGET_P99_MS ? ' (over target)' : '';
    process.stdout.write(
      `| ${row.what} | ${row.role} | ${row.status} | ${ms(row.p50)} | ${ms(row.p99)}${over} | ${row.bytes} |\n`,
    );
  }
}

main().catch((error: unknown) => {
  process.stderr.write(
    `bench:console failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
