// Canonical JSON (format 2 of the audit chain, and the text new audit details are stored as): object keys
// sorted by UTF-16 code units at every depth, no whitespace, strings and numbers as JSON.stringify writes them,
// undefined members dropped (as JSON.stringify does). Two backends, or a verifier years later, must produce the
// same bytes.
//
// Built as text, never through an intermediate object: assigning "__proto__" to an object sets its prototype
// instead of a member (the member vanished from the hash), and integer-like keys ("10", "9") iterate in
// numeric order whatever order they were inserted in. Both broke the first release's canonicaliser, which
// survives unchanged in legacy-audit-hash.ts for the records it chained.
export function canonicalJson(value: unknown): string {
  const text = canonicalText(value);
  if (text === undefined) throw new TypeError('canonicalJson: the value has no JSON form');
  return text;
}

function canonicalText(value: unknown): string | undefined {
  if (value === null) return 'null';
  if (typeof value === 'object' && typeof (value as { toJSON?: unknown }).toJSON === 'function') {
    return canonicalText((value as { toJSON: () => unknown }).toJSON());
  }
  if (Array.isArray(value)) return `[${value.map((item) => canonicalText(item) ?? 'null').join(',')}]`;
  if (typeof value === 'object') {
    const members: string[] = [];
    for (const key of Object.keys(value).sort()) {
      const member = canonicalText((value as Record<string, unknown>)[key]);
      if (member !== undefined) members.push(`${JSON.stringify(key)}:${member}`);
    }
    return `{${members.join(',')}}`;
  }
  // Strings, numbers (non-finite ones become null), booleans; undefined, functions and symbols have no form.
  return JSON.stringify(value) as string | undefined;
}
