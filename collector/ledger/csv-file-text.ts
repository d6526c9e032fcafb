// The text of a CSV file as people save it. Excel's "CSV UTF-8" and WPS write UTF-8; Excel's plain "CSV" on a
// Chinese Windows writes GB18030 (GBK), which would otherwise arrive as mojibake. Bytes that are neither are
// passed on with replacement marks, so that the collector refuses the file and names the line.
export type CsvFileEncoding = 'utf-8' | 'gb18030';

// biome-ignore lint/suspicious/noControlCharactersInRegex: binary bytes are what rules GB18030 out
const BINARY_BYTES = /[\u0000-\u0008\u000e-\u001f]/;

export function csvFileText(bytes: Uint8Array): { text: string; encoding: CsvFileEncoding } {
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf-8' };
  } catch {
    // GB18030 accepts almost any byte sequence, so only text without control bytes is read as GB18030.
    const latin1 = Buffer.from(bytes).toString('latin1');
    if (!BINARY_BYTES.test(latin1)) {
      try {
        return { text: new TextDecoder('gb18030', { fatal: true }).decode(bytes), encoding: 'gb18030' };
      } catch {
        // fall through: not GB18030 either
      }
    }
    return { text: new TextDecoder('utf-8').decode(bytes), encoding: 'utf-8' };
  }
}
