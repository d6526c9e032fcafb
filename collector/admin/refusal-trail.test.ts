import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Logger } from '../logger';
import type { AuditRecordInput } from '../store/store';
import type { Refusal } from './refusal-tally';
import { REFUSAL_COUNT_ACTION, refusalTrail } from './refusal-trail';

const MINUTE_0 = 1_800_000_000_000; // 2027-01-15T08:00:00.000Z, a window's start

const revoked: Refusal = {
  actor: 'admin:ops-1(system_admin)',
  kind: 'certificate',
  sourceAddress: '10.0.0.9',
  method: 'WhoAmI',
  reason: 'certificate 0a was revoked',
};

function fakeStore() {
  const records: AuditRecordInput[] = [];
  return {
    records,
    appendAudit: async (entry: AuditRecordInput) => {
      records.push(entry);
      return {} as never;
    },
  };
}

const logged: { level: string; message: string; fields?: Record<string, unknown> }[] = [];
const log: Logger = {
  info: (message, fields) => logged.push({ level: 'info', message, fields }),
  warn: (message, fields) => logged.push({ level: 'warn', message, fields }),
  error: (message, fields) => logged.push({ level: 'error', message, fields }),
};

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(MINUTE_0 + 10_000);
  logged.length = 0;
});
afterEach(() => vi.useRealTimers());

describe('the refusal trail', () => {
  it('R1: writes a minute’s count when the minute ends, by its timer, without another call coming', async () => {
    const store = fakeStore();
    const trail = refusalTrail({ store, log });
    expect(trail.note(revoked, Date.now())).toBe('record-now');
    expect(trail.note(revoked, Date.now())).toBe('counted');
    expect(trail.note(revoked, Date.now())).toBe('counted');
    await vi.advanceTimersByTimeAsync(49_999);
    expect(store.records).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(store.records).toHaveLength(1);
    const [record] = store.records;
    expect(record).toMatchObject({
      actor: 'admin:ops-1(system_admin)',
      source: '10.0.0.9',
      action: REFUSAL_COUNT_ACTION,
      target: 'certificate',
      outcome: 'refused',
    });
    expect(record!.detail).toMatchObject({
      refused: 2,
      recordedSingly: 1,
      summary: '2 calls refused: the certificate is not accepted (certificate 0a was revoked)',
      methods: ['WhoAmI'],
      windowStartMs: MINUTE_0,
      windowEndMs: MINUTE_0 + 60_000,
    });
    await trail.stop();
    expect(store.records).toHaveLength(1);
  });

  it('R2: on stop writes what the open minute holds', async () => {
    const store = fakeStore();
    const trail = refusalTrail({ store, log });
    for (let call = 0; call < 5; call++) trail.note(revoked, Date.now());
    await trail.stop();
    expect(store.records.map((record) => record.detail.refused)).toEqual([4]);
    // Nothing more after the timer's time.
    await vi.advanceTimersByTimeAsync(120_000);
    expect(store.records).toHaveLength(1);
  });

  it('R3: a count the trail cannot store is logged at error level with its summary', async () => {
    const trail = refusalTrail({
      store: { appendAudit: async () => Promise.reject(new Error('SQLITE_FULL: database or disk is full')) },
      log,
    });
    trail.note(revoked, Date.now());
    trail.note(revoked, Date.now());
    await trail.stop();
    expect(logged).toEqual([
      {
        level: 'error',
        message: 'cannot record a count of refused admin calls',
        fields: {
          error: 'SQLITE_FULL: database or disk is full',
          summary: '1 call refused: the certificate is not accepted (certificate 0a was revoked)',
          actor: 'admin:ops-1(system_admin)',
        },
      },
    ]);
  });
});
