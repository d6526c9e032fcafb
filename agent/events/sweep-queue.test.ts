import { describe, expect, it } from 'vitest';
import { createSweepQueue, mergeEventRequests, type SweepRequest } from './sweep-queue';

const usbEvent = (eventAtMs: number, ruleIds: string[]): SweepRequest => ({
  sweepId: '',
  onlyRuleIds: ruleIds,
  trigger: { area: 'usb', phase: 'first', eventAtMs, detail: `e${eventAtMs}` },
});

const label = (request: SweepRequest) =>
  request.trigger ? `event:${request.onlyRuleIds?.join('+')}` : request.sweepId || 'routine';

const settle = () => new Promise((resolve) => setImmediate(resolve));

/**
 * A runner whose reads (and, when asked, commits) finish only when the test says so, by label. It records
 * every step in `steps` and fails the test if two commits ever overlap.
 */
function gatedRunner(options: { gateCommits?: boolean } = {}) {
  const steps: string[] = [];
  const started: SweepRequest[] = [];
  const numbers = new Map<string, number>();
  const readGates = new Map<string, () => void>();
  const commitGates = new Map<string, () => void>();
  let committing = 0;
  let overlapped = false;
  const gate = (gates: Map<string, () => void>, name: string) =>
    new Promise<void>((resolve) => gates.set(name, resolve));
  const release = async (gates: Map<string, () => void>, name: string) => {
    const open = gates.get(name);
    if (!open) throw new Error(`nothing waits under ${name}; waiting: ${[...gates.keys()].join(', ')}`);
    gates.delete(name);
    open();
    await settle();
  };
  const runner = {
    async read(request: SweepRequest, number: number) {
      started.push(request);
      numbers.set(label(request), number);
      steps.push(`read ${label(request)}`);
      await gate(readGates, label(request));
      steps.push(`read done ${label(request)}`);
      return label(request);
    },
    async commit(_request: SweepRequest, reading: string) {
      committing += 1;
      if (committing > 1) overlapped = true;
      steps.push(`commit ${reading}`);
      if (options.gateCommits) await gate(commitGates, reading);
      steps.push(`commit done ${reading}`);
      committing -= 1;
    },
  };
  return {
    runner,
    steps,
    started,
    numbers,
    finishRead: (name: string) => release(readGates, name),
    finishCommit: (name: string) => release(commitGates, name),
    overlapped: () => overlapped,
  };
}

