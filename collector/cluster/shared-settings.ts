// The settings every collector of a cluster serves with: a collector.yaml (the same keys as the local file,
// service/collector-config.ts) sealed in the database by `cluster upload --config`. A collector's own file
// and command line still win key by key (service/serve-settings.ts). Keys that say where this host keeps its
// own things — its data directory, the store, the operator key — cannot come from the database they lead
// to, so a shared file naming them is refused at upload and at start, naming the keys.
import { type CollectorConfig, type ConfigKey, parseCollectorConfig } from '../service/collector-config';
import { mergeSettings, type ServeOptions, type SettingsFile, serveOptions } from '../service/serve-settings';
import { openPostgresClusterVault } from '../store/postgres/cluster-vault';
import { redactedPostgresUrl } from '../store/postgres/index';
import { migratePostgres } from '../store/postgres/migrations';
import { postgresContext } from '../store/postgres/pool';
import { CLUSTER_FILES } from './cluster-vault';
import { readOperatorKey } from './operator-key';

/** Keys a host keeps for itself; never shared. */
export const HOST_ONLY_KEYS: readonly ConfigKey[] = ['data', 'store', 'operator-key'];

/** What messages call the shared file: the name a setting's source shows (`… : key "unit"`). */
export const SHARED_SETTINGS_NAME = `${CLUSTER_FILES.configuration} in the database`;

/** Parses a shared collector.yaml; throws with every problem, one per line, naming `name`. */
export function parseSharedSettings(text: string, name: string): CollectorConfig {
  const parsed = parseCollectorConfig(text, name);
  if (!parsed.ok) throw new Error(parsed.problems.join('\n'));
  const hostOnly = HOST_ONLY_KEYS.filter((key) => parsed.config[key] !== undefined);
  if (hostOnly.length > 0) {
    throw new Error(
      `${name}: ${hostOnly.map((key) => `"${key}"`).join(', ')} name this host's own places and cannot be shared: ` +
        "keep them in each collector's own --config file or flags",
    );
  }
  return parsed.config;
}

/** The cluster's shared settings, or undefined when the database holds none. */
export async function readSharedSettings(
  storeUrl: string,
  operatorKeyFile: string,
): Promise<{ name: string; config: CollectorConfig } | undefined> {
  const key = await readOperatorKey(operatorKeyFile);
  const context = postgresContext(storeUrl, { max: 1, applicationName: 'shoumi cluster settings' });
  try {
    await migratePostgres(context.pool, redactedPostgresUrl(storeUrl));
    const vault = await openPostgresClusterVault(context, key);
    const file = await vault.read(CLUSTER_FILES.configuration);
    if (!file) return undefined;
    const name = `${SHARED_SETTINGS_NAME} (version ${file.version})`;
    return { name, config: parseSharedSettings(file.content.toString('utf8'), name) };
  } finally {
    await context.close();
  }
}

/**
 * `serve`'s options: this host's flags and file over its defaults, and, on a shared database opened with the
 * operator key, over the cluster's shared settings read from it (flag, file, shared, default).
 */
export async function serveOptionsWithShared(
  flags: CollectorConfig,
  file: SettingsFile | undefined,
  defaults: CollectorConfig,
): Promise<ServeOptions> {
  const local = serveOptions(mergeSettings(flags, file, defaults));
  if (!local.storeUrl || !local.operatorKeyFile) return local;
  const shared = await readSharedSettings(local.storeUrl, local.operatorKeyFile);
  return shared ? serveOptions(mergeSettings(flags, file, defaults, shared)) : local;
}
