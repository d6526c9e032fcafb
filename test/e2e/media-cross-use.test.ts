// Registered media and cross-use across the fleet, end to end: a real collector and two real agents as
// separate processes over loopback gRPC, each agent reading the recorded QEMU machine with a USB stick
// (test/fixtures/roots/usb-storage-qemu), told apart by --device-id (the same recorded machine-id would
// otherwise make them one device).
//
// The two computers' levels (机密 and 非密) are entered in the ledger before the collector starts, through
// the store's own updateLedger (audited like any ledger edit) on the collector's data directory: the office
// entering computers before their agents enrol, so each agent enrols with a token bound to its device id
// (an unbound token is refused for a device the ledger already names). The ledger's UpdateDevice RPC belongs
// to another area and is not what this suite is about.
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createTokensLocally } from '../../collector/pki/local-tokens';
import { openSqliteStore } from '../../collector/store/sqlite';
import type { StoredFinding__Output } from '../../proto/generated/shoumi/v1/StoredFinding';
import { type Deployment, deployment } from '../support/collector-fixture';
import { eventually, REPO, type Running, run } from '../support/processes';

const ROOT = path.join(REPO, 'test', 'fixtures', 'roots', 'usb-storage-qemu');
const CLASSIFIED = 'e2e-media-confidential';
const OPEN = 'e2e-media-non-classified';
const STICK = '46f4:0001:SHM0001STICK';

