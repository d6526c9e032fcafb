// The commands install and uninstall run (systemctl, useradd, id), through one function so that tests can
// read the command lines instead of running them.
import { execFile } from 'node:child_process';

export interface CommandResult {
  code: number;
  stdout: string;
  stderr: string;
}

export type RunCommand = (command: string, args: readonly string[]) => Promise<CommandResult>;

export const runCommand: RunCommand = (command, args) =>
  new Promise((resolve) => {
    execFile(command, [...args], { timeout: 120_000 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 127) : 0;
      resolve({
        code,
        stdout: String(stdout),
        stderr: String(stderr || (error && !stderr ? error.message : '')),
      });
    });
  });
