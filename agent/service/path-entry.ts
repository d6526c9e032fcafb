// `shoumi-agent` on PATH after install, so that the README's `shoumi-agent status` works.
//
// Linux: a symbolic link /usr/local/bin/shoumi-agent → /opt/shoumi/bin/shoumi-agent. A file already there
// that is not our link (another tool's, an older hand-made copy) is left alone: install says so and goes
// on — a convenience link is no reason to fail a fleet's install — and uninstall removes only our link.
// Windows: C:\Program Files\shoumi on the machine PATH (HKLM\…\Session Manager\Environment, value Path),
// written with reg.exe so the value keeps its type (REG_EXPAND_SZ, whose %SystemRoot% entries must stay
// unexpanded). New logon sessions and new services see it; consoles already open keep their old PATH.
import { lstat, readlink, rm, symlink } from 'node:fs/promises';
import path from 'node:path';
import type { InstallJournal } from './install-journal';
import type { InstallLayout } from './install-layout';
import type { RunCommand } from './service-manager';

export const MACHINE_ENVIRONMENT_KEY =
  'HKLM\\SYSTEM\\CurrentControlSet\\Control\\Session Manager\\Environment';

export type ExistingEntry = { kind: 'absent' } | { kind: 'link'; target: string } | { kind: 'other' };

/** What to do at the link's place, given what is there. */
export function linkDecision(existing: ExistingEntry, binary: string): 'create' | 'ours' | 'foreign' {
  if (existing.kind === 'absent') return 'create';
  if (existing.kind === 'link' && existing.target === binary) return 'ours';
  return 'foreign';
}

/** `reg query KEY /v Path` output → the value's type and data; undefined when the value is not there. */
export function parseRegQuery(stdout: string): { type: string; value: string } | undefined {
  const match = /^\s*Path\s+(REG_\w+)\s{4}(.*)$/im.exec(stdout);
  if (!match) return undefined;
  return { type: match[1] as string, value: (match[2] as string).trimEnd() };
}

const sameDirectory = (a: string, b: string) =>
  a.trim().replace(/\\+$/, '').toLowerCase() === b.trim().replace(/\\+$/, '').toLowerCase();

/** PATH with `dir` appended, or undefined when it is already there (Windows compares without case). */
export function withDirectory(value: string, dir: string): string | undefined {
  const parts = value.split(';').filter((part) => part !== '');
  if (parts.some((part) => sameDirectory(part, dir))) return undefined;
  return [...parts, dir].join(';');
}

/** PATH without `dir`, or undefined when it was not there. */
export function withoutDirectory(value: string, dir: string): string | undefined {
  const parts = value.split(';');
  const kept = parts.filter((part) => !sameDirectory(part, dir));
  if (kept.length === parts.length) return undefined;
  return kept.filter((part) => part !== '').join(';');
}

async function existingEntry(file: string): Promise<ExistingEntry> {
  const found = await lstat(file).catch(() => undefined);
  if (!found) return { kind: 'absent' };
  if (found.isSymbolicLink()) return { kind: 'link', target: await readlink(file) };
  return { kind: 'other' };
}

export interface PathContext {
  layout: InstallLayout;
  /** false under --prefix: the Windows registry is not touched (the Linux link goes under the prefix). */
  real: boolean;
  run: RunCommand;
}

/** Puts shoumi-agent on PATH; returns what was done, in words, for the log and the operator. */
export async function putOnPath(context: PathContext, journal: InstallJournal): Promise<string> {
  const { layout } = context;
  if (layout.pathLink) {
    const file = layout.onDisk(layout.pathLink);
    const existing = await existingEntry(file);
    const decision = linkDecision(existing, layout.binary);
    if (decision === 'ours') return `${layout.pathLink} → ${layout.binary} already`;
    if (decision === 'foreign') {
      return `${layout.pathLink} left alone: it is ${existing.kind === 'link' ? `a link to ${existing.target}` : 'a file'} not made by this install, so shoumi-agent is not on PATH; run ${layout.binary}`;
    }
    await journal.willCreateDirectory(path.dirname(file));
    await journal.willWrite(layout.pathLink);
    await symlink(layout.binary, file);
    return `${layout.pathLink} → ${layout.binary}`;
  }
  if (!context.real) return `--prefix: ${layout.pathDirectory} not added to the machine PATH`;
  const current = await readMachinePath(context.run);
  const next = withDirectory(current.value, layout.pathDirectory);
  if (next === undefined) return `${layout.pathDirectory} already on the machine PATH`;
  await writeMachinePath(context.run, current.type, next);
  journal.did(`removed ${layout.pathDirectory} from the machine PATH again`, () =>
    writeMachinePath(context.run, current.type, current.value),
  );
  return `${layout.pathDirectory} added to the machine PATH (new sessions see it)`;
}

/** Uninstall: removes our link or our PATH entry; returns what was done. */
export async function takeOffPath(context: PathContext, binary: string): Promise<string> {
  const { layout } = context;
  if (layout.pathLink) {
    const file = layout.onDisk(layout.pathLink);
    if (linkDecision(await existingEntry(file), binary) !== 'ours') {
      return `${layout.pathLink} is not our link; left alone`;
    }
    await rm(file);
    return `removed ${layout.pathLink}`;
  }
  if (!context.real) return `--prefix: the machine PATH not changed`;
  const current = await readMachinePath(context.run);
  const next = withoutDirectory(current.value, layout.pathDirectory);
  if (next === undefined) return `${layout.pathDirectory} was not on the machine PATH`;
  await writeMachinePath(context.run, current.type, next);
  return `removed ${layout.pathDirectory} from the machine PATH`;
}

async function readMachinePath(run: RunCommand): Promise<{ type: string; value: string }> {
  const result = await run('reg.exe', ['query', MACHINE_ENVIRONMENT_KEY, '/v', 'Path']);
  const parsed = result.code === 0 ? parseRegQuery(result.stdout) : undefined;
  if (!parsed) {
    throw new Error(
      `cannot read the machine PATH: reg.exe query exit ${result.code}: ${(result.stderr || result.stdout).trim().slice(0, 200)}`,
    );
  }
  return parsed;
}

async function writeMachinePath(run: RunCommand, type: string, value: string): Promise<void> {
  const result = await run('reg.exe', [
    'add',
    MACHINE_ENVIRONMENT_KEY,
    '/v',
    'Path',
    '/t',
    type,
    '/d',
    value,
    '/f',
  ]);
  if (result.code !== 0) {
    throw new Error(
      `cannot write the machine PATH: reg.exe add exit ${result.code}: ${(result.stderr || result.stdout).trim().slice(0, 200)}`,
    );
  }
}
