// A partition of PARTITION_MS with findings produced all the while. The agent runs in its own network
// namespace and reaches the collector over a veth pair; the link is cut (ip link set down, both ends) and
// restored. Its outbox is bounded small (OUTBOX_MAX_MB) so that the bound is exercised: it must stay within
// it on disk, drop only superseded states, say so in agent-outbox-overflow findings, and after the cut
// every seq is stored exactly once or declared dropped, and the newest state of every key arrives.
//
//   root namespace                                   shoumi-t-part-<pid>
//   collector 0.0.0.0:<agent>,<enrol>  10.98.0.1/24 ── 10.98.0.2/24  agent (--outbox-max-mb 0.25)
//   admin 127.0.0.1 (the test's own calls)  veth shp<pid>h      veth shp<pid>a
//
// Needs root and iproute2; otherwise it says why and is skipped.
import { type ChildProcess, execFileSync, spawn, spawnSync } from 'node:child_process';
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type Deployment, deployment, sleep } from '../support/collector-fixture';
import { dist, eventually, freePort } from '../support/processes';
import { CLEAN_ROOT, lastAssignedSeq, producingArgs } from './fleet-under-fault';

/** The issue asks for "several minutes"; two are enough to fill a small bound many times over. */
const PARTITION_MS = 120_000;
const OUTBOX_MAX_MB = 0.25;
const OUTBOX_MAX_BYTES = Math.round(OUTBOX_MAX_MB * 1024 * 1024);
const NS = `shoumi-t-part-${process.pid}`;
const HOST_VETH = `shp${process.pid % 100000}h`;
const NS_VETH = `shp${process.pid % 100000}a`;
const HOST_IP = '10.98.0.1';
const NS_IP = '10.98.0.2';
const DEVICE = 'part-agent';

function whyNotNetns(): string | null {
  if (process.platform !== 'linux') return `network namespaces need Linux (this is ${process.platform})`;
  if (process.getuid?.() !== 0) return 'network namespaces need root (ip netns add)';
  const added = spawnSync('ip', ['netns', 'add', NS], { encoding: 'utf8' });
  if (added.error || added.status !== 0)
    return `ip netns add failed: ${added.error?.message ?? added.stderr.trim()}`;
  return null;
}
const reason = whyNotNetns();
if (reason) console.warn(`test/faults/partition.fault-test.ts skipped: ${reason}`);

const ip = (...args: string[]) => execFileSync('ip', args, { stdio: ['ignore', 'ignore', 'pipe'] });
const setLink = (state: 'up' | 'down') => {
  ip('link', 'set', HOST_VETH, state);
  ip('-n', NS, 'link', 'set', NS_VETH, state);
};

async function directoryBytes(dir: string): Promise<number> {
  let total = 0;
  for (const name of await readdir(dir).catch(() => [] as string[])) {
    total += (await stat(path.join(dir, name)).catch(() => ({ size: 0 }))).size;
  }
  return total;
}

interface StoredFinding {
  seq: number;
  ruleId: string;
  subject: string;
  status: string;
  evidenceJson: string;
}
async function storedFindings(world: Deployment): Promise<StoredFinding[]> {
  const findings: StoredFinding[] = [];
  let pageToken = '';
  do {
    const page = await world.admin.listFindings({ deviceId: DEVICE, history: true, limit: 1000, pageToken });
    for (const finding of page.findings)
      if (finding.origin === 'agent') findings.push(finding as StoredFinding);
    pageToken = page.nextPageToken;
  } while (pageToken);
  return findings;
}

