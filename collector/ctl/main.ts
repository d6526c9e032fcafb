// shoumictl: the security office's command line over the collector's admin API. Human tables by default,
// --json on every command (the whole answer, nothing cut), --collector or a context (config file) to choose
// a collector. Each area's commands register themselves on the program when imported; only the area the
// command line names is imported (command-modules.ts), which is most of what makes a fresh start fast.
import { program } from './cli-context';
import { COMMAND_MODULES, commandWord, modulesFor } from './command-modules';
import { printNote } from './terminal-text';

async function run(): Promise<void> {
  const word = commandWord(process.argv.slice(2), program.options);
  for (const name of modulesFor(word)) await COMMAND_MODULES[name]();
  await program.parseAsync();
}

run().catch((error: Error) => {
  // The message may quote what an agent or admin wrote (a device name, a ledger value): made visible.
  printNote(`shoumictl: ${error.message}\n`);
  process.exit(2);
});
