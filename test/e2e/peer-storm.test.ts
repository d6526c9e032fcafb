// Issue 12's defect, end to end with real processes: a workstation with thousands of live connections to one
// outside peer once delivered nothing at all, and fleet status counted it compliant (its
// connection-peers-allowed evidence listed every socket, the collector refused the batch, and the agent sent
// it again for ever). The machine is recorded from a real kernel: 3,000 ESTABLISHED sockets from a network
// namespace to 203.0.113.9:443 (test/fixtures/roots/net-netns-peer-storm, test/netns/record-peer-storm-root.sh).
//
// A real agent (`shoumi-agent run --root`) against a real collector: every finding of the sweep is stored, the
// peers finding is a FAIL whose evidence is summarised within 16 KiB and still counts every socket, and
// `shoumictl status` counts the device failing. Then the same machine with an outbox an older agent left
// behind, holding the unbounded finding (419 KiB of evidence): the agent does not send it, keeps it with the
// reason, reports the refusal, and everything behind it arrives.
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openOutbox } from '../../agent/outbox/outbox';
import { REFUSED_RECORD_RULE_ID } from '../../agent/outbox/refused-record-finding';
import { openRefusedRecords, refusedFileName } from '../../agent/outbox/refused-records';
import { machineRoot } from '../../agent/probes/machine-root';
import { linuxNetworkProbe } from '../../agent/probes/network/linux';
import { openSqliteStore } from '../../collector/store/sqlite/index';
import type { UnsequencedFinding } from '../../policies/model';
import { EVIDENCE_BUDGET_BYTES, FINDING_LIMITS } from '../../proto/finding-limits';
import type { StoredFinding__Output } from '../../proto/generated/shoumi/v1/StoredFinding';
import { type Deployment, deployment, expectContiguous } from '../support/collector-fixture';
import { eventually, REPO, type Running, run } from '../support/processes';

const ROOT = path.join(REPO, 'test', 'fixtures', 'roots', 'net-netns-peer-storm');
const PEER = 'tcp 203.0.113.9:443';
const SOCKETS = 3000;

