import { describe, expect, it } from 'vitest';
import { createSweepQueue, mergeEventRequests, type SweepRequest } from './sweep-queue';

const usbEvent = (eventAtMs: number, ruleIds: string[]): SweepRequest => ({
  sweepId: '',
  onlyRuleIds: ruleIds,
  trigger: { area: 'usb', phase: 'first', eventAtMs, detail: `e${eventAtMs}` },
});

/** A runner whose sweeps finish only when the test says so. */
function gatedRunner() {
  const started: SweepRequest[] = [];
  const gates: Array<() => void> = [];
  const run = (request: SweepRequest) =>
    new Promise<void>((resolve) => {
      started.push(request);
      gates.push(resolve);
    });
  const finishNext = async () => {
    gates.shift()!();
    await new Promise((resolve) => setImmediate(resolve));
  };
  return { started, run, finishNext };
}

const label = (request: SweepRequest) =>
  request.trigger ? `event:${request.onlyRuleIds?.join('+')}` : request.sweepId || 'routine';

describe('createSweepQueue', () => {
  it('runs an event sweep before routine and commanded sweeps that waited longer', async () => {
    const runner = gatedRunner();
    const queue = createSweepQueue(runner.run);
    void queue.request({ sweepId: '' });
    void queue.request({ sweepId: 'cmd-1' });
    void queue.request({ sweepId: '' });
    void queue.request(usbEvent(10, ['usb-a']));
    await runner.finishNext();
    await runner.finishNext();
    await runner.finishNext();
    expect(runner.started.map(label)).toEqual(['routine', 'event:usb-a', 'cmd-1', 'routine']);
    await runner.finishNext();
    await queue.stop();
  });

  it('merges waiting event sweeps and keeps the earliest event time', async () => {
    const runner = gatedRunner();
    const queue = createSweepQueue(runner.run);
    void queue.request({ sweepId: '' });
    const first = queue.request(usbEvent(20, ['usb-a']));
    const second = queue.request(usbEvent(10, ['net-b']));
    await runner.finishNext();
    expect(runner.started.map(label)).toEqual(['routine', 'event:usb-a+net-b']);
    expect(runner.started[1]!.trigger?.eventAtMs).toBe(10);
    await runner.finishNext();
    await Promise.all([first, second]);
    await queue.stop();
  });

  it('runs the first sweep of a new burst before a waiting settled one, without its rules', async () => {
    const runner = gatedRunner();
    const queue = createSweepQueue(runner.run);
    void queue.request({ sweepId: '' });
    const settled: SweepRequest = {
      sweepId: '',
      onlyRuleIds: ['usb-a', 'radio-slow'],
      trigger: { area: 'usb', phase: 'settled', eventAtMs: 5, detail: 'settled' },
    };
    void queue.request(settled);
    void queue.request(usbEvent(10, ['usb-a']));
    await runner.finishNext();
    await runner.finishNext();
    expect(runner.started.map(label)).toEqual(['routine', 'event:usb-a', 'event:usb-a+radio-slow']);
    await runner.finishNext();
    await queue.stop();
  });

  it('queues a routine sweep asked for while one waits only once, and resolves both callers', async () => {
    const runner = gatedRunner();
    const queue = createSweepQueue(runner.run);
    void queue.request({ sweepId: '' });
    const a = queue.request({ sweepId: '' });
    const b = queue.request({ sweepId: '' });
    await runner.finishNext();
    await runner.finishNext();
    await Promise.all([a, b]);
    expect(runner.started).toHaveLength(2);
    await queue.stop();
  });

  it('keeps going after a sweep that throws, and stop drops what waits', async () => {
    const seen: string[] = [];
    const queue = createSweepQueue(async (request) => {
      seen.push(request.sweepId);
      if (request.sweepId === 'bad') throw new Error('bug');
    });
    await Promise.all([queue.request({ sweepId: 'bad' }), queue.request({ sweepId: 'good' })]);
    expect(seen).toEqual(['bad', 'good']);
    await queue.stop();
    await queue.request({ sweepId: 'late' });
    expect(seen).toEqual(['bad', 'good']);
  });

  it('merges to all rules when either request wants all', () => {
    const merged = mergeEventRequests(usbEvent(5, ['a']), { ...usbEvent(3, ['b']), onlyRuleIds: undefined });
    expect(merged.onlyRuleIds).toBeUndefined();
    expect(merged.trigger?.eventAtMs).toBe(3);
  });
});
