// One /etc/pam.d file, parsed as Linux-PAM reads it (pam.conf(5), pam.d(5), and _pam_assemble_line /
// _pam_parse_conf_file in libpam/pam_handlers.c):
//   - "#" starts a comment that runs to the end of the line, wherever it stands;
//   - a backslash before the newline joins the next line to this one;
//   - a line is `[-]type control module-path [args...]`; a "-" before the type makes a missing module
//     silently skipped instead of an error;
//   - control is one word (required, requisite, sufficient, optional, include, substack) or a bracket
//     `[value=action ...]` that may contain spaces;
//   - an argument may be bracketed to hold spaces (`[query=select a from b]`), "\]" standing for "]";
//   - `@include FILE` (Debian's form) takes every line of FILE; `type include FILE` and `type substack FILE`
//     take only that type's lines.
// Pure: text in, lines out. Reading files and following includes is pam-stack.ts.

export const PAM_TYPES = ['auth', 'account', 'password', 'session'] as const;
export type PamType = (typeof PAM_TYPES)[number];

export interface PamModuleLine {
  kind: 'module';
  type: PamType;
  /** "required" or the bracket as written, "[success=1 default=ignore]". */
  control: string;
  /** As written: "pam_unix.so" or "/lib/security/pam_unix.so". */
  modulePath: string;
  args: string[];
  /** The "-" prefix: skipped without error when the module is not installed. */
  skipIfMissing: boolean;
  /** 1-based line number where the (possibly continued) line starts. */
  line: number;
}

export interface PamIncludeLine {
  kind: 'include';
  /** null for `@include`, which takes every type. */
  type: PamType | null;
  /** "include" or "substack"; `@include` reads as "include". */
  how: 'include' | 'substack';
  file: string;
  line: number;
}

export type PamLine = PamModuleLine | PamIncludeLine;

export interface PamParseProblem {
  line: number;
  text: string;
  problem: string;
}

export interface ParsedPamFile {
  lines: PamLine[];
  /** Lines PAM would refuse or we cannot read; kept so the evidence can show them. */
  problems: PamParseProblem[];
}

export function parsePamFile(text: string): ParsedPamFile {
  const lines: PamLine[] = [];
  const problems: PamParseProblem[] = [];
  for (const { line, text: logical } of logicalLines(text)) {
    const content = stripComment(logical).trim();
    if (content === '') continue;
    const tokens = tokenize(content);
    if (tokens === null) {
      problems.push({ line, text: content, problem: 'unbalanced bracket' });
      continue;
    }
    if (tokens[0] === '@include') {
      if (tokens[1] === undefined) problems.push({ line, text: content, problem: '@include without a file' });
      else lines.push({ kind: 'include', type: null, how: 'include', file: tokens[1], line });
      continue;
    }
    const [rawType = '', control, modulePath, ...args] = tokens;
    const skipIfMissing = rawType.startsWith('-');
    const type = (skipIfMissing ? rawType.slice(1) : rawType).toLowerCase();
    if (!isPamType(type)) {
      problems.push({ line, text: content, problem: `unknown type "${rawType}"` });
      continue;
    }
    if (control === undefined || modulePath === undefined) {
      problems.push({ line, text: content, problem: 'fewer than three fields' });
      continue;
    }
    if (control === 'include' || control === 'substack') {
      lines.push({ kind: 'include', type, how: control, file: modulePath, line });
      continue;
    }
    lines.push({ kind: 'module', type, control, modulePath, args, skipIfMissing, line });
  }
  return { lines, problems };
}

function isPamType(word: string): word is PamType {
  return (PAM_TYPES as readonly string[]).includes(word);
}

/** Physical lines joined where a backslash ends one, each with the number of its first physical line. */
function logicalLines(text: string): { line: number; text: string }[] {
  const physical = text.split(/\r?\n/);
  const joined: { line: number; text: string }[] = [];
  let pending: { line: number; text: string } | null = null;
  for (const [index, raw] of physical.entries()) {
    const continues = raw.endsWith('\\');
    const part = continues ? raw.slice(0, -1) : raw;
    pending = pending
      ? { line: pending.line, text: `${pending.text} ${part}` }
      : { line: index + 1, text: part };
    if (!continues) {
      joined.push(pending);
      pending = null;
    }
  }
  if (pending) joined.push(pending);
  return joined;
}

function stripComment(line: string): string {
  const hash = line.indexOf('#');
  return hash === -1 ? line : line.slice(0, hash);
}

/**
 * Words split on blanks, a "[...]" kept whole (with its brackets for the control, without them for an
 * argument, as pam_handlers.c hands arguments to modules); null when a bracket never closes.
 */
function tokenize(content: string): string[] | null {
  const tokens: string[] = [];
  let index = 0;
  while (index < content.length) {
    while (index < content.length && /\s/.test(content[index]!)) index++;
    if (index >= content.length) break;
    if (content[index] === '[') {
      let end = index + 1;
      let word = '';
      while (end < content.length && content[end] !== ']') {
        if (content[end] === '\\' && content[end + 1] === ']') {
          word += ']';
          end += 2;
          continue;
        }
        word += content[end];
        end++;
      }
      if (end >= content.length) return null;
      // The control (second token) keeps its brackets so that callers can tell it from a plain word.
      tokens.push(tokens.length === 1 ? `[${word.trim().replace(/\s+/g, ' ')}]` : word);
      index = end + 1;
      continue;
    }
    let end = index;
    while (end < content.length && !/\s/.test(content[end]!)) end++;
    tokens.push(content.slice(index, end));
    index = end;
  }
  return tokens;
}

/** The module's file name: "/lib/x86_64-linux-gnu/security/pam_unix.so" → "pam_unix.so". */
export function moduleName(modulePath: string): string {
  return modulePath.slice(modulePath.lastIndexOf('/') + 1);
}

/** `key=value` arguments as a map, flags (no "=") as keys with value "". Later ones win, as in the modules. */
export function argumentMap(args: readonly string[]): Map<string, string> {
  const map = new Map<string, string>();
  for (const arg of args) {
    const equals = arg.indexOf('=');
    if (equals === -1) map.set(arg, '');
    else map.set(arg.slice(0, equals), arg.slice(equals + 1));
  }
  return map;
}

/** A bracket control's `value=action` pairs: "[success=1 default=ignore]" → {success: "1", default: "ignore"}. */
export function bracketActions(control: string): Map<string, string> | null {
  if (!control.startsWith('[') || !control.endsWith(']')) return null;
  const actions = new Map<string, string>();
  for (const pair of control.slice(1, -1).split(/\s+/)) {
    const equals = pair.indexOf('=');
    if (equals > 0) actions.set(pair.slice(0, equals).toLowerCase(), pair.slice(equals + 1).toLowerCase());
  }
  return actions;
}
