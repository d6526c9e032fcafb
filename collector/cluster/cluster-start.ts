// What a collector on a shared PostgreSQL store does with the cluster files before it reads its PKI and
// policy (collector-server.ts): with the operator key, the CA, the server certificate and key and the policy
// sealed in the database are written into its data directory (cluster-sync.ts) and kept current; without
// the key, the database must hold no sealed file at all (a single collector moved onto PostgreSQL runs on
// its own pki/ and --policy), because a collector that served its own CA beside others serving the
// cluster's would refuse the agents they enrolled.
//
// What moves while it runs: a new policy version is written over the copy, and the policy source, which
// watches that file, reloads it as it would a local edit. A new CA or server certificate is written too but
// takes effect at the next start: the listeners hold their TLS keys from start-up (said in the log).
import path from 'node:path';
import type { Logger } from '../logger';
import { openPostgresClusterVault } from '../store/postgres/cluster-vault';
import { redactedPostgresUrl } from '../store/postgres/index';
import { migratePostgres } from '../store/postgres/migrations';
import { postgresContext } from '../store/postgres/pool';
import { startClusterCopySync, syncClusterCopies } from './cluster-sync';
import { CLUSTER_FILES, type ClusterFileName } from './cluster-vault';
import { readOperatorKey } from './operator-key';

/** How often a collector re-reads the vault's versions: a policy uploaded reaches every collector within it. */
export const CLUSTER_FILES_REREAD_MS = 15_000;

export interface ClusterFilesAtStart {
  /** The policy file to serve: the vault's copy when the cluster has a policy, else the one given. */
  policyFile: string;
  stop(): Promise<void>;
}

/** Where the vault's policy is copied in a data directory (never over the --policy file, which may be the shipped baseline). */
export const clusterPolicyCopy = (dataDir: string): string => path.join(dataDir, 'cluster', 'policy.yaml');

export async function startClusterFiles(options: {
  storeUrl: string;
  operatorKeyFile?: string;
  dataDir: string;
  policyFile: string;
  log: Logger;
  rereadMs?: number;
}): Promise<ClusterFilesAtStart> {
  const { log } = options;
  const where = redactedPostgresUrl(options.storeUrl);
  const context = postgresContext(options.storeUrl, { max: 1, applicationName: 'shoumi cluster files' });
  try {
    await migratePostgres(context.pool, where);
    if (options.operatorKeyFile === undefined) {
      const sealed = await context.query<{ name: string }>('SELECT name FROM cluster_files ORDER BY name');
      if (sealed.rows.length > 0) {
        throw new Error(
          `${where} holds cluster files sealed under an operator key (${sealed.rows.map((row) => row.name).join(', ')}): ` +
            'give --operator-key FILE so that this collector serves the same CA and policy as the others',
        );
      }
      log.info('no cluster files in the database: serving this data directory’s pki and --policy', {
        store: where,
      });
      await context.close();
      return { policyFile: options.policyFile, stop: async () => {} };
    }
    const vault = await openPostgresClusterVault(context, await readOperatorKey(options.operatorKeyFile));
    const copies = { dataDir: options.dataDir, policyFile: clusterPolicyCopy(options.dataDir) };
    const first = await syncClusterCopies(vault, copies);
    const hasPolicy = first.versions.has(CLUSTER_FILES.policy);
    log.info('cluster files copied from the database', {
      store: where,
      versions: Object.fromEntries(first.versions),
      policy: hasPolicy ? copies.policyFile : `none in the database: ${options.policyFile}`,
    });
    const sync = startClusterCopySync(vault, copies, {
      intervalMs: options.rereadMs ?? CLUSTER_FILES_REREAD_MS,
      initial: first.versions,
      onWritten(names: ClusterFileName[]) {
        const tls = names.filter((name) => name !== CLUSTER_FILES.policy);
        log.info('cluster files changed in the database: copies rewritten', { files: names });
        if (tls.length > 0)
          log.warn('a new CA or server certificate takes effect when this collector restarts', {
            files: tls,
          });
      },
      onError(error) {
        log.warn('cannot re-read the cluster files; keeping the copies', { error: error.message });
      },
    });
    return {
      policyFile: hasPolicy ? copies.policyFile : options.policyFile,
      async stop() {
        sync.stop();
        await context.close();
      },
    };
  } catch (error) {
    await context.close().catch(() => {});
    throw error;
  }
}
