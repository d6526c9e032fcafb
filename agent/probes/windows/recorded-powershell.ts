// For tests: a PowerShellRunner that answers each command by its name from a recorded output under
// test/fixtures/powershell, or fails as the test says. A command the test did not expect fails loudly,
// so a probe cannot silently start depending on a command no fixture covers.

import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { CommandOutput, PowerShellCommand, PowerShellRunner } from './powershell-runner';

export const POWERSHELL_FIXTURES = path.resolve(__dirname, '../../../test/fixtures/powershell');

/** A fixture file name ("get-netroute-default.json") or an outcome to return as it is. */
export type RecordedAnswer = string | CommandOutput;

export interface RecordedRunner {
  run: PowerShellRunner;
  /** Every command the probe ran, in order. */
  commands: PowerShellCommand[];
}

export function recordedPowerShell(answers: Readonly<Record<string, RecordedAnswer>>): RecordedRunner {
  const commands: PowerShellCommand[] = [];
  const run: PowerShellRunner = async (command) => {
    commands.push(command);
    const answer = answers[command.name];
    if (answer === undefined) throw new Error(`test gave no recorded output for ${command.name}`);
    if (typeof answer !== 'string') return answer;
    return { ok: true, stdout: readFileSync(path.join(POWERSHELL_FIXTURES, answer), 'utf8') };
  };
  return { run, commands };
}
