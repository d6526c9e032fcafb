import * as grpc from '@grpc/grpc-js';
import { describe, expect, it } from 'vitest';
import { failoverAfter, nextCollectorIndex } from './failover';

describe('failover after a lost stream', () => {
  it.each([
    ['UNAVAILABLE (not reachable, or killed)', grpc.status.UNAVAILABLE],
    ['DEADLINE_EXCEEDED', grpc.status.DEADLINE_EXCEEDED],
    ['CANCELLED by the collector', grpc.status.CANCELLED],
    ['INTERNAL', grpc.status.INTERNAL],
    ['UNKNOWN', grpc.status.UNKNOWN],
    ['INVALID_ARGUMENT', grpc.status.INVALID_ARGUMENT],
  ])('moves to the next collector on %s', (_name, code) => {
    expect(failoverAfter({ kind: 'error', code })).toBe('next');
  });

  it('moves on when the collector ends the stream cleanly (it is shutting down)', () => {
    expect(failoverAfter({ kind: 'ended' })).toBe('next');
  });

  it.each([
    ['UNAUTHENTICATED (revoked: revoked everywhere)', grpc.status.UNAUTHENTICATED],
    ['PERMISSION_DENIED', grpc.status.PERMISSION_DENIED],
    ["RESOURCE_EXHAUSTED (this device's stream limit)", grpc.status.RESOURCE_EXHAUSTED],
  ])('stays on the same collector on %s', (_name, code) => {
    expect(failoverAfter({ kind: 'error', code })).toBe('stay');
  });

  it('stays when the agent ended the stream itself', () => {
    expect(failoverAfter({ kind: 'local' })).toBe('stay');
  });

  it('cycles through the list and back to the first', () => {
    expect([0, 1, 2].map((index) => nextCollectorIndex(index, 3))).toEqual([1, 2, 0]);
    expect(nextCollectorIndex(0, 1)).toBe(0);
    expect(() => nextCollectorIndex(0, 0)).toThrow('no collector address');
  });
});
