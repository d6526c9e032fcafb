// The machine a probe reads, as a directory: "/" in the field, a recorded sysfs/proc/etc tree in tests.
// Every path a probe touches goes through here, so that evidence always names the machine's own path
// ("/sys/devices/...") and never the place a fixture happens to be stored.
//
// The helpers keep async signatures but read synchronously: what they read is sysfs, procfs and small
// files the kernel serves from memory, where one promise-based readFile (open, fstat, read, close, each a
// thread-pool round trip) cost ~8× the CPU of readFileSync. A sweep reads hundreds of such files, and its
// CPU is most of the idle agent's budget; the event loop is held for a few milliseconds at most.

import { readdirSync, readFileSync, readlinkSync, realpathSync } from 'node:fs';
import path from 'node:path';

export interface MachineRoot {
  /** Absolute directory standing for the machine's "/". */
  dir: string;
  /** The real path of a machine path: path('sys', 'bus', 'usb') → "<dir>/sys/bus/usb". */
  path(...segments: string[]): string;
}

export function machineRoot(dir = '/'): MachineRoot {
  const absolute = path.resolve(dir);
  return {
    dir: absolute,
    path: (...segments) => path.join(absolute, ...segments),
  };
}

/** The machine's own name for a path under the root: "<dir>/sys/devices/x" → "/sys/devices/x". */
export function machinePath(root: MachineRoot, realPath: string): string | null {
  return pathBelow(root.dir, realPath);
}

function pathBelow(rootDir: string, realPath: string): string | null {
  const relative = path.relative(rootDir, realPath);
  if (relative.startsWith('..') || path.isAbsolute(relative)) return null;
  return `/${relative.split(path.sep).join('/')}`;
}

/**
 * A sysfs attribute, trimmed; null when the kernel does not give it. Attributes that exist but refuse to be
 * read (EACCES on `serial` for some devices, EIO from a device that went to sleep) count as absent too:
 * facts say what is known, and a missing optional attribute never makes a whole probe fail.
 */
export async function readAttribute(root: MachineRoot, ...segments: string[]): Promise<string | null> {
  try {
    return readFileSync(root.path(...segments), 'utf8').trim();
  } catch {
    return null;
  }
}

/** Entries of a directory, sorted; empty when it is absent or unreadable. */
export async function listDirectory(root: MachineRoot, ...segments: string[]): Promise<string[]> {
  try {
    return readdirSync(root.path(...segments)).sort();
  } catch {
    return [];
  }
}

/**
 * Where a sysfs link finally leads, as a machine path ("/sys/devices/pci0000:00/..."); null when the link
 * is absent or leads outside the root. A recorded tree keeps the kernel's relative links, so they resolve
 * inside it; an absolute link in a fixture would lead into the recording host's /sys and is refused.
 */
export async function resolveLink(root: MachineRoot, ...segments: string[]): Promise<string | null> {
  try {
    const target = realpathSync(root.path(...segments));
    const rootReal = realpathSync(root.dir);
    return pathBelow(rootReal, target);
  } catch {
    return null;
  }
}

/** The last component of a link's target ("driver" → "usb-storage"), without resolving it; null if absent. */
export async function linkName(root: MachineRoot, ...segments: string[]): Promise<string | null> {
  try {
    return path.posix.basename(
      readlinkSync(root.path(...segments))
        .split(path.sep)
        .join('/'),
    );
  } catch {
    return null;
  }
}

/** A machine path split into segments for `root.path(...)`: "/sys/devices/x" → ["sys", "devices", "x"]. */
export function segmentsOf(machinePathName: string): string[] {
  return machinePathName.split('/').filter((segment) => segment !== '');
}

export type SourceRead = { ok: true; text: string } | { ok: false; reason: string };

/**
 * A whole file that a probe depends on (/proc/net/route). Unlike an attribute, its absence is a failure to
 * read the machine, so the reason names the path and the errno.
 */
export async function readSource(root: MachineRoot, ...segments: string[]): Promise<SourceRead> {
  const file = root.path(...segments);
  try {
    return { ok: true, text: readFileSync(file, 'utf8') };
  } catch (error) {
    return { ok: false, reason: describeIoError(file, error) };
  }
}

/** "cannot read /x/sys/bus/usb/devices: ENOENT (no such file or directory)" */
export function describeIoError(file: string, error: unknown): string {
  if (error instanceof Error && 'code' in error && typeof error.code === 'string') {
    const detail = error.message.match(/^\w+: ([^,]+),/)?.[1];
    return `cannot read ${file}: ${error.code}${detail ? ` (${detail})` : ''}`;
  }
  return `cannot read ${file}: ${String(error)}`;
}
