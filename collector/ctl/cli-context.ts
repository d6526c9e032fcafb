// What every shoumictl command shares: the program and its global options, a connected client, and how
// times and levels are shown. Commands live in ctl/commands/, one file per area.
import { type Command, InvalidArgumentError, Command as Program } from 'commander';
import { parseLang } from '../../policies/messages/language';
import { CLASSIFICATION_ZH, type Classification } from '../../policies/model';
import { classificationFromWire } from '../../proto/convert';
import { type AdminClient, adminClient } from './admin-client';
import { loadAdminIdentity } from './admin-identity';
import { hostSettings } from './config/host-settings';
import { setCtlLang } from './ctl-language';
import { t } from './ctl-messages';
import { ctlVersion } from './ctl-version';
import { CtlError, EXIT } from './exit-codes';
import {
  type CtlColumn,
  colourWanted,
  formatData,
  formatRows,
  isOutputFormat,
  type OutputFormat,
  terminalWidth,
} from './output-format';
import { printNote } from './terminal-text';

export const program = new Program('shoumictl')
  .description(t('help.program'))
  .version(ctlVersion(), '--version', t('help.opt.version'))
  // No commander defaults: a flag given beats SHOUMI_COLLECTOR / SHOUMI_IDENTITY, which beat the context,
  // which beats the built-in default (config/settings.ts), so an absent flag must stay absent.
  .option('--collector <host:port>', t('help.opt.collector'))
  .option('--identity <dir>', t('help.opt.identity'))
  .option('--context <name>', t('help.opt.context'))
  .option('-o, --output <format>', t('help.opt.output'), (text: string) => {
    if (!isOutputFormat(text)) throw new InvalidArgumentError(t('err.output', { value: text }));
    return text;
  })
  .option('--json', t('help.opt.json'))
  .option('--lang <lang>', t('help.opt.lang'), (text: string) => {
    if (!parseLang(text)) throw new InvalidArgumentError(t('err.lang', { value: text }));
    return text;
  })
  .option('--fail-empty', t('help.opt.failEmpty'))
  .showHelpAfterError()
  // Commander's own refusals (an unknown option, a missing argument) end with the usage status, like a bad
  // value does; help and --version still end with 0 (exit-codes.ts).
  .exitOverride();

/**
 * The global options as an action sees them: collector and identity already resolved from the flags, the
 * environment, the context and the defaults (the preAction hook below).
 */
export interface GlobalOptions {
  collector: string;
  identity: string;
  context?: string;
  /** The answer is printed as data (-o json, -o yaml, --json) by withClient: print no table. */
  json?: boolean;
  output?: OutputFormat;
  lang?: string;
  failEmpty?: boolean;
}

let running: Command | undefined;

program.hook('preAction', (_program, actionCommand) => {
  running = actionCommand;
  const options = program.opts<GlobalOptions>();
  if (options.lang) {
    const lang = parseLang(options.lang)!;
    setCtlLang(lang);
    // The program takes --lang wherever it is written, so a command with a --lang of its own (ledger
    // export, report: the language of the file they write) is handed the one given.
    if (actionCommand.options.some((option) => option.long === '--lang'))
      actionCommand.setOptionValueWithSource('lang', lang, 'cli');
  }
  if (options.json && options.output === undefined) program.setOptionValue('output', 'json');
  const output = program.opts<GlobalOptions>().output;
  program.setOptionValue('json', output === 'json' || output === 'yaml');
  if (!needsCollector(actionCommand)) return;
  const settings = hostSettings(program.opts());
  program.setOptionValueWithSource('collector', settings.collector, 'config');
  program.setOptionValueWithSource('identity', settings.identity, 'config');
  // A context's language counts where no --lang or SHOUMI_LANG asked for one (settings.ts); the help was
  // already built in the language known before the config file was read.
  setCtlLang(settings.lang);
});

/** Commands that never reach the collector, so a broken or absent context must not stop them. */
const OFFLINE_COMMANDS = new Set(['context', 'completion']);

function needsCollector(action: Command): boolean {
  let area: Command | null = action;
  while (area?.parent && area.parent !== program) area = area.parent;
  return !(area && OFFLINE_COMMANDS.has(area.name()));
}

