// A Debian 12 guest with systemd as PID 1 (test/systemd/build-image.sh) under QEMU: TCG, or KVM when
// /dev/kvm is there. The disk is the cached image with snapshot=on (writes live only as long as this QEMU,
// which keeps them across a guest reboot). The host commands the guest through the 9p share: it drops
// cmd/<n>.sh, the image's shoumi-test-runner unit runs it as root and leaves <n>.out and <n>.rc. Each boot the
// runner prints `shoumi-test-runner ready boot=<id>` on the serial console, which is how a reboot is seen
// to be over. The guest reaches host loopback services only through guestfwd (restrict=on).
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createWriteStream, existsSync } from 'node:fs';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { openQmp, type QmpClient } from '../kernel/qmp-client';
import { REPO } from '../support/processes';

export const GUEST_CACHE = path.join(REPO, '.cache', 'systemd-guest');
export const BUILD_SCRIPT = 'test/systemd/build-image.sh';
const TCP_BRIDGE = path.join(REPO, 'test', 'kernel', 'tcp-bridge.mjs');
const READY = /shoumi-test-runner ready boot=([0-9a-f-]{36})/g;

export interface SystemdGuestOptions {
  /** Working directory: the 9p share, the console log and the QMP socket go here. */
  dir: string;
  /** Guest TCP endpoints joined to host loopback services (QEMU guestfwd); nothing else is reachable. */
  forwards: { guest: string; host: string }[];
  /**
   * 1 by default. After a guest reboot under TCG, Debian's 6.1 kernel (booted as the ELF, PVH) reports a soft
   * lockup early in its boot: over 130 s with 2 vCPUs, about 50 s with 1 (seen here, 2 host cores under load;
   * the first boot has none). The bzImage showed no lockup but boots slower (its own decompression).
   */
  cpus?: number;
  memoryMiB?: number;
  /** Another kernel than the image's (a bzImage instead of the ELF, say). */
  kernel?: string;
  /** Scheduling priority for QEMU (root only; see test/kernel/guest.ts for why). */
  priority?: number;
}

export interface SystemdGuest {
  /** Host directory mounted in the guest at /mnt/host. */
  share: string;
  accelerator: 'kvm' | 'tcg';
  console(): string;
  /** Boot ids the command runner announced, in order (one per boot). */
  boots(): string[];
  /** Resolves with the id of boot number `count` (1-based) once its runner is ready. */
  waitForBoot(count: number, timeoutMs?: number): Promise<string>;
  /** Runs a bash script as root in the guest; resolves with its exit code and output. */
  exec(script: string, timeoutMs?: number): Promise<{ code: number; output: string }>;
  /**
   * Hands the runner a script without waiting for it: for `systemctl reboot`, which stops the runner before
   * it can write the exit code.
   */
  send(script: string): Promise<void>;
  /** The same, rejecting with the output when the script fails. */
  run(script: string, timeoutMs?: number): Promise<string>;
  shutdown(): Promise<void>;
}

/** The image's files, or an error naming the script that makes them. */
export async function guestImage(): Promise<{ rootfs: string; kernel: string; initrd: string }> {
  const rootfs = path.join(GUEST_CACHE, 'rootfs.img');
  const kernel = path.join(GUEST_CACHE, 'vmlinux');
  const initrd = path.join(GUEST_CACHE, 'initrd.img');
  for (const file of [rootfs, kernel, initrd]) {
    if (!existsSync(file)) throw new Error(`${file} is missing: run ${BUILD_SCRIPT} (as root) to build it`);
  }
  const { createHash } = await import('node:crypto');
  const expected = createHash('sha256')
    .update(await readFile(path.join(REPO, BUILD_SCRIPT)))
    .digest('hex');
  const key = (await readFile(path.join(GUEST_CACHE, 'key'), 'utf8').catch(() => '')).trim();
  if (key !== expected) {
    throw new Error(`${GUEST_CACHE} was built by another version of ${BUILD_SCRIPT}: run it again`);
  }
  return { rootfs, kernel, initrd };
}

