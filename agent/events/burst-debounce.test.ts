import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { burstDebounce } from './burst-debounce';
import type { WatchEvent } from './watch-event';

describe('burstDebounce', () => {
  beforeEach(() => vi.useFakeTimers({ now: 1_000_000 }));
  afterEach(() => vi.useRealTimers());

  const make = (settle: 'always' | 'if-more') => {
    const fired: WatchEvent[] = [];
    const debounce = burstDebounce({
      area: 'usb',
      quietMs: 100,
      maxBurstMs: 1000,
      settle,
      fire: (event) => fired.push(event),
    });
    return { fired, debounce };
  };

  it('fires at once on the first event and once more after the burst settles', () => {
    const { fired, debounce } = make('always');
    debounce.push({ atMs: 1_000_000, detail: 'node' });
    expect(fired).toEqual([{ area: 'usb', phase: 'first', firstAtMs: 1_000_000, count: 1, detail: 'node' }]);
    vi.advanceTimersByTime(50);
    debounce.push({ atMs: 1_000_050, detail: 'interface' });
    vi.advanceTimersByTime(99);
    expect(fired).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(fired[1]).toEqual({
      area: 'usb',
      phase: 'settled',
      firstAtMs: 1_000_000,
      count: 2,
      detail: 'node',
    });
  });

  it('starts a new burst, with its own immediate fire, after a quiet spell (the block device)', () => {
    const { fired, debounce } = make('always');
    debounce.push({ atMs: 1, detail: 'node' });
    vi.advanceTimersByTime(1000);
    debounce.push({ atMs: 2, detail: '/dev/sda' });
    expect(fired.map((event) => `${event.phase}:${event.detail}`)).toEqual([
      'first:node',
      'settled:node',
      'first:/dev/sda',
    ]);
  });

  it('settles a lone event only when told to', () => {
    const always = make('always');
    const ifMore = make('if-more');
    always.debounce.push({ atMs: 1, detail: 'x' });
    ifMore.debounce.push({ atMs: 1, detail: 'x' });
    vi.advanceTimersByTime(500);
    expect(always.fired.map((event) => event.phase)).toEqual(['first', 'settled']);
    expect(ifMore.fired.map((event) => event.phase)).toEqual(['first']);
  });

  it('settles an endless burst after maxBurstMs', () => {
    const { fired, debounce } = make('if-more');
    debounce.push({ atMs: 0, detail: 'flap' });
    for (let elapsed = 50; elapsed < 1000; elapsed += 50) {
      vi.advanceTimersByTime(50);
      debounce.push({ atMs: elapsed, detail: 'flap' });
    }
    expect(fired.map((event) => event.phase)).toEqual(['first']);
    vi.advanceTimersByTime(50);
    expect(fired.map((event) => event.phase)).toEqual(['first', 'settled']);
  });

  it('fires nothing after stop', () => {
    const { fired, debounce } = make('always');
    debounce.push({ atMs: 0, detail: 'x' });
    debounce.stop();
    vi.advanceTimersByTime(500);
    debounce.push({ atMs: 1, detail: 'y' });
    expect(fired).toHaveLength(1);
  });
});
