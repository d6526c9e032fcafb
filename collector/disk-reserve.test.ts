import { describe, expect, it } from 'vitest';
import {
  belowReserveText,
  DEFAULT_DISK_RESERVE,
  diskStanding,
  formatBytes,
  parseDiskReserve,
  reserveBytes,
} from './disk-reserve';

describe('the disk reserve', () => {
  it.each([
    ['2GiB', { bytes: 2_147_483_648, percent: 0 }],
    ['500MiB', { bytes: 524_288_000, percent: 0 }],
    ['1G', { bytes: 1_073_741_824, percent: 0 }],
    ['1.5GiB', { bytes: 1_610_612_736, percent: 0 }],
    ['4096', { bytes: 4096, percent: 0 }],
    ['10%', { bytes: 0, percent: 10 }],
    ['1GiB,5%', { bytes: 1_073_741_824, percent: 5 }],
    [' 5% , 1gib ', { bytes: 1_073_741_824, percent: 5 }],
    ['0', { bytes: 0, percent: 0 }],
  ])('reads --disk-reserve %s', (text, expected) => {
    expect(parseDiskReserve(text)).toEqual(expected);
  });

  it.each([
    ['lots', /--disk-reserve lots: expected a size \(2GiB, 500MiB\), a share \(10%\) or both \(1GiB,5%\)/],
    ['5 parsecs', /--disk-reserve 5 parsecs: expected a size/],
    ['-1GiB', /--disk-reserve -1GiB: expected a size/],
    ['100%', /--disk-reserve 100%: a share must be below 100 %/],
    ['', /--disk-reserve : expected a size/],
  ])('refuses --disk-reserve %s, naming it', (text, message) => {
    expect(() => parseDiskReserve(text)).toThrow(message);
  });

  it('is the larger of the size and the share: 1 GiB on a 10 GiB disk, 5 GB on a 100 GB one', () => {
    expect(reserveBytes(DEFAULT_DISK_RESERVE, 10 * 1024 ** 3)).toBe(1_073_741_824);
    expect(reserveBytes(DEFAULT_DISK_RESERVE, 100_000_000_000)).toBe(5_000_000_000);
    expect(reserveBytes({ bytes: 0, percent: 0 }, 100_000_000_000)).toBe(0);
  });

  it('stands low only below the reserve, and never when it is off', () => {
    const reserve = { bytes: 1000, percent: 0 };
    expect(diskStanding({ freeBytes: 999, totalBytes: 10_000 }, reserve).status).toBe('low');
    expect(diskStanding({ freeBytes: 1000, totalBytes: 10_000 }, reserve).status).toBe('ok');
    expect(diskStanding({ freeBytes: 0, totalBytes: 10_000 }, { bytes: 0, percent: 0 }).status).toBe('ok');
  });

  it('tells the refused caller the free space and the reserve, in Chinese and English', () => {
    const text = belowReserveText({
      status: 'low',
      freeBytes: 512 * 1024 ** 2,
      reserveBytes: 5 * 1024 ** 3,
      totalBytes: 100 * 1024 ** 3,
    });
    expect(text.zh).toBe(
      '磁盘空间不足：数据目录所在文件系统仅剩 512 MiB，低于保留空间 5.0 GiB；释放空间前拒绝更改状态的管理操作和新设备注册',
    );
    expect(text.en).toBe(
      "disk space low: 512 MiB free on the data directory's filesystem, below the reserve of 5.0 GiB; admin changes and new enrolments are refused until space is freed",
    );
  });

  it.each([
    [0, '0 B'],
    [1023, '1023 B'],
    [1536, '1.5 KiB'],
    [1_073_741_824, '1.0 GiB'],
    [53_687_091_200, '50 GiB'],
  ])('writes %d bytes as %s', (bytes, text) => {
    expect(formatBytes(bytes)).toBe(text);
  });
});
