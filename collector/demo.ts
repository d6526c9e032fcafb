// `npm start`: the real thing on the embedded default — a collector on SQLite in a local data directory plus
// an agent for this machine as a separate process — and a few lines saying where to look.
//
// Trust is set up the way an operator would, on first start only: `pki init` (the CA and the server
// certificate), one administrator identity per role (三员分立) in DIR/admins/<role>, and a one-time
// enrolment token with which the local agent enrols over TLS, pinning the CA by its fingerprint. Later starts
// reuse all of it: the agent keeps its certificate, the admins theirs.
//
// The token goes to the agent in a file (--token-file), never on its command line, where every local user
// would read it in `ps` or /proc/PID/cmdline: DIR/agent-enrolment.token, 0600, removed as soon as the agent
// holds its certificate (the token is spent then) and at the latest when the demo stops.
import { type ChildProcess, spawn } from 'node:child_process';
import { access, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { baselinePolicyPath } from '../policies/load-policy';
import { startCollector } from './collector-server';
import { readConfig, writeConfig } from './ctl/config/config-file';
import { configPath } from './ctl/config/config-path';
import { DEMO_CONTEXT, withDemoContext } from './ctl/config/demo-context';
import { jsonLogger } from './logger';
import { addAdmin } from './pki/admin-add';
import { ADMIN_IDENTITY_FILES, ADMIN_ROLES, type AdminRole } from './pki/identity-names';
import { createTokensLocally } from './pki/local-tokens';
import { certificateSha256, loadCertificateAuthority, pkiPaths } from './pki/pki-files';
import { initPki } from './pki/pki-init';

export interface DemoOptions {
  dir: string;
  listen: string;
  enrolListen: string;
  adminListen: string;
  /** The web console's HTTPS address. */
  consoleListen: string;
  /** The inspected unit (被检查单位) for inspection records, already checked (reports/inspected-unit.ts). */
  inspectedUnit?: string;
}

/** The agent executable next to this bundle (dist/shoumi-agent.cjs), run with the same Node. */
function agentCommand(): string[] {
  return [process.execPath, path.join(__dirname, 'shoumi-agent.cjs')];
}

const exists = (file: string) =>
  access(file).then(
    () => true,
    () => false,
  );

/** Where the agent keeps its certificate (agent/enrolment/agent-credentials.ts): present once enrolled. */
const agentCertificate = (agentDir: string) => path.join(agentDir, 'tls', 'agent.crt');

/** Writes the token where only this user can read it; an old file from a run cut short is replaced. */
async function writeTokenFile(file: string, token: string): Promise<void> {
  await rm(file, { force: true });
  await writeFile(file, `${token}\n`, { mode: 0o600, flag: 'wx' });
}

/** Removes the token file once the agent has enrolled (its certificate exists), checking twice a second. */
function removeWhenEnrolled(tokenFile: string, agentDir: string): () => Promise<void> {
  const timer = setInterval(async () => {
    if (!(await exists(agentCertificate(agentDir)))) return;
    clearInterval(timer);
    await rm(tokenFile, { force: true });
  }, 500);
  timer.unref();
  return async () => {
    clearInterval(timer);
    await rm(tokenFile, { force: true });
  };
}

async function prepareTrust(collectorDir: string, adminsDir: string): Promise<string> {
  if (!(await exists(pkiPaths(collectorDir).caCert))) await initPki({ dataDir: collectorDir });
  for (const role of ADMIN_ROLES) {
    const outDir = path.join(adminsDir, role);
    if (await exists(path.join(outDir, ADMIN_IDENTITY_FILES.cert))) continue;
    await addAdmin({ dataDir: collectorDir, name: `demo-${role}`, role, outDir });
  }
  return certificateSha256((await loadCertificateAuthority(collectorDir)).cert);
}

/**
 * Writes the `demo` context (config-file.ts, demo-context.ts) so that shoumictl reaches this collector as
 * the security administrator without flags. Returns what to tell the user; a config file that cannot be
 * read or written is said, not fatal: the printed commands then carry --collector and --identity.
 */
function writeDemoContext(
  collector: string,
  identity: string,
): { written: boolean; current: boolean; note: string } {
  const file = configPath();
  try {
    const { config, current } = withDemoContext(readConfig(file), collector, identity);
    writeConfig(file, config);
    const currentNote = current
      ? '(the current context)'
      : `(your current context stays ${config.currentContext}: shoumictl context use ${DEMO_CONTEXT} switches)`;
    return { written: true, current, note: `context ${DEMO_CONTEXT} written to ${file} ${currentNote}` };
  } catch (error) {
    return { written: false, current: false, note: `no context written: ${(error as Error).message}` };
  }
}

export async function runDemo(options: DemoOptions) {
  const dir = path.resolve(options.dir);
  const collectorDir = path.join(dir, 'collector');
  const agentDir = path.join(dir, 'agent');
  const adminsDir = path.join(dir, 'admins');
  const caSha256 = await prepareTrust(collectorDir, adminsDir);
  const tokenFile = path.join(dir, 'agent-enrolment.token');
  const enrolled = await exists(agentCertificate(agentDir));
  if (!enrolled) {
    const [issued] = await createTokensLocally({ dataDir: collectorDir, ttlMs: 3_600_000, count: 1 });
    await writeTokenFile(tokenFile, issued!.token);
  }
  const enrolment = enrolled ? [] : ['--token-file', tokenFile, '--ca-sha256', caSha256];
  const forgetToken = removeWhenEnrolled(tokenFile, agentDir);
  const collector = await startCollector({
    dataDir: collectorDir,
    listen: options.listen,
    enrolListen: options.enrolListen,
    adminListen: options.adminListen,
    consoleListen: options.consoleListen,
    policyFile: baselinePolicyPath(),
    inspectedUnit: options.inspectedUnit,
    log: jsonLogger('collector'),
  });
  const [node, script] = agentCommand();
  const agent: ChildProcess = spawn(
    node!,
    [
      script!,
      'run',
      '--collector',
      collector.agentAddress,
      '--enrol',
      collector.enrolAddress,
      ...enrolment,
      '--data',
      agentDir,
    ],
    { stdio: ['ignore', 'inherit', 'inherit'] },
  );
  agent.on('exit', (code, signal) => {
    if (code !== 0 && signal === null) process.stderr.write(`shoumi-agent exited with code ${code}\n`);
  });
  const identityOf = (role: AdminRole) => path.join(adminsDir, role);
  const context = writeDemoContext(collector.adminAddress, identityOf('security_admin'));
  // Through the context when it was written (--context demo when another context is current), else with
  // every flag; identities other than the context's by their absolute path.
  const reach = context.written
    ? context.current
      ? ''
      : ` --context ${DEMO_CONTEXT}`
    : ` --collector ${collector.adminAddress} --identity ${identityOf('security_admin')}`;
  const ctl = (role: AdminRole) =>
    `node ${path.relative(process.cwd(), path.join(__dirname, 'shoumictl.cjs'))}${reach}${
      role === 'security_admin' ? '' : ` --identity ${identityOf(role)}`
    }`;
  process.stdout.write(
    [
      '',
      '守密 shoumi is running on this machine:',
      `  collector   agents (mTLS) → ${collector.agentAddress}   enrolment (TLS) → ${collector.enrolAddress}   admin (mTLS) → ${collector.adminAddress}`,
      `              data → ${collectorDir}   CA SHA-256 ${caSha256}`,
      `  agent       pid ${agent.pid}, outbox and certificate → ${agentDir}`,
      `  admins      one identity per role (三员分立): ${ADMIN_ROLES.map(identityOf).join('  ')}`,
      `  console     ${collector.consoleUrl} (HTTPS; the browser presents an administrator certificate: import the CA ${path.join(identityOf('security_admin'), ADMIN_IDENTITY_FILES.ca)} and an identity exported as below)`,
      `  shoumictl   ${context.note}`,
      '',
      'Look at it with shoumictl (in another terminal):',
      `  ${ctl('security_admin')} status`,
      `  ${ctl('security_admin')} findings --open`,
      `  ${ctl('system_admin')} sweep run --wait`,
      `  ${ctl('auditor')} audit verify`,
      '',
      'Open the console in a browser with an administrator certificate (PKCS#12, asks for a password):',
      `  ${ctl('security_admin')} identity export --p12 security_admin.p12`,
      '',
      'Ctrl-C stops both.',
      '',
    ].join('\n'),
  );
  return {
    collector,
    async stop() {
      agent.kill('SIGTERM');
      await forgetToken();
      await collector.stop();
    },
  };
}
