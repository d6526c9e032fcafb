// Git keeps no empty directory, but a recorded sysfs tree has many that matter (an empty
// /sys/class/ieee80211 says "no Wi‑Fi radio" where a missing one says nothing). Each machine root keeps
// the list in `.empty-dirs` beside its sys/ (no probe reads it); this recreates them on a fresh clone.
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export const ROOTS_DIR = path.join(import.meta.dirname, '..', 'fixtures', 'roots');
const MANIFEST = '.empty-dirs';

function emptyDirsBelow(dir: string, base = dir): string[] {
  const entries = readdirSync(dir, { withFileTypes: true });
  if (entries.length === 0) return [path.relative(base, dir)];
  return entries
    .filter((entry) => entry.isDirectory())
    .flatMap((entry) => emptyDirsBelow(path.join(dir, entry.name), base));
}

/** Writes each root's manifest from the tree as it is now (run after recording a root). */
export function writeEmptyDirManifests(): void {
  for (const root of readdirSync(ROOTS_DIR)) {
    const dir = path.join(ROOTS_DIR, root);
    const empty = emptyDirsBelow(dir)
      .filter((relative) => relative !== '')
      .sort();
    if (empty.length > 0) writeFileSync(path.join(dir, MANIFEST), `${empty.join('\n')}\n`);
  }
}

/** Recreates the empty directories every manifest lists; returns how many it made. */
export function restoreEmptyDirs(): number {
  let made = 0;
  for (const root of readdirSync(ROOTS_DIR)) {
    const manifest = path.join(ROOTS_DIR, root, MANIFEST);
    if (!existsSync(manifest)) continue;
    for (const relative of readFileSync(manifest, 'utf8').split('\n').filter(Boolean)) {
      const dir = path.join(ROOTS_DIR, root, relative);
      if (!existsSync(dir)) {
        mkdirSync(dir, { recursive: true });
        made++;
      }
    }
  }
  return made;
}

if (process.argv[2] === 'write') writeEmptyDirManifests();
