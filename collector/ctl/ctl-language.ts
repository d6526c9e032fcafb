// The language shoumictl speaks, decided once before commander builds the commands, so that the help
// summaries are in it too: --lang on the command line (read from argv here, since commander has not parsed
// yet), then SHOUMI_LANG, the locale, else Chinese (policies/messages/language.ts).
import { type Lang, resolveLang } from '../../policies/messages/language';

/** --lang's value as written in argv (`--lang en` or `--lang=en`), or undefined. */
export function langInArgv(argv: readonly string[]): string | undefined {
  for (let index = 0; index < argv.length; index++) {
    const arg = argv[index]!;
    if (arg === '--') return undefined;
    if (arg === '--lang') return argv[index + 1];
    if (arg.startsWith('--lang=')) return arg.slice('--lang='.length);
  }
  return undefined;
}

let current: Lang | undefined;

/**
 * The reader's language. A value that names no language we speak falls back to zh here (the help must be
 * printed in something); cli-context refuses it as a usage error before any command runs.
 */
export function ctlLang(): Lang {
  if (current === undefined) {
    try {
      current = resolveLang({ option: langInArgv(process.argv.slice(2)) });
    } catch {
      current = 'zh';
    }
  }
  return current;
}

/** For a context's configured language (read after start) and for tests. */
export function setCtlLang(lang: Lang): void {
  current = lang;
}
