// Ids of sweeps and schedules: stable strings that sort by creation time (UTC, to the millisecond) and carry
// a random tail so that two collectors, or two sweeps in one millisecond, never collide.
// e.g. sw-20260314T093000.123Z-3f9a2c
import { randomBytes } from 'node:crypto';

function stamp(atMs: number): string {
  // 2026-03-14T09:30:00.123Z → 20260314T093000.123Z: still ISO 8601 (basic format), and sortable.
  return new Date(atMs).toISOString().replaceAll('-', '').replaceAll(':', '');
}

export const newSweepId = (atMs: number) => `sw-${stamp(atMs)}-${randomBytes(3).toString('hex')}`;
export const newScheduleId = (atMs: number) => `sch-${stamp(atMs)}-${randomBytes(3).toString('hex')}`;
