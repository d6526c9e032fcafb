import { describe, expect, it } from 'vitest';
import { type Refusal, refusalTally } from './refusal-tally';

// Window boundaries written out by hand: windows are the epoch's minutes.
const MINUTE_0 = 1_800_000_000_000; // a multiple of 60,000: 2027-01-15T08:00:00.000Z
const MINUTE_1 = MINUTE_0 + 60_000;

const agent = (method = 'GetFleetStatus', sourceAddress = '10.0.0.7'): Refusal => ({
  actor: 'device:ws-017',
  kind: 'role',
  sourceAddress,
  method,
  reason: 'an agent certificate cannot call the admin API',
});

describe('the refusal tally', () => {
  it('T1: records the first refusal of an identity and kind at once, counts the rest, and reports them when the minute ends', () => {
    const tally = refusalTally();
    const verdicts = [
      tally.note(agent('GetFleetStatus'), MINUTE_0 + 1_000),
      tally.note(agent('ListAudit'), MINUTE_0 + 2_000),
      tally.note(agent('GetFleetStatus', '10.0.0.8'), MINUTE_0 + 3_000),
      tally.note(agent('RunSweep'), MINUTE_0 + 59_999),
    ];
    expect(verdicts).toEqual(['record-now', 'counted', 'counted', 'counted']);
    expect(tally.pendingUntilMs()).toBe(MINUTE_1);
    expect(tally.closed(MINUTE_1 - 1)).toEqual([]);
    expect(tally.closed(MINUTE_1)).toEqual([
      {
        actor: 'device:ws-017',
        kind: 'role',
        summary:
          "3 calls refused: the method is not for the certificate's role (an agent certificate cannot call the admin API)",
        refused: 3,
        recordedSingly: 1,
        reason: 'an agent certificate cannot call the admin API',
        methods: ['GetFleetStatus', 'ListAudit', 'RunSweep'],
        methodsNotListed: 0,
        sources: ['10.0.0.7', '10.0.0.8'],
        sourcesNotListed: 0,
        windowStartMs: MINUTE_0,
        windowEndMs: MINUTE_1,
        firstMs: MINUTE_0 + 1_000,
        lastMs: MINUTE_0 + 59_999,
      },
    ]);
    // Reported once: the window is forgotten.
    expect(tally.closed(MINUTE_1 + 60_000)).toEqual([]);
    expect(tally.pendingUntilMs()).toBeUndefined();
  });

  it('T2: a single refusal in a minute leaves no count (it was recorded in full); the next minute starts afresh', () => {
    const tally = refusalTally();
    expect(tally.note(agent(), MINUTE_0 + 5)).toBe('record-now');
    expect(tally.pendingUntilMs()).toBeUndefined();
    expect(tally.note(agent(), MINUTE_1 + 5)).toBe('record-now');
    expect(tally.closed(MINUTE_1 + 60_000)).toEqual([]);
  });

  it('T3: the same identity refused for another kind is a separate count', () => {
    const tally = refusalTally();
    const revoked: Refusal = {
      actor: 'admin:ops-1(system_admin)',
      kind: 'certificate',
      sourceAddress: '10.0.0.9',
      method: 'WhoAmI',
      reason: 'certificate 0a was revoked at 2027-01-15T07:00:00.000Z',
    };
    const limited: Refusal = { ...revoked, kind: 'rate-limit', reason: 'more than 1 calls per second' };
    expect(tally.note(revoked, MINUTE_0)).toBe('record-now');
    expect(tally.note(limited, MINUTE_0)).toBe('record-now');
    expect(tally.note(revoked, MINUTE_0)).toBe('counted');
    expect(tally.note(limited, MINUTE_0)).toBe('counted');
    expect(tally.note(limited, MINUTE_0)).toBe('counted');
    const counts = tally.drain();
    expect(counts.map((count) => [count.kind, count.refused])).toEqual([
      ['certificate', 1],
      ['rate-limit', 2],
    ]);
    expect(counts[0]!.summary).toBe(
      '1 call refused: the certificate is not accepted (certificate 0a was revoked at 2027-01-15T07:00:00.000Z)',
    );
  });

  it('T4: many certificates from one address are folded into one count for that address beyond four', () => {
    const tally = refusalTally();
    const verdicts: string[] = [];
    // 10 device certificates, each refused 3 times, all from 10.0.0.7.
    for (let round = 0; round < 3; round++) {
      for (let device = 0; device < 10; device++) {
        verdicts.push(tally.note({ ...agent(), actor: `device:ws-${device}` }, MINUTE_0 + round));
      }
    }
    // Only the first four identities are recorded at once, once each.
    expect(verdicts.filter((verdict) => verdict === 'record-now')).toHaveLength(4);
    const counts = tally.drain();
    expect(counts.map((count) => [count.actor, count.refused])).toEqual([
      ['device:ws-0', 2],
      ['device:ws-1', 2],
      ['device:ws-2', 2],
      ['device:ws-3', 2],
      ['others@10.0.0.7', 18],
    ]);
    const others = counts.at(-1)!;
    expect(others.identities).toBe(6);
    expect(others.kind).toBe('mixed');
    expect(others.summary).toBe(
      '18 calls refused: refused for 6 identities beyond those tracked at this source',
    );
    // Every call is accounted for: 4 recorded one by one + 8 + 18 counted = 30.
    expect(4 + counts.reduce((sum, count) => sum + count.refused, 0)).toBe(30);
  });

  it('T5: a tracked identity refused from a further address still counts on its own line', () => {
    const tally = refusalTally();
    for (let device = 0; device < 4; device++)
      tally.note({ ...agent(), actor: `device:ws-${device}` }, MINUTE_0);
    // 10.0.0.8 is full of nobody; ws-0 is known already, so it is counted under its own name.
    expect(tally.note({ ...agent('ListAudit', '10.0.0.8'), actor: 'device:ws-0' }, MINUTE_0)).toBe('counted');
    const [first] = tally.drain();
    expect(first).toMatchObject({ actor: 'device:ws-0', refused: 1, sources: ['10.0.0.7', '10.0.0.8'] });
  });

  it('T6: a flood from three addresses, fifty certificates each, stays inside the per-address bound', () => {
    const tally = refusalTally();
    let recordedNow = 0;
    let calls = 0;
    for (let round = 0; round < 20; round++) {
      for (const source of ['10.0.0.1', '10.0.0.2', '10.0.0.3']) {
        for (let device = 0; device < 50; device++) {
          calls += 1;
          if (
            tally.note(
              { ...agent('ListAudit', source), actor: `device:${source}-${device}` },
              MINUTE_0 + round,
            ) === 'record-now'
          )
            recordedNow += 1;
        }
      }
    }
    const counts = tally.drain();
    // By hand: 4 identities per address recorded at once (12), their 4 counts each (12) and one others count
    // per address (3): 27 records for 3,000 calls; the bound 2·4·3 + 1 = 25 per address holds for each.
    expect(recordedNow).toBe(12);
    expect(counts).toHaveLength(15);
    expect(recordedNow + counts.reduce((sum, count) => sum + count.refused, 0)).toBe(calls);
    expect(calls).toBe(3_000);
  });

  it('T7: lists at most ten source addresses and counts the others', () => {
    const tally = refusalTally();
    for (let host = 1; host <= 25; host++) tally.note(agent('WhoAmI', `10.0.1.${host}`), MINUTE_0);
    tally.note(agent('WhoAmI', '10.0.1.25'), MINUTE_0);
    const [count] = tally.drain();
    expect(count!.sources).toEqual([
      '10.0.1.1',
      '10.0.1.2',
      '10.0.1.3',
      '10.0.1.4',
      '10.0.1.5',
      '10.0.1.6',
      '10.0.1.7',
      '10.0.1.8',
      '10.0.1.9',
      '10.0.1.10',
    ]);
    expect(count!.sourcesNotListed).toBe(15);
    expect(count!.refused).toBe(25);
  });

  it('T8: a refusal after a quiet spell closes the old window first', () => {
    const tally = refusalTally();
    tally.note(agent(), MINUTE_0);
    tally.note(agent(), MINUTE_0 + 1);
    expect(tally.note(agent(), MINUTE_1 + 30_000)).toBe('record-now');
    expect(tally.closed(MINUTE_1 + 30_000).map((count) => [count.windowStartMs, count.refused])).toEqual([
      [MINUTE_0, 1],
    ]);
  });
});
