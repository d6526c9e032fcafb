// tsx bench/ledger-slice-postgres.ts — what a hello's ledger slice costs on PostgreSQL, kept per write
// generation (collector/store/ledger-slice-cache.ts: one indexed row read per hello) against read afresh
// (the device's row and the whole media table per hello), at 10,000 devices and 50 media, 50 hellos at once.
// Also a listing of 100,000 devices under the console's filters. BENCH_SLICE_PARTS=slices,listing (default both).
// Needs npm run setup:postgres; prints figures, asserts that cached and fresh slices agree.
import os from 'node:os';
import { ledgerSliceOf } from '../collector/store/media-binding';
import { openPostgresStore } from '../collector/store/postgres';
import { deviceLedgerFacts } from '../collector/store/postgres/ledger';
import { listMedia } from '../collector/store/postgres/media';
import { postgresContext } from '../collector/store/postgres/pool';
import type { DeviceFilter, LedgerEntry, Store } from '../collector/store/store';
import { ledgerEntryFor } from '../collector/store/store-fixtures';
import { freshPostgresDatabase } from '../test/support/postgres';

const DEVICES = 10_000;
const MEDIA = 50;
const CONCURRENCY = 50;
const LISTING_DEVICES = 100_000;
const admin = { actor: 'admin:bench', source: 'local' };

const deviceId = (index: number) => `dev-${String(index).padStart(6, '0')}`;

async function storm(label: string, count: number, ask: (index: number) => Promise<unknown>) {
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < count) {
        const index = next++;
        const at = performance.now();
        await ask(index);
        latencies.push(performance.now() - at);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const p = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))]!;
  console.log(
    `${label.padEnd(44)} ${(count / seconds).toFixed(0).padStart(7)} slices/s  ` +
      `p50 ${p(0.5).toFixed(2)} ms  p99 ${p(0.99).toFixed(2)} ms  (${count} asks, ${CONCURRENCY} at once)`,
  );
}

async function importInChunks(store: Store, entries: LedgerEntry[]) {
  for (let start = 0; start < entries.length; start += 10_000)
    await store.importLedger(entries.slice(start, start + 10_000), {}, admin, { dryRun: false });
}

async function slices() {
  const database = await freshPostgresDatabase('bench_slice');
  const [one, two] = [await openPostgresStore(database.url), await openPostgresStore(database.url)];
  const fresh = postgresContext(database.url);
  try {
    await importInChunks(
      one,
      Array.from({ length: DEVICES }, (_, index) =>
        ledgerEntryFor(deviceId(index), { department: `处-${index % 20}`, assetNumber: `ZC-${index}` }),
      ),
    );
    for (let index = 0; index < MEDIA; index++) {
      await one.registerMedium(
        {
          vendorId: '0781',
          productId: '5581',
          serial: `S${index}`,
          classification: 'secret',
          status: 'in_use',
          assetNumber: `U-${index}`,
          responsiblePerson: '李四',
          ...(index % 5 === 1 ? { boundDepartment: `处-${index % 20}` } : {}),
          ...(index % 5 === 2 ? { boundDeviceIds: [deviceId(index)] } : {}),
        },
        admin,
      );
    }
    const freshSlice = async (index: number) => {
      const id = deviceId(index);
      const [facts, media] = await Promise.all([deviceLedgerFacts(fresh.pool, id), listMedia(fresh.pool)]);
      return ledgerSliceOf(facts, media, id);
    };
    await storm('read afresh per hello (no memory)', DEVICES, freshSlice);
    await storm('kept, first ask of each device', DEVICES, (index) => two.ledgerSlice(deviceId(index)));
    await storm('kept, every device asks again', DEVICES, (index) => two.ledgerSlice(deviceId(index)));
    await one.setMediumStatus({ vendorId: '0781', productId: '5581', serial: 'S0' }, 'retired', '', admin);
    await storm('after a retirement through the other', DEVICES, (index) => two.ledgerSlice(deviceId(index)));
    for (const index of [0, 2, 7, 4321, DEVICES - 1]) {
      const kept = await two.ledgerSlice(deviceId(index));
      if (JSON.stringify(kept) !== JSON.stringify(await freshSlice(index)))
        throw new Error(`the kept slice of ${deviceId(index)} differs from a fresh read`);
    }
  } finally {
    await Promise.all([one.close(), two.close(), fresh.close()]);
    await database.drop();
  }
}

async function listing() {
  const database = await freshPostgresDatabase('bench_listing');
  const store = await openPostgresStore(database.url);
  const raw = postgresContext(database.url);
  try {
    await importInChunks(
      store,
      Array.from({ length: LISTING_DEVICES }, (_, index) =>
        ledgerEntryFor(deviceId(index), { department: `处-${index % 20}`, assetNumber: `ZC-${index}` }),
      ),
    );
    // Seen devices with hardware facts, as hellos leave them (the rows are as wide as a fleet's).
    await raw.query(
      `UPDATE devices SET hostname = 'host-' || device_id, last_seen_ms = 1000 + (substr(device_id, 5)::int % 5000),
         first_seen_ms = 1000, hardware = json_build_object('hostname', 'host-' || device_id, 'disks', '[]'::json, 'pad', repeat('x', 600))::text WHERE substr(device_id, 5)::int % 10 <> 0`,
    );
    await raw.query('VACUUM ANALYZE devices');
    const filters: Array<[string, DeviceFilter]> = [
      ['no filter', {}],
      ['department', { department: '处-3' }],
      ['state never_seen', { state: 'never_seen' }],
      ['last seen range', { lastSeenFromMs: 2000, lastSeenToMs: 2100 }],
      ['search "zc-4242"', { search: 'zc-4242' }],
      ['search "HOST-DEV-00012"', { search: 'HOST-DEV-00012' }],
    ];
    for (const [label, filter] of filters) {
      const times: number[] = [];
      let total = 0;
      for (let run = 0; run < 10; run++) {
        const at = performance.now();
        total = (await store.listDevices({ ...filter, limit: 50, countTotal: true })).total ?? 0;
        times.push(performance.now() - at);
      }
      times.sort((a, b) => a - b);
      console.log(
        `listDevices 100k, ${label.padEnd(26)} page of 50 + total (${String(total).padStart(6)}): ` +
          `median ${times[5]!.toFixed(1)} ms, max ${times[9]!.toFixed(1)} ms`,
      );
    }
  } finally {
    await Promise.all([store.close(), raw.close()]);
    await database.drop();
  }
}

console.log(`${os.cpus().length} × ${os.cpus()[0]?.model}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB`);
const parts = (process.env.BENCH_SLICE_PARTS ?? 'slices,listing').split(',');
if (parts.includes('slices')) await slices();
if (parts.includes('listing')) await listing();
