// The collector's data directory holds the store (the ledger, every finding, the audit trail), the CA key and
// the enrolment token hashes. Whoever can write the directory can replace collector.sqlite or pki/ca.key;
// whoever can read it can copy the whole fleet's ledger. So:
//
//   - the collector (serve, demo), pki init and the local writers (token create, admin add) refuse a data
//     directory that another user owns or that group or others may write: the store in it may already have
//     been replaced, and tightening the mode now would not undo that. The error names the path, its mode
//     and the fix (chmod 700 DIR), in Chinese and English; the commands exit 2.
//   - otherwise they create it 0700 or tighten it to 0700, and set every file in it to 0600 and every
//     directory in it to 0700 (a directory that was 0755 since an older version, a store that was 0644).
//   - the offline reader (audit verify --data DIR) only warns: an auditor checks a copy as it is, and a
//     loose directory is one more reason to read the verdict with care, not a reason to refuse to look.
//   - a parent directory that others may write (and without the sticky bit of /tmp) lets them rename the
//     data directory away and put their own in its place: warned, not refused, since the collector does not
//     own its parents and an operator may have reasons (a shared mount) that the warning makes visible.
//
// The umask is never trusted: directories and files are created with an explicit mode and then set to it
// (mkdir's and open's modes are masked by the umask, and ignored for what already exists). SQLite creates a
// missing database file 0644 whatever the umask, and its -wal and -shm files with the database file's mode;
// so the collector sets the files to 0600 again once the store is open (tightenDataDirFiles). In between
// they sit in a directory that is already 0700, where nobody else can reach them.
import { chmod, lstat, mkdir, open, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from './logger';

export const DATA_DIR_MODE = 0o700;
export const DATA_FILE_MODE = 0o600;
/** The lock file (data-dir-lock.ts) is created 0600 before SQLite opens it; SQLite would make it 0644. */
const LOCK_FILE = 'collector.lock';

const say = (zh: string, en: string) => `${zh} / ${en}`;
const octal = (mode: number) => (mode & 0o7777).toString(8).padStart(4, '0');

/** Who this process is, for the owner check; undefined where there are no POSIX owners (Windows). */
const currentUid = () => process.geteuid?.();

export class DataDirRefused extends Error {}

/** Why a directory with this owner and mode must not be used as a data directory; undefined when fine. */
export function dataDirProblem(
  dir: string,
  found: { mode: number; uid: number },
  uid: number | undefined,
): string | undefined {
  if (uid !== undefined && found.uid !== uid) {
    return say(
      `数据目录 ${dir} 属于另一个用户（uid ${found.uid}），本程序以 uid ${uid} 运行：该用户可以替换其中的存储和密钥。请以目录的所有者运行，或改正所有者后执行 chmod 700 ${dir}`,
      `data directory ${dir} is owned by another user (uid ${found.uid}) while this program runs as uid ${uid}: that user can replace the store and keys in it. Run as the directory's owner, or change the owner and then: chmod 700 ${dir}`,
    );
  }
  if ((found.mode & 0o022) !== 0) {
    return say(
      `数据目录 ${dir} 的权限为 ${octal(found.mode)}，组或其他用户可写：其中的存储可能已被替换。请检查后执行 chmod 700 ${dir}`,
      `data directory ${dir} has mode ${octal(found.mode)}, writable by group or others: the store in it may have been replaced. Check it, then: chmod 700 ${dir}`,
    );
  }
  return undefined;
}

/** Parents of `dir` that others may write without the sticky bit, each as "PATH (MODE)". */
async function exposedParents(dir: string): Promise<string[]> {
  const exposed: string[] = [];
  for (let parent = path.dirname(dir); ; parent = path.dirname(parent)) {
    const found = await stat(parent).catch(() => undefined);
    if (found && (found.mode & 0o022) !== 0 && (found.mode & 0o1000) === 0)
      exposed.push(`${parent} (${octal(found.mode)})`);
    if (parent === path.dirname(parent)) return exposed;
  }
}

/** Sets everything under `dir` to 0700 (directories) and 0600 (files); symbolic links are left alone. */
async function tightenContents(dir: string, tightened: string[]): Promise<void> {
  for (const entry of (await readdir(dir)).sort()) {
    const entryPath = path.join(dir, entry);
    const found = await lstat(entryPath);
    if (found.isSymbolicLink()) continue;
    const mode = found.isDirectory() ? DATA_DIR_MODE : DATA_FILE_MODE;
    if ((found.mode & 0o777) !== mode) {
      await chmod(entryPath, mode).catch((error: NodeJS.ErrnoException) => {
        throw new DataDirRefused(
          say(
            `无法把 ${entryPath} 的权限从 ${octal(found.mode)} 收紧为 ${octal(mode)}（${error.code}）`,
            `cannot tighten ${entryPath} from mode ${octal(found.mode)} to ${octal(mode)} (${error.code}): make the collector's user its owner`,
          ),
        );
      });
      tightened.push(`${entryPath} ${octal(found.mode)}→${octal(mode)}`);
    }
    if (found.isDirectory()) await tightenContents(entryPath, tightened);
  }
}

export interface PreparedDataDir {
  /** Paths whose mode was tightened, as "PATH OLD→NEW". */
  tightened: string[];
  /** Parents others may write, as "PATH (MODE)". */
  exposedParents: string[];
}

/**
 * Creates `dir` 0700 or checks and tightens an existing one (see the top of the file); throws
 * DataDirRefused, naming the path, its mode and the fix, for a directory another user owns or others
 * may write.
 */
export async function prepareDataDir(dir: string): Promise<PreparedDataDir> {
  const absolute = path.resolve(dir);
  await mkdir(absolute, { recursive: true, mode: DATA_DIR_MODE });
  const found = await stat(absolute);
  if (!found.isDirectory())
    throw new DataDirRefused(say(`${absolute} 不是目录`, `${absolute} is not a directory`));
  const problem = dataDirProblem(absolute, found, currentUid());
  if (problem !== undefined) throw new DataDirRefused(problem);
  const tightened: string[] = [];
  if ((found.mode & 0o777) !== DATA_DIR_MODE) {
    await chmod(absolute, DATA_DIR_MODE);
    tightened.push(`${absolute} ${octal(found.mode)}→${octal(DATA_DIR_MODE)}`);
  }
  await tightenContents(absolute, tightened);
  return { tightened, exposedParents: await exposedParents(absolute) };
}

async function createPrivateFile(file: string): Promise<void> {
  const handle = await open(file, 'a', DATA_FILE_MODE);
  await handle.chmod(DATA_FILE_MODE);
  await handle.close();
}

/** Files the collector itself just created (the store, its -wal and -shm) set to 0600; returns them. */
export async function tightenDataDirFiles(dir: string): Promise<string[]> {
  const tightened: string[] = [];
  await tightenContents(path.resolve(dir), tightened);
  return tightened;
}

/** What the collector calls before it takes the lock and opens the store: prepare, log, lock file 0600. */
export async function openDataDir(dir: string, log?: Logger): Promise<void> {
  const prepared = await prepareDataDir(dir);
  if (prepared.tightened.length > 0)
    log?.warn('data directory permissions tightened', { dataDir: dir, tightened: prepared.tightened });
  if (prepared.exposedParents.length > 0)
    log?.warn(
      'a parent of the data directory is writable by others: they could put another directory in its place',
      { dataDir: dir, parents: prepared.exposedParents },
    );
  await createPrivateFile(path.join(dir, LOCK_FILE));
}

/** For readers that must not change anything (audit verify): the problem as a warning, or undefined. */
export async function dataDirWarning(dir: string): Promise<string | undefined> {
  const found = await stat(dir).catch(() => undefined);
  if (found === undefined) return undefined;
  const problem = dataDirProblem(path.resolve(dir), found, currentUid());
  if (problem !== undefined) return problem;
  if ((found.mode & 0o077) !== 0)
    return say(
      `数据目录 ${dir} 的权限为 ${octal(found.mode)}，其他用户可读；collector 下次启动时会收紧为 0700`,
      `data directory ${dir} has mode ${octal(found.mode)}, readable by others; the collector tightens it to 0700 when it next starts`,
    );
  return undefined;
}
