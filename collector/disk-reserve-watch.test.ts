import { describe, expect, it } from 'vitest';
import type { DiskSpace } from './disk-reserve';
import { DISK_ALERT_CODE, diskReserveWatch } from './disk-reserve-watch';
import type { Logger } from './logger';
import type { AuditRecordInput } from './store/store';

const GIB = 1024 ** 3;

/** A disk whose free space the test sets, a clock the test moves, and what the watch wrote and logged. */
function world(freeBytes: number) {
  const disk = { freeBytes, totalBytes: 100 * GIB, failing: undefined as string | undefined, reads: 0 };
  const clock = { ms: 1_800_000_000_000 };
  const records: AuditRecordInput[] = [];
  const logged: { level: string; message: string }[] = [];
  const log: Logger = {
    info: (message) => logged.push({ level: 'info', message }),
    warn: (message) => logged.push({ level: 'warn', message }),
    error: (message) => logged.push({ level: 'error', message }),
  };
  const watch = diskReserveWatch({
    dataDir: '/var/lib/shoumi',
    setting: { bytes: GIB, percent: 5 }, // 5 GiB on this 100 GiB disk
    store: {
      appendAudit: async (entry) => {
        records.push(entry);
        return {} as never;
      },
    },
    log,
    statDisk: async (): Promise<DiskSpace> => {
      disk.reads += 1;
      if (disk.failing) throw new Error(disk.failing);
      return { freeBytes: disk.freeBytes, totalBytes: disk.totalBytes };
    },
    now: () => clock.ms,
    intervalMs: 3_600_000,
  });
  return { disk, clock, records, logged, watch };
}

describe('the disk reserve watch', () => {
  it('W1: above the reserve, nothing is refused, recorded or alerted', async () => {
    const { watch, records, logged } = world(6 * GIB);
    await watch.start();
    expect(await watch.refusal()).toBeUndefined();
    expect(watch.alerts()).toEqual([]);
    expect(records).toEqual([]);
    expect(logged).toEqual([]);
    watch.stop();
  });

  it('W2: below it, writes are refused naming free space and reserve; one error line, one record, one alert; back above, one record more', async () => {
    const { watch, records, logged, disk, clock } = world(6 * GIB);
    await watch.start();
    disk.freeBytes = 4 * GIB;
    clock.ms += 1_001;
    const refusal = await watch.refusal();
    expect(refusal).toBe(
      '磁盘空间不足：数据目录所在文件系统仅剩 4.0 GiB，低于保留空间 5.0 GiB；释放空间前拒绝更改状态的管理操作和新设备注册 / ' +
        "disk space low: 4.0 GiB free on the data directory's filesystem, below the reserve of 5.0 GiB; admin changes and new enrolments are refused until space is freed",
    );
    const belowAt = clock.ms;
    clock.ms += 1_001;
    await watch.refusal(); // still below: no second record
    expect(logged).toEqual([
      { level: 'error', message: 'disk below its reserve: admin changes and enrolments refused' },
    ]);
    expect(records.map((record) => [record.action, record.outcome, record.actor])).toEqual([
      ['collector.disk_reserve_low', 'refused', 'collector'],
    ]);
    expect(records[0]!.detail).toMatchObject({ freeBytes: 4 * GIB, reserveBytes: 5 * GIB });
    expect(watch.alerts()).toEqual([
      expect.objectContaining({ code: DISK_ALERT_CODE, severity: 'error', sinceMs: belowAt }),
    ]);

    disk.freeBytes = 7 * GIB;
    clock.ms += 1_001;
    expect(await watch.refusal()).toBeUndefined();
    expect(records.map((record) => record.action)).toEqual([
      'collector.disk_reserve_low',
      'collector.disk_reserve_restored',
    ]);
    expect(records[1]!.detail).toMatchObject({ belowSinceMs: belowAt, freeBytes: 7 * GIB });
    expect(watch.alerts()).toEqual([]);
    watch.stop();
  });

  it('W3: a disk that cannot be read is taken as below the reserve (refuse rather than guess)', async () => {
    const { watch, disk, records } = world(50 * GIB);
    disk.failing = 'EIO: i/o error, statfs';
    await watch.start();
    expect(await watch.refusal()).toMatch(/cannot read the free space .*EIO: i\/o error, statfs/);
    expect(records.map((record) => record.action)).toEqual(['collector.disk_reserve_low']);
    watch.stop();
  });

  it('W4: reads the disk at most once a second however many writes ask', async () => {
    const { watch, disk, clock } = world(50 * GIB);
    await watch.start();
    const before = disk.reads;
    await Promise.all(Array.from({ length: 100 }, () => watch.refusal()));
    expect(disk.reads).toBe(before);
    clock.ms += 1_001;
    await Promise.all(Array.from({ length: 100 }, () => watch.refusal()));
    expect(disk.reads).toBe(before + 1);
    watch.stop();
  });

  it('W5: a collector started below the reserve says so at start', async () => {
    const { watch, records } = world(GIB);
    await watch.start();
    expect(records.map((record) => record.action)).toEqual(['collector.disk_reserve_low']);
    expect(watch.alerts()).toHaveLength(1);
    watch.stop();
  });
});
