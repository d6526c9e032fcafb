// What an install changed, so that a failure part way can put the machine back as it was.
//
// Each change is recorded before it is made, in order:
//   file      before writing a path: a copy of what was there (PATH.shoumi-rollback, same directory, same
//             mode), or a note that nothing was; a symbolic link is remembered by its target
//   directory before creating one: the directories that did not exist yet (removed again if left empty)
//   step      anything else, with how to undo it (the service registration, the Windows PATH)
// rollback() undoes them in reverse order and returns what it did, in words, for the install log; an undo
// that fails is reported and the rest still run. commit() drops the copies once the install has succeeded.
// The copies are in the same directory as what they protect, so restoring one is a rename.
import { copyFile, lstat, mkdir, readdir, readlink, rename, rm, rmdir, symlink } from 'node:fs/promises';
import path from 'node:path';

export const ROLLBACK_SUFFIX = '.shoumi-rollback';

type Entry =
  | { kind: 'file'; onDisk: string; shown: string; saved: 'copy' | { link: string } | 'absent' }
  | { kind: 'directory'; onDisk: string; shown: string }
  | { kind: 'step'; description: string; undo: () => Promise<void> };

export interface InstallJournal {
  /** Call before writing `target` (as the installed system names it). */
  willWrite(target: string): Promise<void>;
  /**
   * Call before creating a directory and its missing parents. Named as on disk (under --prefix, the prefix
   * included): a Windows layout tested on Linux has no directories of its own, only names in the prefix.
   */
  willCreateDirectory(directoryOnDisk: string): Promise<void>;
  /** An action that is not a file, and how to undo it. */
  did(description: string, undo: () => Promise<void>): void;
  /** Leave `target` and everything under it as it is on rollback (recorded so far; later writes count). */
  keep(target: string): Promise<void>;
  rollback(): Promise<string[]>;
  commit(): Promise<void>;
}

export function installJournal(onDisk: (target: string) => string): InstallJournal {
  const entries: Entry[] = [];
  const seen = new Set<string>();
  return {
    async willWrite(target) {
      const file = onDisk(target);
      if (seen.has(file)) return; // the first record holds what was there before this install
      seen.add(file);
      const found = await lstat(file).catch(() => undefined);
      if (!found) {
        entries.push({ kind: 'file', onDisk: file, shown: target, saved: 'absent' });
      } else if (found.isSymbolicLink()) {
        entries.push({ kind: 'file', onDisk: file, shown: target, saved: { link: await readlink(file) } });
      } else {
        await rm(file + ROLLBACK_SUFFIX, { force: true });
        // copyFile gives the copy the original's mode.
        await copyFile(file, file + ROLLBACK_SUFFIX);
        entries.push({ kind: 'file', onDisk: file, shown: target, saved: 'copy' });
      }
    },
    async willCreateDirectory(directoryOnDisk) {
      const missing: Array<{ onDisk: string; shown: string }> = [];
      for (let dir = directoryOnDisk; ; dir = path.dirname(dir)) {
        if (await lstat(dir).catch(() => undefined)) break;
        missing.unshift({ onDisk: dir, shown: dir });
        if (path.dirname(dir) === dir) break;
      }
      for (const dir of missing) {
        if (seen.has(dir.onDisk)) continue;
        seen.add(dir.onDisk);
        entries.push({ kind: 'directory', ...dir });
      }
      await mkdir(directoryOnDisk, { recursive: true });
    },
    did(description, undo) {
      entries.push({ kind: 'step', description, undo });
    },
    async keep(target) {
      const root = onDisk(target);
      const under = (file: string) => file === root || file.startsWith(root + path.sep);
      for (let index = entries.length - 1; index >= 0; index--) {
        const entry = entries[index] as Entry;
        if (entry.kind !== 'step' && under(entry.onDisk)) {
          if (entry.kind === 'file' && entry.saved === 'copy') {
            await rm(entry.onDisk + ROLLBACK_SUFFIX, { force: true });
          }
          entries.splice(index, 1);
        }
      }
    },
    async rollback() {
      const done: string[] = [];
      for (const entry of [...entries].reverse()) {
        try {
          const said = await undo(entry);
          if (said) done.push(said);
        } catch (error) {
          done.push(`could not undo (${describe(entry)}): ${(error as Error).message}`);
        }
      }
      entries.length = 0;
      return done;
    },
    async commit() {
      for (const entry of entries) {
        if (entry.kind === 'file' && entry.saved === 'copy') {
          await rm(entry.onDisk + ROLLBACK_SUFFIX, { force: true });
        }
      }
      entries.length = 0;
    },
  };
}

function describe(entry: Entry): string {
  return entry.kind === 'step' ? entry.description : entry.shown;
}

/** Undoes one entry; returns what was done, or undefined when there was nothing to undo. */
async function undo(entry: Entry): Promise<string | undefined> {
  switch (entry.kind) {
    case 'step':
      await entry.undo();
      return entry.description;
    case 'directory': {
      const left = await readdir(entry.onDisk).catch(() => undefined);
      if (!left) return undefined;
      if (left.length > 0) return `kept ${entry.shown} (not empty: ${left.slice(0, 5).join(', ')})`;
      await rmdir(entry.onDisk);
      return `removed ${entry.shown}`;
    }
    case 'file': {
      const present = await lstat(entry.onDisk).catch(() => undefined);
      if (entry.saved === 'absent') {
        if (!present) return undefined;
        await rm(entry.onDisk, { force: true });
        return `removed ${entry.shown}`;
      }
      if (entry.saved === 'copy') {
        await rename(entry.onDisk + ROLLBACK_SUFFIX, entry.onDisk);
        return `restored ${entry.shown}`;
      }
      if (present?.isSymbolicLink() && (await readlink(entry.onDisk)) === entry.saved.link) return undefined;
      await rm(entry.onDisk, { force: true });
      await symlink(entry.saved.link, entry.onDisk);
      return `restored ${entry.shown} → ${entry.saved.link}`;
    }
  }
}
