// Compliance only on evidence, through the real collector process and shoumictl: an enrolled workstation
// that said hello and sent nothing is "not yet judged", never compliant; one with a verdict for every rule
// its agent must judge is compliant; a real agent's first sweep judges every rule the policy has it judge.
// And one current state per (device, rule) over the wire: subjects close the whole-rule verdict, a removal
// (Finding.gone) closes its subject, and the history table lists newest first with the command for more.
import path from 'node:path';
import type * as grpc from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadBaselinePolicy } from '../../policies/load-policy';
import type { Rule } from '../../policies/model';
import { agentRuleIds } from '../../policies/rule-params';
import type { AgentMessage } from '../../proto/generated/shoumi/v1/AgentMessage';
import type { DeviceSummary__Output } from '../../proto/generated/shoumi/v1/DeviceSummary';
import type { Finding } from '../../proto/generated/shoumi/v1/Finding';
import type { FleetStatus__Output } from '../../proto/generated/shoumi/v1/FleetStatus';
import type { StoredFinding__Output } from '../../proto/generated/shoumi/v1/StoredFinding';
import { loadContract } from '../../proto/load';
import { type Deployment, deployment } from '../support/collector-fixture';
import { eventually, REPO, type Running, run } from '../support/processes';

const SILENT = 'e2e-silent';
const JUDGED = 'e2e-judged';
const REAL = 'e2e-real-agent';
const ROOT = path.join(REPO, 'test', 'fixtures', 'roots', 'clean');

/**
 * Speaks the agent protocol as a device: hello, then each batch, ending the stream once the collector has
 * acknowledged everything (the hello's own ack first). Resolves with the acks.
 */
function deliver(
  address: string,
  credentials: grpc.ChannelCredentials,
  deviceId: string,
  batches: Finding[][],
): Promise<number[]> {
  const contract = loadContract();
  const client = new contract.shoumi.v1.AgentService(address, credentials);
  const call = client.Connect();
  const lastSeq = Math.max(0, ...batches.flat().map((finding) => Number(finding.seq)));
  const acks: number[] = [];
  return new Promise((resolve, reject) => {
    call.on('data', (message) => {
      if (!message.ack) return;
      acks.push(Number(message.ack.upToSeq));
      if (acks.length > batches.length && acks.at(-1)! >= lastSeq) call.end();
    });
    call.on('error', (error: grpc.ServiceError) => {
      client.close();
      reject(error);
    });
    call.on('end', () => {
      client.close();
      resolve(acks);
    });
    const hello: AgentMessage = {
      hello: { deviceId, agentVersion: 'e2e', hardware: { hostname: `${deviceId}-host` } },
    };
    call.write(hello);
    for (const findings of batches) call.write({ findings: { findings } });
  });
}

const wire = (seq: number, rule: Pick<Rule, 'id' | 'clause'>, extra: Partial<Finding> = {}): Finding => ({
  seq,
  ruleId: rule.id,
  clause: rule.clause,
  subject: '',
  status: 'PASS',
  severity: 'HIGH',
  evidenceJson: '{}',
  observedAtMs: Date.now(),
  reason: '',
  ...extra,
});

