// The service manager behind install, uninstall and status: systemd on Linux, the Service Control Manager
// (sc.exe) on Windows, and none under --prefix (a test root: nothing is registered, and the log says so).
// Each is a few command lines run through one `run` function, so tests can read the exact command lines
// (the Windows ones cannot run here).
import { execFile } from 'node:child_process';
import { EXIT, ServiceCommandFailure } from './exit-codes';
import type { InstallLayout } from './install-layout';

export interface CommandResult {
  code: number;
  stdout: string;
  stderr: string;
}

export type RunCommand = (command: string, args: readonly string[]) => Promise<CommandResult>;

export const runCommand: RunCommand = (command, args) =>
  new Promise((resolve) => {
    execFile(command, [...args], { timeout: 60_000, windowsHide: true }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 127) : 0;
      resolve({
        code,
        stdout: String(stdout),
        stderr: String(stderr || (error && !stderr ? error.message : '')),
      });
    });
  });

/** What the service manager says about the agent's service, in its own words ("active", "RUNNING", …). */
export type ServiceState = { installed: false } | { installed: true; state: string };

export interface ServiceManager {
  readonly kind: 'systemd' | 'windows-scm' | 'none';
  state(): Promise<ServiceState>;
  /** Stops a running service before its binary is replaced (no-op when not installed). */
  stop(): Promise<void>;
  /** Registers (or re-registers) the service with the installed command line, enables and starts it. */
  enableAndStart(): Promise<void>;
  /** Stops the service and takes it off the boot list; removing its files is the uninstaller's. */
  disableAndStop(): Promise<void>;
  /** After the unit file is gone (systemd only). */
  forget(): Promise<void>;
}

export interface ServiceCommandLine {
  /** What the SCM starts: the service host (layout.serviceHost), which starts the agent beside it. */
  host: string;
  collector: string;
  enrol: string;
  dataDir: string;
}

async function must(run: RunCommand, command: string, args: readonly string[]): Promise<CommandResult> {
  const result = await run(command, args);
  if (result.code !== 0) {
    throw new ServiceCommandFailure(
      EXIT.serviceManagerFailed,
      `${command} ${args.join(' ')} failed (exit ${result.code}): ${(result.stderr || result.stdout).trim().slice(0, 500)}`,
    );
  }
  return result;
}

export function systemdManager(layout: InstallLayout, run: RunCommand = runCommand): ServiceManager {
  const unit = `${layout.serviceName}.service`;
  return {
    kind: 'systemd',
    async state() {
      // is-active prints the state and exits non-zero for anything but active; an unknown unit is "inactive"
      // too, so whether it is installed is read from load-state.
      const load = await run('systemctl', ['show', '--property=LoadState', '--value', unit]);
      if (load.code !== 0 || load.stdout.trim() === 'not-found') return { installed: false };
      const active = await run('systemctl', ['is-active', unit]);
      return { installed: true, state: active.stdout.trim() || `unknown (exit ${active.code})` };
    },
    async stop() {
      const current = await this.state();
      if (current.installed && current.state !== 'inactive') await must(run, 'systemctl', ['stop', unit]);
    },
    async enableAndStart() {
      await must(run, 'systemctl', ['daemon-reload']);
      await must(run, 'systemctl', ['enable', '--now', unit]);
    },
    async disableAndStop() {
      await must(run, 'systemctl', ['disable', '--now', unit]);
    },
    async forget() {
      await must(run, 'systemctl', ['daemon-reload']);
      // A unit that failed before leaves a "failed" record behind; clear it (no complaint if there is none).
      await run('systemctl', ['reset-failed', unit]);
    },
  };
}

/**
 * sc.exe wants `name= value` as two arguments; binPath is the whole command line: the service host, then
 * the agent's `run` arguments it passes on. --stop-on-stdin-close because the host stops the agent by
 * closing its stdin (Windows has no SIGTERM).
 */
export function windowsBinPath(line: ServiceCommandLine): string {
  return [
    line.host,
    'run',
    '--collector',
    line.collector,
    '--enrol',
    line.enrol,
    '--data',
    line.dataDir,
    '--stop-on-stdin-close',
  ]
    .map(windowsQuote)
    .join(' ');
}

