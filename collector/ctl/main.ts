// shoumictl: the security office's command line over the collector's admin API. Human tables by default
// (fitted to the terminal), -o wide|json|yaml|csv on every command, --collector or a context (config file)
// to choose a collector, --lang zh|en. Each area's commands register themselves on the program when
// imported; only the area the command line names is imported (command-modules.ts), which is most of what
// makes a fresh start fast.
import { CommanderError } from 'commander';
import { PermissionRefused, permissionText } from './call-error';
import { commandPath, program } from './cli-context';
import { COMMAND_MODULES, commandWord, modulesFor } from './command-modules';
import { CtlError, EXIT } from './exit-codes';
import { printNote } from './terminal-text';

async function run(): Promise<void> {
  const word = commandWord(process.argv.slice(2), program.options);
  for (const name of modulesFor(word)) await COMMAND_MODULES[name]();
  await program.parseAsync();
}

run().catch((error: Error) => {
  // Commander has printed its own message (an unknown option, a missing argument, or the help).
  if (error instanceof CommanderError) process.exit(error.exitCode === 0 ? EXIT.ok : EXIT.usage);
  const message = error instanceof PermissionRefused ? permissionText(error, commandPath()) : error.message;
  // The message may quote what an agent or admin wrote (a device name, a ledger value): made visible.
  printNote(`shoumictl: ${message}\n`);
  process.exit(error instanceof CtlError ? error.exitCode : EXIT.usage);
});
