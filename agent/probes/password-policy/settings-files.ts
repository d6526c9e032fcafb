// The small setting files the password rules live in besides PAM, parsed as their own readers do:
//   pwquality.conf(5), faillock.conf(5)  `name = value` or a bare `flag`, "#" comments, blanks around "="
//   login.defs(5)                        `NAME VALUE`, "#" comment lines
// Pure: text in, values out.

/** `name = value` lines; a bare word (enforce_for_root) maps to "". Later lines win, as libpwquality reads. */
export function parseNameValueFile(text: string): Map<string, string> {
  const values = new Map<string, string>();
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.replace(/#.*$/, '').trim();
    if (line === '') continue;
    const equals = line.indexOf('=');
    if (equals === -1) values.set(line, '');
    else values.set(line.slice(0, equals).trim(), line.slice(equals + 1).trim());
  }
  return values;
}

/** login.defs: `NAME VALUE` per line; comment lines start with "#". */
export function parseLoginDefs(text: string): Map<string, string> {
  const values = new Map<string, string>();
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const match = line.match(/^(\S+)\s+(.*)$/);
    if (match) values.set(match[1]!, match[2]!.trim());
  }
  return values;
}

/** A whole decimal integer (sign allowed); null for anything else, so a typo is never read as a number. */
export function integerOf(text: string | undefined): number | null {
  if (text === undefined || !/^[+-]?\d+$/.test(text.trim())) return null;
  return Number(text.trim());
}