/** One argument quoted as the CLR and Node parse a Windows command line (CommandLineToArgvW's rules). */
export function windowsQuote(value: string): string {
  if (value !== '' && !/[\s"]/.test(value)) return value;
  // Backslashes are literal except before a quote, where they escape: double those (and the closing one's).
  const escaped = value.replace(/(\\*)"/g, '$1$1\\"').replace(/(\\+)$/, '$1$1');
  return `"${escaped}"`;
}

/**
 * The Windows service. Node's executable cannot answer the Service Control Manager itself
 * (StartServiceCtrlDispatcher); a plain console program started as a service is stopped by the SCM after
 * 30 s (error 1053). So the SCM starts shoumi-agent-service.exe (agent/packaging/windows-service-host), a
 * small .NET Framework service that runs the agent as its child and exits 1 when the agent dies, which the
 * recovery actions below answer with a restart.
 */
export function windowsManager(
  layout: InstallLayout,
  line: ServiceCommandLine,
  run: RunCommand = runCommand,
  sleep: (ms: number) => Promise<void> = (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
): ServiceManager {
  const name = layout.serviceName;
  const SC = 'sc.exe';
  const NOT_INSTALLED = 1060; // ERROR_SERVICE_DOES_NOT_EXIST
  const NOT_ACTIVE = 1062; // ERROR_SERVICE_NOT_ACTIVE
  const query = async (): Promise<ServiceState> => {
    const result = await run(SC, ['query', name]);
    if (result.code === NOT_INSTALLED) return { installed: false };
    const match = /STATE\s*:\s*\d+\s+(\w+)/.exec(result.stdout);
    return { installed: true, state: match?.[1] ?? `unknown (sc.exe exit ${result.code})` };
  };
  return {
    kind: 'windows-scm',
    state: query,
    async stop() {
      const current = await query();
      if (!current.installed || current.state === 'STOPPED') return;
      const stopped = await run(SC, ['stop', name]);
      if (stopped.code !== 0 && stopped.code !== NOT_ACTIVE) await must(run, SC, ['stop', name]);
      // sc stop only asks; the binary stays locked until the process is gone.
      for (let waited = 0; waited < 30_000; waited += 500) {
        const now = await query();
        if (!now.installed || now.state === 'STOPPED') return;
        await sleep(500);
      }
      throw new ServiceCommandFailure(EXIT.serviceManagerFailed, `${name} did not stop within 30 s`);
    },
    async enableAndStart() {
      const binPath = windowsBinPath(line);
      const existing = await query();
      if (existing.installed) {
        await must(run, SC, ['config', name, 'binPath=', binPath, 'start=', 'auto']);
      } else {
        await must(run, SC, [
          'create',
          name,
          'binPath=',
          binPath,
          'start=',
          'auto',
          'DisplayName=',
          'shoumi (守密) compliance agent',
        ]);
      }
      await must(run, SC, [
        'description',
        name,
        'shoumi compliance agent: checks this computer, reports to the collector',
      ]);
      // Restart after every failure, 5 s apart, the failure count reset after a day; failureflag 1 applies
      // the actions when the process exits with an error too, not only when it crashes.
      await must(run, SC, [
        'failure',
        name,
        'reset=',
        '86400',
        'actions=',
        'restart/5000/restart/5000/restart/5000',
      ]);
      await must(run, SC, ['failureflag', name, '1']);
      await must(run, SC, ['start', name]);
    },
    async disableAndStop() {
      await this.stop();
      await must(run, SC, ['delete', name]);
    },
    async forget() {},
  };
}

/** --prefix: nothing is registered or started; each call is logged as skipped. */
export function noServiceManager(say: (message: string) => void): ServiceManager {
  return {
    kind: 'none',
    async state() {
      return { installed: false };
    },
    async stop() {
      say('--prefix: not stopping any service');
    },
    async enableAndStart() {
      say('--prefix: systemctl daemon-reload / enable --now skipped; the unit is written but not started');
    },
    async disableAndStop() {
      say('--prefix: systemctl disable --now skipped');
    },
    async forget() {},
  };
}