describe.skipIf(reason !== null)('partition of the agent from the collector', () => {
  const children: ChildProcess[] = [];
  let world: Deployment | undefined;
  afterAll(async () => {
    for (const child of children) child.kill('SIGKILL');
    spawnSync('ip', ['link', 'del', HOST_VETH]);
    spawnSync('ip', ['netns', 'del', NS]);
    world?.admin.close();
  });

  it(
    `loses nothing over a ${PARTITION_MS / 1000} s cut, with the outbox within ${OUTBOX_MAX_MB} MB`,
    async () => {
      ip('link', 'add', HOST_VETH, 'type', 'veth', 'peer', 'name', NS_VETH, 'netns', NS);
      ip('addr', 'add', `${HOST_IP}/24`, 'dev', HOST_VETH);
      ip('-n', NS, 'addr', 'add', `${NS_IP}/24`, 'dev', NS_VETH);
      ip('-n', NS, 'link', 'set', 'lo', 'up');
      setLink('up');

      world = await deployment({ serverIps: [HOST_IP] });
      const agentPort = await freePort();
      const enrolPort = await freePort();
      // Later options win (commander): the agent and enrolment ports on every address, the veth's included.
      const collector = await world.startCollector([
        '--listen',
        `0.0.0.0:${agentPort}`,
        '--enrol-listen',
        `0.0.0.0:${enrolPort}`,
      ]);
      children.push(collector.child);

      const dataDir = world.agentDataDir(DEVICE);
      const outboxDir = path.join(dataDir, 'outbox');
      const startInNamespace = (args: string[]) => {
        let output = '';
        const child = spawn(
          'ip',
          [
            'netns',
            'exec',
            NS,
            process.execPath,
            dist('shoumi-agent'),
            'run',
            '--collector',
            `${HOST_IP}:${agentPort}`,
            '--enrol',
            `${HOST_IP}:${enrolPort}`,
            '--token',
            world!.trust.token(),
            '--ca-sha256',
            world!.trust.caSha256,
            '--data',
            dataDir,
            '--outbox-max-mb',
            String(OUTBOX_MAX_MB),
            ...args,
          ],
          { stdio: ['ignore', 'pipe', 'pipe'] },
        );
        children.push(child);
        child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
        child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
        const exited = new Promise((resolve) => child.once('exit', resolve));
        return {
          tail: () => output.slice(-3000),
          stop: async () => {
            child.kill('SIGTERM');
            await exited;
          },
        };
      };
      const status = async () =>
        JSON.parse(await readFile(path.join(dataDir, 'status.json'), 'utf8')) as {
          link: string;
          outboxDepth: number;
        };

      const agent = startInNamespace(producingArgs(DEVICE, '200ms'));
      await eventually(
        async () => ((await world!.lastSeq(DEVICE)) > 100 ? true : undefined),
        `agent streaming over the veth (agent output:\n${agent.tail()})`,
        60_000,
      );

      const seqAtCut = await world.lastSeq(DEVICE);
      setLink('down');
      const cutAt = Date.now();
      let maxOutboxBytes = 0;
      let maxDepth = 0;
      while (Date.now() - cutAt < PARTITION_MS) {
        maxOutboxBytes = Math.max(maxOutboxBytes, await directoryBytes(outboxDir));
        maxDepth = Math.max(maxDepth, (await status().catch(() => ({ outboxDepth: 0 }))).outboxDepth);
        await sleep(250);
      }
      const seqAtRestore = await world.lastSeq(DEVICE);
      setLink('up');
      const restoredAt = Date.now();

      // Drained: connected again and the outbox back to what one 200 ms sweep leaves in flight.
      const drainedAt = await eventually(
        async () => {
          const now = await status();
          return now.link === 'connected' &&
            now.outboxDepth <= 60 &&
            (await world!.lastSeq(DEVICE)) > seqAtRestore
            ? Date.now()
            : undefined;
        },
        `the collector catching up after the link came back (agent output:\n${agent.tail()})`,
        120_000,
        100,
      );
      await agent.stop();
      // What the producer left unsent at SIGTERM goes with a quiet agent (hourly, changes only), as drain()
      // does for the other suites; its own first sweep may append a few, so repeat until all are stored.
      let produced = await lastAssignedSeq(world, DEVICE);
      for (let round = 1; (await world.lastSeq(DEVICE)) < produced; round++) {
        expect(round, 'drainer runs').toBeLessThanOrEqual(4);
        const drainer = startInNamespace(['--root', CLEAN_ROOT, '--interval', '1h', '--no-events']);
        await eventually(
          async () => ((await world!.lastSeq(DEVICE)) >= produced ? true : undefined),
          `all ${produced} at the collector (drainer output:\n${drainer.tail()})`,
          60_000,
          250,
        );
        await drainer.stop();
        produced = await lastAssignedSeq(world, DEVICE);
      }

      const stored = await storedFindings(world);
      const seqs = stored.map((finding) => finding.seq).sort((a, b) => a - b);
      const duplicates = seqs.filter((seq, index) => index > 0 && seqs[index - 1] === seq);
      const overflow = stored.filter((finding) => finding.ruleId === 'agent-outbox-overflow');
      const declared = new Set<number>();
      for (const finding of overflow) {
        for (const [first, last] of JSON.parse(finding.evidenceJson).droppedRanges as [number, number][]) {
          for (let seq = first; seq <= last; seq++) declared.add(seq);
        }
      }
      const storedSet = new Set(seqs);
      const lastStored = seqs.at(-1) ?? 0;
      const missing: number[] = [];
      for (let seq = 1; seq <= lastStored; seq++)
        if (!storedSet.has(seq) && !declared.has(seq)) missing.push(seq);
      const deliveredThoughDeclared = [...declared].filter((seq) => storedSet.has(seq)).length;

      // The newest state of every (rule, subject) the agent queued before SIGTERM is stored.
      const newestStored = new Map<string, StoredFinding>();
      for (const finding of stored) newestStored.set(`${finding.ruleId}\u0000${finding.subject}`, finding);

      const figures = {
        partitionMs: PARTITION_MS,
        boundBytes: OUTBOX_MAX_BYTES,
        maxOutboxDirBytes: maxOutboxBytes,
        maxOutboxDepth: maxDepth,
        storedAtCut: seqAtCut,
        storedDuringCut: seqAtRestore - seqAtCut,
        produced,
        stored: seqs.length,
        declaredDropped: declared.size,
        deliveredThoughDeclared,
        overflowFindings: overflow.length,
        drainMs: drainedAt - restoredAt,
        missing: missing.length,
        duplicates: duplicates.length,
      };
      console.log('[faults] partition', JSON.stringify(figures));

      expect(seqAtRestore - seqAtCut, 'nothing got through the cut link').toBeLessThan(200);
      expect(duplicates).toEqual([]);
      expect(missing.slice(0, 20)).toEqual([]);
      expect(overflow.length).toBeGreaterThan(0);
      expect(declared.size).toBeGreaterThan(1000);
      // Records plus the ack, dropped list and one segment being rewritten beside its original.
      expect(maxOutboxBytes).toBeLessThanOrEqual(OUTBOX_MAX_BYTES + OUTBOX_MAX_BYTES / 8 + 16 * 1024);
      expect(lastStored).toBe(produced);
      // Drops took only superseded states: every (rule, subject) ever stored has a state stored after the cut.
      const staleKeys = [...newestStored.entries()]
        .filter(([, finding]) => !finding.ruleId.startsWith('agent-outbox-') && finding.seq <= seqAtRestore)
        .map(([key]) => key.replace('\u0000', ' '));
      expect(staleKeys).toEqual([]);
    },
    PARTITION_MS + 240_000,
  );
});
