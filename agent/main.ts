// shoumi-agent: thin entry point. Parses arguments and hands over to the runtime or a one-off sweep.
import os from 'node:os';
import path from 'node:path';
import { Command } from 'commander';
import { type Lang, resolveLang } from '../policies/messages/language';
import { visibleText } from '../policies/visible-text';
import { agentAddressListText, parseAgentAddressList } from '../proto/agent-addresses';
import type { ActivePolicy } from './active-policy';
import type { AgentRuntime } from './agent-runtime';
import { agentVersion } from './agent-version';
import { EXIT, ServiceCommandFailure } from './service/exit-codes';
import { tokenFromOptions } from './token-option';

// Command implementations are imported inside their actions: loading every command's modules (gRPC, the
// x509 and YAML libraries, install and status) before parsing arguments cost start-up time and resident
// memory in the long-running `run` as well. esbuild keeps the dynamic imports inside the one bundle.

const DEFAULT_DATA_DIR =
  process.platform === 'win32' ? 'C:\\ProgramData\\shoumi\\agent' : '/var/lib/shoumi-agent';

function durationMs(text: string): number {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(text.trim());
  if (!match) throw new Error(`"${text}" is not a duration like 500ms, 30s, 5m`);
  const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[(match[2] ?? 's') as 'ms' | 's' | 'm' | 'h'];
  return Math.round(Number(match[1]) * unit);
}

function outboxMaxBytesFromMb(text: string): number {
  const mb = Number(text);
  // Fractions are allowed so that tests can exercise the bound with a few hundred kilobytes.
  if (!/^\d+(\.\d+)?$/.test(text.trim()) || !(mb >= 0.05)) {
    throw new Error(`--outbox-max-mb "${text}" is not a size in MB of at least 0.05, like 64 or 0.25`);
  }
  return Math.round(mb * 1024 * 1024);
}

