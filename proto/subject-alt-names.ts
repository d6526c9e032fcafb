// The subjectAltName text Node's X509Certificate gives, split into names. Both sides read shoumi's identity
// URIs from certificates with it (agent/enrolment/certificate-fields.ts, collector/pki/peer-identity.ts); it
// lives beside the wire contract because the agent and the collector import nothing of each other.

export interface SubjectAltName {
  type: string;
  value: string;
}

/**
 * Splits Node's subjectAltName text, "DNS:a, URI:urn:x, IP Address:127.0.0.1". Since Node 17 (and the
 * 12/14/16 security releases) a value holding a comma, quote or other special character is written as a
 * JSON string, `DNS:"a, URI:b"`, so that one name cannot pose as two; those are decoded, never split.
 */
export function subjectAltNames(text: string): SubjectAltName[] {
  const names: SubjectAltName[] = [];
  let index = 0;
  while (index < text.length) {
    const colon = text.indexOf(':', index);
    if (colon < 0) throw new Error(`subjectAltName "${text}": no "type:" at offset ${index}`);
    const type = text.slice(index, colon);
    let value: string;
    let end: number;
    if (text[colon + 1] === '"') {
      end = quotedEnd(text, colon + 1);
      value = JSON.parse(text.slice(colon + 1, end)) as string;
    } else {
      const comma = text.indexOf(', ', colon + 1);
      end = comma < 0 ? text.length : comma;
      value = text.slice(colon + 1, end);
    }
    names.push({ type, value });
    if (end < text.length && !text.startsWith(', ', end)) {
      throw new Error(`subjectAltName "${text}": expected ", " at offset ${end}`);
    }
    index = end + 2;
  }
  return names;
}

/** The offset just past the JSON string that starts at `start` (a double quote). */
function quotedEnd(text: string, start: number): number {
  for (let index = start + 1; index < text.length; index++) {
    if (text[index] === '\\') index++;
    else if (text[index] === '"') return index + 1;
  }
  throw new Error(`subjectAltName "${text}": unterminated quoted value at offset ${start}`);
}
