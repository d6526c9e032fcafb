// `shoumi-agent status`: what the service manager says, and what the running agent last wrote to
// DATA/status.json (status-file.ts): collector connection, last ack, outbox depth, policy version, last
// sweep. It opens nothing the service holds (no outbox, no link), so it is safe while the agent runs.
import path from 'node:path';
import { visibleText } from '../../policies/visible-text';
import { readAgentConfig } from './agent-config';
import { installLayout, type ServicePlatform, servicePlatform } from './install-layout';
import { type RunCommand, runCommand, systemdManager, windowsManager } from './service-manager';
import { type AgentStatus, readStatusFile } from './status-file';

export interface StatusReport {
  installed: boolean;
  /** The service manager's word: "active", "inactive", "failed", "RUNNING", "not installed", … */
  service: string;
  collector?: string;
  dataDir: string;
  agent?: AgentStatus;
  /** Seconds since the agent last wrote its status; large while the service is up means it is stuck. */
  statusAgeSeconds?: number;
}

export async function agentStatusReport(options: {
  prefix: string;
  dataDir?: string;
  platform?: ServicePlatform;
  run?: RunCommand;
  nowMs?: number;
}): Promise<StatusReport> {
  const platform = options.platform ?? servicePlatform();
  const layout = installLayout(platform, options.prefix);
  const real = layout.prefix === path.parse(layout.prefix).root;
  const config = await readAgentConfig(layout.onDisk(layout.config));
  const dataDir = options.dataDir
    ? path.resolve(options.dataDir)
    : layout.onDisk(config?.dataDir ?? layout.dataDir);
  let service: string;
  if (!real) {
    service = config ? 'not managed (--prefix)' : 'not installed';
  } else {
    const run = options.run ?? runCommand;
    const manager =
      platform === 'win32'
        ? windowsManager(
            layout,
            { host: layout.serviceHost, collector: '', enrol: '', dataDir: layout.dataDir },
            run,
          )
        : systemdManager(layout, run);
    const state = await manager
      .state()
      .catch((error: Error) => ({ installed: true as const, state: `unknown: ${error.message}` }));
    service = state.installed
      ? state.state
      : config
        ? 'not registered with the service manager'
        : 'not installed';
  }
  const agent = await readStatusFile(dataDir);
  const nowMs = options.nowMs ?? Date.now();
  return {
    installed: config !== undefined,
    service,
    collector: config?.collector,
    dataDir,
    agent,
    statusAgeSeconds: agent
      ? Math.max(0, Math.round((nowMs - Date.parse(agent.updatedAt)) / 1000))
      : undefined,
  };
}

export function renderStatus(report: StatusReport): string {
  const agent = report.agent;
  const rows: Array<[string, string]> = [
    ['service', report.service],
    ['collector', report.collector ?? '-'],
    ['device', agent?.deviceId ?? '-'],
    [
      'connection',
      agent
        ? `${agent.link}${agent.linkDetail ? ` (${agent.linkDetail})` : ''}${agent.lastConnectedAt ? `, last connected ${agent.lastConnectedAt}` : ''}`
        : `no status yet (${path.join(report.dataDir, 'status.json')})`,
    ],
    ['last ack', agent?.lastAckAt ? `${agent.lastAckAt} (up to seq ${agent.lastAckedSeq})` : '-'],
    ['outbox', agent ? `${agent.outboxDepth} finding(s) not yet acknowledged` : '-'],
    ['policy', agent?.policyVersion ?? '-'],
    [
      'last sweep',
      agent?.lastSweepAt
        ? `${agent.lastSweepAt}${agent.lastSweepError ? ` FAILED: ${agent.lastSweepError}` : ''}`
        : '-',
    ],
    [
      'status age',
      report.statusAgeSeconds === undefined ? '-' : `${report.statusAgeSeconds} s (pid ${agent?.pid})`,
    ],
  ];
  const width = Math.max(...rows.map(([label]) => label.length));
  // linkDetail and lastSweepError quote the collector and the machine: invisible characters are shown.
  return rows.map(([label, value]) => `${label.padEnd(width)}  ${visibleText(value)}\n`).join('');
}
