// The one range every time bound in an admin request must fall in, checked on both sides: the collector checks
// each request's from_ms/to_ms before anything reads them (a far-out value once reached Date#toISOString and
// came back INTERNAL "Invalid time value"), and shoumictl checks what the admin typed before it calls.
//
// Why 2000–2200: nothing shoumi stores can be older than the machines it watches (the standard is from this
// century), and no honest question about compliance reaches beyond two centuries ahead; both ends are far
// from where JavaScript dates stop (year 275760) and from int64's end, so no bound inside the range can
// overflow any arithmetic below it. 0 is not a time here: requests use it for "open on that side", and the
// callers say so before they ask this module.

/** 2000-01-01T00:00:00.000Z. */
export const EARLIEST_TIME_BOUND_MS = 946_684_800_000;
/** 2200-01-01T00:00:00.000Z, exclusive. */
export const LATEST_TIME_BOUND_MS = 7_258_118_400_000;

/** Why `ms` cannot be a time bound, naming `field`; undefined when it can. */
export function timeBoundProblem(field: string, ms: number): string | undefined {
  if (Number.isInteger(ms) && ms >= EARLIEST_TIME_BOUND_MS && ms < LATEST_TIME_BOUND_MS) return undefined;
  return `${field} ${ms} is outside the times shoumi accepts (2000-01-01 to 2199-12-31 UTC, Unix epoch ms)`;
}
