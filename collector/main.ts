// shoumi-collector: thin entry point. Parses arguments, builds the collector from them, and stops it cleanly
// on SIGINT/SIGTERM. The logic lives in collector-server.ts.
import { Command } from 'commander';
import { baselinePolicyPath } from '../policies/load-policy';
import { DEFAULT_SEAL_INTERVAL_MS } from './audit/collector-sealer';
import { verdictText } from './audit/verdict-text';
import { verifyDataDirCommand } from './audit/verify-data-dir';
import { runClusterKey, runClusterStatus, runClusterUpload } from './cluster/cluster-commands';
import { serveOptionsWithShared } from './cluster/shared-settings';
import { startCollector } from './collector-server';
import { collectorVersion } from './collector-version';
import { runDemo } from './demo';
import { DEFAULT_INTAKE_BUDGET } from './intake-budget';
import { jsonLogger } from './logger';
import { runAdminAdd, runPkiInit, runTokenCreate } from './pki/pki-commands';
import { parseInspectedUnit } from './reports/inspected-unit';
import { CONFIG_KEYS, type CollectorConfig, type ConfigKey } from './service/collector-config';
import { installCollector } from './service/install-collector';
import { installReport, packageFolder, runServiceCommand } from './service/install-report';
import { readCollectorConfig } from './service/serve-settings';
import { uninstallCollector } from './service/uninstall-collector';
import { runMigrate } from './store/migrate/migrate-command';

export const DEFAULT_AGENT_LISTEN = '127.0.0.1:7700';
export const DEFAULT_ADMIN_LISTEN = '127.0.0.1:7701';
export const DEFAULT_ENROL_LISTEN = '127.0.0.1:7702';
/** The demo's console; `serve` has none unless --console-listen is given. */
export const DEFAULT_DEMO_CONSOLE_LISTEN = '127.0.0.1:7743';

/** --new-audit-epoch needs a --reason of a sentence's length; --reason alone means nothing. */
function newAuditEpochOf(options: {
  newAuditEpoch?: boolean;
  reason?: string;
}): { reason: string } | undefined {
  const reason = options.reason?.trim() ?? '';
  if (!options.newAuditEpoch) {
    if (options.reason !== undefined) throw new Error('--reason is only for --new-audit-epoch');
    return undefined;
  }
  if (reason.length < 3 || reason.length > 500)
    throw new Error(
      '--new-audit-epoch needs --reason TEXT (3 to 500 characters): what happened to the trail',
    );
  return { reason };
}

