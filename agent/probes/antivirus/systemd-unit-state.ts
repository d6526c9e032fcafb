// Whether a systemd unit has a live process, read from the cgroup systemd gives every unit, without
// systemctl (so that a recorded machine root answers the same as the machine): systemd puts a service's
// processes in <hierarchy>/system.slice/<unit>/ and removes that directory when the unit stops.
//   - cgroup v2 (unified):  /sys/fs/cgroup/system.slice/<unit>/cgroup.events, "populated 1" while any
//     process lives in it (Linux Documentation/admin-guide/cgroup-v2.rst, "cgroup.events").
//   - hybrid (systemd's v2 tree beside v1 controllers, e.g. UOS 20, Kylin V10): /sys/fs/cgroup/unified/….
//   - legacy v1: /sys/fs/cgroup/systemd/system.slice/<unit>/cgroup.procs, one pid a line.
// The first hierarchy whose system.slice exists is systemd's; a unit with no directory there is not running.
// No such hierarchy (no systemd, cgroups not mounted in a recording) is "cannot tell".

import { readFileSync, statSync } from 'node:fs';
import type { MachineRoot } from '../machine-root';

const HIERARCHIES = [
  { segments: ['sys', 'fs', 'cgroup'], file: 'cgroup.events' },
  { segments: ['sys', 'fs', 'cgroup', 'unified'], file: 'cgroup.events' },
  { segments: ['sys', 'fs', 'cgroup', 'systemd'], file: 'cgroup.procs' },
] as const;

/** "serviceqaxsafe" → "serviceqaxsafe.service"; a name with a unit suffix stays as it is. */
export function unitName(name: string): string {
  return /\.(service|socket|scope|target|timer)$/.test(name) ? name : `${name}.service`;
}

/** true: a process of the unit runs; false: none does; null: this machine's units cannot be seen. */
export function unitRunning(root: MachineRoot, name: string): boolean | null {
  const unit = unitName(name);
  // A unit name is a single path component; anything else is not a unit this reader looks up.
  if (unit.includes('/') || unit.startsWith('.')) return null;
  for (const hierarchy of HIERARCHIES) {
    if (!isDirectory(root.path(...hierarchy.segments, 'system.slice'))) continue;
    let text: string;
    try {
      text = readFileSync(root.path(...hierarchy.segments, 'system.slice', unit, hierarchy.file), 'utf8');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      return code === 'ENOENT' || code === 'ENOTDIR' ? false : null;
    }
    if (hierarchy.file === 'cgroup.procs') return /^\d+$/m.test(text);
    const populated = /^populated ([01])$/m.exec(text)?.[1];
    return populated === undefined ? null : populated === '1';
  }
  return null;
}

function isDirectory(file: string): boolean {
  try {
    return statSync(file).isDirectory();
  } catch {
    return false;
  }
}
