// Running PowerShell: one process per command, the script on stdin, JSON on stdout. Probes take a
// `PowerShellRunner` so that tests feed them recorded outputs; only the agent on Windows spawns
// powershell.exe (Windows PowerShell 5.1, present on every supported Windows, unlike pwsh 7).

import { spawn } from 'node:child_process';

/** A script a probe runs, named so that a failure (and a recorded fixture) says which one. */
export interface PowerShellCommand {
  /** e.g. "Get-PnpDevice" — what a reason names and what a recorded fixture is keyed by. */
  name: string;
  /** Statements separated by ";" — see `runPowerShell` for why the script must be one line. */
  script: string;
}

export type CommandOutput = { ok: true; stdout: string } | { ok: false; reason: string };

export type PowerShellRunner = (command: PowerShellCommand) => Promise<CommandOutput>;

export interface RunOptions {
  timeoutMs: number;
}

export const DEFAULT_POWERSHELL_TIMEOUT_MS = 30_000;

const ARGUMENTS = ['-NoProfile', '-NonInteractive', '-ExecutionPolicy', 'Bypass', '-Command', '-'];

/**
 * Runs `script` in powershell.exe. With `-Command -` PowerShell reads stdin as if typed at a prompt, so a
 * block spread over lines would need a blank line to end it; the script is therefore sent as one line.
 * Errors must not pass silently: every error stops the script ($ErrorActionPreference = 'Stop'), the catch
 * writes the message to stderr and exits 1, and output is forced to UTF-8 so Chinese names survive.
 */
export function runPowerShell(script: string, options: RunOptions): Promise<CommandOutput> {
  const oneLine = script.replace(/\s*\r?\n\s*/g, ' ').trim();
  const wrapped =
    "$ErrorActionPreference = 'Stop'; $ProgressPreference = 'SilentlyContinue'; " +
    '[Console]::OutputEncoding = [Text.Encoding]::UTF8; ' +
    `try { ${oneLine} } catch { [Console]::Error.WriteLine($_.Exception.Message); exit 1 }\n`;
  return new Promise((resolve) => {
    let settled = false;
    const finish = (output: CommandOutput) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(output);
    };
    const child = spawn('powershell.exe', ARGUMENTS, { windowsHide: true, stdio: ['pipe', 'pipe', 'pipe'] });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    const timer = setTimeout(() => {
      child.kill();
      finish({ ok: false, reason: `powershell.exe did not finish within ${options.timeoutMs} ms` });
    }, options.timeoutMs);
    child.on('error', (error) =>
      finish({ ok: false, reason: `cannot run powershell.exe: ${error.message}` }),
    );
    // A broken pipe on stdin shows up as the process failing; the 'close' handler reports it.
    child.stdin.on('error', () => {});
    child.on('close', (code) => {
      const errorText = Buffer.concat(stderr).toString('utf8').trim();
      if (code !== 0) {
        finish({
          ok: false,
          reason: `powershell.exe exited with ${code ?? 'a signal'}${errorText ? `: ${errorText}` : ''}`,
        });
        return;
      }
      finish({ ok: true, stdout: Buffer.concat(stdout).toString('utf8') });
    });
    child.stdin.end(wrapped);
  });
}

/** The runner probes use on Windows. */
export function powerShellRunner(
  options: RunOptions = { timeoutMs: DEFAULT_POWERSHELL_TIMEOUT_MS },
): PowerShellRunner {
  return (command) =>
    runPowerShell(command.script, options).then((output) =>
      output.ok ? output : { ok: false, reason: `${command.name}: ${output.reason}` },
    );
}
