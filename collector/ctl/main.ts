// shoumictl: the security office's command line over the collector's admin API. Human tables by default
// (fitted to the terminal), -o wide|json|yaml|csv on every command, --collector to choose a collector,
// --lang zh|en. Each area's commands register themselves on the program when imported.
import { CommanderError } from 'commander';
import { PermissionRefused, permissionText } from './call-error';
import { commandPath, program } from './cli-context';
import { CtlError, EXIT } from './exit-codes';
import { printNote } from './terminal-text';
import './commands/fleet';
import './commands/rules';
import './commands/ledger';
import './commands/reports';
import './commands/media';
import './commands/sweeps';
import './commands/audit';
import './commands/trust';
import './commands/identity';

program.parseAsync().catch((error: Error) => {
  // Commander has printed its own message (an unknown option, a missing argument, or the help).
  if (error instanceof CommanderError) process.exit(error.exitCode === 0 ? EXIT.ok : EXIT.usage);
  const message = error instanceof PermissionRefused ? permissionText(error, commandPath()) : error.message;
  // The message may quote what an agent or admin wrote (a device name, a ledger value): made visible.
  printNote(`shoumictl: ${message}\n`);
  process.exit(error instanceof CtlError ? error.exitCode : EXIT.usage);
});