describe('createSweepQueue', () => {
  it('starts an immediate sweep at once while a slow routine sweep reads, and commits in read-finish order', async () => {
    const gated = gatedRunner();
    const queue = createSweepQueue(gated.runner);
    let routineDone = false;
    const routine = queue.request({ sweepId: '' }).then(() => {
      routineDone = true;
    });
    await settle();
    const stick = queue.request(usbEvent(10, ['usb-a']));
    await settle();
    expect(gated.started.map(label)).toEqual(['routine', 'event:usb-a']);
    expect(gated.numbers.get('event:usb-a')).toBeGreaterThan(gated.numbers.get('routine')!);
    await gated.finishRead('event:usb-a');
    await stick;
    expect(routineDone).toBe(false);
    await gated.finishRead('routine');
    await routine;
    expect(gated.steps).toEqual([
      'read routine',
      'read event:usb-a',
      'read done event:usb-a',
      'commit event:usb-a',
      'commit done event:usb-a',
      'read done routine',
      'commit routine',
      'commit done routine',
    ]);
    await queue.stop();
  });

  it('never overlaps two commits: a read that finishes during a commit waits for it', async () => {
    const gated = gatedRunner({ gateCommits: true });
    const queue = createSweepQueue(gated.runner);
    void queue.request({ sweepId: 'cmd-1' });
    void queue.request(usbEvent(10, ['usb-a']));
    await settle();
    await gated.finishRead('cmd-1');
    await gated.finishRead('event:usb-a');
    expect(gated.steps.slice(-3)).toEqual(['read done cmd-1', 'commit cmd-1', 'read done event:usb-a']);
    await gated.finishCommit('cmd-1');
    expect(gated.steps.slice(-2)).toEqual(['commit done cmd-1', 'commit event:usb-a']);
    await gated.finishCommit('event:usb-a');
    expect(gated.overlapped()).toBe(false);
    await queue.stop();
  });

  it('runs at most one immediate sweep beside one other; the next waits for its own lane', async () => {
    const gated = gatedRunner();
    const queue = createSweepQueue(gated.runner);
    void queue.request({ sweepId: '' });
    void queue.request(usbEvent(10, ['usb-a']));
    void queue.request({ sweepId: 'cmd-1' });
    await settle();
    const second = queue.request(usbEvent(20, ['usb-b']));
    await settle();
    expect(gated.started.map(label)).toEqual(['routine', 'event:usb-a']);
    await gated.finishRead('event:usb-a');
    expect(gated.started.map(label)).toEqual(['routine', 'event:usb-a', 'event:usb-b']);
    await gated.finishRead('event:usb-b');
    await second;
    await gated.finishRead('routine');
    expect(gated.started.map(label)).toEqual(['routine', 'event:usb-a', 'event:usb-b', 'cmd-1']);
    await gated.finishRead('cmd-1');
    await queue.stop();
  });

  it('stop() drops what waits and resolves only after both running sweeps have committed', async () => {
    const gated = gatedRunner();
    const queue = createSweepQueue(gated.runner);
    void queue.request({ sweepId: '' });
    void queue.request(usbEvent(10, ['usb-a']));
    const dropped = queue.request({ sweepId: 'cmd-1' });
    await settle();
    let stopped = false;
    const stopping = queue.stop().then(() => {
      stopped = true;
    });
    await dropped;
    await gated.finishRead('routine');
    expect(stopped).toBe(false);
    await gated.finishRead('event:usb-a');
    await stopping;
    expect(gated.steps.filter((step) => step.startsWith('commit done'))).toEqual([
      'commit done routine',
      'commit done event:usb-a',
    ]);
    expect(gated.started.map(label)).toEqual(['routine', 'event:usb-a']);
  });

  it('takes the main lane in order event, commanded, routine', async () => {
    const gated = gatedRunner();
    const queue = createSweepQueue(gated.runner);
    void queue.request({ sweepId: '' });
    void queue.request({ sweepId: 'cmd-1' });
    void queue.request({ sweepId: '' });
    void queue.request({
      sweepId: '',
      onlyRuleIds: ['usb-a'],
      trigger: { area: 'usb', phase: 'settled', eventAtMs: 5, detail: 'settled' },
    });
    await gated.finishRead('routine');
    await gated.finishRead('event:usb-a');
    await gated.finishRead('cmd-1');
    expect(gated.started.map(label)).toEqual(['routine', 'event:usb-a', 'cmd-1', 'routine']);
    await gated.finishRead('routine');
    await queue.stop();
  });

  it('merges waiting event sweeps and keeps the earliest event time', async () => {
    const gated = gatedRunner();
    const queue = createSweepQueue(gated.runner);
    void queue.request(usbEvent(5, ['usb-0']));
    const first = queue.request(usbEvent(20, ['usb-a']));
    const second = queue.request(usbEvent(10, ['net-b']));
    await gated.finishRead('event:usb-0');
    expect(gated.started.map(label)).toEqual(['event:usb-0', 'event:usb-a+net-b']);
    expect(gated.started[1]!.trigger?.eventAtMs).toBe(10);
    await gated.finishRead('event:usb-a+net-b');
    await Promise.all([first, second]);
    await queue.stop();
  });

  it('runs the first sweep of a new burst beside a settled one, without its rules', async () => {
    const gated = gatedRunner();
    const queue = createSweepQueue(gated.runner);
    void queue.request({ sweepId: '' });
    const settled: SweepRequest = {
      sweepId: '',
      onlyRuleIds: ['usb-a', 'radio-slow'],
      trigger: { area: 'usb', phase: 'settled', eventAtMs: 5, detail: 'settled' },
    };
    void queue.request(settled);
    void queue.request(usbEvent(10, ['usb-a']));
    await settle();
    expect(gated.started.map(label)).toEqual(['routine', 'event:usb-a']);
    await gated.finishRead('event:usb-a');
    await gated.finishRead('routine');
    expect(gated.started.map(label)).toEqual(['routine', 'event:usb-a', 'event:usb-a+radio-slow']);
    await gated.finishRead('event:usb-a+radio-slow');
    await queue.stop();
  });

  it('starts nothing in the main lane while an immediate sweep reads or commits, then at once', async () => {
    const gated = gatedRunner({ gateCommits: true });
    const queue = createSweepQueue(gated.runner);
    const stick = queue.request(usbEvent(10, ['usb-a']));
    await settle();
    const settledDone = queue.request({
      sweepId: '',
      onlyRuleIds: ['usb-a', 'radio-slow'],
      trigger: { area: 'usb', phase: 'settled', eventAtMs: 10, detail: 'settled' },
    });
    void queue.request({ sweepId: 'cmd-1' });
    await settle();
    expect(gated.started.map(label)).toEqual(['event:usb-a']);
    await gated.finishRead('event:usb-a');
    expect(gated.steps.at(-1)).toBe('commit event:usb-a');
    expect(gated.started.map(label)).toEqual(['event:usb-a']);
    await gated.finishCommit('event:usb-a');
    await stick;
    expect(gated.started.map(label)).toEqual(['event:usb-a', 'event:usb-a+radio-slow']);
    // A stick plugged while the settled sweep reads still starts at once, beside it; the commanded sweep
    // waits for both.
    void queue.request(usbEvent(20, ['usb-b']));
    await settle();
    expect(gated.started.map(label)).toEqual(['event:usb-a', 'event:usb-a+radio-slow', 'event:usb-b']);
    await gated.finishRead('event:usb-a+radio-slow');
    await gated.finishCommit('event:usb-a+radio-slow');
    await settledDone;
    expect(gated.started.map(label)).toEqual(['event:usb-a', 'event:usb-a+radio-slow', 'event:usb-b']);
    await gated.finishRead('event:usb-b');
    await gated.finishCommit('event:usb-b');
    expect(gated.started.map(label)).toEqual([
      'event:usb-a',
      'event:usb-a+radio-slow',
      'event:usb-b',
      'cmd-1',
    ]);
    await gated.finishRead('cmd-1');
    await gated.finishCommit('cmd-1');
    await queue.stop();
  });

  it('queues a routine sweep asked for while one waits only once, and resolves both callers', async () => {
    const gated = gatedRunner();
    const queue = createSweepQueue(gated.runner);
    void queue.request({ sweepId: '' });
    const a = queue.request({ sweepId: '' });
    const b = queue.request({ sweepId: '' });
    await gated.finishRead('routine');
    await gated.finishRead('routine');
    await Promise.all([a, b]);
    expect(gated.started).toHaveLength(2);
    await queue.stop();
  });

  it('keeps going after a read or a commit that throws, and stop drops what waits', async () => {
    const seen: string[] = [];
    const queue = createSweepQueue({
      async read(request: SweepRequest) {
        seen.push(`read ${request.sweepId}`);
        if (request.sweepId === 'bad-read') throw new Error('bug');
        return request.sweepId;
      },
      async commit(_request: SweepRequest, reading: string) {
        seen.push(`commit ${reading}`);
        if (reading === 'bad-commit') throw new Error('bug');
      },
    });
    await Promise.all([
      queue.request({ sweepId: 'bad-read' }),
      queue.request({ sweepId: 'bad-commit' }),
      queue.request({ sweepId: 'good' }),
    ]);
    expect(seen).toEqual([
      'read bad-read',
      'read bad-commit',
      'commit bad-commit',
      'read good',
      'commit good',
    ]);
    await queue.stop();
    await queue.request({ sweepId: 'late' });
    expect(seen).toHaveLength(5);
  });

  it('merges to all rules when either request wants all', () => {
    const merged = mergeEventRequests(usbEvent(5, ['a']), { ...usbEvent(3, ['b']), onlyRuleIds: undefined });
    expect(merged.onlyRuleIds).toBeUndefined();
    expect(merged.trigger?.eventAtMs).toBe(3);
  });
});