/** --collector may be repeated, each value a list itself (proto/agent-addresses.ts): gathered, read later. */
function gatherCollectors(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

/** Every --collector entry, checked; the error names the bad entry. */
function collectorList(values: readonly string[] | undefined): string[] {
  return values === undefined ? [] : parseAgentAddressList(values, '--collector');
}

const COLLECTOR_LIST_HELP = 'several: HOST:PORT,HOST:PORT or the flag repeated, tried in that order';

const program = new Command('shoumi-agent')
  .description('守密 shoumi agent: checks this classified computer against clauses 3.7.4–3.7.8')
  .version(agentVersion())
  .showHelpAfterError();

/** The language asked for (--lang, SHOUMI_LANG, the locale), or exit 2 naming the value that is not zh or en. */
function readerLanguage(option: string | undefined): Lang {
  try {
    return resolveLang({ option, env: process.env });
  } catch (error) {
    return program.error(`error: ${(error as Error).message}`, { exitCode: 2 });
  }
}

program
  .command('check')
  .description('run one local sweep without a collector and print the result (exit 1 when a rule fails)')
  .option('--json', 'print findings as JSON')
  .option('--root <dir>', 'read the machine from this root (a recorded sysfs/proc tree)', '/')
  .option('--policy <file>', 'judge with this policy file instead of the kept bundle or the baseline')
  .option('--data <dir>', 'use the policy bundle kept in this agent data directory')
  .option(
    '--lang <lang>',
    'language of the table: zh (中文, the default) or en; else SHOUMI_LANG, else the locale (LANG=en_US… asks for English)',
  )
  .action(
    async (options: { json?: boolean; root: string; policy?: string; data?: string; lang?: string }) => {
      // Resolved before the sweep: a language we do not speak is refused at once, not after the probes.
      const lang = readerLanguage(options.lang);
      const { loadActivePolicy, loadPolicyFileAsActive } = await import('./active-policy');
      const { checkExitCode, renderCheckTable } = await import('./check-report');
      const { machineRoot } = await import('./probes/machine-root');
      const { runSweep } = await import('./sweep');
      const active: ActivePolicy = options.policy
        ? await loadPolicyFileAsActive(options.policy)
        : await loadActivePolicy(options.data);
      const outcome = await runSweep(machineRoot(path.resolve(options.root)), active, { sweepId: '' });
      if (options.json) {
        process.stdout.write(
          `${JSON.stringify({ hostname: os.hostname(), policyVersion: active.version, findings: outcome.findings }, null, 2)}\n`,
        );
      } else {
        process.stdout.write(renderCheckTable(outcome.findings, active.policy, lang));
      }
      process.exitCode = checkExitCode(outcome.findings);
    },
  );

program
  .command('run')
  .description('run as the service: sweep on a schedule, keep findings on disk, stream them to the collector')
  .option(
    '--collector <host:port>',
    `collector agent address (mTLS); ${COLLECTOR_LIST_HELP}; the addresses the enrolment answer advertised follow them (alone when this is not given)`,
    gatherCollectors,
  )
  .option(
    '--enrol <host:port>',
    'collector enrolment address (default: each --collector host, port 7702, tried in turn)',
  )
  .option('--token <token>', 'one-time enrolment token, used only while DATA/tls holds no certificate')
  .option(
    '--token-file <path>',
    'read the enrolment token from this file ("-": standard input), so it is not in ps',
  )
  .option('--ca-sha256 <fingerprint>', "SHA-256 of the collector's CA certificate, to enrol with")
  .option('--data <dir>', 'data directory (outbox, certificate, device id, kept policy)', DEFAULT_DATA_DIR)
  .option('--root <dir>', 'read the machine from this root', '/')
  .option('--interval <duration>', 'scheduled sweep interval', '5m')
  .option('--heartbeat <duration>', 'heartbeat interval', '30s')
  .option(
    '--device-id <id>',
    'device id to ask for at enrolment instead of the derived one (tests, load generators)',
  )
  .option('--report-unchanged', 'send every finding of every sweep, not only changes')
  .option('--no-events', 'sweep on the schedule only: no USB hot-plug or network-change sweeps')
  .option(
    '--outbox-max-mb <mb>',
    'bound on unsent findings kept on disk (and in memory); when full, superseded states are dropped first',
    '64',
  )
  .option(
    '--stop-on-stdin-close',
    'stop as on SIGTERM when standard input ends (the Windows service host closes it to stop the agent)',
  )
  .action(
    async (options: {
      collector?: string[];
      enrol?: string;
      token?: string;
      tokenFile?: string;
      caSha256?: string;
      data: string;
      root: string;
      interval: string;
      heartbeat: string;
      deviceId?: string;
      reportUnchanged?: boolean;
      events: boolean;
      outboxMaxMb: string;
      stopOnStdinClose?: boolean;
    }) => {
      const { agentLog } = await import('./agent-log');
      const { startAgent } = await import('./agent-runtime');
      const { defaultEnrolAddress } = await import('./enrolment/enrol');
      const collectors = collectorList(options.collector);
      const log = agentLog();
      let agent: AgentRuntime | undefined;
      let stopping = false;
      const stop = () => {
        if (stopping) return;
        stopping = true;
        if (!agent) {
          // Still enrolling or waiting for the collector: nothing to flush, so go at once, as SIGTERM's
          // default action does before the handlers below are in place.
          log.info('stopping before start-up finished');
          process.exit(0);
        }
        agent.stop().then(
          () => process.exit(0),
          () => process.exit(1),
        );
      };
      if (options.stopOnStdinClose && options.tokenFile === '-') {
        throw new Error(
          '--token-file - reads standard input, which --stop-on-stdin-close watches: give a file',
        );
      }
      if (options.stopOnStdinClose) {
        // Windows has no SIGTERM for a service's child: shoumi-agent-service.exe closes this pipe instead
        // (agent/packaging/windows-service-host). What arrives is discarded; only the end matters.
        process.stdin.on('end', stop);
        process.stdin.on('error', stop);
        process.stdin.resume();
      }
      agent = await startAgent({
        collector: collectors,
        enrolment: {
          address: options.enrol ?? [...new Set(collectors.map(defaultEnrolAddress))],
          token: tokenFromOptions(options),
          caSha256: options.caSha256,
        },
        dataDir: path.resolve(options.data),
        root: path.resolve(options.root),
        intervalMs: durationMs(options.interval),
        heartbeatMs: durationMs(options.heartbeat),
        deviceId: options.deviceId,
        reportUnchanged: Boolean(options.reportUnchanged),
        events: options.events,
        outboxMaxBytes: outboxMaxBytesFromMb(options.outboxMaxMb),
        log,
      });
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    },
  );

program
  .command('enrol')
  .description(
    'enrol with the collector: make a key here, get a certificate for it; prints the device id (exit 2 when refused)',
  )
  .option(
    '--collector <host:port>',
    `the collector's enrolment address (its port 7702 by default); ${COLLECTOR_LIST_HELP} while unreachable`,
    gatherCollectors,
  )
  .option('--token <token>', 'one-time enrolment token (shoumi-collector token create)')
  .option(
    '--token-file <path>',
    'read the enrolment token from this file ("-": standard input), so it is not in ps',
  )
  .option(
    '--ca-sha256 <fingerprint>',
    "SHA-256 of the collector's CA certificate (shoumi-collector pki init)",
  )
  .option('--data <dir>', 'data directory; the certificate goes to DIR/tls', DEFAULT_DATA_DIR)
  .option('--device-id <id>', 'device id to ask for instead of the derived one (tests, load generators)')
  .option('--root <dir>', 'read the machine identity from this root', '/')
  .option('--force', 'enrol again even though a certificate is stored (after a revocation)')
  .action(
    async (options: {
      collector?: string[];
      token?: string;
      tokenFile?: string;
      caSha256?: string;
      data: string;
      deviceId?: string;
      root: string;
      force?: boolean;
    }) => {
      const { agentLog } = await import('./agent-log');
      const { loadAgentCredentials } = await import('./enrolment/agent-credentials');
      const { enrolOrThrow } = await import('./enrolment/ensure-enrolled');
      const { resolveDeviceId } = await import('./identity/device-id');
      const { readHardwareIdentity } = await import('./identity/hardware-identity');
      const token = tokenFromOptions(options);
      const enrolAddresses = collectorList(options.collector);
      const missing = [
        enrolAddresses.length === 0 && '--collector',
        !token && '--token or --token-file',
        !options.caSha256 && '--ca-sha256',
      ].filter(Boolean);
      if (missing.length > 0) throw new Error(`enrol needs ${missing.join(', ')}`);
      const dataDir = path.resolve(options.data);
      const log = agentLog();
      const stored = await loadAgentCredentials(dataDir);
      if (stored && !options.force) {
        // Idempotent for installers run twice: the token is left unused for another machine.
        log.info('already enrolled; the token was not used (--force enrols again)', {
          deviceId: stored.deviceId,
        });
        process.stdout.write(`${stored.deviceId}\n`);
        return;
      }
      const credentials = await enrolOrThrow({
        dataDir,
        enrolment: { address: enrolAddresses },
        token: token as string,
        caSha256: options.caSha256 as string,
        requestedDeviceId: async () =>
          resolveDeviceId(dataDir, await readHardwareIdentity(path.resolve(options.root)), options.deviceId),
        log,
      });
      process.stdout.write(`${credentials.deviceId}\n`);
    },
  );

/** install / uninstall: the exit codes of service/exit-codes.ts, the reason on stderr. */
async function serviceCommand(work: () => Promise<void>): Promise<void> {
  try {
    await work();
  } catch (error) {
    const failure = (await import('./service/install')).asFailure(error);
    process.stderr.write(`shoumi-agent: ${failure.message}\n`);
    process.exitCode = failure.exitCode;
  }
  // Done: exit now, not when the last handle closes; a deployment script must not wait on enrolment's sockets.
  // stdout and stderr are synchronous on files and pipes here, so nothing written is lost.
  process.exit();
}

program
  .command('install')
  .description(
    'install as a service: copy this executable to /opt/shoumi/bin, write /etc/shoumi/agent.json, enrol, start ' +
      '(exit 0 ok, 2 bad arguments, 3 enrolment refused, 4 collector unreachable, 5 service manager failed, 6 not root or not writable, 8 no running service manager)',
  )
  .requiredOption(
    '--collector <host:port>',
    `collector agent address (mTLS, port 7700 by default); ${COLLECTOR_LIST_HELP}`,
    gatherCollectors,
  )
  .option(
    '--enrol <host:port>',
    'collector enrolment address (default: the first --collector host, port 7702)',
  )
  .option(
    '--token <token>',
    'one-time enrolment token; not needed to upgrade an enrolled agent, never stored',
  )
  .option(
    '--token-file <path>',
    'read the enrolment token from this file ("-": standard input), so it is not in ps',
  )
  .option('--ca-sha256 <fingerprint>', "SHA-256 of the collector's CA certificate")
  .option('--prefix <dir>', 'install into this directory as the root, without calling systemctl (tests)', '/')
  .option('--device-id <id>', 'device id to ask for at enrolment instead of the derived one (tests)')
  .option('--root <dir>', 'read the machine identity from this root', '/')
  .option('--quiet', 'print nothing but errors (the install log has every step)')
  .action(
    (options: {
      collector: string[];
      enrol?: string;
      token?: string;
      tokenFile?: string;
      caSha256?: string;
      prefix: string;
      deviceId?: string;
      root: string;
      quiet?: boolean;
    }) =>
      serviceCommand(async () => {
        const { installAgent } = await import('./service/install');
        let token: string | undefined;
        let collectors: string[];
        try {
          token = tokenFromOptions(options);
          collectors = collectorList(options.collector);
        } catch (error) {
          throw new ServiceCommandFailure(EXIT.badArguments, (error as Error).message);
        }
        const result = await installAgent({
          ...options,
          // One text for agent.json and the service's `run --collector` (proto/agent-addresses.ts).
          collector: agentAddressListText(collectors),
          token,
          root: path.resolve(options.root),
          quiet: Boolean(options.quiet),
        });
        if (!options.quiet) {
          process.stdout.write(
            `${result.upgraded ? 'upgraded' : 'installed'} ${result.deviceId}: service ${result.service}\n`,
          );
        }
      }),
  );

program
  .command('uninstall')
  .description(
    'remove the service, binary, config and certificate; needs a code from `shoumictl device uninstall-code`',
  )
  .option('--code <code>', 'the uninstall code for this device (checked offline against the collector CA)')
  .option('--purge', 'remove the data directory too, unsent findings included (default: keep the outbox)')
  .option('--prefix <dir>', 'the root the agent was installed into with --prefix', '/')
  .option('--quiet', 'print nothing but errors')
  .action((options: { code?: string; purge?: boolean; prefix: string; quiet?: boolean }) =>
    serviceCommand(async () => {
      const { uninstallAgent } = await import('./service/uninstall');
      const result = await uninstallAgent({
        code: options.code,
        prefix: options.prefix,
        purge: Boolean(options.purge),
        quiet: Boolean(options.quiet),
      });
      if (!options.quiet) {
        process.stdout.write(
          `uninstalled ${result.deviceId}` +
            (result.keptDataDir
              ? `; kept ${result.keptDataDir} with ${result.unsentFindings} unsent finding(s) (--purge removes it)\n`
              : '\n'),
        );
      }
    }),
  );

program
  .command('status')
  .description(
    'service state, collector connection, outbox depth, policy version, last sweep (exit 7: not installed)',
  )
  .option('--json', 'print the status as JSON')
  .option('--data <dir>', 'read the status the agent keeps in this data directory')
  .option('--prefix <dir>', 'the root the agent was installed into with --prefix', '/')
  .action((options: { json?: boolean; data?: string; prefix: string }) =>
    serviceCommand(async () => {
      const { agentStatusReport, renderStatus } = await import('./service/status');
      const report = await agentStatusReport({ prefix: options.prefix, dataDir: options.data });
      process.stdout.write(options.json ? `${JSON.stringify(report, null, 2)}\n` : renderStatus(report));
      if (!report.installed && !report.agent) process.exitCode = EXIT.notInstalled;
    }),
  );

program.parseAsync().catch((error: Error) => {
  process.stderr.write(visibleText(`shoumi-agent: ${error.message}\n`, 'lines'));
  process.exit(2);
});
