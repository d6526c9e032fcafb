// What `serve` runs with: each setting from the command line when the flag was given, else from the config
// file (--config, collector-config.ts) when the key is there, else the flag's default. Every value, whatever
// its source, goes through the flag's own parser; a bad value from the file is named by file and key, a bad
// flag by the flag, so the operator knows which of the two to change.
import { readFile } from 'node:fs/promises';
import { parseAgentAddressList } from '../../proto/agent-addresses';
import { parseAuditStartCheckScope } from '../audit/start-up-check';
import type { CollectorOptions } from '../collector-server';
import { parseDiskReserve } from '../disk-reserve';
import { parseIntakeBudget } from '../intake-budget';
import { parseCertificateValidity, parseDurationMs } from '../pki/parse-ttl';
import { parseInspectedUnit } from '../reports/inspected-unit';
import { isPostgresUrl } from '../store/postgres/index';
import { type CollectorConfig, type ConfigKey, parseCollectorConfig } from './collector-config';

export type SettingSource = { from: 'flag' } | { from: 'file'; file: string } | { from: 'default' };

export interface Setting {
  value: string;
  source: SettingSource;
}

export type Settings = Partial<Record<ConfigKey, Setting>>;

export interface SettingsFile {
  name: string;
  config: CollectorConfig;
}

/**
 * Flag beats file beats the cluster's shared settings beats default, key by key. `shared` is the
 * collector.yaml sealed in the database (cluster/shared-settings.ts): what every collector of a cluster
 * serves with unless its own file or command line says otherwise.
 */
export function mergeSettings(
  flags: CollectorConfig,
  file: SettingsFile | undefined,
  defaults: CollectorConfig,
  shared?: SettingsFile,
): Settings {
  const settings: Settings = {};
  const keys = new Set([
    ...Object.keys(defaults),
    ...Object.keys(shared?.config ?? {}),
    ...Object.keys(file?.config ?? {}),
    ...Object.keys(flags),
  ]);
  for (const key of keys as Set<ConfigKey>) {
    const flag = flags[key];
    const fromFile = file?.config[key];
    const fromShared = shared?.config[key];
    const fallback = defaults[key];
    if (flag !== undefined) settings[key] = { value: flag, source: { from: 'flag' } };
    else if (fromFile !== undefined && file)
      settings[key] = { value: fromFile, source: { from: 'file', file: file.name } };
    else if (fromShared !== undefined && shared)
      settings[key] = { value: fromShared, source: { from: 'file', file: shared.name } };
    else if (fallback !== undefined) settings[key] = { value: fallback, source: { from: 'default' } };
  }
  return settings;
}

/** Where a value came from, as the operator would find it: `--listen` or `/etc/shoumi/collector.yaml: key "listen"`. */
export function settingLabel(key: ConfigKey, source: SettingSource): string {
  return source.from === 'file' ? `${source.file}: key "${key}"` : `--${key}`;
}

/** Runs a flag's parser; a failure on a value from the file is prefixed with the file and key. */
function parsed<T>(
  settings: Settings,
  key: ConfigKey,
  parse: (text: string, label: string) => T,
): T | undefined {
  const setting = settings[key];
  if (setting === undefined) return undefined;
  const label = settingLabel(key, setting.source);
  try {
    return parse(setting.value, label);
  } catch (error) {
    const message = (error as Error).message;
    // Parsers that take the label name it themselves; the others are told which file and key it was.
    throw new Error(
      setting.source.from === 'file' && !message.startsWith(label) ? `${label}: ${message}` : message,
    );
  }
}

/** HOST:PORT as the listeners take it (an IPv6 host in brackets); the port 0..65535, 0 = any free one. */
export function parseListenAddress(text: string, label: string): { host: string; port: number } {
  const match = /^\[?([^\]]+?)\]?:(\d{1,5})$/.exec(text.trim());
  const port = Number(match?.[2]);
  if (!match || port > 65_535) throw new Error(`${label} ${text}: expected HOST:PORT, such as 0.0.0.0:7700`);
  return { host: match[1]!, port };
}

/** "RATE,BURST" (calls per second on average, and the burst) for admin-rate-limit. */
export function parseAdminRateLimit(
  text: string,
  label = '--admin-rate-limit',
): { perSecond: number; burst: number } {
  const match = /^\s*(\d+(?:\.\d+)?)\s*,\s*(\d+)\s*$/.exec(text);
  const perSecond = Number(match?.[1]);
  const burst = Number(match?.[2]);
  if (!match || perSecond <= 0 || burst < 1)
    throw new Error(`${label} ${text}: expected RATE,BURST such as 1,300 (both above 0)`);
  return { perSecond, burst };
}

