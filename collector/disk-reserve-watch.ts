// Watches the data directory's filesystem against the disk reserve (disk-reserve.ts): read on a timer, and
// again before an admin write or an enrolment when the last reading is more than a second old (statfs is one
// system call; a second is far less than a flood needs to fill a gigabyte). When the disk goes below the
// reserve and when it comes back the office is told three ways: a log line (error level going down), an audit
// record, and an alert that `shoumictl status` prints above its table.
import { statfs } from 'node:fs/promises';
import type { CollectorAlert } from '../proto/generated/shoumi/v1/CollectorAlert';
import {
  belowReserveText,
  type DiskReserveSetting,
  type DiskSpace,
  type DiskStanding,
  diskStanding,
  formatBytes,
} from './disk-reserve';
import type { Logger } from './logger';
import type { AuditStore } from './store/store';

/** Reads the space of the filesystem holding `dir`; tests hand in a fake to play a nearly full disk. */
export type StatDisk = (dir: string) => Promise<DiskSpace>;

export const statDisk: StatDisk = async (dir) => {
  const stats = await statfs(dir);
  return { freeBytes: stats.bavail * stats.bsize, totalBytes: stats.blocks * stats.bsize };
};

export const DISK_CHECK_INTERVAL_MS = 10_000;
/** Before a write, a reading younger than this is used as it is. */
export const DISK_READING_FRESH_MS = 1_000;

export const DISK_ALERT_CODE = 'disk_reserve';

export interface DiskReserveWatch {
  /** Why a write must wait (zh / en in one line), or undefined while the disk is above the reserve. */
  refusal(): Promise<string | undefined>;
  /** The alert to show while below the reserve; none otherwise. */
  alerts(): CollectorAlert[];
  /** Takes the first reading (recording a low disk at once) and starts the timer. */
  start(): Promise<void>;
  stop(): void;
}

export function diskReserveWatch(deps: {
  dataDir: string;
  setting: DiskReserveSetting;
  store: Pick<AuditStore, 'appendAudit'>;
  log: Logger;
  statDisk?: StatDisk;
  now?: () => number;
  intervalMs?: number;
}): DiskReserveWatch {
  const now = deps.now ?? Date.now;
  const stat = deps.statDisk ?? statDisk;
  let standing: DiskStanding = { status: 'ok', freeBytes: 0, totalBytes: 0, reserveBytes: 0 };
  let readAtMs = Number.NEGATIVE_INFINITY;
  let belowSinceMs: number | undefined;
  let reading: Promise<void> | undefined;
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;

  const audit = (action: string, outcome: 'allowed' | 'refused', detail: Record<string, unknown>) =>
    deps.store
      .appendAudit(
        { actor: 'collector', source: 'local', action, target: deps.dataDir, detail, outcome },
        now(),
      )
      .catch((error: Error) =>
        deps.log.error('cannot record the disk reserve in the audit trail', { action, error: error.message }),
      );

  const figures = (value: DiskStanding) =>
    value.status === 'unreadable'
      ? { reason: value.reason }
      : {
          freeBytes: value.freeBytes,
          reserveBytes: value.reserveBytes,
          totalBytes: value.totalBytes,
          free: formatBytes(value.freeBytes),
          reserve: formatBytes(value.reserveBytes),
        };

  const read = async () => {
    let next: DiskStanding;
    try {
      next = diskStanding(await stat(deps.dataDir), deps.setting);
    } catch (error) {
      next = { status: 'unreadable', reason: (error as Error).message };
    }
    const atMs = now();
    readAtMs = atMs;
    const wasBelow = belowSinceMs !== undefined;
    standing = next;
    if (next.status !== 'ok' && !wasBelow) {
      belowSinceMs = atMs;
      deps.log.error('disk below its reserve: admin changes and enrolments refused', figures(next));
      await audit('collector.disk_reserve_low', 'refused', figures(next));
    } else if (next.status === 'ok' && wasBelow) {
      deps.log.info('disk above its reserve again: admin changes and enrolments accepted', figures(next));
      await audit('collector.disk_reserve_restored', 'allowed', {
        ...figures(next),
        belowSinceMs,
      });
      belowSinceMs = undefined;
    }
  };
  const readOnce = () => {
    reading ??= read().finally(() => {
      reading = undefined;
    });
    return reading;
  };

  return {
    async refusal() {
      if (now() - readAtMs > DISK_READING_FRESH_MS) await readOnce();
      if (standing.status === 'ok') return undefined;
      const text = belowReserveText(standing);
      return `${text.zh} / ${text.en}`;
    },
    alerts() {
      if (standing.status === 'ok' || belowSinceMs === undefined) return [];
      const text = belowReserveText(standing);
      return [
        {
          code: DISK_ALERT_CODE,
          severity: 'error',
          messageZh: text.zh,
          messageEn: text.en,
          sinceMs: belowSinceMs,
        },
      ];
    },
    async start() {
      await readOnce();
      const tick = () => {
        if (stopped) return;
        timer = setTimeout(() => void readOnce().finally(tick), deps.intervalMs ?? DISK_CHECK_INTERVAL_MS);
        timer.unref();
      };
      tick();
    },
    stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      timer = undefined;
    },
  };
}
