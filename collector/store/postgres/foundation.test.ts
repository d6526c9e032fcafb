// The PostgreSQL store's foundation on a real server (npm run setup:postgres): a device's first hello and
// the audit chain, with two store instances (two collectors) writing one database at once.
import { afterEach, describe, expect, it } from 'vitest';
import { freshPostgresDatabase, type TestDatabase } from '../../../test/support/postgres';
import { auditPages } from '../../audit/audit-pages';
import { verifyAuditChain } from '../../audit/verify-chain';
import type { Store } from '../store';
import { helloFor } from '../store-fixtures';
import { openPostgresStore } from '.';

describe('PostgreSQL store foundation', () => {
  let database: TestDatabase | undefined;
  const stores: Store[] = [];
  afterEach(async () => {
    for (const store of stores.splice(0)) await store.close().catch(() => undefined);
    await database?.drop();
    database = undefined;
  });
  const open = async () => {
    const store = await openPostgresStore(database!.url);
    stores.push(store);
    return store;
  };

  it('a first hello creates the device and is audited once; a reconnect is not', async () => {
    database = await freshPostgresDatabase('foundation');
    const store = await open();
    const first = await store.recordHello(helloFor('dev-a'), 1000);
    expect(first).toMatchObject({
      deviceId: 'dev-a',
      hostname: 'host-dev-a',
      firstSeenMs: 1000,
      lastSeenMs: 1000,
    });
    expect(first.judgement.state).toBe('not_judged');
    await store.recordHello({ ...helloFor('dev-a'), agentVersion: '0.2.0' }, 2000);
    await store.touchDevice('dev-a', 1500); // older than what is stored: last seen does not go back
    expect(await store.getDevice('dev-a')).toMatchObject({ lastSeenMs: 2000, agentVersion: '0.2.0' });
    const audit = await store.listAudit({ limit: 10 });
    expect(audit.map((entry) => [entry.position, entry.action, entry.target])).toEqual([
      [1, 'device.first_seen', 'dev-a'],
    ]);
    expect(await store.getDevice('nobody')).toBeNull();
  });

  it('a changed hardware fact is audited with its history', async () => {
    database = await freshPostgresDatabase('foundation');
    const store = await open();
    await store.recordHello(helloFor('dev-a'), 1000);
    const hello = helloFor('dev-a');
    await store.recordHello({ ...hello, hardware: { ...hello.hardware, kernel: '6.1.0-99' } }, 2000);
    const audit = await store.listAudit({ limit: 10 });
    expect(audit.map((entry) => entry.action)).toEqual(['device.first_seen', 'device.hardware_changed']);
    expect(audit[1]!.detail).toEqual({
      changes: [{ field: 'hardware.kernel', from: hello.hardware.kernel, to: '6.1.0-99' }],
    });
  });

  it('two collectors appending at once keep one chain: contiguous positions, every link verified', async () => {
    database = await freshPostgresDatabase('foundation_chain');
    const [one, two] = [await open(), await open()];
    const appends = Array.from({ length: 60 }, (_, i) =>
      (i % 2 === 0 ? one : two).appendAudit(
        {
          actor: `admin:${i % 2}`,
          source: 'test',
          action: 'test.appended',
          target: String(i),
          detail: { i },
          outcome: 'allowed',
        },
        10_000 + i,
      ),
    );
    // The same new device's first hello through both collectors at once: one device, one first_seen.
    const hellos = [one.recordHello(helloFor('dev-b'), 5000), two.recordHello(helloFor('dev-b'), 5001)];
    await Promise.all([...appends, ...hellos]);
    const records = await one.readAuditRecords({ afterPosition: 0, limit: 1000 });
    expect(records.map((record) => record.position)).toEqual(Array.from({ length: 61 }, (_, i) => i + 1));
    expect(records.filter((record) => record.action === 'device.first_seen')).toHaveLength(1);
    const verdict = await verifyAuditChain(
      auditPages((afterPosition, limit) => two.readAuditRecords({ afterPosition, limit })),
      { canonicalFrom: (await two.auditFormatBoundary()) ?? 1 },
    );
    expect(verdict).toMatchObject({ ok: true, recordsChecked: 61, headPosition: 61 });
    expect((await one.auditHead())?.hash).toBe(verdict.headHash);
  });
});
