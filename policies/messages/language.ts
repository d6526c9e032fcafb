// The reader's language. shoumi speaks Chinese by default (its users are Chinese security offices) and
// English on request: an explicit option first, then SHOUMI_LANG, then a configured default (a shoumictl
// context), then the locale (LC_ALL, LC_MESSAGES, LANG: en_* asks for English, zh_* for Chinese; C and
// POSIX ask for nothing), else zh.

export type Lang = 'zh' | 'en';

export const LANGS: readonly Lang[] = ['zh', 'en'];

/** A language the user wrote (--lang en, SHOUMI_LANG=zh_CN.UTF-8, 中文), or null when it names none we speak. */
export function parseLang(text: string): Lang | null {
  const value = text.trim().toLowerCase();
  if (value === '中文' || value === 'zh' || value.startsWith('zh_') || value.startsWith('zh-')) return 'zh';
  if (value === 'english' || value === 'en' || value.startsWith('en_') || value.startsWith('en-'))
    return 'en';
  return null;
}

export interface LanguageSources {
  /** --lang as given; an unknown value is an error the caller reports, not a silent default. */
  option?: string;
  /** The context's language from the config file, if any. */
  configured?: string;
  env?: NodeJS.ProcessEnv;
}

/** The language to speak, or an error naming the option or variable whose value is not zh or en. */
export function resolveLang(sources: LanguageSources): Lang {
  const env = sources.env ?? process.env;
  const named: [string, string | undefined][] = [
    ['--lang', sources.option],
    ['SHOUMI_LANG', env.SHOUMI_LANG],
    ['the context language', sources.configured],
  ];
  for (const [name, value] of named) {
    if (value === undefined || value === '') continue;
    const lang = parseLang(value);
    if (!lang) throw new Error(`${name} ${value}: expected zh or en (中文 or English)`);
    return lang;
  }
  // The locale is a hint, not a request: a value we do not speak (C, de_DE) leaves the default.
  for (const name of ['LC_ALL', 'LC_MESSAGES', 'LANG'] as const) {
    const value = env[name];
    if (!value) continue;
    return parseLang(value) ?? 'zh';
  }
  return 'zh';
}
