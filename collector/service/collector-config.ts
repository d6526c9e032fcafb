// The collector's config file, /etc/shoumi/collector.yaml: what `shoumi-collector serve --config FILE` reads
// and what `shoumi-collector install` writes. Its one rule: every key is a `serve` flag without its dashes
// (listen, enrol-listen, admin-listen, data, policy, unit, ...), with the same value text, so that the
// README, `serve --help` and the file say the same thing; a flag given on the command line wins over the
// file (serve-settings.ts). The one-off recovery flags (--new-audit-epoch, --reason) have no key: a
// restart must never repeat them.
//
// This module owns the format: the schema, the parse (a problem names the file, the line and the key) and
// the text install writes. Values are checked here only for their type; what they mean (an address, a
// duration, a size) is checked by the same parsers as the flags, in serve-settings.ts.
import { isMap, isScalar, LineCounter, parseDocument } from 'yaml';
import { z } from 'zod';

/** The keys, in the order install writes them, each with the comment written above it. */
export const CONFIG_KEYS = {
  unit: '被检查单位 / the inspected unit named in every inspection record',
  listen: 'address for agents (mTLS): HOST:PORT',
  'enrol-listen': 'address for enrolment (TLS, no client certificate)',
  'admin-listen': 'address for shoumictl (mTLS, administrator certificates)',
  'console-listen':
    'address for the web console (HTTPS, administrator certificates in the browser); none when absent',
  'metrics-listen':
    'address for GET /metrics alone (HTTPS, a system administrator certificate); none when absent',
  'time-zone': "time zone the console shows times in (IANA, such as Asia/Shanghai); the host's when absent",
  data: 'data directory: the SQLite store, the CA and its keys (the service may write only here)',
  store:
    'postgres://… to share one PostgreSQL database with other collectors; the SQLite file in the data directory when absent',
  'operator-key':
    'file holding the operator key (shoumi-collector cluster key) that opens the CA, policy and settings sealed in the database',
  policy: 'policy YAML, reloaded when it changes',
  'agent-cert-validity': 'lifetime of the agent certificates issued (30m, 24h, 90d)',
  'intake-budget': 'findings held decoded and waiting for their commit, all agents together',
  'disk-reserve': "free space kept on the data directory's filesystem (2GiB, 10%, 1GiB,5%; 0 = off)",
  'admin-rate-limit': 'admin calls per second and burst, per certificate (RATE,BURST)',
  'seal-interval': 'how often the audit chain head is sealed when it has grown (30s, 5m, 1h)',
  'audit-start-check': 'whole: verify every audit record before serving; sealed: from the newest seal on',
  'advertise-agent-addresses':
    "every collector's agent address (HOST:PORT,HOST:PORT) told to agents at enrolment; none when absent",
} as const;

export type ConfigKey = keyof typeof CONFIG_KEYS;

const text = z.string().trim().min(1, 'must not be empty');
/** A number written without quotes (intake-budget: 5000) is as good as the flag's text. */
const count = z.union([z.number().int().positive(), text]).transform(String);

const schema = z.strictObject({
  unit: text.optional(),
  listen: text.optional(),
  'enrol-listen': text.optional(),
  'admin-listen': text.optional(),
  'console-listen': text.optional(),
  'metrics-listen': text.optional(),
  'time-zone': text.optional(),
  data: text.optional(),
  store: text.optional(),
  'operator-key': text.optional(),
  policy: text.optional(),
  'agent-cert-validity': text.optional(),
  'intake-budget': count.optional(),
  'disk-reserve': text.optional(),
  'admin-rate-limit': text.optional(),
  'seal-interval': text.optional(),
  'audit-start-check': z.enum(['whole', 'sealed']).optional(),
  'advertise-agent-addresses': text.optional(),
} satisfies Record<ConfigKey, z.ZodType>);