describe('a workstation with thousands of connections to one outside peer', () => {
  const running: Running[] = [];
  let world: Deployment;
  /** What one sweep of the recorded machine finds, as `shoumi-agent check --json` says: rule|subject|STATUS. */
  let sweep: string[];

  beforeAll(async () => {
    world = await deployment();
    running.push(await world.startCollector());
    const checked = await run('shoumi-agent', ['check', '--json', '--root', ROOT]);
    const findings = (JSON.parse(checked.stdout) as { findings: UnsequencedFinding[] }).findings;
    sweep = findings
      .map((finding) => `${finding.ruleId}|${finding.subject}|${finding.status.toUpperCase()}`)
      .sort();
    expect(sweep).toContain(`connection-peers-allowed|${PEER}|FAIL`);
  });
  afterAll(async () => {
    await Promise.all(running.map((process) => process.kill('SIGKILL')));
    world?.admin.close();
  });

  const startAgent = (name: string, deviceId: string) => {
    const agent = world.startAgent(name, ['--root', ROOT, '--interval', '1h', '--device-id', deviceId]);
    running.push(agent);
    return agent;
  };
  const history = async (deviceId: string) =>
    (await world.admin.listFindings({ deviceId, history: true, limit: 1000 })).findings;
  const current = async (deviceId: string) =>
    (await world.admin.listFindings({ deviceId, limit: 1000 })).findings;
  const keysOf = (findings: readonly StoredFinding__Output[]) =>
    findings.map((finding) => `${finding.ruleId}|${finding.subject}|${finding.status}`).sort();

  it('stores every finding of the sweep, the peers FAIL with bounded evidence, and status counts it failing', async () => {
    const deviceId = 'e2e-peer-storm';
    const agent = startAgent('agent', deviceId);
    await eventually(
      async () => ((await world.lastSeq(deviceId)) >= sweep.length ? true : undefined),
      `all ${sweep.length} findings of the sweep`,
    );
    await agent.waitForLog('link connected');
    expect(keysOf(await current(deviceId))).toEqual(sweep);
    const stored = await history(deviceId);
    expect(expectContiguous(stored.map((finding) => finding.seq))).toEqual({ ok: true, problem: '' });

    const peers = stored.find((finding) => finding.ruleId === 'connection-peers-allowed');
    expect(peers).toMatchObject({ subject: PEER, status: 'FAIL', clause: '3.7.4' });
    expect(Buffer.byteLength(peers!.evidenceJson)).toBeLessThanOrEqual(EVIDENCE_BUDGET_BYTES);
    // Bounded either way, and still saying that all 3,000 sockets were seen: the engine summarised the
    // check's list of every socket (the `truncated` note), or the check counted them itself (a count and
    // the first few, as the check does once the per-peer summary of issue 12 is in).
    const evidence = JSON.parse(peers!.evidenceJson) as {
      sockets: number | Array<{ remote: { address: string; port: number } }>;
      firstSockets?: Array<{ remote: { address: string; port: number } }>;
      truncated?: { originalBytes: number; lists: Array<{ path: string; total: number; kept: number }> };
    };
    if (evidence.truncated !== undefined) {
      const kept = evidence.sockets as Array<{ remote: { address: string; port: number } }>;
      expect(evidence.truncated.lists).toEqual([{ path: 'sockets', total: SOCKETS, kept: kept.length }]);
      expect(evidence.truncated.originalBytes).toBeGreaterThan(FINDING_LIMITS.evidenceJsonBytes);
      expect(kept[0]!.remote).toEqual({ address: '203.0.113.9', port: 443 });
    } else {
      expect(evidence.sockets).toBe(SOCKETS);
      expect(evidence.firstSockets?.[0]?.remote).toEqual({ address: '203.0.113.9', port: 443 });
    }

    // Nothing was refused on the way.
    const store = await openSqliteStore(path.join(world.dir, 'collector', 'collector.sqlite'));
    try {
      expect(await store.listRefusals({ deviceId, afterSeq: 0, upToSeq: 1_000_000, limit: 10 })).toEqual([]);
    } finally {
      await store.close();
    }

    const status = await run('shoumictl', world.ctl(['--json', 'status']));
    expect(status.code).toBe(0);
    expect(JSON.parse(status.stdout)).toMatchObject({ devices: 1, compliant: 0, failing: 1 });
    const table = await run('shoumictl', world.ctl(['status']));
    expect(table.stdout).toContain('devices 1   compliant 0   failing 1');
    expect(table.stdout).toContain(deviceId);
  });

  it('delivers everything behind the unbounded finding an older agent left in its outbox, and keeps that one', async () => {
    const deviceId = 'e2e-peer-storm-old-outbox';
    const name = 'old-agent';
    const outboxDir = path.join(world.agentDataDir(name), 'outbox');
    // The finding as an agent before bounded findings wrote it: every socket of the recorded machine.
    const network = await linuxNetworkProbe.read(machineRoot(ROOT));
    if (!network.ok) throw new Error(network.reason);
    const sockets = network.facts.connections.filter((socket) => socket.remote.address === '203.0.113.9');
    expect(sockets).toHaveLength(SOCKETS);
    const old = await openOutbox(outboxDir);
    const appended = await old.append([
      {
        ruleId: 'connection-peers-allowed',
        clause: '3.7.4',
        subject: PEER,
        status: 'fail',
        severity: 'critical',
        evidence: { sockets, allowedNetworks: [], allowedNetworksFrom: 'rule' },
        reason: `ESTABLISHED tcp connection to 203.0.113.9:443, outside the allowed networks (none)`,
        observedAtMs: Date.now(),
        sweepId: '',
      },
    ]);
    if (!appended.ok) throw new Error(appended.message);
    const oldBytes = Buffer.byteLength(JSON.stringify(appended.findings[0]!.evidence));
    expect(oldBytes).toBeGreaterThan(FINDING_LIMITS.evidenceJsonBytes);
    await old.close();

    const agent = startAgent(name, deviceId);
    // The sweep and the report of the refused record: one more than the sweep, past seq 1.
    await eventually(
      async () => ((await world.lastSeq(deviceId)) >= sweep.length + 2 ? true : undefined),
      'the sweep and the refusal report',
    );
    await agent.waitForLog('finding refused for good');

    const stored = await history(deviceId);
    expect(stored.map((finding) => finding.seq)).not.toContain(1);
    const reports = stored.filter((finding) => JSON.parse(finding.evidenceJson).refusedRecord?.seq === 1);
    expect(reports).toHaveLength(1);
    expect(JSON.parse(reports[0]!.evidenceJson).refusedRecord).toMatchObject({
      refusedBy: 'agent',
      reason: `evidence_json: expected at most ${FINDING_LIMITS.evidenceJsonBytes} bytes`,
      keptAs: path.join(outboxDir, 'refused', refusedFileName(1)),
    });
    // The sweep's own verdict for the peer is the current one, whichever order the two were appended in.
    const now = await current(deviceId);
    expect(now.find((finding) => finding.ruleId === 'connection-peers-allowed')).toMatchObject({
      subject: PEER,
      status: 'FAIL',
    });
    expect(keysOf(now.filter((finding) => finding.ruleId !== REFUSED_RECORD_RULE_ID))).toEqual(sweep);

    // The refused record is kept on the workstation, whole, with the reason.
    expect(await readdir(path.join(outboxDir, 'refused'))).toEqual([refusedFileName(1)]);
    const [kept] = await (await openRefusedRecords(outboxDir)).list();
    expect(kept).toMatchObject({ seq: 1, refusedBy: 'agent' });
    expect(Buffer.byteLength(JSON.stringify(kept!.record.evidence))).toBe(oldBytes);
  });
});
