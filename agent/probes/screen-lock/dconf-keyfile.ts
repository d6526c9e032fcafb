// dconf keyfiles (dconf(7), "dconf compile"): INI groups named by settings path ("[org/gnome/desktop/session]")
// holding key=GVariant-text lines ("idle-delay=uint32 600", "lock-enabled=true"). Only the value shapes the
// screen lock settings use are read: booleans and (optionally typed) integers.

/** path/key → raw GVariant text, later lines and files overriding earlier ones as `dconf compile` does. */
export function parseKeyfile(text: string, into: Map<string, string> = new Map()): Map<string, string> {
  let group: string | null = null;
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#') || line.startsWith(';')) continue;
    const header = /^\[(.+)\]$/.exec(line);
    if (header) {
      group = header[1]!.replace(/^\/+|\/+$/g, '');
      continue;
    }
    const equals = line.indexOf('=');
    if (group === null || equals === -1) continue;
    into.set(`${group}/${line.slice(0, equals).trim()}`, line.slice(equals + 1).trim());
  }
  return into;
}

export function gvariantBoolean(text: string | undefined): boolean | null {
  if (text === 'true') return true;
  if (text === 'false') return false;
  return null;
}

/** "600", "uint32 600", "int32 5" → the number; anything else null. */
export function gvariantInteger(text: string | undefined): number | null {
  const match = /^(?:u?int(?:16|32|64)\s+)?(-?\d+)$/.exec(text ?? '');
  return match ? Number(match[1]) : null;
}
