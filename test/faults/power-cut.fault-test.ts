// Power cut: the agent inside a QEMU guest (test/kernel/guest.ts, Debian's kernel under TCG) keeps its data
// directory on a real disk, an ext4 image (mkfs.ext4 on the host) on virtio-blk. It enrols and streams, then
// the collector stops and the agent goes on producing offline (every finding of a sweep each second) into
// its outbox. QMP `system_reset` resets the machine without shutdown; the guest boots again, the agent
// recovers its outbox from the disk and, once the collector is back, delivers: every seq up to what it had
// reported durable before the reset is stored, exactly once, and the numbering stays gap-free.
//
// What "fsynced" is measured by: the agent writes DATA/status.json (outboxDepth) only after an append has
// resolved, i.e. after fdatasync; read through the guest just before the reset, collector-last-seq +
// depth is a lower bound on what the disk must give back. The reset drops the guest's page cache (anything
// the agent wrote but had not fsynced); QEMU's own host-side cache survives it (QEMU keeps running), so this
// is a guest power cut, not a host one.
//
// The harness's initramfs lacks ext4 and virtio_blk: the Debian kernel's own modules are appended as a
// second cpio archive (the kernel unpacks concatenated archives) and loaded with insmod in dependency order.
// Needs what `npm run test:kernel` builds (.cache/kernel/vmlinux, live-initramfs.cpio); fails saying so.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cp, mkdir, readFile, rm, truncate, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { bootGuest, type Guest, KERNEL_CACHE } from '../kernel/guest';
import { type Deployment, deployment, expectContiguous, sleep } from '../support/collector-fixture';
import { dist, eventually, REPO, type Running } from '../support/processes';

const DEVICE = 'power-cut-guest';
/** How long the agent produces offline before the reset. */
const OFFLINE_MS = 20_000;
const WORK = path.join(KERNEL_CACHE, 'power-cut');
const KERNEL_RELEASE = '6.1.0-57-amd64';
/** ext4 and virtio_blk with what they need beyond the harness's initramfs, in load order (modprobe -D). */
const EXTRA_MODULES = [
  'kernel/crypto/crc32c_generic.ko',
  'kernel/fs/jbd2/jbd2.ko',
  'kernel/fs/mbcache.ko',
  'kernel/fs/ext4/ext4.ko',
  'kernel/drivers/block/virtio_blk.ko',
];

async function initramfsWithDisk(): Promise<string> {
  const base = path.join(KERNEL_CACHE, 'live-initramfs.cpio');
  if (!existsSync(base)) throw new Error(`${base} is missing: run test/kernel/test-kernel.sh (builds it)`);
  const tree = path.join(WORK, 'extra');
  for (const module of EXTRA_MODULES) {
    const from = path.join('/lib/modules', KERNEL_RELEASE, module);
    if (!existsSync(from))
      throw new Error(`${from} is missing (apt-get install linux-image-${KERNEL_RELEASE})`);
    await mkdir(path.join(tree, 'extra'), { recursive: true });
    await cp(from, path.join(tree, 'extra', path.basename(module)));
  }
  const extra = path.join(WORK, 'extra.cpio');
  execFileSync('sh', ['-c', `cd '${tree}' && find . | cpio -o -H newc --quiet > '${extra}'`]);
  const combined = path.join(WORK, 'initramfs.cpio');
  execFileSync('sh', ['-c', `cat '${base}' '${extra}' > '${combined}'`]);
  return combined;
}

const mountDisk = `
modprobe crc16 # in the harness's initramfs already; ext4 needs it
for m in ${EXTRA_MODULES.map((module) => path.basename(module)).join(' ')}; do insmod /extra/$m || modprobe \${m%.ko}; done
modprobe virtio_pci 2>/dev/null
wait_for /dev/vda 10 || { echo "shoumi-power-cut: no /dev/vda"; poweroff -f; }
mkdir -p /data && mount -t ext4 /dev/vda /data || { echo "shoumi-power-cut: mount failed"; poweroff -f; }
echo "shoumi-power-cut: disk mounted, boot $(cat /data/boots 2>/dev/null || echo 0)"
echo $(( $(cat /data/boots 2>/dev/null || echo 0) + 1 )) >/data/boots
`;

