// What `shoumi-agent install` checks before it writes anything or spends the token. A token is one-time: an
// install that enrols and then finds it cannot run the service has spent it, and the collector now knows a
// device that will never report. So every condition that can be known beforehand is checked first:
//
//   root            the installer runs as root (Linux; on Windows the writes below fail without Administrator);
//                   judged first and alone by install: as anyone else nothing below can even be read
//   service manager systemd booted and running / the SCM answering                          (not under --prefix)
//   paths writable  a probe file created and removed in each directory install writes, or its nearest parent
//   collector       a TLS handshake with the enrolment port showing the pinned CA; the token is not sent
//                   (only when this install will enrol: an upgrade keeps its certificate and needs no collector)
//
// All are checked, and every failure is reported together (one round trip for the operator); the exit code
// is the first failure's in the order above. Decisions are pure functions of what was observed (judge*),
// the I/O that observes is at the bottom.
import { randomBytes } from 'node:crypto';
import { open, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { fetchPinnedCa, PinMismatch } from '../enrolment/enrol';
import { EXIT, type ExitCode } from './exit-codes';
import type { InstallLayout } from './install-layout';
import type { CommandResult, RunCommand } from './service-manager';

export type Verdict = { ok: true; detail: string } | { ok: false; exitCode: ExitCode; message: string };

/**
 * `systemctl is-system-running` answers we accept. running and degraded (some other unit failed: the
 * manager itself works, and most real machines have one failed unit) are up; starting and initializing
 * are a boot in progress, where enable --now queues the start like any other unit's (an install run from
 * a first-boot script). Refused: offline (systemd is not PID 1), unknown, maintenance (rescue or emergency
 * mode: the operator is repairing the machine), stopping (shutting down), and anything else.
 */
export const SYSTEMD_STATES_ACCEPTED = ['running', 'degraded', 'starting', 'initializing'] as const;

export function judgeRoot(uid: number | undefined): Verdict {
  if (uid === undefined || uid === 0)
    return { ok: true, detail: uid === 0 ? 'root' : 'not checked (--prefix)' };
  return {
    ok: false,
    exitCode: EXIT.notPermitted,
    message: `install needs root (running as uid ${uid}): it writes /opt/shoumi, /etc/shoumi, a systemd unit and /usr/local/bin/shoumi-agent`,
  };
}

/**
 * systemd: `booted` is sd_booted()'s test, whether /run/systemd/system exists (systemd creates it early
 * at boot; it is absent in a container or chroot without systemd as PID 1, even where systemctl is
 * installed). `running` is `systemctl is-system-running`, undefined when it was not asked.
 */
export function judgeSystemd(booted: boolean, running: CommandResult | undefined): Verdict {
  const noManager = (why: string): Verdict => ({
    ok: false,
    exitCode: EXIT.noServiceManager,
    message: `no running systemd to run the agent as a service: ${why}. Install on a machine booted with systemd as PID 1; nothing was written and the token was not used`,
  });
  if (!booted)
    return noManager('/run/systemd/system does not exist (this system was not booted with systemd)');
  if (!running) return noManager('systemctl was not asked');
  const state = running.stdout.trim().split('\n')[0]?.trim() ?? '';
  if (running.code === 127 || (state === '' && running.code !== 0)) {
    return noManager(
      `systemctl is-system-running failed (exit ${running.code}): ${(running.stderr || 'no output').trim().slice(0, 200)}`,
    );
  }
  if ((SYSTEMD_STATES_ACCEPTED as readonly string[]).includes(state)) {
    return { ok: true, detail: `systemd ${state}` };
  }
  return noManager(
    `systemctl is-system-running says "${state}"; install accepts ${SYSTEMD_STATES_ACCEPTED.join(', ')}`,
  );
}

/** Windows: `sc.exe query` (the list of services) answers only when the Service Control Manager does. */
export function judgeWindowsScm(query: CommandResult): Verdict {
  if (query.code === 0) return { ok: true, detail: 'service control manager answers' };
  return {
    ok: false,
    exitCode: EXIT.noServiceManager,
    message: `the Service Control Manager does not answer: sc.exe query failed (exit ${query.code}): ${(query.stderr || query.stdout).trim().slice(0, 200)}; nothing was written and the token was not used`,
  };
}

export interface WritableProbe {
  /** The directory install will write. */
  directory: string;
  /** Where the probe file was tried: the directory, or its nearest existing parent (install creates the rest). */
  probedIn: string;
  /** Why the probe file could not be created and removed; undefined when it could. */
  error?: string;
}

export function judgeWritable(probes: readonly WritableProbe[]): Verdict {
  const failed = probes.filter((probe) => probe.error !== undefined);
  if (failed.length === 0) return { ok: true, detail: `${probes.length} directories writable` };
  return {
    ok: false,
    exitCode: EXIT.notPermitted,
    message: `cannot write where install must: ${failed
      .map((probe) => `${probe.directory} (tried in ${probe.probedIn}: ${probe.error})`)
      .join('; ')}`,
  };
}

export type CollectorObservation =
  | { kind: 'pinned' }
  | { kind: 'pin-mismatch'; message: string }
  | { kind: 'unreachable'; message: string };

export function judgeCollector(observed: CollectorObservation): Verdict {
  switch (observed.kind) {
    case 'pinned':
      return { ok: true, detail: 'enrolment port presents the pinned CA' };
    case 'pin-mismatch':
      return { ok: false, exitCode: EXIT.enrolmentRefused, message: observed.message };
    case 'unreachable':
      return { ok: false, exitCode: EXIT.collectorUnreachable, message: observed.message };
  }
}

/** All verdicts → the first failure's exit code and every failure's message, or undefined when all passed. */
export function firstFailure(
  verdicts: ReadonlyArray<readonly [string, Verdict]>,
): { exitCode: ExitCode; message: string } | undefined {
  const failed = verdicts.filter(([, verdict]) => !verdict.ok);
  const first = failed[0]?.[1];
  if (!first || first.ok) return undefined;
  return {
    exitCode: first.exitCode,
    message: `install refused before enrolling: ${failed
      .map(([name, verdict]) => `${name}: ${verdict.ok ? '' : verdict.message}`)
      .join(' | ')}`,
  };
}

// ---- I/O: observing the machine ----

export interface PreconditionOptions {
  layout: InstallLayout;
  /** false under --prefix: no service manager is used, so none is looked for. */
  manageService: boolean;
  run: RunCommand;
  /** Directories install writes, as on disk (under --prefix, the prefix included). */
  directories: readonly string[];
  /** Set when this install will enrol: the handshake to make first. */
  enrolment?: { address: string; caSha256: string };
  /** Where sd_booted() looks; a test may point elsewhere. */
  systemdRuntimeDir?: string;
}

export async function checkPreconditions(
  options: PreconditionOptions,
): Promise<Array<readonly [string, Verdict]>> {
  const verdicts: Array<readonly [string, Verdict]> = [];
  if (options.manageService) verdicts.push(['service manager', await observeServiceManager(options)]);
  const probes: WritableProbe[] = [];
  for (const directory of options.directories) probes.push(await probeWritable(directory));
  verdicts.push(['paths writable', judgeWritable(probes)]);
  if (options.enrolment) {
    verdicts.push(['collector', judgeCollector(await observeCollector(options.enrolment))]);
  }
  return verdicts;
}

async function observeServiceManager(options: PreconditionOptions): Promise<Verdict> {
  if (options.layout.platform === 'win32') return judgeWindowsScm(await options.run('sc.exe', ['query']));
  const booted = await stat(options.systemdRuntimeDir ?? '/run/systemd/system').then(
    (found) => found.isDirectory(),
    () => false,
  );
  // Not asked when not booted: systemctl would only say "offline" (or be missing).
  return judgeSystemd(booted, booted ? await options.run('systemctl', ['is-system-running']) : undefined);
}

/**
 * Creates and removes a probe file in `directory`, or in its nearest existing parent when it does not exist
 * yet (install will create it there). Nothing is left: the probe has a random name and is removed at once.
 */
export async function probeWritable(directory: string): Promise<WritableProbe> {
  let probedIn = directory;
  for (;;) {
    const found = await stat(probedIn).catch((error: NodeJS.ErrnoException) => error);
    if (!(found instanceof Error)) {
      if (!found.isDirectory()) {
        return { directory, probedIn, error: `${probedIn} is not a directory` };
      }
      break;
    }
    // ENOTDIR: a file on the way up; walking on finds it and says so.
    if (found.code !== 'ENOENT' && found.code !== 'ENOTDIR')
      return { directory, probedIn, error: found.message };
    const parent = path.dirname(probedIn);
    if (parent === probedIn) return { directory, probedIn, error: 'no existing parent directory' };
    probedIn = parent;
  }
  const probe = path.join(probedIn, `.shoumi-install-probe-${randomBytes(6).toString('hex')}`);
  try {
    const handle = await open(probe, 'wx', 0o600);
    await handle.close();
    await rm(probe);
    return { directory, probedIn };
  } catch (error) {
    await rm(probe, { force: true }).catch(() => {});
    return { directory, probedIn, error: (error as NodeJS.ErrnoException).code ?? (error as Error).message };
  }
}

async function observeCollector(enrolment: {
  address: string;
  caSha256: string;
}): Promise<CollectorObservation> {
  try {
    await fetchPinnedCa(enrolment.address, enrolment.caSha256);
    return { kind: 'pinned' };
  } catch (error) {
    const message = (error as Error).message;
    return error instanceof PinMismatch
      ? { kind: 'pin-mismatch', message }
      : { kind: 'unreachable', message };
  }
}
