// The disk reserve: free space on the data directory's filesystem the collector keeps for what matters most.
// A full disk stops every write, ingest from the whole fleet and the audit trail included; so below the
// reserve the collector refuses what can wait (admin calls that change state, new enrolments) and keeps
// ingesting findings and writing the audit records that matter for as long as the space lasts.
// Pure: the space read and the decision (disk-reserve-watch.ts reads the disk, on a timer).

export const GIB = 1024 ** 3;
const UNITS: Record<string, number> = {
  '': 1,
  b: 1,
  k: 1024,
  kb: 1024,
  kib: 1024,
  m: 1024 ** 2,
  mb: 1024 ** 2,
  mib: 1024 ** 2,
  g: GIB,
  gb: GIB,
  gib: GIB,
  t: 1024 ** 4,
  tb: 1024 ** 4,
  tib: 1024 ** 4,
};

/** The reserve is the larger of a size and a share of the filesystem: 1 GiB is too little on a 2 TB disk
 *  whose collector writes gigabytes a day, 5 % too little on a small one. */
export interface DiskReserveSetting {
  bytes: number;
  percent: number;
}

/** max(1 GiB, 5 % of the filesystem): about a day of the trail and ingest of a busy 10,000-device fleet. */
export const DEFAULT_DISK_RESERVE: DiskReserveSetting = { bytes: GIB, percent: 5 };

/** What statfs says about the filesystem, in bytes: free to unprivileged writers (bavail) and in all. */
export interface DiskSpace {
  freeBytes: number;
  totalBytes: number;
}

/**
 * Reads `serve --disk-reserve`: a size ("2GiB", "500MiB", "1G", bytes when bare), a share ("10%"), or both
 * separated by a comma ("1GiB,5%": the larger of the two); "0" turns the reserve off.
 */
export function parseDiskReserve(text: string): DiskReserveSetting {
  const setting: DiskReserveSetting = { bytes: 0, percent: 0 };
  const parts = text.split(',').map((part) => part.trim());
  for (const part of parts) {
    const share = /^(\d+(?:\.\d+)?)\s*%$/.exec(part);
    if (share) {
      const percent = Number(share[1]);
      if (percent >= 100) throw new Error(`--disk-reserve ${text}: a share must be below 100 %`);
      setting.percent = percent;
      continue;
    }
    const size = /^(\d+(?:\.\d+)?)\s*([a-zA-Z]*)$/.exec(part);
    const unit = size ? UNITS[size[2]!.toLowerCase()] : undefined;
    if (!size || unit === undefined) {
      throw new Error(
        `--disk-reserve ${text}: expected a size (2GiB, 500MiB), a share (10%) or both (1GiB,5%)`,
      );
    }
    setting.bytes = Math.round(Number(size[1]) * unit);
  }
  return setting;
}

export function reserveBytes(setting: DiskReserveSetting, totalBytes: number): number {
  return Math.max(setting.bytes, Math.ceil((setting.percent / 100) * totalBytes));
}

/** Where the disk stands against the reserve; `unreadable` when statfs failed (treated as below: refuse). */
export type DiskStanding =
  | { status: 'ok' | 'low'; freeBytes: number; totalBytes: number; reserveBytes: number }
  | { status: 'unreadable'; reason: string };

export function diskStanding(space: DiskSpace, setting: DiskReserveSetting): DiskStanding {
  const reserve = reserveBytes(setting, space.totalBytes);
  return {
    status: space.freeBytes < reserve ? 'low' : 'ok',
    freeBytes: space.freeBytes,
    totalBytes: space.totalBytes,
    reserveBytes: reserve,
  };
}

/** "1.5 GiB", "512 MiB": sizes as an operator reads them. */
export function formatBytes(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return unit === 0 ? `${bytes} B` : `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}

/** What a refused caller and `shoumictl status` read (zh, en): free space, the reserve, and what to do. */
export function belowReserveText(standing: Exclude<DiskStanding, { status: 'ok' }>): {
  zh: string;
  en: string;
} {
  if (standing.status === 'unreadable') {
    return {
      zh: `无法读取数据目录所在文件系统的剩余空间（${standing.reason}），暂停更改状态的管理操作和新设备注册`,
      en:
        `cannot read the free space of the data directory's filesystem (${standing.reason}); admin changes ` +
        'and new enrolments are refused until it can be read',
    };
  }
  const free = formatBytes(standing.freeBytes);
  const reserve = formatBytes(standing.reserveBytes);
  return {
    zh: `磁盘空间不足：数据目录所在文件系统仅剩 ${free}，低于保留空间 ${reserve}；释放空间前拒绝更改状态的管理操作和新设备注册`,
    en:
      `disk space low: ${free} free on the data directory's filesystem, below the reserve of ${reserve}; ` +
      'admin changes and new enrolments are refused until space is freed',
  };
}
