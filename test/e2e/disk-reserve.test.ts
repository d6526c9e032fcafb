// Issue 13: a full disk stopped ingest fleet-wide. The collector keeps a disk reserve: below it, admin calls
// that change state and new enrolments are refused with a clear error naming free space and reserve, while
// reads, revocations, agent ingest and the audit records that matter go on; the office sees it in the log,
// the trail and `shoumictl status`. The disk is a fake handed to a real collector (no disk is filled): real
// gRPC, a real SQLite file, real enrolment over TLS, shoumictl as a child process.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enrol } from '../../agent/enrolment/enrol';
import type { RunningCollector } from '../../collector/collector-server';
import { type AdminClient, adminClient } from '../../collector/ctl/admin-client';
import type { DiskSpace } from '../../collector/disk-reserve';
import type { CollectorMessage__Output } from '../../proto/generated/shoumi/v1/CollectorMessage';
import { loadContract } from '../../proto/load';
import { type InProcessCollector, inProcessCollector } from '../support/in-process-collector';
import { eventually, run } from '../support/processes';
import { ctlArgs, type DeviceTls } from '../support/trust-fixture';
import { wireStickFinding } from '../support/wire-findings';

const GIB = 1024 ** 3;
const disk: DiskSpace = { freeBytes: 50 * GIB, totalBytes: 100 * GIB };

let world: InProcessCollector;
let collector: RunningCollector;
let system: AdminClient;
let security: AdminClient;

beforeAll(async () => {
  world = await inProcessCollector('disk-reserve', {
    diskReserve: { bytes: GIB, percent: 0 },
    statDisk: async () => ({ ...disk }),
  });
  collector = world.collector;
  system = adminClient(collector.adminAddress, world.trust.identity('system_admin'));
  security = adminClient(collector.adminAddress, world.trust.identity('security_admin'));
});

afterAll(async () => {
  system?.close();
  security?.close();
  await world?.stop();
});

/** A token made by the system administrator: the harmless write polled to see the reserve take effect. */
const makeToken = () =>
  system.createEnrolmentTokens({ count: 1, ttlSeconds: 3600 }).then(
    (answer) => ({ ok: true as const, tokens: answer.tokens }),
    (error: Error) => ({ ok: false as const, message: error.message }),
  );

/** Sends one finding on a fresh stream; resolves with the seq the collector acknowledged as stored. */
function sendFinding(device: DeviceTls, seq: number): Promise<number> {
  const client = new (loadContract().shoumi.v1.AgentService)(collector.agentAddress, device.credentials);
  const call = client.Connect();
  return new Promise((resolve, reject) => {
    call.on('data', (message: CollectorMessage__Output) => {
      if (message.ack && message.ack.upToSeq >= seq) {
        call.end();
        client.close();
        resolve(message.ack.upToSeq);
      }
    });
    call.on('error', (error) => {
      client.close();
      reject(error);
    });
    call.write({ hello: { deviceId: 'disk-ingest', agentVersion: 'test', hardware: { hostname: 'h' } } });
    call.write({ findings: { findings: [wireStickFinding(seq)] } });
  });
}

describe('the disk reserve', () => {
  it('below it refuses admin changes and enrolments by name, keeps reads, revocation and ingest, and says so; above it again, accepts', async () => {
    const ingestDevice = await world.trust.deviceCredentials('disk-ingest');
    expect((await makeToken()).ok).toBe(true);
    expect(await sendFinding(ingestDevice, 1)).toBe(1);

    disk.freeBytes = 100 * 1024 ** 2;
    // The next write after the last reading is more than a second old reads the disk again.
    const refused = await eventually(async () => {
      const outcome = await makeToken();
      return outcome.ok ? undefined : outcome.message;
    }, 'a write refused for the disk reserve');
    expect(refused).toContain('RESOURCE_EXHAUSTED');
    expect(refused).toContain('磁盘空间不足：数据目录所在文件系统仅剩 100 MiB，低于保留空间 1.0 GiB');
    expect(refused).toContain(
      "disk space low: 100 MiB free on the data directory's filesystem, below the reserve of 1.0 GiB",
    );
    await expect(
      security.updateDevice({ deviceId: 'disk-ingest', location: 'B-101', fields: ['location'] }),
    ).rejects.toThrow(/RESOURCE_EXHAUSTED: 磁盘空间不足/);

    // Reads go on, and fleet status carries the alert.
    const status = await security.fleetStatus();
    expect(status.collectorAlerts).toEqual([
      expect.objectContaining({
        code: 'disk_reserve',
        severity: 'error',
        messageEn: expect.stringMatching(/100 MiB free/),
      }),
    ]);
    const shown = await run('shoumictl', ctlArgs(collector.adminAddress, world.trust, ['status']));
    expect(shown.code).toBe(0);
    expect(shown.stdout.split('\n')[0]).toMatch(
      /^ERROR disk_reserve: 磁盘空间不足.* \/ disk space low: 100 MiB free/,
    );

    // A new enrolment is refused with the same words; an agent already enrolled keeps being ingested.
    const token = world.trust.token();
    const enrolled = await enrol({
      enrolAddress: collector.enrolAddress,
      token,
      caSha256: world.trust.caSha256,
      deviceId: 'disk-newcomer',
      dataDir: path.join(world.dir, 'disk-newcomer'),
    });
    expect(enrolled).toMatchObject({ ok: false, reason: 'refused' });
    expect(enrolled.ok ? '' : enrolled.message).toMatch(/disk space low: 100 MiB free/);
    expect(await sendFinding(ingestDevice, 2)).toBe(2);

    // Revocation stays open: it is how a stolen certificate filling the disk is stopped.
    await system.revokeDevice({ deviceId: 'disk-ingest', reason: 'lost (disk reserve test)' });

    disk.freeBytes = 2 * GIB;
    const tokens = await eventually(async () => {
      const outcome = await makeToken();
      return outcome.ok ? outcome.tokens : undefined;
    }, 'writes accepted again');
    expect(tokens).toHaveLength(1);
    expect((await security.fleetStatus()).collectorAlerts).toEqual([]);

    const trail = await collector.store.readAuditRecords({ afterPosition: 0, limit: 10_000 });
    const reserve = trail.filter((record) => record.action.startsWith('collector.disk_reserve'));
    expect(reserve.map((record) => [record.action, record.outcome])).toEqual([
      ['collector.disk_reserve_low', 'refused'],
      ['collector.disk_reserve_restored', 'allowed'],
    ]);
    expect(JSON.parse(reserve[0]!.detailJson)).toMatchObject({
      freeBytes: 100 * 1024 ** 2,
      reserveBytes: GIB,
    });
    const refusedWrites = trail.filter(
      (record) =>
        record.action === 'admin.call' &&
        record.outcome === 'refused' &&
        /磁盘空间不足/.test(record.detailJson),
    );
    expect(refusedWrites.map((record) => record.target)).toEqual(
      expect.arrayContaining(['CreateEnrolmentTokens', 'UpdateDevice']),
    );
    expect(trail.some((record) => record.action === 'device.revoked')).toBe(true);
  });

  it('refuses a bad --disk-reserve by name before anything starts', async () => {
    const bad = await run('shoumi-collector', [
      'serve',
      '--data',
      path.join(world.dir, 'never-started'),
      '--disk-reserve',
      'plenty',
    ]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(
      /--disk-reserve plenty: expected a size \(2GiB, 500MiB\), a share \(10%\) or both/,
    );
  });
});
