// Which module defines each top-level shoumictl command, so that a command loads only its own module (and
// what that imports): `shoumictl status` need not load the audit seals' X.509 code or the report renderers.
// A word not listed here (a typo, help, no command at all) loads every module, so commander can list them
// all or suggest the nearest. command-modules.test.ts checks this table against the modules themselves.
type Loader = () => Promise<unknown>;

export const COMMAND_MODULES = {
  fleet: () => import('./commands/fleet'),
  rules: () => import('./commands/rules'),
  ledger: () => import('./commands/ledger'),
  reports: () => import('./commands/reports'),
  media: () => import('./commands/media'),
  sweeps: () => import('./commands/sweeps'),
  audit: () => import('./commands/audit'),
  trust: () => import('./commands/trust'),
  identity: () => import('./commands/identity'),
  context: () => import('./commands/context'),
  completion: () => import('./commands/completion'),
} satisfies Record<string, Loader>;

export type CommandModule = keyof typeof COMMAND_MODULES;

/**
 * Top-level command → the modules that define it and its subcommands, in loading order. trust.ts adds
 * `revoke` and `uninstall-code` under the ledger's `device` and refuses to load without it.
 */
export const COMMAND_HOMES: Record<string, CommandModule[]> = {
  status: ['fleet'],
  devices: ['fleet'],
  findings: ['fleet'],
  rule: ['rules'],
  device: ['ledger', 'trust'],
  ledger: ['ledger'],
  finding: ['reports'],
  report: ['reports'],
  media: ['media'],
  sweep: ['sweeps'],
  audit: ['audit'],
  token: ['ledger', 'trust'],
  admin: ['ledger', 'trust'],
  certificates: ['ledger', 'trust'],
  whoami: ['identity'],
  identity: ['identity'],
  context: ['context'],
  // The script lists every command, so this one loads them all anyway.
  completion: ['completion'],
};

/** The option words that take the next word as their value, as the program declares them. */
export interface OptionShape {
  long?: string;
  short?: string;
  required: boolean;
  optional: boolean;
}

/** The first word on the command line that is not an option or an option's value, if any. */
export function commandWord(args: readonly string[], options: readonly OptionShape[]): string | undefined {
  const takesValue = new Set(
    options
      .filter((option) => option.required || option.optional)
      .flatMap((option) => [option.long, option.short]),
  );
  for (let index = 0; index < args.length; index++) {
    const arg = args[index]!;
    if (arg === '--') return args[index + 1];
    if (!arg.startsWith('-')) return arg;
    if (!arg.includes('=') && takesValue.has(arg)) index++;
  }
  return undefined;
}

/** The modules to load for this command line: its command's, or all of them. */
export function modulesFor(word: string | undefined): CommandModule[] {
  const homes = word === undefined ? undefined : COMMAND_HOMES[word];
  if (!homes || homes.includes('completion')) return Object.keys(COMMAND_MODULES) as CommandModule[];
  return homes;
}
