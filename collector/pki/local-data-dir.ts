// Commands that work on a collector's data directory from the same machine (token create, admin add) first
// check that it is one, so a mistyped --data says so instead of creating an empty store somewhere else, and
// that nobody else may write it (they would write the store the collector trusts: data-dir.ts).
import { stat } from 'node:fs/promises';
import { prepareDataDir } from '../data-dir';
import { pkiPaths } from './pki-files';

export async function requireDataDir(dataDir: string): Promise<void> {
  const isDir = await stat(dataDir).then(
    (found) => found.isDirectory(),
    () => false,
  );
  if (!isDir) throw new Error(`--data ${dataDir}: no such directory`);
  const hasCa = await stat(pkiPaths(dataDir).caCert).then(
    () => true,
    () => false,
  );
  if (!hasCa) {
    throw new Error(
      `--data ${dataDir}: no collector CA here; make it first: shoumi-collector pki init --data ${dataDir}`,
    );
  }
  // Checked and tightened, but the lock file is left alone: these commands may run inside a process that
  // holds the collector's lock (demo), and closing any descriptor of a file drops the process's POSIX locks.
  await prepareDataDir(dataDir);
}