/** An IANA time zone this Node knows ("Asia/Shanghai", "UTC"). */
export function parseTimeZone(text: string, label = '--time-zone'): string {
  const zone = text.trim();
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
  } catch {
    throw new Error(
      `${label} ${text}: not a time zone this collector knows (IANA names, such as Asia/Shanghai)`,
    );
  }
  return zone;
}

export type ServeOptions = Omit<CollectorOptions, 'log' | 'newAuditEpoch'>;

/** The collector's options from merged settings; throws naming the flag or the file key of a bad value. */
export function serveOptions(settings: Settings): ServeOptions {
  const required = (key: ConfigKey): string => {
    const setting = settings[key];
    if (setting === undefined)
      throw new Error(
        `no ${key === 'data' ? 'data directory' : key}: give --${key} or "${key}:" in the --config file`,
      );
    return setting.value;
  };
  const listen = (key: 'listen' | 'enrol-listen' | 'admin-listen' | 'console-listen' | 'metrics-listen') => {
    parsed(settings, key, parseListenAddress);
    return required(key);
  };
  const adminCalls = parsed(settings, 'admin-rate-limit', parseAdminRateLimit);
  const options: ServeOptions = {
    dataDir: required('data'),
    listen: listen('listen'),
    enrolListen: listen('enrol-listen'),
    adminListen: listen('admin-listen'),
    policyFile: required('policy'),
    auditStartCheck: parsed(settings, 'audit-start-check', (text) => parseAuditStartCheckScope(text)),
  };
  const validity = parsed(settings, 'agent-cert-validity', (text) => parseCertificateValidity(text));
  if (validity !== undefined) options.agentCertificateValidityMs = validity;
  const budget = parsed(settings, 'intake-budget', (text) => parseIntakeBudget(text));
  if (budget !== undefined) options.intakeBudget = budget;
  if (settings['console-listen'] !== undefined) options.consoleListen = listen('console-listen');
  if (settings['metrics-listen'] !== undefined) options.metricsListen = listen('metrics-listen');
  const timeZone = parsed(settings, 'time-zone', parseTimeZone);
  if (timeZone !== undefined) options.timeZone = timeZone;
  const unit = parsed(settings, 'unit', parseInspectedUnit);
  if (unit !== undefined) options.inspectedUnit = unit;
  const reserve = parsed(settings, 'disk-reserve', (text) => parseDiskReserve(text));
  if (reserve !== undefined) options.diskReserve = reserve;
  if (adminCalls)
    options.limits = {
      adminCalls,
      adminCallsPerSource: { perSecond: adminCalls.perSecond * 3, burst: adminCalls.burst * 2 },
    };
  const seal = parsed(settings, 'seal-interval', (text, label) =>
    parseDurationMs(text, label, 24 * 60 * 60 * 1000),
  );
  if (seal !== undefined) options.sealIntervalMs = seal;
  const store = parsed(settings, 'store', parseStoreUrl);
  if (store !== undefined) options.storeUrl = store;
  if (settings['operator-key'] !== undefined) {
    if (store === undefined)
      throw new Error(
        `${settingLabel('operator-key', settings['operator-key'].source)}: the operator key opens files sealed in a PostgreSQL store; give --store postgres://… too`,
      );
    options.operatorKeyFile = settings['operator-key'].value;
  }
  const advertised = parsed(settings, 'advertise-agent-addresses', (text, label) =>
    parseAgentAddressList([text], label),
  );
  if (advertised !== undefined) options.advertisedAgentAddresses = advertised;
  return options;
}

/** postgres://… or postgresql://… (the SQLite file in the data directory is the default: no value for it). */
export function parseStoreUrl(text: string, label = '--store'): string {
  const url = text.trim();
  // Only the scheme is shown: whatever follows may hold a password.
  if (!isPostgresUrl(url))
    throw new Error(
      `${label}: expected a postgres:// or postgresql:// URL, not one beginning "${url.split(/[:/]/)[0]}" (without --store, the collector keeps the SQLite file in its data directory)`,
    );
  return url;
}

/** Reads and parses the config file; throws with every problem, one per line. */
export async function readCollectorConfig(file: string): Promise<CollectorConfig> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new Error(
      `cannot read the config file ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
    );
  }
  const result = parseCollectorConfig(text, file);
  if (!result.ok) throw new Error(result.problems.join('\n'));
  return result.config;
}
