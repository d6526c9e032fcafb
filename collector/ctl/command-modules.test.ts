import { describe, expect, it } from 'vitest';
import { program } from './cli-context';
import {
  COMMAND_HOMES,
  COMMAND_MODULES,
  type CommandModule,
  commandWord,
  modulesFor,
} from './command-modules';

describe('command-modules', () => {
  it('names, for every top-level command, the module that defines it, and nothing else', async () => {
    // Which modules add a command or a subcommand under each top-level command, loading them in order.
    const homes = new Map<string, CommandModule[]>();
    const shape = () =>
      new Map(
        program.commands.map((command) => [command.name(), command.commands.map((sub) => sub.name()).join()]),
      );
    for (const name of Object.keys(COMMAND_MODULES) as CommandModule[]) {
      const before = shape();
      await COMMAND_MODULES[name]();
      for (const [command, subs] of shape()) {
        if (before.get(command) !== subs) homes.set(command, [...(homes.get(command) ?? []), name]);
      }
    }
    // trust.ts needs the ledger's `device` to exist before it loads, whatever command it serves.
    for (const [command, modules] of homes)
      if (modules.includes('trust') && !modules.includes('ledger'))
        homes.set(command, ['ledger', ...modules]);
    expect(Object.fromEntries(homes)).toEqual(COMMAND_HOMES);
  });

  it('finds the command word past global options and their values', () => {
    const options = [
      { long: '--collector', required: true, optional: false },
      { long: '--json', required: false, optional: false },
    ];
    expect(commandWord(['--collector', 'status', 'devices'], options)).toBe('devices');
    expect(commandWord(['--collector=h:1', '--json', 'status'], options)).toBe('status');
    expect(commandWord(['--json'], options)).toBeUndefined();
    expect(modulesFor('status')).toEqual(['fleet']);
    expect(modulesFor('token')).toEqual(['ledger', 'trust']);
    expect(modulesFor('statsu')).toEqual(Object.keys(COMMAND_MODULES));
    expect(modulesFor(undefined)).toEqual(Object.keys(COMMAND_MODULES));
  });
});
