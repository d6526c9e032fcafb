// A finding's evidence as the JSON text the store keeps, without writing it out again when it came as text.
//
// An agent sends its evidence as JSON text (Finding.evidence_json); the door parses it to check it
// (proto/convert.ts findingFromWire) and the store used to write the parsed object back out with
// JSON.stringify, one more pass and one more string per finding on the ingest path. The text received is
// kept beside the object instead, and stored as it is: it parses to exactly the object the door checked,
// which is all any reader of the stored text asks of it (every one parses it). The agent writes its evidence
// with JSON.stringify, so what is stored is what was stored before, byte for byte.
//
// Not kept, and written out as before: text holding any surrogate code unit (a lone one would not survive
// the store's UTF-8 encoding, which JSON.stringify's \ud800 escape does), and the empty text that stands for
// `{}`. The text rides on the object under a symbol, which JSON.stringify, Object.keys and spreads all pass
// over; nothing changes a finding's evidence once the door has made it, or the text would no longer match it.

const RECEIVED_TEXT = Symbol('evidence JSON as received');

const SURROGATE = /[\uD800-\uDFFF]/;

/** `evidence`, parsed from `text`, now carrying `text` for evidenceText when the text can be kept as it is. */
export function keepReceivedText(evidence: Record<string, unknown>, text: string): Record<string, unknown> {
  if (text !== '' && !SURROGATE.test(text))
    Object.defineProperty(evidence, RECEIVED_TEXT, { value: text, enumerable: false });
  return evidence;
}

/** The evidence as JSON text: the text it was parsed from when kept (keepReceivedText), else written out. */
export function evidenceText(evidence: Record<string, unknown>): string {
  return (evidence as { [RECEIVED_TEXT]?: string })[RECEIVED_TEXT] ?? JSON.stringify(evidence);
}
