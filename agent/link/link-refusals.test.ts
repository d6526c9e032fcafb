// The real link against the real collector (in process, real SQLite, gRPC over loopback with mTLS): an outbox
// holding records that can never be stored — as an agent from before bounded findings left it — delivers
// everything behind them, and each refusal is kept on the workstation and reaches the collector as a
// finding of its own. Then: a settlement cut short after its report (the ack never written, as a crash
// would leave it) is told again by the collector's hello answer, and reported once.
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StoredFinding } from '../../collector/store/store';
import type { UnsequencedFinding } from '../../policies/model';
import { FINDING_LIMITS } from '../../proto/finding-limits';
import { type InProcessCollector, inProcessCollector } from '../../test/support/in-process-collector';
import { eventually } from '../../test/support/processes';
import { agentLog } from '../agent-log';
import { type Outbox, openOutbox } from '../outbox/outbox';
import { REFUSED_RECORD_RULE_ID } from '../outbox/refused-record-finding';
import { type KeptRefusal, openRefusedRecords, refusedFileName } from '../outbox/refused-records';
import { openReportedState } from '../reported-state';
import { fullJitterBackoff } from './backoff';
import type { SettleRefused } from './delivery';
import { type Link, startLink } from './link';
import { settleRefusals } from './settle-refusals';

let world: InProcessCollector;
beforeAll(async () => {
  world = await inProcessCollector('link-refusals');
});
afterAll(async () => {
  await world?.stop();
});

const PEER = 'tcp 203.0.113.9:443';
const finding = (subject: string, overrides: Partial<UnsequencedFinding> = {}): UnsequencedFinding => ({
  ruleId: 'connection-peers-allowed',
  clause: '3.7.4',
  subject,
  status: 'fail',
  severity: 'critical',
  evidence: { peer: subject },
  reason: `a live connection to ${subject}`,
  observedAtMs: 1_767_225_600_000,
  sweepId: '',
  ...overrides,
});
/** Evidence the collector refuses: nested deeper than the wire allows (the agent does not check depth). */
const deep = (levels: number): Record<string, unknown> =>
  levels === 0 ? { end: true } : { d: deep(levels - 1) };
const DEPTH_REASON = `evidence_json: expected at most ${FINDING_LIMITS.evidenceDepth} levels of nesting`;
const SIZE_REASON = `evidence_json: expected at most ${FINDING_LIMITS.evidenceJsonBytes} bytes`;

interface Agent {
  dataDir: string;
  outbox: Outbox;
  link: Link;
  lines: string[];
  stop(): Promise<void>;
}

