// Reading what `ConvertTo-Json` printed. Windows PowerShell 5.1 has quirks the readers absorb here, once:
// a pipeline of one object is printed as that object, not an array of one; a pipeline of none prints
// nothing at all; enums are printed as their numbers (PowerShell 7 too, unless -EnumsAsStrings). Lists are
// read leniently (a bare value counts as a list of one) because a property computed in a script (`.Data`
// of Get-PnpDeviceProperty, a registry value) is unrolled by PowerShell when it holds a single item.

export type JsonRecord = Record<string, unknown>;

export type ParsedList = { ok: true; records: JsonRecord[] } | { ok: false; reason: string };

/**
 * The records a command printed. Our scripts pass `-InputObject @(...)`, which prints "[]" for none, but
 * empty output is still read as none because that is what the same cmdlet piped into ConvertTo-Json prints.
 */
export function parseJsonList(stdout: string, commandName: string): ParsedList {
  const text = stdout.replace(/^\uFEFF/, '').trim();
  if (text === '') return { ok: true, records: [] };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const shown = text.length > 120 ? `${text.slice(0, 120)}…` : text;
    return {
      ok: false,
      reason: `${commandName} printed output that is not JSON (${(error as Error).message}): "${shown}"`,
    };
  }
  const items = value === null ? [] : Array.isArray(value) ? value : [value];
  const records: JsonRecord[] = [];
  for (const [index, item] of items.entries()) {
    if (item === null || typeof item !== 'object' || Array.isArray(item))
      return { ok: false, reason: `${commandName} printed item ${index + 1} that is not an object` };
    records.push(item as JsonRecord);
  }
  return { ok: true, records };
}

/** A string property, trimmed; null when absent, null, or empty. */
export function textOf(record: JsonRecord, key: string): string | null {
  const value = record[key];
  if (typeof value === 'string') return value.trim() === '' ? null : value.trim();
  if (typeof value === 'number') return String(value);
  return null;
}

/** A numeric property; REG_SZ values such as ScreenSaveTimeOut arrive as strings of digits. */
export function numberOf(record: JsonRecord, key: string): number | null {
  const value = record[key];
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && /^-?\d+$/.test(value.trim())) return Number(value.trim());
  return null;
}

export function booleanOf(record: JsonRecord, key: string): boolean | null {
  const value = record[key];
  return typeof value === 'boolean' ? value : null;
}

/** A string[] property, whether printed as an array or (one element) as a bare string. */
export function textListOf(record: JsonRecord, key: string): string[] {
  const value = record[key];
  const items = Array.isArray(value) ? value : value === null || value === undefined ? [] : [value];
  return items.filter((item): item is string => typeof item === 'string' && item.trim() !== '');
}

/** A number[] property (Win32_CDROMDrive.Capabilities), array or bare number. */
export function numberListOf(record: JsonRecord, key: string): number[] | null {
  const value = record[key];
  if (value === null || value === undefined) return null;
  const items = Array.isArray(value) ? value : [value];
  return items.filter((item): item is number => typeof item === 'number');
}

/**
 * An enum property as its name: PowerShell prints the number, a hand-made object may carry the name.
 * `names` maps the documented numbers to names.
 */
export function enumOf(
  record: JsonRecord,
  key: string,
  names: Readonly<Record<number, string>>,
): string | null {
  const value = record[key];
  if (typeof value === 'number') return names[value] ?? String(value);
  if (typeof value === 'string' && value.trim() !== '') return value.trim();
  return null;
}
