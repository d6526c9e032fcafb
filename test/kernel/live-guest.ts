// The agent from dist/ in a QEMU guest on Debian's kernel, streaming to a real collector on the host: the
// set-up the live kernel suite and the detection bench share. The guest reaches the collector as
// 10.0.2.100 through QEMU user networking (restrict=on; one guestfwd per port, nothing else reachable), and
// QMP hot-plugs emulated USB devices onto its xhci controller.
import { cp, mkdir, readFile, rm, truncate, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { ListFindingsRequest } from '../../proto/generated/shoumi/v1/ListFindingsRequest';
import type { StoredFinding__Output } from '../../proto/generated/shoumi/v1/StoredFinding';
import { type Deployment, deployment } from '../support/collector-fixture';
import { dist, eventually, REPO, type Running } from '../support/processes';
import { bootGuest, type Guest, KERNEL_CACHE } from './guest';

export const DEVICE_ID = 'kernel-guest';
export const HOTPLUG_LOG = 'hotplug finding acknowledged';

// Guest and collector above other work on the host (see GuestOptions.priority); -10, not the maximum.
export const PRIORITY = -10;
function raisePriority(pid: number) {
  try {
    os.setPriority(pid, PRIORITY);
  } catch {
    // not root: measured at normal priority, as the figures' `priority` field says
  }
}

export interface LiveGuestOptions {
  /** Working directory under .cache/kernel/ (share, console and collector logs, the stick image). */
  name: string;
  /** The agent's schedule (`--interval`). */
  interval: string;
  /** Extra arguments for the guest's node before the bundle (e.g. --cpu-prof). */
  nodeArgs?: string[];
}

export interface LiveGuest {
  world: Deployment;
  collector: Running;
  guest: Guest;
  /** Host directory shared into the guest as /mnt/host. */
  share: string;
  boot: { qemuStartToAgentStartedMs: number; qemuStartToFirstFindingsMs: number };
  findings(query?: Partial<ListFindingsRequest>): Promise<StoredFinding__Output[]>;
  /** The first stored finding (history) received at or after `sinceMs` that `match` accepts. */
  waitForFinding(
    what: string,
    sinceMs: number,
    match: (finding: StoredFinding__Output) => boolean,
    timeoutMs?: number,
  ): Promise<StoredFinding__Output>;
  /** Plugs QEMU's usb-storage with this serial; resolves with host time when device_add returned. */
  plugStick(id: string, serial: string): Promise<number>;
  /** Unplugs a device; resolves with host time when QEMU reported it deleted. */
  unplug(id: string): Promise<number>;
  /** The agent's own event → acknowledged lines, from its JSON log on the guest console. */
  hotplugLines(): Record<string, unknown>[];
  /** Runs a busybox sh script in the guest; rejects with the output when it fails. */
  inGuest(script: string, timeoutMs?: number): Promise<string>;
  /** Shuts the guest down, keeps its console and the collector's log beside the share, stops the collector. */
  stop(): Promise<void>;
}

export async function startLiveGuest(options: LiveGuestOptions): Promise<LiveGuest> {
  await readFile(dist('shoumi-agent'), 'utf8').catch(() => {
    throw new Error('dist/shoumi-agent.cjs is missing: npm run build');
  });
  const dir = path.join(KERNEL_CACHE, options.name);
  // The guest reaches the collector as 10.0.2.100, so the server certificate must name that address.
  const world = await deployment({ serverIps: ['10.0.2.100'] });
  // The suite polls the admin API every 25 ms to time detection: far above an administrator's 1 call/s.
  const collector = await world.startCollector(['--admin-rate-limit', '200,20000']);
  raisePriority(collector.child.pid!);

  await rm(dir, { recursive: true, force: true });
  const share = path.join(dir, 'share');
  await mkdir(path.join(share, 'dist'), { recursive: true });
  await mkdir(path.join(share, 'prof')); // for --cpu-prof-dir=/mnt/host/prof
  await cp(dist('shoumi-agent'), path.join(share, 'dist', 'shoumi-agent.cjs'));
  // What the bundle reads beside itself at run time: the .proto contract and the baseline policy.
  await cp(path.join(REPO, 'proto', 'shoumi'), path.join(share, 'proto', 'shoumi'), { recursive: true });
  await mkdir(path.join(share, 'policies'));
  await cp(path.join(REPO, 'policies', 'baseline.yaml'), path.join(share, 'policies', 'baseline.yaml'));
  const stickImage = path.join(dir, 'stick.img');
  await writeFile(stickImage, '');
  await truncate(stickImage, 16 << 20);
  await writeFile(
    path.join(share, 'agent.args'),
    `--collector 10.0.2.100:7700 --enrol 10.0.2.100:7702 --token ${world.trust.token()} ` +
      `--ca-sha256 ${world.trust.caSha256} --data /tmp/agent --interval ${options.interval} ` +
      `--device-id ${DEVICE_ID}\n`,
  );
  await writeFile(path.join(share, 'node.args'), `${(options.nodeArgs ?? []).join(' ')}\n`);
  const lib = await readFile(path.join(import.meta.dirname, 'guest', 'lib.sh'), 'utf8');
  const live = await readFile(path.join(import.meta.dirname, 'guest', 'live.sh'), 'utf8');

  const bootStart = Date.now();
  let guest: Guest;
  try {
    guest = await bootGuest({
      share,
      qmpSocket: path.join(dir, 'qmp.sock'),
      forwards: [
        { guest: '10.0.2.100:7700', host: world.agentAddress },
        { guest: '10.0.2.100:7702', host: world.enrolAddress },
      ],
      priority: PRIORITY,
      initScript: `set -u\n${lib}\n${live}`,
      extraArgs: [
        '-device',
        'qemu-xhci,id=xhci',
        // One backing image for every stick; -blockdev nodes (unlike -drive) outlive a device_del.
        '-blockdev',
        `driver=file,filename=${stickImage},node-name=stick-file`,
        '-blockdev',
        'driver=raw,file=stick-file,node-name=stick',
      ],
    });
  } catch (error) {
    await collector.kill();
    world.admin.close();
    throw error;
  }

  const findings = async (query: Partial<ListFindingsRequest> = { history: true }) => {
    const found: StoredFinding__Output[] = [];
    let pageToken = '';
    do {
      const page = await world.admin.listFindings({ deviceId: DEVICE_ID, limit: 1000, ...query, pageToken });
      found.push(...page.findings);
      pageToken = page.nextPageToken;
    } while (pageToken);
    return found;
  };

  const live_: LiveGuest = {
    world,
    collector,
    guest,
    share,
    boot: { qemuStartToAgentStartedMs: 0, qemuStartToFirstFindingsMs: 0 },
    findings,
    waitForFinding: (what, sinceMs, match, timeoutMs = 15_000) =>
      eventually(
        async () => (await findings()).find((finding) => finding.receivedAtMs >= sinceMs && match(finding)),
        what,
        timeoutMs,
        25,
      ),
    async plugStick(id, serial) {
      await guest.qmp('device_add', { driver: 'usb-storage', bus: 'xhci.0', drive: 'stick', serial, id });
      return Date.now();
    },
    async unplug(id) {
      await guest.qmp('device_del', { id });
      await guest.waitForEvent('DEVICE_DELETED', (event) => event.data?.device === id);
      return Date.now();
    },
    hotplugLines: () =>
      guest
        .console()
        .split(/\r?\n/)
        .map((line) => line.slice(line.indexOf('{')))
        .filter((line) => line.startsWith('{') && line.includes(HOTPLUG_LOG))
        .flatMap((line) => {
          try {
            return [JSON.parse(line) as Record<string, unknown>];
          } catch {
            return []; // a kernel message cut into the line
          }
        })
        .filter((line) => line.message === HOTPLUG_LOG),
    async inGuest(script, timeoutMs) {
      const { code, output } = await guest.exec(script, timeoutMs);
      if (code !== 0) throw new Error(`guest command failed (${code}): ${script}\n${output}`);
      return output;
    },
    async stop() {
      await guest.shutdown();
      // Kept for whoever reads a failure: the guest's console (agent log lines included), the collector's log.
      await writeFile(path.join(dir, 'console.log'), guest.console());
      await writeFile(path.join(dir, 'collector.log'), collector.output());
      await collector.kill();
      world.admin.close();
    },
  };

  try {
    await guest.waitForConsole(/shoumi-live: ready/, 60_000);
    live_.boot.qemuStartToAgentStartedMs = Date.now() - bootStart;
    await eventually(
      async () => ((await findings()).length > 0 ? true : undefined),
      'first findings',
      60_000,
    );
    live_.boot.qemuStartToFirstFindingsMs = Date.now() - bootStart;
  } catch (error) {
    await live_.stop();
    throw error;
  }
  return live_;
}