describe('compliance only on evidence (e2e)', () => {
  let world: Deployment;
  let collector: Running;
  let agentRules: Rule[];
  const running: Running[] = [];

  const ctl = async (...args: string[]) => {
    const result = await run('shoumictl', world.ctl(args));
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    return result.stdout;
  };
  const devices = async () =>
    (JSON.parse(await ctl('--json', 'devices')) as { devices: DeviceSummary__Output[] }).devices;
  const device = async (deviceId: string) => (await devices()).find((d) => d.deviceId === deviceId);

  beforeAll(async () => {
    const baseline = await loadBaselinePolicy();
    if (!baseline.ok) throw new Error('the baseline policy does not load');
    const ids = new Set(agentRuleIds(baseline.policy));
    agentRules = baseline.policy.rules.filter((rule) => ids.has(rule.id));
    world = await deployment();
    collector = await world.startCollector();
    // Said hello, sent nothing.
    const silent = await world.trust.deviceCredentials(SILENT);
    expect(await deliver(world.agentAddress, silent.credentials, SILENT, [])).toEqual([0]);
    // A verdict for every rule the policy has its agent judge: all pass (one not applicable, a printing rule).
    const judged = await world.trust.deviceCredentials(JUDGED);
    const verdicts = agentRules.map((rule, index) =>
      wire(index + 1, rule, rule.id.includes('print') ? { status: 'NOT_APPLICABLE' } : {}),
    );
    expect(verdicts.filter((verdict) => verdict.status === 'NOT_APPLICABLE').length).toBeGreaterThan(0);
    await deliver(world.agentAddress, judged.credentials, JUDGED, [verdicts]);
  });

  afterAll(async () => {
    for (const process of running) await process.kill('SIGTERM');
    await collector?.kill('SIGTERM');
    world?.admin.close();
  });

  it('shows a device that said hello and sent nothing as not yet judged, never compliant', async () => {
    const table = await ctl('status');
    expect(table).toContain('devices 2   compliant 1   failing 0   not yet judged 1   never seen 0');
    const status = JSON.parse(await ctl('--json', 'status')) as FleetStatus__Output;
    expect(status).toMatchObject({ devices: 2, compliant: 1, failing: 0, notYetJudged: 1, neverSeen: 0 });

    expect(await device(SILENT)).toMatchObject({
      state: 'not_judged',
      rulesWithoutVerdict: agentRules.length,
    });
    expect(await device(JUDGED)).toMatchObject({ state: 'compliant', rulesWithoutVerdict: 0 });
    const silentRow = (await ctl('devices')).split('\n').find((line) => line.includes(` ${SILENT} `));
    expect(silentRow).toContain(`not yet judged (${agentRules.length} rules)`);
    const judgedRow = (await ctl('devices')).split('\n').find((line) => line.includes(` ${JUDGED} `));
    expect(judgedRow).toContain('compliant');
    expect(await ctl('device', SILENT)).toMatch(
      new RegExp(`判定 state +not yet judged \\(${agentRules.length} rules\\)`),
    );
  });

  it('holds one current state per rule over the wire: subjects close the whole-rule pass, a removal its subject', async () => {
    const wifi = agentRules.find((rule) => rule.id === 'wifi-radio-absent')!;
    const credentials = (await world.trust.deviceCredentials(JUDGED)).credentials;
    const base = agentRules.length;
    await deliver(world.agentAddress, credentials, JUDGED, [
      [
        wire(base + 1, wifi, { subject: 'phy0', status: 'FAIL', reason: 'a Wi-Fi radio' }),
        wire(base + 2, wifi, { subject: 'phy1', status: 'FAIL', reason: 'a Wi-Fi radio' }),
      ],
    ]);
    const current = async () =>
      (
        JSON.parse(await ctl('--json', 'findings', '--device', JUDGED, '--rule', wifi.id)) as {
          findings: StoredFinding__Output[];
        }
      ).findings.map((f) => `${f.subject}|${f.status}`);
    expect(await current()).toEqual(['phy0|FAIL', 'phy1|FAIL']);
    const notApplicable = agentRules.filter((rule) => rule.id.includes('print')).length;
    // The whole-rule pass of the Wi-Fi rule is closed: one pass fewer, two fails.
    expect(await device(JUDGED)).toMatchObject({
      state: 'failing',
      failing: 2,
      passing: base - notApplicable - 1,
      notApplicable,
    });

    // Both radios removed: the rule passes whole again, and each subject's removal closes it.
    await deliver(world.agentAddress, credentials, JUDGED, [
      [
        wire(base + 3, wifi, { reason: 'no Wi-Fi radio' }),
        wire(base + 4, wifi, { subject: 'phy0', reason: 'no longer present', gone: true }),
        wire(base + 5, wifi, { subject: 'phy1', reason: 'no longer present', gone: true }),
      ],
    ]);
    expect(await current()).toEqual(['|PASS']);
    expect(await device(JUDGED)).toMatchObject({
      state: 'compliant',
      failing: 0,
      passing: base - notApplicable,
    });

    // History, newest first as a table, in pages of two with the command for the next page.
    const first = await ctl('findings', '--history', '--device', JUDGED, '--rule', wifi.id, '--limit', '2');
    const lines = first.trimEnd().split('\n');
    // ASSET, HOSTNAME, STATUS: the status is the third column.
    expect(lines.slice(1, 3).map((line) => line.split(/\s{2,}/)[2])).toEqual(['GONE', 'GONE']);
    const more = lines.at(-1)!;
    expect(more).toMatch(/^2 shown, newest first; more exist\. Next page: shoumictl /);
    const next = more.slice(more.indexOf('shoumictl ') + 'shoumictl '.length).split(' ');
    expect(next.slice(-2)[0]).toBe('--page-token');
    const second = await run('shoumictl', next);
    expect(second.code).toBe(0);
    const secondLines = second.stdout.trimEnd().split('\n');
    // seq base+3 (the whole-rule pass) and base+2 (phy1's fail), then the last page holds the rest.
    expect(secondLines.slice(1, 3).map((line) => line.split(/\s{2,}/)[2])).toEqual(['PASS', 'FAIL']);
    expect(secondLines.at(-1)).toMatch(/^2 shown, newest first; more exist/);
  });

  it('counts a real agent compliant or failing after its first sweep: it judges every rule required of it', async () => {
    const agent = world.startAgent('real', ['--root', ROOT, '--interval', '1h', '--device-id', REAL]);
    running.push(agent);
    const summary = await eventually(async () => {
      const found = await device(REAL);
      return found && found.rulesWithoutVerdict === 0 ? found : undefined;
    }, 'the real agent to have a verdict for every required rule');
    expect(['compliant', 'failing']).toContain(summary.state);
  }, 60_000);
});
