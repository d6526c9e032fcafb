// A PAM stack as one list: a service file of /etc/pam.d with its includes followed, keeping one type's
// module lines in the order PAM runs them, each with the machine path and line it came from.
//
// What a line's place in the stack means is decided here too, because whether a smart-card module is
// "required" depends on its neighbours as much as on its own control: a `required` line after a
// `sufficient` one (or after a `[success=N]` jump that lands beyond it) is skipped whenever that earlier
// line succeeds. Jumps are counted over the expanded stack, as Linux-PAM does for `include` and
// `@include`; a `substack` is its own scope (its `done` and jumps end only the substack), so lines inside it
// are not counted as able to skip lines outside it.

import path from 'node:path';
import { listDirectory, type MachineRoot, readSource, segmentsOf } from '../machine-root';
import { bracketActions, type PamModuleLine, type PamType, parsePamFile } from './pam-config';

export interface StackEntry extends PamModuleLine {
  /** "/etc/pam.d/common-auth:17" */
  at: string;
  /** 0 for the service's own stack (and its includes); a new number for each substack. */
  scope: number;
}

export type StackRead = { ok: true; entries: StackEntry[]; files: string[] } | { ok: false; reason: string };

const MAX_DEPTH = 8;

/** The `type` lines of /etc/pam.d/`service`, includes followed. */
export async function readPamStack(root: MachineRoot, service: string, type: PamType): Promise<StackRead> {
  const entries: StackEntry[] = [];
  const files: string[] = [];
  let scopes = 0;
  const visit = async (file: string, scope: number, depth: number): Promise<string | null> => {
    if (depth > MAX_DEPTH) return `includes nested deeper than ${MAX_DEPTH} at ${file}`;
    const machineFile = file.startsWith('/') ? file : `/etc/pam.d/${file}`;
    const read = await readSource(root, ...segmentsOf(machineFile));
    if (!read.ok) return machineReason(root, read.reason);
    if (!files.includes(machineFile)) files.push(machineFile);
    for (const line of parsePamFile(read.text).lines) {
      if (line.kind === 'include') {
        if (line.type !== null && line.type !== type) continue;
        const problem = await visit(line.file, line.how === 'substack' ? ++scopes : scope, depth + 1);
        if (problem) return problem;
        continue;
      }
      if (line.type !== type) continue;
      entries.push({ ...line, at: `${machineFile}:${line.line}`, scope });
    }
    return null;
  };
  const problem = await visit(service, 0, 0);
  return problem ? { ok: false, reason: problem } : { ok: true, entries, files };
}

/** Whether a failure of this line fails the whole stack: required, requisite, or a bracket to bad/die. */
export function failureEndsLogin(control: string): boolean {
  if (control === 'required' || control === 'requisite') return true;
  const actions = bracketActions(control);
  if (!actions) return false;
  const failing = new Set(['bad', 'die']);
  if (!failing.has(actions.get('default') ?? 'ignore')) return false;
  // Every return value named other than success (and "ignore", a module with nothing to say) must fail too.
  for (const [value, action] of actions) {
    if (value === 'default' || value === 'success' || value === 'ignore' || value === 'new_authtok_reqd')
      continue;
    if (!failing.has(action)) return false;
  }
  return true;
}

/**
 * The earlier line that can end the stack with success or jump over `entries[index]`, or null when none
 * can: every login then runs it.
 */
export function lineThatCanSkip(entries: readonly StackEntry[], index: number): StackEntry | null {
  const target = entries[index];
  if (!target) return null;
  for (let earlier = 0; earlier < index; earlier++) {
    const entry = entries[earlier]!;
    if (entry.scope !== target.scope) continue;
    if (entry.control === 'sufficient') return entry;
    const actions = bracketActions(entry.control);
    if (!actions) continue;
    for (const action of actions.values()) {
      if (action === 'done') return entry;
      if (/^\d+$/.test(action) && earlier + Number(action) >= index) return entry;
    }
  }
  return null;
}

/** Directories PAM loads modules from, across distributions and architectures. */
export async function installedModules(root: MachineRoot): Promise<Set<string> | null> {
  const candidates = ['lib/security', 'lib64/security', 'usr/lib/security', 'usr/lib64/security'];
  for (const base of ['lib', 'usr/lib'])
    for (const entry of await listDirectory(root, ...segmentsOf(base)))
      if (/-linux-gnu/.test(entry)) candidates.push(path.posix.join(base, entry, 'security'));
  const found = new Set<string>();
  let anyDirectory = false;
  for (const directory of candidates) {
    const names = await listDirectory(root, ...segmentsOf(directory));
    if (names.length > 0) anyDirectory = true;
    for (const name of names) found.add(name);
  }
  return anyDirectory ? found : null;
}

/** A reason from readSource with the machine's own path in it, not where a recorded root is stored. */
export function machineReason(root: MachineRoot, reason: string): string {
  return root.dir === path.sep ? reason : reason.split(root.dir).join('');
}
