// Which collector the link tries after a stream is lost. The link keeps one list of agent addresses
// (link-addresses.ts) and a position in it; every loss waits the same jittered backoff (backoff.ts), which
// resets only once a collector has answered the hello, so cycling through collectors that are all down is
// no faster than retrying one.
//
//   next   the collector could not be reached, or its stream ended (with an error, or cleanly: a collector
//          that ends a stream is shutting down): try the next address, cycling.
//   stay   the collector refused our certificate (UNAUTHENTICATED, PERMISSION_DENIED) or is limiting this
//          device's streams (RESOURCE_EXHAUSTED), or this agent ended the stream itself (a refused record it
//          could not settle). All collectors share one CA and one database, so a revoked certificate is revoked
//          everywhere and a limit is this device's to respect: asking the others would only spread the
//          attempts. The link keeps trying the same collector at the backoff's pace, as with one collector.
import * as grpc from '@grpc/grpc-js';

export type StreamLoss =
  /** The stream failed with this status (a connection that never opened fails with UNAVAILABLE). */
  | { kind: 'error'; code: grpc.status }
  /** The collector ended the stream without an error. */
  | { kind: 'ended' }
  /** This agent ended it (settling refused records failed); the collector is not at fault. */
  | { kind: 'local' };

const STAY_CODES: ReadonlySet<grpc.status> = new Set([
  grpc.status.UNAUTHENTICATED,
  grpc.status.PERMISSION_DENIED,
  grpc.status.RESOURCE_EXHAUSTED,
]);

export function failoverAfter(loss: StreamLoss): 'next' | 'stay' {
  if (loss.kind === 'local') return 'stay';
  if (loss.kind === 'ended') return 'next';
  return STAY_CODES.has(loss.code) ? 'stay' : 'next';
}

/** The position after `index` in a list of `count` addresses, back to the first after the last. */
export function nextCollectorIndex(index: number, count: number): number {
  if (!(count > 0)) throw new Error('no collector address to choose from');
  return (index + 1) % count;
}
