// shoumi-collector cluster …: the operator's side of several collectors on PostgreSQL.
//   cluster key --out FILE                       a new operator key (0600; never over an existing file)
//   cluster upload --store URL --key-file FILE --data DIR [--policy FILE] [--config FILE]
//                                                the CA, the server certificate and key, the policy and the
//                                                shared settings, sealed into the database (each a new version)
//   cluster status --store URL --key-file FILE   which shared files the database holds, by version
import { readFile } from 'node:fs/promises';
import { hostname, userInfo } from 'node:os';
import { pkiPaths } from '../pki/pki-files';
import { openPostgresClusterVault } from '../store/postgres/cluster-vault';
import { isPostgresUrl, redactedPostgresUrl } from '../store/postgres/index';
import { migratePostgres } from '../store/postgres/migrations';
import { postgresContext } from '../store/postgres/pool';
import { CLUSTER_FILES, type ClusterFileName, type ClusterVault } from './cluster-vault';
import { readOperatorKey, writeNewOperatorKey } from './operator-key';
import { parseSharedSettings } from './shared-settings';

export async function runClusterKey(options: { out: string }): Promise<void> {
  await writeNewOperatorKey(options.out);
  process.stdout.write(
    `操作员密钥已写入 / operator key written to ${options.out} (0600). Keep a copy offline: without it the ` +
      'CA key and policy sealed in the database cannot be opened.\n',
  );
}

async function withVault<T>(
  options: { store: string; keyFile: string },
  use: (vault: ClusterVault) => Promise<T>,
): Promise<T> {
  if (!isPostgresUrl(options.store)) throw new Error(`--store ${options.store}: expected postgres://…`);
  const key = await readOperatorKey(options.keyFile);
  const context = postgresContext(options.store, { max: 2, applicationName: 'shoumi-collector cluster' });
  try {
    await migratePostgres(context.pool, redactedPostgresUrl(options.store));
    return await use(await openPostgresClusterVault(context, key));
  } finally {
    await context.close();
  }
}

export async function runClusterUpload(options: {
  store: string;
  keyFile: string;
  data: string;
  policy?: string;
  config?: string;
}): Promise<void> {
  const pki = pkiPaths(options.data);
  const files: Array<[ClusterFileName, string]> = [
    [CLUSTER_FILES.caCertificate, pki.caCert],
    [CLUSTER_FILES.caKey, pki.caKey],
    [CLUSTER_FILES.serverCertificate, pki.serverCert],
    [CLUSTER_FILES.serverKey, pki.serverKey],
    ...(options.policy ? ([[CLUSTER_FILES.policy, options.policy]] as Array<[ClusterFileName, string]>) : []),
    ...(options.config
      ? ([[CLUSTER_FILES.configuration, options.config]] as Array<[ClusterFileName, string]>)
      : []),
  ];
  // Every file is read before anything is stored: a missing one stores nothing.
  const contents = await Promise.all(
    files.map(async ([name, file]) => {
      const content = await readFile(file).catch((error: NodeJS.ErrnoException) => {
        throw new Error(
          `${file} (${name}): ${error.code === 'ENOENT' ? 'no such file (pki init first?)' : error.message}`,
        );
      });
      return [name, content] as const;
    }),
  );
  // A shared settings file is checked as a collector would read it, before anything is stored.
  for (const [name, content] of contents)
    if (name === CLUSTER_FILES.configuration) parseSharedSettings(content.toString('utf8'), options.config!);
  const operator = { actor: `operator:${userInfo().username}@${hostname()}`, source: 'local' };
  await withVault(options, async (vault) => {
    for (const [name, content] of contents) {
      const version = await vault.store(name, content, operator, Date.now());
      process.stdout.write(`${name} → version ${version}\n`);
    }
  });
}

export async function runClusterStatus(options: { store: string; keyFile: string }): Promise<void> {
  await withVault(options, async (vault) => {
    const versions = await vault.versions();
    for (const name of Object.values(CLUSTER_FILES)) {
      const version = versions.get(name);
      if (version === undefined) {
        process.stdout.write(`${name}: 无 / none\n`);
        continue;
      }
      const file = await vault.read(name);
      process.stdout.write(
        `${name}: version ${version}, ${file?.content.length ?? 0} bytes, ${new Date(file?.updatedAtMs ?? 0).toISOString()} by ${file?.updatedBy}\n`,
      );
    }
  });
}
