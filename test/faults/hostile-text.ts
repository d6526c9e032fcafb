// Text that has broken other people's parsers and pages: Chinese, control characters, bidi overrides,
// markup, spreadsheet formulas, surrogate halves, very long words, and mutations of valid documents.
import type { Random } from './seeded-random';

export const HOSTILE_STRINGS: readonly string[] = [
  '保密办三楼 301 张三',
  '<script>alert("x")</script>',
  '"><img src=x onerror=alert(1)>',
  '=HYPERLINK("http://evil.example","click")',
  '+cmd|" /C calc"!A0',
  '-2+3',
  '@SUM(A1:A9)',
  '\u202eexe.fdp\u202c',
  '\u2066\u2067\u2068\u2069\u200f\u200e',
  '\u0000\u0001\u0007\u001b[31mred\u001b[0m\u007f',
  '\r\n\r\n,,,"""',
  '\ud800 lone surrogate \udfff',
  '𠀀𪚥🀄 astral',
  '\ufeff BOM in the middle \ufffd',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a template placeholder as data is the point
  '%s%n%x{0}${7*7}{{7*7}}',
  '../../etc/passwd',
  'W'.repeat(5000),
  '中'.repeat(3000),
  ' ',
  '',
];

/** A hostile string: one of the list, a random mix of their pieces, or random code points. */
export function hostileString(random: Random): string {
  switch (random.int(0, 3)) {
    case 0:
    case 1:
      return random.pick(HOSTILE_STRINGS);
    case 2: {
      const parts: string[] = [];
      for (let count = random.int(1, 4); count > 0; count--) parts.push(random.pick(HOSTILE_STRINGS));
      return parts.join(random.pick(['', ' ', '\n', '\t', ',']));
    }
    default: {
      let text = '';
      for (let count = random.int(1, 40); count > 0; count--)
        text += String.fromCodePoint(
          random.pick([random.int(0, 0x7f), random.int(0x80, 0xffff), random.int(0x10000, 0x10ffff)]),
        );
      return text;
    }
  }
}

const YAML_TOKENS = [
  ':',
  '- ',
  '&a ',
  '*a',
  '!!binary ',
  '!!python/object ',
  '{',
  '}',
  '[',
  ']',
  '"',
  "'",
  '#',
  '|',
  '>',
  '\t',
  '? ',
  '%YAML 1.1\n',
  '---\n',
  '...\n',
  'null',
  '~',
  'true',
  '-1',
  '1e309',
  '0x7fffffffffffffff',
  '<<: *a',
  'NaN',
  '.inf',
];

/** One random mutation of a text document, line- or character-level. */
export function mutateText(text: string, random: Random, tokens: readonly string[] = YAML_TOKENS): string {
  const lines = text.split('\n');
  const line = random.int(0, lines.length - 1);
  switch (random.int(0, 9)) {
    case 0:
      lines.splice(line, 1);
      return lines.join('\n');
    case 1:
      lines.splice(line, 0, lines[random.int(0, lines.length - 1)]!);
      return lines.join('\n');
    case 2: {
      const other = random.int(0, lines.length - 1);
      [lines[line], lines[other]] = [lines[other]!, lines[line]!];
      return lines.join('\n');
    }
    case 3: {
      // Change the indentation: YAML's structure.
      lines[line] = random.next() < 0.5 ? `  ${lines[line]}` : lines[line]!.replace(/^ {1,2}/, '');
      return lines.join('\n');
    }
    case 4: {
      // Replace a value after a colon.
      lines[line] = lines[line]!.replace(
        /:\s.*$/,
        `: ${random.next() < 0.5 ? random.pick(tokens) : hostileString(random)}`,
      );
      return lines.join('\n');
    }
    case 5:
      return text.slice(0, random.int(0, text.length));
    case 6: {
      const at = random.int(0, text.length);
      return text.slice(0, at) + random.pick(tokens) + text.slice(at);
    }
    case 7: {
      const at = random.int(0, text.length - 1);
      return text.slice(0, at) + String.fromCharCode(random.int(0, 0xffff)) + text.slice(at + 1);
    }
    case 8: {
      const at = random.int(0, text.length);
      return text.slice(0, at) + hostileString(random) + text.slice(at);
    }
    default: {
      // Replace a number with an extreme one.
      return text.replace(/\b\d+\b/, random.pick(['-1', '0', '99999999999999999999', '1.5', '1e309', '"7"']));
    }
  }
}

/** Several mutations stacked: most inputs are near-valid, which reaches the deep checks. */
export function mutateMany(text: string, random: Random, tokens?: readonly string[]): string {
  let mutated = text;
  for (let count = random.int(1, 4); count > 0; count--) mutated = mutateText(mutated, random, tokens);
  return mutated;
}
