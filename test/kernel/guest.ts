// A QEMU guest running Debian's kernel under TCG (no KVM) with the harness's initramfs, driven from a test:
// QMP for hot-plug, the serial console as text, and a command channel through the 9p share (guest/init
// mounts it at /mnt/host and runs its run.sh; guest/live.sh serves cmd/*.sh from there).
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { openQmp, type QmpClient, type QmpEvent } from './qmp-client';

export const KERNEL_CACHE = path.resolve(import.meta.dirname, '..', '..', '.cache', 'kernel');

export interface GuestOptions {
  /** Host directory shared into the guest (9p tag `host`, mounted at /mnt/host). */
  share: string;
  qmpSocket: string;
  memoryMiB?: number;
  /** Guest TCP endpoints (QEMU guestfwd) joined to host loopback services; nothing else is reachable. */
  forwards?: { guest: string; host: string }[];
  extraArgs?: string[];
  /**
   * Scheduling priority for QEMU (and the guestfwd bridges it spawns): TCG needs a whole host core for the
   * guest's one vCPU, and on a shared machine other work starves it, which measures the host's scheduler
   * rather than the code in the guest. Raising it needs root (CI runs as root); otherwise it stays as is.
   */
  priority?: number;
  /** Written to share/run.sh, which guest/init runs once the share is mounted. */
  initScript: string;
  kernel?: string;
  initrd?: string;
}

export interface Guest {
  qmp(command: string, args?: Record<string, unknown>): Promise<unknown>;
  waitForEvent(name: string, match?: (event: QmpEvent) => boolean, timeoutMs?: number): Promise<QmpEvent>;
  waitForConsole(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
  /** Everything QEMU wrote so far: the guest's serial console, then QEMU's own messages. */
  console(): string;
  /**
   * When each piece of the serial console arrived (host clock): `endsAt` is the console's length once it
   * had. Lets a caller place a guest log line on the host's clock (the guest keeps its own).
   */
  consoleArrivals(): readonly { atMs: number; endsAt: number }[];
  /** Runs a busybox sh script in the guest through the share; resolves with its exit code and output. */
  exec(script: string, timeoutMs?: number): Promise<{ code: number; output: string }>;
  shutdown(): Promise<void>;
}

const TCP_BRIDGE = path.join(import.meta.dirname, 'tcp-bridge.mjs');

export async function bootGuest(options: GuestOptions): Promise<Guest> {
  const kernel = options.kernel ?? path.join(KERNEL_CACHE, 'vmlinux');
  const initrd = options.initrd ?? path.join(KERNEL_CACHE, 'live-initramfs.cpio');
  for (const file of [kernel, initrd]) {
    if (!existsSync(file)) throw new Error(`${file} is missing: run test/kernel/test-kernel.sh (builds it)`);
  }
  await writeFile(path.join(options.share, 'run.sh'), options.initScript);
  await mkdir(path.join(options.share, 'cmd'), { recursive: true });
  await rm(options.qmpSocket, { force: true });
  // restrict=on: the guest reaches nothing but the guestfwd endpoints (no DNS, no host, no outside).
  const forwards = (options.forwards ?? [])
    .map(({ guest, host }) => `,guestfwd=tcp:${guest}-cmd:${process.execPath} ${TCP_BRIDGE} ${host}`)
    .join('');
  const args = [
    '-accel',
    'tcg',
    // -cpu max: the emulated CPU offers the instruction set extensions node's V8 looks for.
    '-cpu',
    'max',
    '-m',
    String(options.memoryMiB ?? 1024),
    '-smp',
    '1',
    '-display',
    'none',
    '-serial',
    'stdio',
    '-monitor',
    'none',
    '-no-reboot',
    '-kernel',
    kernel,
    '-initrd',
    initrd,
    '-append',
    'console=ttyS0 quiet panic=-1',
    '-virtfs',
    `local,path=${options.share},mount_tag=host,security_model=none`,
    '-qmp',
    `unix:${options.qmpSocket},server=on,wait=off`,
    '-nic',
    `user,model=virtio-net-pci,restrict=on${forwards}`,
    ...(options.extraArgs ?? []),
  ];
  const child: ChildProcess = spawn('qemu-system-x86_64', args, { stdio: ['pipe', 'pipe', 'pipe'] });
  let serial = '';
  let qemuOwn = '';
  const arrivals: { atMs: number; endsAt: number }[] = [];
  const wakers = new Set<() => void>();
  child.stdout!.on('data', (chunk: Buffer) => {
    serial += chunk.toString();
    arrivals.push({ atMs: Date.now(), endsAt: serial.length });
    for (const wake of wakers) wake();
  });
  child.stderr!.on('data', (chunk: Buffer) => (qemuOwn += chunk.toString()));
  const exited = once(child, 'exit');
  try {
    await once(child, 'spawn');
  } catch (error) {
    throw new Error(`cannot start qemu-system-x86_64 (test/kernel/install-deps.sh installs it): ${error}`);
  }
  if (options.priority !== undefined) {
    try {
      os.setPriority(child.pid!, options.priority);
    } catch (error) {
      qemuOwn += `(qemu left at normal priority: ${(error as Error).message})\n`;
    }
  }
  const text = () => (qemuOwn ? `${serial}\n[qemu] ${qemuOwn}` : serial);

  let qmp: QmpClient;
  try {
    qmp = await openQmp(options.qmpSocket);
  } catch (error) {
    child.kill('SIGKILL');
    throw new Error(`${(error as Error).message}\n${text()}`);
  }

  let commandCount = 0;
  const guest: Guest = {
    qmp: (command, args) => qmp.execute(command, args),
    waitForEvent: (name, match, timeoutMs) => qmp.waitForEvent(name, match, timeoutMs),
    console: text,
    consoleArrivals: () => arrivals,
    waitForConsole(pattern, timeoutMs = 30_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const found = pattern.exec(serial);
          if (!found) return;
          finish();
          resolve(found);
        };
        const timer = setTimeout(() => {
          finish();
          reject(
            new Error(`console: no ${pattern} within ${timeoutMs} ms; console:\n${text().slice(-4000)}`),
          );
        }, timeoutMs);
        const finish = () => {
          clearTimeout(timer);
          wakers.delete(check);
          exitWatch.off('exit', onExit);
        };
        const onExit = () => {
          finish();
          reject(new Error(`QEMU exited while waiting for ${pattern}; console:\n${text().slice(-4000)}`));
        };
        const exitWatch = child;
        exitWatch.on('exit', onExit);
        wakers.add(check);
        check();
      });
    },
    async exec(script, timeoutMs = 20_000) {
      const name = `c${++commandCount}`;
      const dir = path.join(options.share, 'cmd');
      const base = path.join(dir, name);
      // Written under another name and renamed, so the guest never runs half a script.
      await writeFile(`${base}.tmp`, script);
      await rename(`${base}.tmp`, `${base}.sh`);
      const deadline = Date.now() + timeoutMs;
      while (!existsSync(`${base}.rc`)) {
        if (Date.now() > deadline) throw new Error(`guest command ${name} did not finish in ${timeoutMs} ms`);
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
      const code = Number((await readFile(`${base}.rc`, 'utf8')).trim());
      const output = await readFile(`${base}.out`, 'utf8').catch(() => '');
      return { code, output };
    },
    async shutdown() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      await qmp.execute('quit').catch(() => undefined);
      qmp.close();
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    },
  };
  return guest;
}
