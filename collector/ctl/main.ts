// shoumictl: the security office's command line over the collector's admin API. Human tables by default,
// --json on every command (the whole answer, nothing cut), --collector to choose a collector.
// Each area's commands register themselves on the program when imported.
import { program } from './cli-context';
import { printNote } from './terminal-text';
import './commands/fleet';
import './commands/ledger';
import './commands/reports';
import './commands/media';
import './commands/sweeps';
import './commands/audit';
import './commands/trust';
import './commands/identity';

program.parseAsync().catch((error: Error) => {
  // The message may quote what an agent or admin wrote (a device name, a ledger value): made visible.
  printNote(`shoumictl: ${error.message}\n`);
  process.exit(2);
});