/** The file's settings, as text, keyed like the flags; absent keys take the flag's default. */
export type CollectorConfig = Partial<Record<ConfigKey, string>>;

export type ConfigParse = { ok: true; config: CollectorConfig } | { ok: false; problems: string[] };

/** Parses the file's text; each problem reads "FILE:LINE: key "K": what is wrong". */
export function parseCollectorConfig(source: string, file: string): ConfigParse {
  const lineCounter = new LineCounter();
  const document = parseDocument(source, { lineCounter, prettyErrors: false, uniqueKeys: true });
  if (document.errors.length > 0) {
    return {
      ok: false,
      problems: document.errors.map((error) => {
        const line = lineCounter.linePos(error.pos[0]).line;
        return `${file}${line ? `:${line}` : ''}: not valid YAML: ${error.message.split('\n')[0]}`;
      }),
    };
  }
  const contents = document.contents;
  if (contents === null) return { ok: true, config: {} }; // an empty file: every default
  if (!isMap(contents))
    return { ok: false, problems: [`${file}: expected KEY: VALUE lines (keys: ${keyList()})`] };
  /** The line a key is written on, for the problem's position. */
  const lineOf = (key: string): string => {
    const pair = contents.items.find((item) => isScalar(item.key) && String(item.key.value) === key);
    const offset = pair && isScalar(pair.key) ? pair.key.range?.[0] : undefined;
    return offset === undefined ? '' : `:${lineCounter.linePos(offset).line}`;
  };
  const parsed = schema.safeParse(document.toJS());
  if (parsed.success) {
    const config: CollectorConfig = {};
    for (const [key, value] of Object.entries(parsed.data)) {
      if (value !== undefined) config[key as ConfigKey] = value;
    }
    return { ok: true, config };
  }
  const problems = parsed.error.issues.flatMap((issue) => {
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => {
        const near = nearestKey(key);
        return `${file}${lineOf(key)}: unknown key "${key}"${near ? ` (did you mean "${near}"?)` : ''}; the keys are: ${keyList()}`;
      });
    }
    const key = String(issue.path[0] ?? '');
    const wanted =
      issue.code === 'invalid_type' || issue.code === 'invalid_union'
        ? `expected ${key === 'intake-budget' ? 'a whole number' : 'text'}, as the --${key} flag takes it`
        : issue.message;
    return [`${file}${lineOf(key)}: key "${key}": ${wanted}`];
  });
  return { ok: false, problems };
}

function keyList(): string {
  return Object.keys(CONFIG_KEYS).join(', ');
}

/** The known key one or two edits away from a misspelt one (lisen → listen), if there is one. */
function nearestKey(key: string): string | undefined {
  let best: { key: string; distance: number } | undefined;
  for (const known of Object.keys(CONFIG_KEYS)) {
    const distance = editDistance(key.toLowerCase().replaceAll('_', '-'), known);
    if (distance <= 2 && (!best || distance < best.distance)) best = { key: known, distance };
  }
  return best?.key;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++)
      current[j] = Math.min(
        previous[j]! + 1,
        current[j - 1]! + 1,
        previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
    previous = current;
  }
  return previous[b.length]!;
}

/**
 * The file install writes: every key set, in CONFIG_KEYS order, each under its comment. Values are written
 * as JSON strings, which YAML reads back unchanged whatever they hold (a colon, a "#", Chinese text).
 */
export function collectorConfigText(config: CollectorConfig, header: string): string {
  const lines = header.split('\n').map((line) => `# ${line}`.trimEnd());
  lines.push('# Every key is a `shoumi-collector serve` flag without its dashes; a flag given wins.');
  for (const key of Object.keys(CONFIG_KEYS) as ConfigKey[]) {
    const value = config[key];
    if (value === undefined) continue;
    lines.push('', `# ${CONFIG_KEYS[key]}`, `${key}: ${JSON.stringify(value)}`);
  }
  return `${lines.join('\n')}\n`;
}
