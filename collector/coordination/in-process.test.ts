import { describe, expect, it } from 'vitest';
import { inProcessCoordination, REMEMBERED_SLOTS } from './in-process';

describe('in-process coordination', () => {
  it('gives each slot once, and forgets only the oldest claims past its bound', async () => {
    const coordination = inProcessCoordination();
    expect(await coordination.claimSlot('sweep-schedule:a', '1000')).toBe(true);
    expect(await coordination.claimSlot('sweep-schedule:a', '1000')).toBe(false);
    expect(await coordination.claimSlot('sweep-schedule:b', '1000')).toBe(true);
    for (let slot = 0; slot < REMEMBERED_SLOTS; slot++) await coordination.claimSlot('job', String(slot));
    // The first two claims are now the oldest past the bound; the newest are still refused a second time.
    expect(await coordination.claimSlot('sweep-schedule:a', '1000')).toBe(true);
    expect(await coordination.claimSlot('job', String(REMEMBERED_SLOTS - 1))).toBe(false);
    await coordination.close();
  });
});
