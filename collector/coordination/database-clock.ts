// One clock for every collector: heartbeats, leases and claims are stamped and judged by the database's
// clock, so that collectors on hosts whose clocks disagree still agree on who is alive.

/** SQL expression: the database's time now, in epoch milliseconds (clock_timestamp: not the transaction's start). */
export const DATABASE_NOW_MS = '(extract(epoch from clock_timestamp()) * 1000)::bigint';
