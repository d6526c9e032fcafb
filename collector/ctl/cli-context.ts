// What every shoumictl command shares: the program and its global options, a connected client, and how
// times and levels are shown. Commands live in ctl/commands/, one file per area.
import { Command } from 'commander';
import { CLASSIFICATION_ZH, type Classification } from '../../policies/model';
import { classificationFromWire } from '../../proto/convert';
import { type AdminClient, adminClient } from './admin-client';
import { loadAdminIdentity } from './admin-identity';
import { hostSettings } from './config/host-settings';
import { DEFAULT_COLLECTOR } from './config/settings';
import { ctlVersion } from './ctl-version';

export const program = new Command('shoumictl')
  .description('守密 shoumi admin CLI: fleet status, ledger, media, sweeps, findings and inspection records')
  .version(ctlVersion(), '--version', 'print the version')
  // No commander defaults: a flag given beats SHOUMI_COLLECTOR / SHOUMI_IDENTITY, which beat the context,
  // which beats the built-in default (config/settings.ts), so an absent flag must stay absent.
  .option(
    '--collector <host:port>',
    `collector admin address (env SHOUMI_COLLECTOR, else the context, else ${DEFAULT_COLLECTOR})`,
  )
  .option(
    '--identity <dir>',
    'administrator identity: ca.crt, admin.crt, admin.key from shoumi-collector admin add ' +
      '(env SHOUMI_IDENTITY, else the context, else ~/.shoumi/identity)',
  )
  .option('--context <name>', 'the config file context to use instead of its current-context')
  .option('--json', 'print JSON instead of tables')
  .showHelpAfterError();

/**
 * The global options as an action sees them: collector and identity already resolved from the flags, the
 * environment, the context and the defaults (the preAction hook below).
 */
export interface GlobalOptions {
  collector: string;
  identity: string;
  context?: string;
  json?: boolean;
}

/** Commands that never reach the collector, so a broken or absent context must not stop them. */
const OFFLINE_COMMANDS = new Set(['context', 'completion']);

program.hook('preAction', (_program, action) => {
  let area: typeof action | null = action;
  while (area?.parent && area.parent !== program) area = area.parent;
  if (area && OFFLINE_COMMANDS.has(area.name())) return;
  const settings = hostSettings(program.opts());
  program.setOptionValueWithSource('collector', settings.collector, 'config');
  program.setOptionValueWithSource('identity', settings.identity, 'config');
});

/**
 * Runs a command against the collector. With --json the value `work` resolves with is printed whole;
 * without it, `work` prints its own human form.
 */
export async function withClient(
  work: (client: AdminClient, options: GlobalOptions) => Promise<unknown>,
  timeoutMs?: number,
) {
  const options = program.opts<GlobalOptions>();
  const client = connect(options, timeoutMs);
  try {
    const result = await work(client, options);
    if (options.json) process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  } finally {
    client.close();
  }
}

/** A client for the collector and identity the global options name. */
export function connect(options: GlobalOptions, timeoutMs?: number): AdminClient {
  return adminClient(options.collector, loadAdminIdentity(options.identity), timeoutMs);
}

export const localTime = (ms: number) =>
  ms > 0 ? new Date(ms).toLocaleString('sv-SE').slice(0, 19) : 'never';

export const level = (wire: unknown) => {
  const classification: Classification | null = classificationFromWire(wire);
  return classification ? CLASSIFICATION_ZH[classification] : '—';
};

/** A --limit style option as a positive integer, or an error naming the option. */
export function positiveInteger(option: string, text: string): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1)
    throw new Error(`${option} ${text}: expected a positive integer`);
  return value;
}
