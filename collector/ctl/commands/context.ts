// `shoumictl context list|use|set|delete`: named contexts in the config file (config/config-path.ts), each a
// collector, an identity and a language, and which one is current. Nothing here reaches the collector.
import path from 'node:path';
import { renderTable } from '../../../policies/text-table';
import { program } from '../cli-context';
import { readConfig, writeConfig } from '../config/config-file';
import {
  CONTEXT_KEYS,
  CONTEXT_NAME,
  type ContextKey,
  type CtlContext,
  contextValueProblem,
} from '../config/config-model';
import { configPath } from '../config/config-path';
import { t } from '../ctl-messages';
import { printText } from '../terminal-text';

const context = program.command('context').description(t('help.context'));

context
  .command('list')
  .description(t('help.context.list'))
  .action(() => {
    const file = configPath();
    const config = readConfig(file);
    if (program.opts().json) {
      process.stdout.write(`${JSON.stringify({ file, ...config }, null, 2)}\n`);
      return;
    }
    const names = Object.keys(config.contexts).sort();
    if (names.length === 0) {
      process.stderr.write(`no contexts in ${file}: add one with shoumictl context set NAME --collector …\n`);
      return;
    }
    // Every column whole (a cut identity path would be useless), aligned by display width as every table is.
    const table = renderTable(
      [
        { header: 'CURRENT', value: (name: string) => (name === config.currentContext ? '*' : '') },
        { header: 'NAME', value: (name) => name },
        { header: 'COLLECTOR', value: (name) => config.contexts[name]!.collector ?? '' },
        { header: 'IDENTITY', value: (name) => config.contexts[name]!.identity ?? '' },
        { header: 'LANG', value: (name) => config.contexts[name]!.lang ?? '' },
      ],
      names,
    );
    printText(`${table}\n`);
  });

context
  .command('use <name>')
  .description(t('help.context.use'))
  .action((name: string) => {
    const file = configPath();
    const config = readConfig(file);
    if (!config.contexts[name])
      throw new Error(`no context ${name} in ${file}: shoumictl context list shows them`);
    writeConfig(file, { ...config, currentContext: name });
    printText(`current context: ${name}\n`);
  });

context
  .command('set <name>')
  .description(t('help.context.set'))
  .option('--collector <host:port>', 'collector admin address')
  .option('--identity <dir>', 'administrator identity directory')
  .option('--lang <zh|en>', 'language of tables and messages')
  .action((name: string, options: Partial<Record<ContextKey, string>>) => {
    if (!CONTEXT_NAME.test(name))
      throw new Error(`context name ${name}: use letters, digits, . _ - (up to 63)`);
    // The program's own --collector, --identity (and --lang) take these words wherever they stand on the
    // command line, so the values are read from there as well as from this command's options.
    const global = program.opts<Partial<Record<ContextKey, string>>>();
    const given: CtlContext = {};
    for (const key of CONTEXT_KEYS) {
      const raw = options[key] ?? global[key];
      if (raw === undefined) continue;
      const value = key === 'identity' ? path.resolve(raw) : raw;
      const problem = contextValueProblem(key, value);
      if (problem) throw new Error(`--${key} ${problem}`);
      given[key] = value;
    }
    const file = configPath();
    const config = readConfig(file);
    const existed = name in config.contexts;
    if (!existed && Object.keys(given).length === 0)
      throw new Error(`context ${name} is new: give at least one of --collector, --identity, --lang`);
    const makeCurrent = config.currentContext === undefined;
    writeConfig(file, {
      contexts: { ...config.contexts, [name]: { ...config.contexts[name], ...given } },
      currentContext: makeCurrent ? name : config.currentContext,
    });
    printText(
      `${existed ? 'changed' : 'added'} context ${name} in ${file}${makeCurrent ? ' (now the current context)' : ''}\n`,
    );
  });

context
  .command('delete <name>')
  .description(t('help.context.delete'))
  .action((name: string) => {
    const file = configPath();
    const config = readConfig(file);
    if (!config.contexts[name]) throw new Error(`no context ${name} in ${file}`);
    const { [name]: _removed, ...rest } = config.contexts;
    const wasCurrent = config.currentContext === name;
    writeConfig(file, { contexts: rest, ...(wasCurrent ? {} : { currentContext: config.currentContext }) });
    printText(`deleted context ${name}${wasCurrent ? '; no context is current now' : ''}\n`);
  });
