// The characters no text from an agent may carry into the collector: control characters and the ones that
// change how the text around them is shown without being seen themselves. One table for every field checked
// at the door (proto/convert.ts for findings, collector/hello-from-wire.ts for the hello).
//
//   C0 and C1 controls   U+0000–U+001F, U+007F–U+009F   a terminal or a CSV reader acts on them
//   bidi controls        U+202A–U+202E (embeddings, overrides), U+2066–U+2069 (isolates), U+200E/U+200F
//                        (LRM/RLM), U+061C (ALM)   they reorder what is shown: "gpj.exe" reads as "exe.jpg"
//   zero-width           U+200B–U+200D, U+2060, U+FEFF   two ids that look the same and are not
//
// Why refuse rather than clean: every such field is written by our own code from what the machine reports (a
// hostname, an OS version, a rule id, a reason our checks compose) or is a key (a subject), and no honest
// machine puts these characters there; changing a key would merge or split what the agent keeps apart. A
// finding so refused is refused alone and the agent reports the refusal as an `error` of the same key, so a
// hostile USB serial cannot hide a failing verdict: it turns it into an error on the record. Line breaks and
// tabs are allowed where a field is prose (a reason), nowhere else. Another layer makes these characters
// visible where text leaves the collector (CSV, terminal); this one keeps them from being stored at all.

import { escapeOf } from '../policies/visible-text';

/** What is wrong with one character, or null when it may pass. */
function forbiddenKind(code: number, allowLineBreaks: boolean): string | null {
  if (allowLineBreaks && (code === 0x09 || code === 0x0a)) return null;
  if (code <= 0x1f || (code >= 0x7f && code <= 0x9f)) return 'a control character';
  if ((code >= 0x202a && code <= 0x202e) || (code >= 0x2066 && code <= 0x2069)) return 'a bidi control';
  if (code === 0x200e || code === 0x200f || code === 0x061c) return 'a bidi mark';
  if ((code >= 0x200b && code <= 0x200d) || code === 0x2060 || code === 0xfeff)
    return 'a zero-width character';
  return null;
}

// The table of forbiddenKind above as two character classes (with and without tab and line feed), for the
// fast test of agentTextProblem; agent-text-guard.test.ts checks that they agree with it on every UTF-16 unit.
// Built from text so that no control character stands in the source.
const FORBIDDEN_BEYOND_C0 =
  '\\u007f-\\u009f\\u061c\\u200b-\\u200f\\u202a-\\u202e\\u2060\\u2066-\\u2069\\ufeff';
const FORBIDDEN = new RegExp(`[\\u0000-\\u001f${FORBIDDEN_BEYOND_C0}]`);
const FORBIDDEN_IN_PROSE = new RegExp(`[\\u0000-\\u0008\\u000b-\\u001f${FORBIDDEN_BEYOND_C0}]`);

const codePointName = (code: number) => `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;

export interface TextRules {
  /** Most UTF-16 units allowed. */
  maxChars: number;
  /** Tab and line feed pass (prose such as a reason); every other control is refused. */
  allowLineBreaks?: boolean;
}

/**
 * Why `text` may not pass ("contains U+202E, a bidi control, at character 7"; "expected at most 256
 * characters, got 300"), or null when it may. Names the first offending character only: enough to find it.
 */
export function agentTextProblem(text: string, rules: TextRules): string | null {
  if (text.length > rules.maxChars)
    return `expected at most ${rules.maxChars} characters, got ${text.length}`;
  // Nearly every text passes: one regular expression over its UTF-16 units says so without walking it
  // character by character (every forbidden character is a single unit, so the two agree). Only a text it
  // flags is walked, to name the first offending character by its position.
  const forbidden = rules.allowLineBreaks === true ? FORBIDDEN_IN_PROSE : FORBIDDEN;
  if (!forbidden.test(text)) return null;
  let position = 0;
  for (const character of text) {
    position += 1;
    const code = character.codePointAt(0)!;
    const kind = forbiddenKind(code, rules.allowLineBreaks === true);
    if (kind !== null) return `contains ${codePointName(code)}, ${kind}, at character ${position}`;
  }
  return null;
}

/**
 * `text` with every forbidden character written out as "<U+202E>" (the exits' escape, visible-text.ts): for keeping what a refused finding said
 * (finding-refusal.ts) without keeping the characters it was refused for, and for the agent's own findings
 * (finding-limits.ts `boundFinding`), whose subjects and reasons quote what devices report about themselves.
 */
export function withForbiddenShown(text: string, allowLineBreaks = false): string {
  let shown = '';
  for (const character of text) {
    const code = character.codePointAt(0)!;
    shown += forbiddenKind(code, allowLineBreaks) === null ? character : escapeOf(character);
  }
  return shown;
}