export async function bootSystemdGuest(options: SystemdGuestOptions): Promise<SystemdGuest> {
  const image = await guestImage();
  const share = path.join(options.dir, 'share');
  await rm(options.dir, { recursive: true, force: true });
  await mkdir(path.join(share, 'cmd'), { recursive: true });
  const qmpSocket = path.join(options.dir, 'qmp.sock');
  const accelerator = existsSync('/dev/kvm') ? 'kvm' : 'tcg';
  const forwards = options.forwards
    .map(({ guest, host }) => `,guestfwd=tcp:${guest}-cmd:${process.execPath} ${TCP_BRIDGE} ${host}`)
    .join('');
  const args = [
    // No floppy, CD-ROM, VGA or parallel port: nothing for the guest's kernel to probe under emulation.
    '-nodefaults',
    '-accel',
    accelerator,
    '-cpu',
    accelerator === 'kvm' ? 'host' : 'max',
    '-smp',
    String(options.cpus ?? 1),
    '-m',
    String(options.memoryMiB ?? 1024),
    '-display',
    'none',
    '-serial',
    'stdio',
    '-monitor',
    'none',
    '-kernel',
    options.kernel ?? image.kernel,
    '-initrd',
    image.initrd,
    '-append',
    // quiet: every console character is a trap into the emulator; systemd still prints units that fail.
    'console=ttyS0 root=/dev/vda rw rootfstype=ext4 panic=-1 quiet',
    '-drive',
    `file=${image.rootfs},format=raw,if=virtio,snapshot=on`,
    '-virtfs',
    `local,path=${share},mount_tag=host,security_model=none`,
    '-qmp',
    `unix:${qmpSocket},server=on,wait=off`,
    '-nic',
    `user,model=virtio-net-pci,restrict=on${forwards}`,
  ];
  const consoleFile = createWriteStream(path.join(options.dir, 'console.log'));
  const child: ChildProcess = spawn('qemu-system-x86_64', args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let serial = '';
  let qemuOwn = '';
  const wakers = new Set<() => void>();
  child.stdout!.on('data', (chunk: Buffer) => {
    serial += chunk.toString();
    consoleFile.write(chunk);
    for (const wake of wakers) wake();
  });
  child.stderr!.on('data', (chunk: Buffer) => (qemuOwn += chunk.toString()));
  const exited = once(child, 'exit');
  try {
    await once(child, 'spawn');
  } catch (error) {
    throw new Error(`cannot start qemu-system-x86_64 (npm run setup:system installs it): ${error}`);
  }
  child.on('exit', () => {
    consoleFile.end();
    for (const wake of wakers) wake();
  });
  if (options.priority !== undefined) {
    try {
      os.setPriority(child.pid!, options.priority);
    } catch {
      // not root: left at normal priority
    }
  }
  const text = () => (qemuOwn ? `${serial}\n[qemu] ${qemuOwn}` : serial);
  let qmp: QmpClient;
  try {
    qmp = await openQmp(qmpSocket);
  } catch (error) {
    child.kill('SIGKILL');
    throw new Error(`${(error as Error).message}\n${text()}`);
  }
  const boots = () => [...serial.matchAll(READY)].map((match) => match[1]!);
  const running = () => child.exitCode === null && child.signalCode === null;

  let commandCount = 0;
  /** Written under another name and renamed, so the runner never starts half a script. */
  const drop = async (script: string) => {
    const name = `c${++commandCount}`;
    const base = path.join(share, 'cmd', name);
    await writeFile(`${base}.tmp`, script);
    await rename(`${base}.tmp`, `${base}.sh`);
    return { name, base };
  };
  const guest: SystemdGuest = {
    share,
    accelerator,
    console: text,
    boots,
    waitForBoot(count, timeoutMs = 300_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const seen = boots();
          if (seen.length >= count) {
            finish();
            resolve(seen[count - 1]!);
          } else if (!running()) {
            finish();
            reject(new Error(`QEMU exited before boot ${count} was ready; console:\n${text().slice(-4000)}`));
          }
        };
        const timer = setTimeout(() => {
          finish();
          reject(
            new Error(`boot ${count}: no runner within ${timeoutMs} ms; console:\n${text().slice(-4000)}`),
          );
        }, timeoutMs);
        const finish = () => {
          clearTimeout(timer);
          wakers.delete(check);
        };
        wakers.add(check);
        check();
      });
    },
    async send(script) {
      await drop(script);
    },
    async exec(script, timeoutMs = 60_000) {
      const { name, base } = await drop(script);
      const deadline = Date.now() + timeoutMs;
      while (!existsSync(`${base}.rc`)) {
        if (Date.now() > deadline || !running()) {
          throw new Error(
            `guest command ${name} did not finish in ${timeoutMs} ms: ${script.slice(0, 200)}\nconsole:\n${text().slice(-3000)}`,
          );
        }
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      const code = Number((await readFile(`${base}.rc`, 'utf8')).trim());
      const output = await readFile(`${base}.out`, 'utf8').catch(() => '');
      return { code, output };
    },
    async run(script, timeoutMs) {
      const { code, output } = await guest.exec(script, timeoutMs);
      if (code !== 0) throw new Error(`guest command failed (exit ${code}): ${script}\n${output}`);
      return output;
    },
    async shutdown() {
      if (!running()) return;
      await qmp.execute('quit').catch(() => undefined);
      qmp.close();
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    },
  };
  return guest;
}
