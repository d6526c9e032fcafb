// Durations on the command line: a number and a unit (30s, 30m, 24h, 7d).
const UNIT_MS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };
const DAY_MS = UNIT_MS.d!;

export function parseDurationMs(text: string, flag: string, maxMs: number): number {
  const match = /^(\d{1,6})([smhd])$/.exec(text.trim());
  const amount = Number(match?.[1]);
  const unit = match ? UNIT_MS[match[2] ?? ''] : undefined;
  if (!match || !unit || amount <= 0) {
    throw new Error(`${flag} "${text}": expected a positive number with s, m, h or d, e.g. 24h`);
  }
  const ms = amount * unit;
  if (ms > maxMs) throw new Error(`${flag} "${text}": at most ${Math.round(maxMs / DAY_MS)}d`);
  return ms;
}

/** --ttl for enrolment tokens: at most 30 days, since a token is a key to enrol. */
export function parseTokenTtl(text: string): number {
  return parseDurationMs(text, '--ttl', 30 * DAY_MS);
}

/** --agent-cert-validity: at most 825 days, the longest lifetime TLS clients commonly accept. */
export function parseCertificateValidity(text: string): number {
  return parseDurationMs(text, '--agent-cert-validity', 825 * DAY_MS);
}
