// A list held in a property of a hashtable that a script hands to ConvertTo-Json. PowerShell prints it as
// an array, but may print one item bare, none as null, and — Windows PowerShell 5.1 with an array that
// carries PowerShell's own wrapper — the array as {"value": [...], "Count": n}. All read as the list.

export function nestedJsonList(value: unknown): unknown[] {
  if (value === null || value === undefined) return [];
  if (Array.isArray(value)) return value;
  if (typeof value === 'object') {
    const wrapped = value as { value?: unknown; Count?: unknown };
    if (Array.isArray(wrapped.value) && typeof wrapped.Count === 'number' && Object.keys(value).length === 2)
      return wrapped.value;
  }
  return [value];
}
