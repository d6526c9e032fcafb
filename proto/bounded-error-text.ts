// Error text that quotes an input, kept short: a quoted input is shown to its first 200 characters and its
// length ("…" then "(N characters)"), and a whole message to 1000 characters the same way. A review sent
// inputs of 100 KB and got them back whole in the gRPC status, the collector's log and shoumictl's output,
// which floods a terminal and lets one caller write 100 KB into another's screen. The collector bounds every
// status it sends (collector/grpc-errors.ts) and every admin or store input error it makes; the agent bounds
// what it repeats of the collector's answers. Characters are counted as code points, so a shortened quote never
// ends in half a surrogate pair.

export const MAX_QUOTED_CHARS = 200;
export const MAX_ERROR_TEXT_CHARS = 1000;

// "\u2026" is "…": esbuild does not escape a regular expression, and one such character makes the whole
// bundled script a two-byte string in V8 (agent/packaging/build-sea.ts requireAscii).
const ALREADY_SHORTENED = /\u2026 \(\d+ characters\)$/;

/**
 * `text` as it is when short enough, else its first `max` characters, "…" and its length. Idempotent: a text
 * this already shortened is left alone (an input error is bounded when made and again on the wire).
 */
export function shortenQuote(text: string, max = MAX_QUOTED_CHARS): string {
  if (text.length <= max) return text;
  const characters = Array.from(text);
  if (characters.length <= max) return text;
  const marker = ALREADY_SHORTENED.exec(text);
  if (marker && Array.from(text.slice(0, marker.index)).length <= max) return text;
  return `${characters.slice(0, max).join('')}… (${characters.length} characters)`;
}

// A double-quoted span longer than a quote may be: the way our messages quote what they were given
// (no device "…", the serial "…"). [^"] cannot run past the closing quote, so this is one linear pass.
const LONG_QUOTE = new RegExp(`"([^"]{${MAX_QUOTED_CHARS + 1},})"`, 'g');

/** Every long quoted input shortened, then the whole message bounded (inputs echoed without quotes). */
export function boundErrorText(message: string): string {
  const quotesShortened = message.replace(LONG_QUOTE, (_, inner: string) => `"${shortenQuote(inner)}"`);
  return shortenQuote(quotesShortened, MAX_ERROR_TEXT_CHARS);
}
