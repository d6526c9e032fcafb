import { describe, expect, it } from 'vitest';
import { type AgentLog, agentLog } from '../agent-log';
import { ACCEPTED_AGAIN_MESSAGE, outboxRefusalLog, REFUSED_MESSAGE } from './refusal-log';

/** The real JSON-lines log, written into an array, and a clock the test moves. */
function harness(intervalMs = 60_000) {
  const lines: Record<string, unknown>[] = [];
  const log: AgentLog = agentLog((line) => lines.push(JSON.parse(line) as Record<string, unknown>));
  let now = Date.parse('2026-11-30T12:00:00Z');
  const refusals = outboxRefusalLog(log, { intervalMs, nowMs: () => now });
  return {
    lines,
    refusals,
    advance: (ms: number) => {
      now += ms;
    },
  };
}

const ENOSPC = {
  reason: 'io',
  message: 'writing 812 bytes to 00000000000000000001.seg: ENOSPC: no space left on device',
};
/** How a refusal reads in the log line: the outbox's text as `error`, the line's own message kept. */
const logged = ({ reason, message }: { reason: string; message: string }) => ({ reason, error: message });

describe('outbox refusal log', () => {
  it('logs the first refusal at once, then one line a minute with the repeats it did not log', () => {
    const { lines, refusals, advance } = harness();
    refusals.refused(ENOSPC);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ level: 'error', message: REFUSED_MESSAGE, ...logged(ENOSPC) });

    // A sweep every 100 ms for just under a minute: nothing more is written.
    for (let sweep = 0; sweep < 599; sweep++) {
      advance(100);
      refusals.refused(ENOSPC);
    }
    expect(lines).toHaveLength(1);

    advance(100); // a minute after the first line
    refusals.refused(ENOSPC);
    expect(lines).toHaveLength(2);
    expect(lines[1]).toMatchObject({
      level: 'error',
      message: REFUSED_MESSAGE,
      ...logged(ENOSPC),
      suppressedRepeats: 599,
      refusals: 601,
      refusingSince: '2026-11-30T12:00:00.000Z',
    });

    // Ten more minutes of the same: ten more lines, never more than one a minute.
    for (let sweep = 0; sweep < 6000; sweep++) {
      advance(100);
      refusals.refused(ENOSPC);
    }
    expect(lines).toHaveLength(12);
    expect(lines.slice(2).map((line) => line.suppressedRepeats)).toEqual(Array(10).fill(599));
  });

  it('says once when appends succeed again, with the totals of the episode', () => {
    const { lines, refusals, advance } = harness();
    refusals.accepted(); // nothing was refused: nothing to say
    expect(lines).toEqual([]);
    refusals.refused(ENOSPC);
    for (let sweep = 0; sweep < 40; sweep++) {
      advance(1000);
      refusals.refused(ENOSPC);
    }
    advance(500);
    refusals.accepted();
    refusals.accepted();
    expect(lines).toHaveLength(2);
    expect(lines[1]).toMatchObject({
      level: 'info',
      message: ACCEPTED_AGAIN_MESSAGE,
      refusals: 41,
      suppressedRepeats: 40,
      refusingSince: '2026-11-30T12:00:00.000Z',
      refusedForMs: 40_500,
    });

    // The next refusal starts a new episode and is logged at once.
    advance(1000);
    refusals.refused(ENOSPC);
    expect(lines).toHaveLength(3);
    expect(lines[2]).toMatchObject({ message: REFUSED_MESSAGE, ...logged(ENOSPC) });
    expect(lines[2]).not.toHaveProperty('suppressedRepeats');
  });

  it('logs a refusal of another kind at once', () => {
    const { lines, refusals, advance } = harness();
    refusals.refused(ENOSPC);
    advance(100);
    refusals.refused(ENOSPC);
    advance(100);
    const full = { reason: 'full', message: 'outbox holds 4194000 of 4194304 bytes; this batch needs 900' };
    refusals.refused(full);
    expect(lines).toHaveLength(2);
    expect(lines[1]).toMatchObject({
      message: REFUSED_MESSAGE,
      ...logged(full),
      suppressedRepeats: 1,
      refusals: 3,
    });
    advance(100);
    refusals.refused(full);
    expect(lines).toHaveLength(2);

    // The same reason with another error code is news too; another byte count in the text is not.
    const eio = { reason: 'io', message: 'writing 640 bytes to 00000000000000000001.seg: EIO: i/o error' };
    advance(100);
    refusals.refused(ENOSPC);
    advance(100);
    refusals.refused({ ...ENOSPC, message: ENOSPC.message.replace('812', '640') });
    advance(100);
    refusals.refused(eio);
    expect(lines).toHaveLength(4);
    expect(lines.slice(2).map((line) => line.error)).toEqual([ENOSPC.message, eio.message]);
  });
});
