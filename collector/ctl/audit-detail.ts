// An audit record's details (JSON) as one short line for the `audit list` table: "key=value" for each
// field, nested objects flattened one level ("request.limit=50"), long values cut. The whole JSON stays
// in -o json; the table only has to say what happened at a glance.

const MAX_VALUE_CHARS = 40;

function valueText(value: unknown): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return text.length > MAX_VALUE_CHARS ? `${text.slice(0, MAX_VALUE_CHARS - 1)}~` : text;
}

export function detailSummary(detailJson: string): string {
  let detail: unknown;
  try {
    detail = JSON.parse(detailJson);
  } catch {
    return valueText(detailJson);
  }
  if (detail === null || typeof detail !== 'object' || Array.isArray(detail)) return valueText(detail);
  const parts: string[] = [];
  for (const [key, value] of Object.entries(detail)) {
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      for (const [inner, innerValue] of Object.entries(value)) {
        // An empty filter ("", 0, false) says nothing the reader needs.
        if (innerValue === '' || innerValue === 0 || innerValue === false || innerValue === null) continue;
        parts.push(`${key}.${inner}=${valueText(innerValue)}`);
      }
    } else if (value !== '' && value !== null) {
      parts.push(`${key}=${valueText(value)}`);
    }
  }
  return parts.join(' ');
}
