// --ttl for enrolment tokens: a number and a unit (30m, 24h, 7d).
const UNIT_MS: Record<string, number> = { m: 60_000, h: 3_600_000, d: 86_400_000 };

export function parseTokenTtl(text: string): number {
  const match = /^(\d{1,6})([mhd])$/.exec(text.trim());
  const amount = Number(match?.[1]);
  const unit = match ? UNIT_MS[match[2] ?? ''] : undefined;
  if (!match || !unit || amount <= 0) {
    throw new Error(`--ttl "${text}": expected a positive number with m, h or d, e.g. 24h`);
  }
  const ms = amount * unit;
  if (ms > 30 * UNIT_MS.d!) throw new Error(`--ttl "${text}": at most 30d (a token is a key to enrol)`);
  return ms;
}
