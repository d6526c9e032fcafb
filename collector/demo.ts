// `npm start`: the real thing on the embedded default — a collector on SQLite in a local data directory plus
// an agent for this machine as a separate process — and a few lines saying where to look.
//
// Trust is set up the way an operator would, on first start only: `pki init` (the CA and the server
// certificate), one administrator identity per role (三员分立) in DIR/admins/<role>, and a one-time
// enrolment token with which the local agent enrols over TLS, pinning the CA by its fingerprint. Later starts
// reuse all of it: the agent keeps its certificate, the admins theirs.
import { type ChildProcess, spawn } from 'node:child_process';
import { access } from 'node:fs/promises';
import path from 'node:path';
import { baselinePolicyPath } from '../policies/load-policy';
import { startCollector } from './collector-server';
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

async function prepareTrust(collectorDir: string, adminsDir: string): Promise<string> {
  if (!(await exists(pkiPaths(collectorDir).caCert))) await initPki({ dataDir: collectorDir });
  for (const role of ADMIN_ROLES) {
    const outDir = path.join(adminsDir, role);
    if (await exists(path.join(outDir, ADMIN_IDENTITY_FILES.cert))) continue;
    await addAdmin({ dataDir: collectorDir, name: `demo-${role}`, role, outDir });
  }
  return certificateSha256((await loadCertificateAuthority(collectorDir)).cert);
}

export async function runDemo(options: DemoOptions) {
  const dir = path.resolve(options.dir);
  const collectorDir = path.join(dir, 'collector');
  const agentDir = path.join(dir, 'agent');
  const adminsDir = path.join(dir, 'admins');
  const caSha256 = await prepareTrust(collectorDir, adminsDir);
  const enrolment = (await exists(agentCertificate(agentDir)))
    ? []
    : [
        '--token',
        (await createTokensLocally({ dataDir: collectorDir, ttlMs: 3_600_000, count: 1 }))[0]!.token,
        '--ca-sha256',
        caSha256,
      ];
  const collector = await startCollector({
    dataDir: collectorDir,
    listen: options.listen,
    enrolListen: options.enrolListen,
    adminListen: options.adminListen,
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
  const ctl = (role: AdminRole) =>
    `node ${path.relative(process.cwd(), path.join(__dirname, 'shoumictl.cjs'))} --collector ${collector.adminAddress} --identity ${path.relative(process.cwd(), path.join(adminsDir, role))}`;
  process.stdout.write(
    [
      '',
      '守密 shoumi is running on this machine:',
      `  collector   agents (mTLS) → ${collector.agentAddress}   enrolment (TLS) → ${collector.enrolAddress}   admin (mTLS) → ${collector.adminAddress}`,
      `              data → ${collectorDir}   CA SHA-256 ${caSha256}`,
      `  agent       pid ${agent.pid}, outbox and certificate → ${agentDir}`,
      `  admins      one identity per role (三员分立) in ${adminsDir}: ${ADMIN_ROLES.join(', ')}`,
      '',
      'Look at it with shoumictl (in another terminal):',
      `  ${ctl('security_admin')} status`,
      `  ${ctl('security_admin')} findings --open`,
      `  ${ctl('system_admin')} sweep run --wait`,
      `  ${ctl('auditor')} audit verify`,
      '',
      'Ctrl-C stops both.',
      '',
    ].join('\n'),
  );
  return {
    collector,
    async stop() {
      agent.kill('SIGTERM');
      await collector.stop();
    },
  };
}
