// A collector of a cluster keeps working copies of the shared files in its own data directory, where the
// single-server code reads them (pki/, the policy file the policy source watches): at start every file the
// vault holds is written there, and afterwards a file is written again when its version in the vault moved.
// The vault is the truth; a copy is rewritten atomically (0600), never edited in place, and a copy whose
// file the vault lacks is left as it is (a cluster not yet given a policy runs on the local one).

import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { ensurePkiDir, pkiPaths, writeFileAtomic } from '../pki/pki-files';
import { CLUSTER_FILES, type ClusterFileName, type ClusterVault } from './cluster-vault';

export interface ClusterCopies {
  dataDir: string;
  /** Where the policy source reads the policy (serve --policy). */
  policyFile: string;
}

/** Where each shared file's working copy lives. The configuration is read from the vault, not copied. */
export function copyPaths(copies: ClusterCopies): Map<ClusterFileName, string> {
  const pki = pkiPaths(copies.dataDir);
  return new Map<ClusterFileName, string>([
    [CLUSTER_FILES.caCertificate, pki.caCert],
    [CLUSTER_FILES.caKey, pki.caKey],
    [CLUSTER_FILES.serverCertificate, pki.serverCert],
    [CLUSTER_FILES.serverKey, pki.serverKey],
    [CLUSTER_FILES.policy, path.resolve(copies.policyFile)],
  ]);
}

/**
 * Writes the copies whose version differs from `known` (all of them when `known` is empty); resolves with
 * the versions now copied and the names written.
 */
export async function syncClusterCopies(
  vault: ClusterVault,
  copies: ClusterCopies,
  known: ReadonlyMap<ClusterFileName, number> = new Map(),
): Promise<{ versions: Map<ClusterFileName, number>; written: ClusterFileName[] }> {
  const versions = await vault.versions();
  const written: ClusterFileName[] = [];
  await ensurePkiDir(pkiPaths(copies.dataDir));
  await mkdir(path.dirname(path.resolve(copies.policyFile)), { recursive: true });
  for (const [name, file] of copyPaths(copies)) {
    const version = versions.get(name);
    if (version === undefined || known.get(name) === version) continue;
    const stored = await vault.read(name);
    if (!stored) continue;
    await writeFileAtomic(file, stored.content.toString('utf8'), 0o600);
    written.push(name);
  }
  return { versions, written };
}

export interface ClusterCopySync {
  /** Syncs now (a change notice said a file moved); resolves when done. Never rejects: failures are reported. */
  now(): Promise<void>;
  stop(): void;
}

/**
 * Keeps the copies current: a re-read every `intervalMs` (the truth; a notice only makes it sooner). A
 * failure (the database unreachable) is reported and the copies kept; the next round tries again.
 */
export function startClusterCopySync(
  vault: ClusterVault,
  copies: ClusterCopies,
  options: {
    intervalMs: number;
    initial: ReadonlyMap<ClusterFileName, number>;
    onWritten(names: ClusterFileName[]): void;
    onError(error: Error): void;
  },
): ClusterCopySync {
  let known = new Map(options.initial);
  let running: Promise<void> | undefined;
  const round = () => {
    running ??= syncClusterCopies(vault, copies, known)
      .then(({ versions, written }) => {
        known = versions;
        if (written.length > 0) options.onWritten(written);
      })
      .catch((error: Error) => options.onError(error))
      .finally(() => {
        running = undefined;
      });
    return running;
  };
  const timer = setInterval(round, options.intervalMs);
  timer.unref();
  return {
    now: round,
    stop: () => clearInterval(timer),
  };
}
