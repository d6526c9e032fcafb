// `npm start`: the real thing on the embedded default — a collector on SQLite in a local data directory plus
// an agent for this machine as a separate process — and a few lines saying where to look.
import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { baselinePolicyPath } from '../policies/load-policy';
import { startCollector } from './collector-server';
import { jsonLogger } from './logger';

export interface DemoOptions {
  dir: string;
  listen: string;
  enrolListen: string;
  adminListen: string;
}

/** The agent executable next to this bundle (dist/shoumi-agent.cjs), run with the same Node. */
function agentCommand(): string[] {
  return [process.execPath, path.join(__dirname, 'shoumi-agent.cjs')];
}

export async function runDemo(options: DemoOptions) {
  const dir = path.resolve(options.dir);
  const collector = await startCollector({
    dataDir: path.join(dir, 'collector'),
    listen: options.listen,
    enrolListen: options.enrolListen,
    adminListen: options.adminListen,
    policyFile: baselinePolicyPath(),
    log: jsonLogger('collector'),
  });
  const [node, script] = agentCommand();
  const agent: ChildProcess = spawn(
    node!,
    [script!, 'run', '--collector', collector.agentAddress, '--data', path.join(dir, 'agent')],
    { stdio: ['ignore', 'inherit', 'inherit'] },
  );
  agent.on('exit', (code, signal) => {
    if (code !== 0 && signal === null) process.stderr.write(`shoumi-agent exited with code ${code}\n`);
  });
  const ctl = `node ${path.relative(process.cwd(), path.join(__dirname, 'shoumictl.cjs'))} --collector ${collector.adminAddress}`;
  process.stdout.write(
    [
      '',
      '守密 shoumi is running on this machine:',
      `  collector   agents → ${collector.agentAddress}   admin → ${collector.adminAddress}   data → ${path.join(dir, 'collector')}`,
      `  agent       pid ${agent.pid}, outbox → ${path.join(dir, 'agent')}`,
      '',
      'Look at it with shoumictl (in another terminal):',
      `  ${ctl} status`,
      `  ${ctl} devices`,
      `  ${ctl} findings --open`,
      `  ${ctl} status --json`,
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
