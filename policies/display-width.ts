// How many terminal cells a text takes, as string-width counts them, without string-width's start-up cost
// when the text is plain: string-width builds an Intl.Segmenter when it is loaded (about 20 ms of every
// shoumictl start, agent/packaging/build-ctl.ts defers it in the shoumictl bundle), and a table's cells
// are nearly always printable ASCII or Chinese. For a text made only of printable ASCII (one cell each) and
// of the wide CJK blocks below (two cells each), every character is its own grapheme and its width is
// fixed, so the sum is what string-width says; display-width.test.ts checks every code point of these
// blocks against string-width. Anything else (emoji, combining marks, ambiguous-width symbols) is counted
// by string-width itself.
import stringWidth from 'string-width';

// U+3000–3029 CJK symbols and punctuation (、。「」), U+3041–3096 hiragana, U+30A0–30FF katakana,
// U+3400–4DBF and U+4E00–9FFF ideographs, U+AC00–D7A3 Hangul syllables, U+FF01–FF60 fullwidth forms (：，（）),
// U+FFE0–FFE6 fullwidth signs. Halfwidth forms are left out: U+FF9E and U+FF9F join the character before.
const PLAIN =
  /^[\u0020-\u007e\u3000-\u3029\u3041-\u3096\u30a0-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7a3\uff01-\uff60\uffe0-\uffe6]*$/;

/** Display cells of `text` in a terminal: string-width's answer. */
export function displayWidth(text: string): number {
  if (!PLAIN.test(text)) return stringWidth(text);
  let width = text.length;
  for (let index = 0; index < text.length; index++) if (text.charCodeAt(index) > 0x7e) width++;
  return width;
}