function stopOnSignals(stop: () => Promise<void>) {
  const handler = () => {
    stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', handler);
  process.once('SIGTERM', handler);
}

const program = new Command('shoumi-collector')
  .description(
    '守密 shoumi collector: device ledger, findings and audit trail for a fleet of classified computers',
  )
  .version(collectorVersion())
  .showHelpAfterError();

program
  .command('serve')
  .description(
    'run the collector: on the SQLite store in its data directory, or with --store on a PostgreSQL database several collectors share',
  )
  .option(
    '--config <file>',
    'settings file (/etc/shoumi/collector.yaml, written by install): each key a flag below without its dashes; a flag given wins',
  )
  .option('--data <dir>', 'data directory (SQLite store, lock file); required here or as data: in --config')
  .option('--listen <host:port>', 'address for agents (mTLS)', DEFAULT_AGENT_LISTEN)
  .option(
    '--enrol-listen <host:port>',
    'address for enrolment (TLS, no client certificate)',
    DEFAULT_ENROL_LISTEN,
  )
  .option(
    '--admin-listen <host:port>',
    'address for shoumictl (mTLS, administrator certificates)',
    DEFAULT_ADMIN_LISTEN,
  )
  .option(
    '--console-listen <host:port>',
    'address for the web console (HTTPS; the browser presents an administrator certificate, see admin add --p12); off when not given',
  )
  .option(
    '--metrics-listen <host:port>',
    'address for GET /metrics alone, for Prometheus (HTTPS, a system administrator certificate); the console serves /metrics too; off when not given',
  )
  .option(
    '--time-zone <zone>',
    "time zone the console shows times in (IANA, such as Asia/Shanghai); the host's when not given",
  )
  .option(
    '--store <url>',
    'postgres://user:password@host/database: share this database with other collectors (the SQLite file in --data when not given)',
  )
  .option(
    '--operator-key <file>',
    'with --store: the operator key (cluster key) that opens the CA, policy and settings sealed in the database (cluster upload)',
  )
  .option('--policy <file>', 'policy YAML (reloaded when it changes)', baselinePolicyPath())
  .option(
    '--agent-cert-validity <duration>',
    'lifetime of the agent certificates issued (30m, 24h, 90d)',
    '90d',
  )
  .option(
    '--intake-budget <findings>',
    'findings held decoded and waiting for their commit, all agents together, before reading pauses',
    String(DEFAULT_INTAKE_BUDGET),
  )
  .option(
    '--unit <name>',
    'the inspected unit (被检查单位) named in every inspection record; without it the record leaves a line to fill in',
  )
  .option(
    '--disk-reserve <size>',
    "free space kept on the data directory's filesystem; below it admin changes and enrolments are refused (2GiB, 10%, 1GiB,5% = the larger; 0 = off)",
    '1GiB,5%',
  )
  .option(
    '--admin-rate-limit <rate,burst>',
    'admin calls per second on average and the burst, per certificate (per source address: 3× the rate, 2× the burst); each allowed call is one audit record',
    '1,300',
  )
  .option(
    '--seal-interval <duration>',
    'how often the collector seals the audit chain head when it has grown (30s, 5m, 1h)',
    `${DEFAULT_SEAL_INTERVAL_MS / 60_000}m`,
  )
  .option(
    '--new-audit-epoch',
    'start over a broken or emptied audit trail as a new recorded epoch (needs --reason; the finding is kept)',
  )
  .option('--reason <text>', 'why a new audit epoch is started (recorded in its first record)')
  .option(
    '--advertise-agent-addresses <list>',
    "every collector's agent address, HOST:PORT,HOST:PORT in the order agents should try them, told to agents at enrolment (none by default: agents keep their --collector)",
  )
  .option(
    '--audit-start-check <scope>',
    'whole: verify every audit record before serving; sealed: only from the newest collector seal on (very long trails)',
    'whole',
  )
  .action(
    async (
      options: { config?: string; newAuditEpoch?: boolean; reason?: string } & Record<string, unknown>,
      command: Command,
    ) => {
      // Flag beats file beats default (service/serve-settings.ts): commander says which flags were typed.
      const flags: CollectorConfig = {};
      const defaults: CollectorConfig = {};
      for (const key of Object.keys(CONFIG_KEYS) as ConfigKey[]) {
        const name = camelCase(key);
        const value = options[name];
        if (typeof value !== 'string') continue;
        if (command.getOptionValueSource(name) === 'cli') flags[key] = value;
        else defaults[key] = value;
      }
      const file = options.config
        ? { name: options.config, config: await readCollectorConfig(options.config) }
        : undefined;
      // On a shared database, the cluster's own collector.yaml sits under this host's file and flags.
      const settings = await serveOptionsWithShared(flags, file, defaults);
      const newAuditEpoch = newAuditEpochOf(options);
      const collector = await startCollector({
        ...settings,
        ...(newAuditEpoch ? { newAuditEpoch } : {}),
        log: jsonLogger('collector'),
      });
      stopOnSignals(collector.stop);
    },
  );

const install = program
  .command('install')
  .description(
    'as root, from the unpacked shoumi-collector-linux-* folder: install it in /opt/shoumi-collector as a hardened systemd service with /etc/shoumi/collector.yaml',
  )
  .option(
    '--unit-name <name>',
    'the inspected unit (被检查单位) named in every inspection record (config key unit)',
  )
  .option(
    '--hostname <name...>',
    'DNS names agents reach the collector by, for its certificate (first install)',
    [],
  )
  .option(
    '--ip <address...>',
    'IP addresses agents reach the collector by, for its certificate (first install)',
    [],
  )
  .option(
    '--prefix <dir>',
    'install under DIR instead of / (tests): no user is made, no systemctl runs',
    '/',
  );
// Every config key is also an install flag (install writes it into the file); unit is --unit-name above.
for (const key of Object.keys(CONFIG_KEYS) as ConfigKey[]) {
  if (key === 'unit') install.option(`--unit <name>`, 'the same as --unit-name');
  else install.option(`--${key} <value>`, `${CONFIG_KEYS[key]} (config key ${key})`);
}
install.action(
  async (
    options: { unitName?: string; hostname: string[]; ip: string[]; prefix: string } & Record<
      string,
      unknown
    >,
  ) => {
    const flags: CollectorConfig = {};
    for (const key of Object.keys(CONFIG_KEYS) as ConfigKey[]) {
      const value = options[camelCase(key)];
      if (typeof value === 'string') flags[key] = value;
    }
    if (options.unitName !== undefined) flags.unit = options.unitName;
    await runServiceCommand(async () => {
      const result = await installCollector({
        sourceDir: packageFolder('install'),
        flags,
        hostnames: options.hostname,
        ips: options.ip,
        prefix: options.prefix,
        say: (line) => process.stderr.write(`${line}\n`),
      });
      process.stdout.write(installReport(result));
    });
  },
);

program
  .command('uninstall')
  .description(
    'as root: stop and remove the service, /opt/shoumi-collector and the config; the data directory is kept',
  )
  .option('--prefix <dir>', 'uninstall from under DIR instead of / (tests)', '/')
  .action(async (options: { prefix: string }) => {
    await runServiceCommand(async () => {
      await uninstallCollector({ prefix: options.prefix, say: (line) => process.stderr.write(`${line}\n`) });
    });
  });

program
  .command('demo')
  .description(
    'try shoumi on this machine: a collector on SQLite in ./.shoumi plus an agent for this computer',
  )
  .option('--dir <dir>', 'where to keep the demo data', '.shoumi')
  .option('--listen <host:port>', 'address for agents', DEFAULT_AGENT_LISTEN)
  .option('--enrol-listen <host:port>', 'address for enrolment', DEFAULT_ENROL_LISTEN)
  .option('--admin-listen <host:port>', 'address for shoumictl', DEFAULT_ADMIN_LISTEN)
  .option(
    '--console-listen <host:port>',
    'address for the web console (HTTPS, administrator certificates)',
    DEFAULT_DEMO_CONSOLE_LISTEN,
  )
  .option('--unit <name>', 'the inspected unit (被检查单位) named in inspection records')
  .action(
    async (options: {
      dir: string;
      listen: string;
      enrolListen: string;
      adminListen: string;
      consoleListen: string;
      unit?: string;
    }) => {
      const { unit, ...rest } = options;
      const demo = await runDemo({
        ...rest,
        inspectedUnit: unit === undefined ? undefined : parseInspectedUnit(unit),
      });
      stopOnSignals(demo.stop);
    },
  );

program
  .command('audit')
  .description('审计 the audit trail, read from the data directory (the collector may be stopped)')
  .command('verify')
  .description('recompute the chain from position 1; exit 1 naming the first broken record')
  .requiredOption('--data <dir>', 'the collector data directory')
  .option(
    '--digest <file>',
    'a digest printed earlier (shoumictl audit digest): its head must still be in the chain',
  )
  .option('--seal <file...>', 'seals kept elsewhere (shoumictl audit seal): each must match the chain')
  .option(
    '--store <url>',
    'postgres://… : verify the chain in the database collectors share (--data gives the CA and seal file)',
  )
  .option(
    '--identity <dir>',
    "an auditor's identity: its own seal copies are checked, pinned to its key, and its ca.crt used",
  )
  .option('--json', 'print JSON')
  .action(
    async (options: {
      data: string;
      digest?: string;
      seal?: string[];
      identity?: string;
      store?: string;
      json?: boolean;
    }) => {
      const verdict = await verifyDataDirCommand(options.data, {
        ...(options.store !== undefined ? { storeUrl: options.store } : {}),
        ...(options.digest ? { digestFile: options.digest } : {}),
        ...(options.seal ? { sealFiles: options.seal } : {}),
        ...(options.identity ? { identityDir: options.identity } : {}),
      });
      process.stdout.write(options.json ? `${JSON.stringify(verdict, null, 2)}\n` : verdictText(verdict));
      if (!verdict.ok) process.exitCode = 1;
    },
  );

const pki = program
  .command('pki')
  .description("the collector's certificate authority (mTLS for agents and admins)");
pki
  .command('init')
  .description('make the CA and the server certificate in DIR/pki; prints the CA fingerprint agents pin')
  .requiredOption('--data <dir>', 'data directory')
  .option('--hostname <name...>', 'DNS names of the collector (localhost is always included)', [])
  .option('--ip <address...>', 'IP addresses of the collector (127.0.0.1 is always included)', [])
  .action((options: { data: string; hostname: string[]; ip: string[] }) => runPkiInit(options));

const cluster = program
  .command('cluster')
  .description('several collectors on one PostgreSQL: the operator key and the files they share');
cluster
  .command('key')
  .description('write a new operator key (0600); the shared files are sealed under it in the database')
  .requiredOption('--out <file>', 'where to write it (never over an existing file)')
  .action((options: { out: string }) => runClusterKey(options));
cluster
  .command('upload')
  .description(
    "seal this data directory's CA and server certificate, and a policy and settings file, into the database",
  )
  .requiredOption('--store <url>', 'postgres://user@host/database')
  .requiredOption('--key-file <file>', 'the operator key (cluster key)')
  .requiredOption('--data <dir>', 'data directory whose pki/ to upload (pki init made it)')
  .option('--policy <file>', 'policy YAML every collector serves')
  .option('--config <file>', 'settings file every collector shares')
  .action((options: { store: string; keyFile: string; data: string; policy?: string; config?: string }) =>
    runClusterUpload(options),
  );
cluster
  .command('status')
  .description('the shared files the database holds, by version')
  .requiredOption('--store <url>', 'postgres://user@host/database')
  .requiredOption('--key-file <file>', 'the operator key')
  .action((options: { store: string; keyFile: string }) => runClusterStatus(options));

program
  .command('migrate')
  .description(
    "迁移 move a stopped collector's SQLite store into an empty PostgreSQL database, audit chain verified",
  )
  .requiredOption(
    '--from <dir>',
    "the collector's data directory (its collector.sqlite is read, never written)",
  )
  .requiredOption('--to <url>', 'postgres://user@host/database: an empty database')
  .action((options: { from: string; to: string }) => runMigrate(options));

const token = program.command('token').description('enrolment tokens for agents');
token
  .command('create')
  .description('make one-time enrolment tokens (one per line on stdout); shown once, stored only as hashes')
  .requiredOption('--data <dir>', 'data directory')
  .option('--ttl <duration>', 'how long the tokens stay valid (30m, 24h, 7d)', '24h')
  .option(
    '--device <id>',
    'bind the token to this device: needed to re-enrol a device that has a certificate',
  )
  .option('--count <n>', 'how many tokens (1..1000)', '1')
  .option(
    '--store <url>',
    "postgres://… of the database the collectors share (serve --store); the data directory's SQLite file when not given",
  )
  .action((options: { data: string; ttl: string; device?: string; count: string; store?: string }) =>
    runTokenCreate(options),
  );

program
  .command('admin')
  .description('administrator identities (三员分立: system_admin, security_admin, auditor)')
  .command('add')
  .description('make an administrator certificate and key in --out, for shoumictl --identity')
  .requiredOption('--data <dir>', 'data directory')
  .requiredOption('--name <name>', "the administrator's name, e.g. 张三 or ops-1")
  .requiredOption('--role <role>', 'system_admin | security_admin | auditor')
  .requiredOption('--out <dir>', 'directory to write ca.crt, admin.crt and admin.key into (made 0700)')
  .option('--validity <duration>', 'lifetime of the certificate (30d, 365d)', '365d')
  .option(
    '--p12 <file>',
    'also write the identity as one PKCS#12 file, for a browser (the web console) or a UKey tool',
  )
  .option(
    '--password-file <file>',
    "the PKCS#12 file's password is this file's first line (else it is asked on the terminal)",
  )
  .option(
    '--store <url>',
    "postgres://… of the database the collectors share (serve --store); the data directory's SQLite file when not given",
  )
  .action(
    (options: {
      data: string;
      name: string;
      role: string;
      out: string;
      validity: string;
      p12?: string;
      passwordFile?: string;
      store?: string;
    }) => runAdminAdd(options),
  );

/** listen → listen, enrol-listen → enrolListen: the property commander keeps a flag's value under. */
function camelCase(key: string): string {
  return key.replace(/-([a-z])/g, (_, letter: string) => letter.toUpperCase());
}

program.parseAsync().catch((error: Error) => {
  process.stderr.write(`shoumi-collector: ${error.message}\n`);
  process.exit(2);
});