describe('registered media and cross-use across the fleet', () => {
  const running: Running[] = [];
  let world: Deployment;
  afterAll(async () => {
    await Promise.all(running.map((process) => process.kill('SIGKILL')));
    world?.admin.close();
  });

  async function current(deviceId: string, ruleId: string): Promise<StoredFinding__Output | undefined> {
    const page = await world.admin.listFindings({ deviceId, ruleId, limit: 100 });
    return page.findings.find(
      (finding) => finding.deviceId === deviceId && finding.ruleId === ruleId && finding.subject === STICK,
    );
  }

  const statusOf = async (deviceId: string, ruleId: string) => (await current(deviceId, ruleId))?.status;

  const ctl = (...args: string[]) => run('shoumictl', world.ctl(args));

  it('a registration reaches a connected agent and flips its finding; one stick on 机密 and 非密 computers is a cross-use', async () => {
    world = await deployment();
    const store = await openSqliteStore(
      await mkdir(path.join(world.dir, 'collector'), { recursive: true }).then(() =>
        path.join(world.dir, 'collector', 'collector.sqlite'),
      ),
    );
    const office = { actor: 'e2e-office', source: 'local' };
    await store.updateLedger(CLASSIFIED, { classification: 'confidential', assetNumber: 'PC-001' }, office);
    await store.updateLedger(OPEN, { classification: 'non_classified', assetNumber: 'PC-002' }, office);
    await store.close();
    const boundToken = async (deviceId: string) =>
      (
        await createTokensLocally({
          dataDir: path.join(world.dir, 'collector'),
          ttlMs: 3_600_000,
          deviceId,
          count: 1,
        })
      )[0]!.token;
    const tokens = { [CLASSIFIED]: await boundToken(CLASSIFIED), [OPEN]: await boundToken(OPEN) };

    running.push(await world.startCollector());
    const agentArgs = (deviceId: string) => ['--root', ROOT, '--interval', '1h', '--device-id', deviceId];
    running.push(world.startAgent('agent-classified', agentArgs(CLASSIFIED), tokens[CLASSIFIED]));

    // (a) The stick is not registered: the 机密 computer's agent says so.
    await eventually(
      async () => ((await statusOf(CLASSIFIED, 'usb-storage-registered')) === 'FAIL' ? true : undefined),
      'usb-storage-registered to fail on the 机密 computer',
      15_000,
    );

    const registeredAt = Date.now();
    const register = await ctl(
      'media',
      'register',
      '--serial',
      'SHM0001STICK',
      '--vendor',
      '46F4',
      '--product',
      '0001',
      '--classification',
      '机密',
      '--asset-number',
      'U-001',
      '--responsible',
      '张三',
    );
    expect(register.stderr).toBe('');
    expect(register.code).toBe(0);
    expect(register.stdout).toContain('registered 46f4:0001:SHM0001STICK as U-001, 机密');

    // The bundle push makes the agent sweep again with the new list: the same subject now passes.
    await eventually(
      async () => ((await statusOf(CLASSIFIED, 'usb-storage-registered')) === 'PASS' ? true : undefined),
      'usb-storage-registered to pass after the registration',
      10_000,
    );
    const flippedInMs = Date.now() - registeredAt;
    expect(flippedInMs).toBeLessThan(10_000);
    expect(await statusOf(CLASSIFIED, 'usb-storage-level-not-below-host')).toBe('PASS');
    process.stdout.write(`registration to pass on the agent: ${flippedInMs} ms\n`);

    // One computer only: nothing has crossed.
    expect(await current(CLASSIFIED, 'media-cross-use-absent')).toBeUndefined();

    // (b) The same stick appears on the 非密 computer.
    running.push(world.startAgent('agent-open', agentArgs(OPEN), tokens[OPEN]));
    const crossUse = await eventually(async () => {
      const [onClassified, onOpen] = await Promise.all([
        current(CLASSIFIED, 'media-cross-use-absent'),
        current(OPEN, 'media-cross-use-absent'),
      ]);
      return onClassified?.status === 'FAIL' && onOpen?.status === 'FAIL'
        ? { onClassified, onOpen }
        : undefined;
    }, 'a media-cross-use-absent failure on both computers');
    for (const finding of [crossUse.onClassified, crossUse.onOpen]) {
      expect(finding).toMatchObject({
        clause: '3.7.4',
        severity: 'CRITICAL',
        origin: 'collector',
        subject: STICK,
      });
      expect(finding.seq).toBeLessThan(0);
      const evidence = JSON.parse(finding.evidenceJson) as {
        levels: string[];
        devices: Array<{ deviceId: string; classification: string; firstSeenAt: string }>;
        registered: { classification: string; assetNumber: string };
      };
      expect(evidence.levels).toEqual(['confidential', 'non_classified']);
      expect(evidence.registered).toEqual({ classification: 'confidential', assetNumber: 'U-001' });
      expect(evidence.devices.map((device) => [device.deviceId, device.classification])).toEqual([
        [CLASSIFIED, 'confidential'],
        [OPEN, 'non_classified'],
      ]);
      for (const device of evidence.devices) expect(Date.parse(device.firstSeenAt)).toBeGreaterThan(0);
      expect(finding.reason).toContain('机密 (confidential)');
      expect(finding.reason).toContain('非密 (non_classified)');
    }

    // The listing shows where the stick has been, with each computer's level.
    const listed = await ctl('--json', 'media', 'list', '--sightings');
    expect(listed.code).toBe(0);
    const media = (JSON.parse(listed.stdout) as { media: Array<Record<string, unknown>> }).media;
    expect(media).toHaveLength(1);
    expect(media[0]).toMatchObject({
      vendorId: '46f4',
      productId: '0001',
      serial: 'SHM0001STICK',
      status: 'IN_USE',
    });
    expect(
      (media[0]!.sightings as Array<{ deviceId: string; deviceClassification: string }>)
        .map((sighting) => `${sighting.deviceId}=${sighting.deviceClassification}`)
        .sort(),
    ).toEqual([`${CLASSIFIED}=CONFIDENTIAL`, `${OPEN}=NON_CLASSIFIED`]);

    // Marked lost: both connected agents judge the plugged-in stick against the new status.
    const lost = await ctl('media', 'lost', 'usb:46f4:0001:SHM0001STICK', '--note', '会议室遗失');
    expect(lost.code).toBe(0);
    await eventually(
      async () => {
        const statuses = await Promise.all(
          [CLASSIFIED, OPEN].map((deviceId) => statusOf(deviceId, 'usb-storage-not-retired-or-lost')),
        );
        return statuses.every((status) => status === 'FAIL') ? true : undefined;
      },
      'usb-storage-not-retired-or-lost to fail on both computers',
      10_000,
    );

    // Bad input is refused with what was wrong, and changes nothing (the admin API directly: each shoumictl
    // run is a process start, and the CLI's own argument checks have unit tests).
    await expect(
      world.admin.setMediumStatus({
        vendorId: '46f4',
        productId: '0001',
        serial: 'NO-SUCH-STICK',
        status: 'RETIRED',
      }),
    ).rejects.toThrow(/NOT_FOUND: no registered medium 46f4:0001:NO-SUCH-STICK/);
    await expect(
      world.admin.registerMedium({
        medium: {
          serial: 'X',
          vendorId: '0781',
          productId: '5581',
          assetNumber: 'U-2',
          responsiblePerson: '李四',
        },
      }),
    ).rejects.toThrow(/INVALID_ARGUMENT: classification is required/);
    const after = await world.admin.listMedia({});
    expect(after.media.map((medium) => [medium.serial, medium.status])).toEqual([['SHM0001STICK', 'LOST']]);
  }, 120_000);
});
