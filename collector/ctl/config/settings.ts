// Which collector, identity and language a command uses. Per setting: the flag, else the environment
// (SHOUMI_COLLECTOR, SHOUMI_IDENTITY, SHOUMI_LANG), else the context (--context NAME, else the config file's
// current-context), else the built-in default.
import os from 'node:os';
import path from 'node:path';
import { type Lang, resolveLang } from '../../../policies/messages/language';
import type { CtlConfig, CtlContext } from './config-model';

export const DEFAULT_COLLECTOR = '127.0.0.1:7701';

export const defaultIdentityDir = (home = os.homedir()) => path.join(home, '.shoumi', 'identity');

/** The global options as given on the command line (no defaults filled in). */
export interface SettingFlags {
  collector?: string;
  identity?: string;
  context?: string;
  lang?: string;
}

export interface CtlSettings {
  collector: string;
  identity: string;
  lang: Lang;
  /** The context used, if any. */
  context?: string;
}

export interface SettingSources {
  flags: SettingFlags;
  env: NodeJS.ProcessEnv;
  config: CtlConfig;
  /** The config file's path, for errors. */
  configFile: string;
  home: string;
}

export function resolveSettings(sources: SettingSources): CtlSettings {
  const { flags, env, config } = sources;
  const name = flags.context ?? config.currentContext;
  let context: CtlContext = {};
  if (name !== undefined) {
    const found = config.contexts[name];
    if (!found) {
      const known = Object.keys(config.contexts);
      throw new Error(
        `--context ${name}: no such context in ${sources.configFile} ` +
          `(${known.length > 0 ? `known: ${known.join(', ')}` : 'it has none; add one with shoumictl context set'})`,
      );
    }
    context = found;
  }
  const pick = (flag: string | undefined, variable: string | undefined, configured: string | undefined) =>
    [flag, variable, configured].find((value) => value !== undefined && value !== '');
  return {
    collector: pick(flags.collector, env.SHOUMI_COLLECTOR, context.collector) ?? DEFAULT_COLLECTOR,
    identity: pick(flags.identity, env.SHOUMI_IDENTITY, context.identity) ?? defaultIdentityDir(sources.home),
    lang: resolveLang({ option: flags.lang, configured: context.lang, env }),
    ...(name !== undefined ? { context: name } : {}),
  };
}
