// What the /proc/net parsers share: a parse outcome, the reason for a line that does not fit, and strict
// hex fields (the kernel pads them to a fixed width, so any other width means the line is broken).

export type Parsed<T> = { ok: true; value: T } | { ok: false; reason: string };

export function malformed(file: string, index: number, line: string): string {
  const shown = line.length > 120 ? `${line.slice(0, 120)}…` : line;
  return `malformed line ${index + 1} in ${file}: "${shown}"`;
}

/** Exactly `digits` hex digits as an unsigned number; null otherwise. */
export function parseHex(text: string | undefined, digits: number): number | null {
  if (text === undefined || text.length !== digits || !/^[0-9A-Fa-f]+$/.test(text)) return null;
  return Number.parseInt(text, 16);
}