async function agentWith(
  deviceId: string,
  records: UnsequencedFinding[],
  wrap: (settle: SettleRefused) => SettleRefused = (settle) => settle,
): Promise<Agent> {
  const dataDir = await mkdtemp(join(tmpdir(), 'shoumi-link-refusals-'));
  const device = await world.trust.deviceCredentials(deviceId);
  const outbox = await openOutbox(join(dataDir, 'outbox'));
  const appended = await outbox.append(records);
  if (!appended.ok) throw new Error(appended.message);
  const reported = await openReportedState(dataDir);
  const lines: string[] = [];
  const log = agentLog((line) => lines.push(line));
  const link = startLink({
    collector: world.collector.agentAddress,
    deviceId,
    agentVersion: 'test',
    hardware: { hostname: deviceId },
    outbox,
    policyVersion: () => '',
    onPolicy: () => {},
    onSweep: () => {},
    onStateChange: (state, detail) => lines.push(`link ${state} ${detail ?? ''}`),
    settleRefused: wrap(
      settleRefusals({
        outbox,
        kept: await openRefusedRecords(join(dataDir, 'outbox')),
        markUnreported: (keys) => reported.markUnreported(keys),
        log,
      }),
    ),
    log,
    backoff: fullJitterBackoff({ baseMs: 20, capMs: 100 }),
    credentials: device.credentials,
  });
  return {
    dataDir,
    outbox,
    link,
    lines,
    async stop() {
      await link.stop();
      await outbox.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** Waits until the collector has acknowledged everything the outbox holds, and at least `seqs` of it. */
const drained = (agent: Agent, seqs: number) =>
  eventually(
    async () =>
      agent.outbox.lastAssignedSeq >= seqs && agent.outbox.lastAckedSeq === agent.outbox.lastAssignedSeq
        ? true
        : undefined,
    `the collector to acknowledge all of at least ${seqs} records`,
  );

async function history(deviceId: string): Promise<StoredFinding[]> {
  return (await world.collector.store.listFindings({ deviceId, history: true, limit: 1000 })).findings;
}
async function current(
  deviceId: string,
  ruleId: string,
  subject: string,
): Promise<StoredFinding | undefined> {
  const page = await world.collector.store.listFindings({ deviceId, ruleId, limit: 1000 });
  return page.findings.find((finding) => finding.subject === subject);
}
const refusalOf = (finding: StoredFinding | undefined) =>
  (finding?.evidence as { refusedRecord?: Record<string, unknown> } | undefined)?.refusedRecord;

describe('the link and refused records', () => {
  it('delivers everything behind a refused record, keeps it with the reason, and its report reaches the store', async () => {
    const deviceId = 'link-refusals-1';
    const agent = await agentWith(deviceId, [
      finding(PEER, { status: 'pass', evidence: { peer: PEER, inside: true } }), // 1: an older PASS
      finding(PEER, { evidence: deep(40) }), // 2: refused by the collector (depth)
      finding('tcp 198.51.100.1:22'), // 3
      finding('tcp 198.51.100.2:22', { clause: 'A.5' }), // 4: refused by the collector (clause): a notice
      finding('tcp 198.51.100.3:22', { evidence: { sockets: 'x'.repeat(FINDING_LIMITS.evidenceJsonBytes) } }), // 5: refused by the agent
      finding('tcp 198.51.100.4:22'), // 6
    ]);
    try {
      // Six records and a report for each of the three refused.
      await drained(agent, 9);
      expect(agent.outbox.lastAssignedSeq).toBe(9);

      const stored = await history(deviceId);
      expect(stored.map((finding) => finding.seq)).toEqual([1, 3, 6, 7, 8, 9]);
      // What the collector refused is on its record, with the reason; what the agent kept back never went.
      const refusals = await world.collector.store.listRefusals({
        deviceId,
        afterSeq: 0,
        upToSeq: 9,
        limit: 10,
      });
      expect(refusals.map(({ seq, ruleId, subject, reason }) => ({ seq, ruleId, subject, reason }))).toEqual([
        { seq: 2, ruleId: 'connection-peers-allowed', subject: PEER, reason: DEPTH_REASON },
        {
          seq: 4,
          ruleId: 'connection-peers-allowed',
          subject: 'tcp 198.51.100.2:22',
          reason: 'clause: expected a clause like "3.7.4", got "A.5"',
        },
      ]);

      // The key whose newer verdict was refused no longer stands on the older PASS.
      const peer = await current(deviceId, 'connection-peers-allowed', PEER);
      expect(peer).toMatchObject({ status: 'error', origin: 'agent' });
      expect(refusalOf(peer)).toMatchObject({ seq: 2, refusedBy: 'collector', reason: DEPTH_REASON });
      expect(peer?.reason).toContain(join(agent.dataDir, 'outbox', 'refused', refusedFileName(2)));
      const keptBack = await current(deviceId, 'connection-peers-allowed', 'tcp 198.51.100.3:22');
      expect(keptBack?.status).toBe('error');
      expect(refusalOf(keptBack)).toMatchObject({ seq: 5, refusedBy: 'agent', reason: SIZE_REASON });
      const notice = await current(deviceId, REFUSED_RECORD_RULE_ID, 'seq:4');
      expect(notice?.status).toBe('error');
      expect(refusalOf(notice)).toMatchObject({ seq: 4, clause: 'A.5', subject: 'tcp 198.51.100.2:22' });

      // Each refused record is kept on the workstation as it was, with the reason.
      const kept = await (await openRefusedRecords(join(agent.dataDir, 'outbox'))).list();
      expect(
        kept.map(({ seq, refusedBy, reason, record }: KeptRefusal) => [seq, refusedBy, reason, record.seq]),
      ).toEqual([
        [2, 'collector', DEPTH_REASON, 2],
        [4, 'collector', 'clause: expected a clause like "3.7.4", got "A.5"', 4],
        [5, 'agent', SIZE_REASON, 5],
      ]);
      expect(kept[0]?.record.evidence).toEqual(deep(40));
      // The reported state sends the real verdicts of the replaced keys again.
      const reported = await openReportedState(agent.dataDir);
      expect(reported.entries.get(`connection-peers-allowed\u0000${PEER}`)).toBe('unreported');
      expect(reported.entries.get('connection-peers-allowed\u0000tcp 198.51.100.3:22')).toBe('unreported');
    } finally {
      await agent.stop();
    }
  });

  it('a record the agent refused, not settled before a later record was stored, is settled when the hello’s ack covers it', async () => {
    const deviceId = 'link-refusals-3';
    let failed = 0;
    const agent = await agentWith(
      deviceId,
      [
        finding('tcp 198.51.100.7:22'),
        finding(PEER, { evidence: { sockets: 'x'.repeat(FINDING_LIMITS.evidenceJsonBytes) } }),
        finding('tcp 198.51.100.8:22'),
      ],
      // The first settlement of the agent's own refusal fails (a full disk, say): its seq 2 lies below
      // seq 3, which the collector stores meanwhile, so the next hello's Ack covers it unsent.
      (settle) => async (refused) => {
        if (failed === 0 && refused.some(({ refusedBy }) => refusedBy === 'agent')) {
          failed += 1;
          return { ok: false, message: 'ENOSPC: no space left on device' };
        }
        return settle(refused);
      },
    );
    try {
      await drained(agent, 4);
      expect(failed).toBe(1);
      expect((await history(deviceId)).map((finding) => finding.seq)).toEqual([1, 3, 4]);
      const report = await current(deviceId, 'connection-peers-allowed', PEER);
      expect(refusalOf(report)).toMatchObject({ seq: 2, refusedBy: 'agent', reason: SIZE_REASON });
      expect(await readdir(join(agent.dataDir, 'outbox', 'refused'))).toEqual([refusedFileName(2)]);
    } finally {
      await agent.stop();
    }
  });

  it('a refusal whose ack was never written is told again at the next hello, and reported once', async () => {
    const deviceId = 'link-refusals-2';
    let calls = 0;
    const agent = await agentWith(
      deviceId,
      [finding('tcp 198.51.100.7:22'), finding(PEER, { evidence: deep(40) }), finding('tcp 198.51.100.8:22')],
      // The first settlement runs whole, then "crashes" before the ack is written: the link must end the
      // stream without writing that ack, and the collector's answer to the next hello names it again.
      (settle) => async (refused) => {
        calls += 1;
        const outcome = await settle(refused);
        return calls === 1 ? { ok: false, message: 'simulated crash before the ack' } : outcome;
      },
    );
    try {
      await drained(agent, 4);
      expect(calls).toBe(2);
      expect(agent.lines.some((line) => line.includes('refused records not settled: simulated crash'))).toBe(
        true,
      );
      const stored = await history(deviceId);
      expect(stored.map((finding) => finding.seq)).toEqual([1, 3, 4]);
      expect(stored.filter((finding) => refusalOf(finding)?.seq === 2)).toHaveLength(1);
      expect(await readdir(join(agent.dataDir, 'outbox', 'refused'))).toEqual([refusedFileName(2)]);
    } finally {
      await agent.stop();
    }
  });
});
