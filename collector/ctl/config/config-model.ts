// What the config file holds, checked whole: named contexts (a collector, an identity, a language) and the
// current one. Unknown keys and wrong types are errors naming the file and the key, never ignored: a typo
// such as `colector:` would otherwise send the administrator's commands to the default collector.
import { parseLang } from '../../../policies/messages/language';

export interface CtlContext {
  /** host:port of the collector's admin API. */
  collector?: string;
  /** Absolute path of the identity directory (ca.crt, admin.crt, admin.key). */
  identity?: string;
  /** zh or en, as parseLang reads it. */
  lang?: string;
}

export interface CtlConfig {
  currentContext?: string;
  contexts: Record<string, CtlContext>;
}

export const CONTEXT_KEYS = ['collector', 'identity', 'lang'] as const;
export type ContextKey = (typeof CONTEXT_KEYS)[number];

export type ConfigCheck = { ok: true; config: CtlConfig } | { ok: false; problem: string };

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** A context name as a command line and a YAML key both take it without quoting surprises. */
export const CONTEXT_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/;

/** Checks a parsed YAML document (null for an empty file); `problem` names the key at fault. */
export function checkConfig(document: unknown): ConfigCheck {
  if (document === null || document === undefined) return { ok: true, config: { contexts: {} } };
  if (!isRecord(document)) return { ok: false, problem: 'the top level must be a mapping' };
  for (const key of Object.keys(document)) {
    if (key !== 'current-context' && key !== 'contexts')
      return { ok: false, problem: `unknown key ${key} (expected current-context, contexts)` };
  }
  const contexts: Record<string, CtlContext> = {};
  const rawContexts = document.contexts ?? {};
  if (!isRecord(rawContexts))
    return { ok: false, problem: 'contexts must be a mapping of names to contexts' };
  for (const [name, raw] of Object.entries(rawContexts)) {
    if (!CONTEXT_NAME.test(name))
      return { ok: false, problem: `contexts.${name}: a name is letters, digits, . _ - (up to 63)` };
    const context = checkContext(`contexts.${name}`, raw);
    if (typeof context === 'string') return { ok: false, problem: context };
    contexts[name] = context;
  }
  const current = document['current-context'];
  if (current !== undefined && current !== null && typeof current !== 'string')
    return { ok: false, problem: 'current-context must be a context name' };
  if (typeof current === 'string' && current !== '' && !(current in contexts))
    return { ok: false, problem: `current-context ${current} names no context under contexts` };
  return { ok: true, config: { contexts, ...(current ? { currentContext: current } : {}) } };
}

/** One context, or the problem (naming `where`.key). */
function checkContext(where: string, raw: unknown): CtlContext | string {
  if (raw === null || raw === undefined) return {};
  if (!isRecord(raw)) return `${where} must be a mapping with collector, identity, lang`;
  const context: CtlContext = {};
  for (const [key, value] of Object.entries(raw)) {
    if (!(CONTEXT_KEYS as readonly string[]).includes(key))
      return `${where}.${key}: unknown key (expected ${CONTEXT_KEYS.join(', ')})`;
    const problem = contextValueProblem(key as ContextKey, value);
    if (problem) return `${where}.${key}: ${problem}`;
    context[key as ContextKey] = value as string;
  }
  return context;
}

/** Why `value` cannot be a context's `key`, or undefined when it can. */
export function contextValueProblem(key: ContextKey, value: unknown): string | undefined {
  if (typeof value !== 'string' || value === '') return 'expected a non-empty string';
  if (key === 'identity' && !isAbsolutePath(value)) return `${value} is not an absolute path`;
  if (key === 'lang' && !parseLang(value)) return `${value}: expected zh or en`;
  if (key === 'collector' && !/^[^\s:]+:\d{1,5}$|^\[[0-9a-fA-F:.]+\]:\d{1,5}$/.test(value))
    return `${value}: expected host:port`;
  return undefined;
}

const isAbsolutePath = (value: string) =>
  value.startsWith('/') || /^[A-Za-z]:[\\/]/.test(value) || value.startsWith('\\\\');

/** The document to write: keys in the file's own spelling. */
export function configDocument(config: CtlConfig): Record<string, unknown> {
  return {
    ...(config.currentContext ? { 'current-context': config.currentContext } : {}),
    contexts: config.contexts,
  };
}