/** The command being run, as typed: "findings", "audit list". */
export function commandPath(command: Command | undefined = running): string {
  const names: string[] = [];
  for (let at = command; at?.parent; at = at.parent) names.unshift(at.name());
  return names.join(' ');
}

/** The command being run with the options given on the command line, for notes: "findings --device x". */
export function commandLine(command: Command | undefined = running): string {
  if (!command) return 'shoumictl';
  const given = command.options.flatMap((option) => {
    const name = option.attributeName();
    if (command.getOptionValueSource(name) !== 'cli') return [];
    const value = command.getOptionValue(name) as unknown;
    return value === true ? [option.long ?? ''] : [`${option.long} ${String(value)}`];
  });
  return ['shoumictl', commandPath(command), ...command.args, ...given].join(' ');
}

/**
 * Runs a command against the collector. With -o json or yaml the value `work` resolves with is printed
 * whole; otherwise `work` prints its own human form.
 */
export async function withClient(
  work: (client: AdminClient, options: GlobalOptions) => Promise<unknown>,
  timeoutMs?: number,
) {
  const options = program.opts<GlobalOptions>();
  const client = connect(options, timeoutMs);
  try {
    const result = await work(client, options);
    if (options.json) process.stdout.write(formatData(result, options.output === 'yaml' ? 'yaml' : 'json'));
  } finally {
    client.close();
  }
}

/** HOST:PORT or [IPv6]:PORT; without a port grpc-js would silently try 443. */
const HOST_AND_PORT = /^(?:\[[^\]]+\]|[^\s:[\]]+):\d{1,5}$/;

/** A client for the collector and identity the global options name. */
export function connect(options: GlobalOptions, timeoutMs?: number): AdminClient {
  if (!HOST_AND_PORT.test(options.collector)) {
    const host = options.collector.replace(/:$/, '') || '127.0.0.1';
    throw new CtlError(t('err.noPort', { address: options.collector, example: `${host}:7701` }), EXIT.usage);
  }
  return adminClient(options.collector, loadAdminIdentity(options.identity), timeoutMs);
}

/**
 * Rows for people (or CSV): the table fitted to the terminal, or every column with -o wide. A listing that
 * matches nothing prints no bare header but a note on stderr, and ends with exit 3 under --fail-empty.
 * With -o json or yaml it prints nothing (withClient prints the answer) but the empty rule holds the same.
 */
export function showRows<Row>(
  options: GlobalOptions,
  columns: readonly CtlColumn<Row>[],
  rows: readonly Row[],
  things: 'devices' | 'findings' | 'records' | 'sweeps' | 'schedules' | 'rules',
): void {
  if (rows.length === 0) noteEmpty(options, things);
  if (options.json) return;
  const format = options.output ?? 'table';
  if (rows.length === 0 && format !== 'csv') return;
  process.stdout.write(formatRows(columns, rows, format, { width: terminalWidth(), colour: colourWanted() }));
}

/** "nothing matched" on stderr (not with -o json/yaml, whose empty list says it), exit 3 with --fail-empty. */
export function noteEmpty(
  options: GlobalOptions,
  things: 'devices' | 'findings' | 'records' | 'sweeps' | 'schedules' | 'rules',
): void {
  if (!options.json)
    printNote(`${t('empty.note', { things: t(`things.${things}`), command: commandLine() })}\n`);
  if (options.failEmpty) process.exitCode = EXIT.empty;
}

/** The table options for a table a command renders itself (status's clause table). */
export const tableShown = () => ({ width: terminalWidth(), colour: colourWanted() });

export const localTime = (ms: number) =>
  ms > 0 ? new Date(ms).toLocaleString('sv-SE').slice(0, 19) : t('value.never');

export const level = (wire: unknown) => {
  const classification: Classification | null = classificationFromWire(wire);
  return classification ? CLASSIFICATION_ZH[classification] : '-';
};

/** A --limit style option as a positive integer, or an error naming the option. */
export function positiveInteger(option: string, text: string): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1)
    throw new Error(`${option} ${text}: expected a positive integer`);
  return value;
}