describe('power cut of an offline agent in a QEMU guest', () => {
  let world: Deployment | undefined;
  let collector: Running | undefined;
  let guest: Guest | undefined;
  afterAll(async () => {
    await guest?.shutdown();
    if (guest) await writeFile(path.join(WORK, 'console.log'), guest.console());
    await collector?.kill('SIGKILL');
    world?.admin.close();
  });

  it('delivers every finding fsynced before the reset, exactly once, after reboot and reconnect', async () => {
    await rm(WORK, { recursive: true, force: true });
    await mkdir(WORK, { recursive: true });
    const initrd = await initramfsWithDisk();
    const disk = path.join(WORK, 'data.ext4');
    await writeFile(disk, '');
    await truncate(disk, 128 << 20);
    execFileSync('mkfs.ext4', ['-q', '-F', disk]);

    world = await deployment({ serverIps: ['10.0.2.100'] });
    collector = await world.startCollector();
    const share = path.join(WORK, 'share');
    await mkdir(path.join(share, 'dist'), { recursive: true });
    await cp(dist('shoumi-agent'), path.join(share, 'dist', 'shoumi-agent.cjs'));
    await cp(path.join(REPO, 'proto', 'shoumi'), path.join(share, 'proto', 'shoumi'), { recursive: true });
    await mkdir(path.join(share, 'policies'));
    await cp(path.join(REPO, 'policies', 'baseline.yaml'), path.join(share, 'policies', 'baseline.yaml'));
    await writeFile(
      path.join(share, 'agent.args'),
      `--collector 10.0.2.100:7700 --enrol 10.0.2.100:7702 --token ${world.trust.token()} ` +
        `--ca-sha256 ${world.trust.caSha256} --data /data/agent --interval 1s --report-unchanged ` +
        `--no-events --heartbeat 2s --device-id ${DEVICE}\n`,
    );
    const lib = await readFile(path.join(REPO, 'test', 'kernel', 'guest', 'lib.sh'), 'utf8');
    const live = await readFile(path.join(REPO, 'test', 'kernel', 'guest', 'live.sh'), 'utf8');

    guest = await bootGuest({
      share,
      qmpSocket: path.join(WORK, 'qmp.sock'),
      initrd,
      forwards: [
        { guest: '10.0.2.100:7700', host: world.agentAddress },
        { guest: '10.0.2.100:7702', host: world.enrolAddress },
      ],
      priority: -10,
      initScript: `set -u\n${lib}\n${mountDisk}\n${live}`,
      // guest.ts passes -no-reboot, which turns a QMP system_reset into a shutdown; the later -action wins.
      extraArgs: ['-action', 'reboot=reset', '-drive', `file=${disk},format=raw,if=virtio,cache=none`],
    });
    await guest.waitForConsole(/shoumi-live: ready/, 90_000);
    await eventually(
      async () => ((await world!.lastSeq(DEVICE)) > 0 ? true : undefined),
      `first findings from the guest\n${guest.console().slice(-3000)}`,
      120_000,
      250,
    );

    // Offline: the collector goes away; the guest's forwards now reach a closed port.
    const storedBeforeCut = await world.lastSeq(DEVICE);
    await collector.kill('SIGTERM');
    await sleep(OFFLINE_MS);
    const status = JSON.parse((await guest.exec('cat /data/agent/status.json', 20_000)).output) as {
      outboxDepth: number;
      lastAckedSeq?: number;
    };
    // The agent's ack can be ahead of what we read before the stop, never behind what it acked: a lower bound.
    const fsyncedAtLeast = Math.max(storedBeforeCut, status.lastAckedSeq ?? 0) + status.outboxDepth;
    const resetAt = Date.now();
    await guest.qmp('system_reset');
    await guest.waitForConsole(/shoumi-live: ready \(agent pid \d+\)[\s\S]*shoumi-live: ready/, 90_000);

    // run.sh's lines before live.sh's `exec >/dev/console` go to the share's guest.log (guest/init).
    const guestLog = await readFile(path.join(share, 'guest.log'), 'utf8');
    expect(guestLog, 'the same disk mounted on the second boot').toMatch(/disk mounted, boot 1/);

    collector = await world.startCollector();
    const deliveredAt = await eventually(
      async () => ((await world!.lastSeq(DEVICE)) >= fsyncedAtLeast ? Date.now() : undefined),
      `seq ${fsyncedAtLeast} at the collector after the reset\n${guest.console().slice(-3000)}`,
      120_000,
      250,
    );
    const seqs = await world.storedSeqs(DEVICE);
    // A recovery that lost fsynced records would number new findings from a lower seq; ingest would keep the
    // first copy of each seq, so contiguity alone cannot see it. Every seq up to the bound must hold a finding
    // observed before the reset (the guest takes over 10 s to boot and sweep again).
    let producedAfterReset = 0;
    let pageToken = '';
    do {
      const page = await world.admin.listFindings({
        deviceId: DEVICE,
        history: true,
        limit: 1000,
        pageToken,
      });
      for (const finding of page.findings) {
        if (
          finding.origin === 'agent' &&
          finding.seq <= fsyncedAtLeast &&
          finding.observedAtMs > resetAt + 5000
        ) {
          producedAfterReset++;
        }
      }
      pageToken = page.nextPageToken;
    } while (pageToken);
    const contiguous = expectContiguous(seqs);
    const recovered = /outbox recovered from damage[^\n]*/.exec(guest.console())?.[0] ?? 'clean';
    const figures = {
      offlineMs: OFFLINE_MS,
      storedBeforeCut,
      outboxDepthAtReset: status.outboxDepth,
      fsyncedAtLeast,
      storedAfter: seqs.length,
      lastStored: seqs.at(-1),
      resetToDeliveredMs: deliveredAt - resetAt,
      seqsAtOrBelowBoundObservedAfterReset: producedAfterReset,
      recovery: recovered.slice(0, 300),
    };
    console.log('[faults] power cut', JSON.stringify(figures));
    expect(status.outboxDepth, 'the agent produced while offline').toBeGreaterThan(20);
    expect(contiguous.problem).toBe('');
    expect(seqs.length).toBeGreaterThanOrEqual(fsyncedAtLeast);
    expect(producedAfterReset, 'seqs below the fsynced bound reused after the reset').toBe(0);
  }, 420_000);
});
