// A finding's reason as data: a code from the catalogue (reason-catalogue.ts) and its parameters. It travels
// on the wire and is stored as it is, and every place that shows it renders it in the reader's language
// (renderReason); the English rendering is also kept as the finding's `reason` text, for logs and for readers
// that know no codes (an older collector, a script reading evidence).

import type { Lang } from './language';

/** Parameters are text: the check formats numbers and lists itself, so every reader shows the same value. */
export type ReasonParams = Readonly<Record<string, string>>;

export interface Reason {
  code: string;
  params: ReasonParams;
}

/** One catalogue entry: the reason in both languages, `{name}` standing for a parameter. */
export interface ReasonText {
  zh: string;
  en: string;
  /** What to do about it, in both languages; every code a FAIL or ERROR can carry has one. */
  remediation?: { zh: string; en: string };
}

export type ReasonFamily = Readonly<Record<string, ReasonText>>;

/** `{name}` in `template` replaced by its parameter; a parameter the template does not name is left out. */
export function fillTemplate(template: string, params: ReasonParams): string {
  return template.replace(/\{([A-Za-z][A-Za-z0-9_]*)\}/g, (whole, name: string) =>
    Object.hasOwn(params, name) ? (params[name] as string) : whole,
  );
}

export function renderReasonText(entry: ReasonText, params: ReasonParams, lang: Lang): string {
  return fillTemplate(entry[lang], params);
}
