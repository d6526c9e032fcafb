// The packaged agent under a real systemd: a Debian 12 guest (test/systemd/build-image.sh) with systemd as
// PID 1 under QEMU, where `shoumi-agent install` enrols with a token and writes its unit; systemd starts it,
// restarts it after a SIGKILL, starts it again after a reboot; `uninstall --code` removes it. Every outcome
// is asserted from the collector's side too (its admin API, its log, its audit trail), with the guest's
// own view (systemctl) beside it. The collector runs on the host; the guest reaches it as 10.0.2.100 through
// QEMU's guestfwd and nothing else. Each phase's time is printed and written to
// .cache/systemd-guest/run/phases.json.
import { copyFile, link, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DeviceSummary__Output } from '../../proto/generated/shoumi/v1/DeviceSummary';
import { type Deployment, deployment } from '../support/collector-fixture';
import { eventually, type Running, run } from '../support/processes';
import { packagedAgent } from './packaged-agent';
import { bootSystemdGuest, GUEST_CACHE, type SystemdGuest } from './systemd-guest';

const DEVICE = 'systemd-guest';
const UNIT = 'shoumi-agent.service';
const INSTALLED = '/opt/shoumi/bin/shoumi-agent';
const RUN_DIR = path.join(GUEST_CACHE, 'run');
const PRIORITY = -10; // QEMU and the collector above other work on the host (root only), as test/kernel does

let world: Deployment;
let collector: Running;
let guest: SystemdGuest;
const phases: Record<string, number> = {};

/** Times a phase of the suite; printed at the end with the others. */
async function phase<T>(name: string, work: () => Promise<T>): Promise<T> {
  const started = Date.now();
  try {
    return await work();
  } finally {
    phases[name] = Date.now() - started;
    console.log(`systemd suite: ${name} ${((Date.now() - started) / 1000).toFixed(1)} s`);
  }
}

interface UnitState {
  ActiveState: string;
  SubState: string;
  MainPID: number;
  NRestarts: number;
  LoadState: string;
}

async function unitState(): Promise<UnitState> {
  const output = await guest.run(
    `systemctl show --property=ActiveState,SubState,MainPID,NRestarts,LoadState ${UNIT}`,
  );
  const fields = Object.fromEntries(
    output
      .trim()
      .split('\n')
      .map((line) => line.split('=', 2) as [string, string]),
  );
  return {
    ActiveState: fields.ActiveState ?? '',
    SubState: fields.SubState ?? '',
    MainPID: Number(fields.MainPID),
    NRestarts: Number(fields.NRestarts),
    LoadState: fields.LoadState ?? '',
  };
}

async function device(): Promise<DeviceSummary__Output | undefined> {
  const page = await world.admin.listDevices({ limit: 1000 });
  return page.devices.find((found) => found.deviceId === DEVICE);
}

/** The collector's own "agent connected" log lines for the guest's device: one per stream it accepted. */
function streamsAccepted(): number {
  return collector
    .output()
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .flatMap((line) => {
      try {
        return [JSON.parse(line) as { message?: string; deviceId?: string }];
      } catch {
        return [];
      }
    })
    .filter((line) => line.message === 'agent connected' && line.deviceId === DEVICE).length;
}

const waitForStreams = (count: number, what: string) =>
  eventually(async () => (streamsAccepted() >= count ? true : undefined), what, 120_000, 250);

beforeAll(async () => {
  // Fails (never skips) without the packaged agent, QEMU or the image, naming what makes them.
  const agent = packagedAgent();
  world = await deployment({ serverIps: ['10.0.2.100'] });
  collector = await world.startCollector();
  try {
    os.setPriority(collector.child.pid!, PRIORITY);
  } catch {
    // not root
  }
  guest = await bootSystemdGuest({
    dir: RUN_DIR,
    forwards: [
      { guest: '10.0.2.100:7700', host: world.agentAddress },
      { guest: '10.0.2.100:7702', host: world.enrolAddress },
    ],
    priority: PRIORITY,
  });
  console.log(
    `systemd suite: QEMU accelerator ${guest.accelerator}${guest.accelerator === 'tcg' ? ' (no /dev/kvm)' : ''}`,
  );
  // The executable into the share (a hard link when the share is on the same file system), and the token
  // in a file, as a deployment script passes it (never on a command line that `ps` shows).
  const shared = path.join(guest.share, 'shoumi-agent');
  await link(agent, shared).catch(() => copyFile(agent, shared));
  await writeFile(path.join(guest.share, 'token'), `${world.trust.token()}\n`, { mode: 0o600 });
  await phase('boot to the command runner', () => guest.waitForBoot(1));
}, 420_000);

afterAll(async () => {
  await guest?.shutdown();
  if (collector) await writeFile(path.join(RUN_DIR, 'collector.log'), collector.output());
  await collector?.kill();
  world?.admin.close();
  await writeFile(path.join(RUN_DIR, 'phases.json'), `${JSON.stringify(phases, null, 2)}\n`).catch(() => {});
  console.log(
    `systemd suite phases (s): ${Object.entries(phases)
      .map(([name, ms]) => `${name} ${(ms / 1000).toFixed(1)}`)
      .join('; ')}`,
  );
});

describe('the packaged agent under systemd in a Debian 12 guest', () => {
  it('guest: systemd is PID 1 and the network came up by DHCP', async () => {
    const output = await guest.run(
      'cat /proc/1/comm; systemctl is-system-running --wait || true; ip -4 -o addr show scope global',
    );
    const [pid1] = output.split('\n');
    expect(pid1).toBe('systemd');
    expect(output).toMatch(/inet 10\.0\.2\.15\/24/);
  });

  it('install with a token: the unit is active (running) and the collector has the report', async () => {
    const installed = await phase('install (enrol, unit, start)', () =>
      guest.exec(
        [
          'set -e',
          // Copied out of the share first: install copies the running executable (process.execPath).
          'install -m 0755 /mnt/host/shoumi-agent /root/shoumi-agent',
          `/root/shoumi-agent install --collector 10.0.2.100:7700 --enrol 10.0.2.100:7702 --token-file /mnt/host/token --ca-sha256 ${world.trust.caSha256} --device-id ${DEVICE}`,
        ].join('\n'),
        240_000,
      ),
    );
    expect(installed.code, installed.output).toBe(0);
    expect(installed.output).toContain(`installed ${DEVICE}: service active`);
    expect((await guest.run(`systemctl is-active ${UNIT}`)).trim()).toBe('active');
    const state = await unitState();
    expect(state).toMatchObject({
      ActiveState: 'active',
      SubState: 'running',
      NRestarts: 0,
      LoadState: 'loaded',
    });
    expect(state.MainPID).toBeGreaterThan(1);
    expect((await guest.run(`readlink /proc/${state.MainPID}/exe`)).trim()).toBe(INSTALLED);
    // On PATH for the operator's next command (a link in /usr/local/bin).
    expect((await guest.run('command -v shoumi-agent; readlink /usr/local/bin/shoumi-agent')).trim()).toBe(
      `/usr/local/bin/shoumi-agent\n${INSTALLED}`,
    );

    const reported = await phase('install → first findings at the collector', () =>
      eventually(
        async () => {
          const found = await device();
          return found?.connected && found.lastSeq > 0 ? found : undefined;
        },
        'the guest device connected with findings stored',
        180_000,
        500,
      ),
    );
    expect(reported.lastSeenMs).toBeGreaterThan(Date.now() - 120_000);
    expect(reported.hostname).toBe('shoumi-systemd-guest');
    const findings = await world.admin.listFindings({ deviceId: DEVICE, limit: 1000 });
    expect(findings.findings.length).toBeGreaterThan(0);
    expect(streamsAccepted()).toBe(1);
  }, 480_000);

  it('SIGKILL of the main process: systemd starts a new one, which opens a new stream', async () => {
    const before = await unitState();
    const streams = streamsAccepted();
    await guest.run(`systemctl kill --kill-who=main --signal=KILL ${UNIT}`);
    const after = await phase('SIGKILL → restarted by systemd', () =>
      eventually(
        async () => {
          const state = await unitState();
          return state.NRestarts === before.NRestarts + 1 && state.SubState === 'running' ? state : undefined;
        },
        'systemd to restart the agent (RestartSec=5)',
        120_000,
        500,
      ),
    );
    expect(after.MainPID).not.toBe(before.MainPID);
    expect(after.ActiveState).toBe('active');
    await phase('SIGKILL → new stream at the collector', () =>
      waitForStreams(streams + 1, 'a new stream from the restarted agent'),
    );
    expect((await device())?.connected).toBe(true);
  }, 300_000);

  it('reboot: the unit is enabled, so the agent is running again and reconnects', async () => {
    const firstBoot = guest.boots()[0];
    const streams = streamsAccepted();
    const rebootAt = Date.now();
    // Not waited for: the reboot stops the command runner before it can say how the command ended.
    await guest.send('systemctl reboot');
    const secondBoot = await phase('reboot to the command runner', () => guest.waitForBoot(2));
    expect(secondBoot).not.toBe(firstBoot);
    await phase('reboot → agent reconnected', () =>
      waitForStreams(streams + 1, 'the agent after the reboot'),
    );
    const state = await unitState();
    expect(state).toMatchObject({ ActiveState: 'active', SubState: 'running', NRestarts: 0 });
    const seen = await eventually(
      async () => {
        const found = await device();
        return found?.connected && found.lastSeenMs > rebootAt ? found : undefined;
      },
      'the device seen again after the reboot',
      60_000,
      500,
    );
    expect(seen.connected).toBe(true);
  }, 600_000);

  it('uninstall with a code from the collector: the unit is gone, the collector audited the code and sees the agent leave', async () => {
    const issued = await run(
      'shoumictl',
      world.ctlAs('system_admin', ['device', 'uninstall-code', DEVICE, '--ttl', '1h']),
    );
    expect(issued.code, issued.stderr).toBe(0);
    const code = issued.stdout.trim();
    await writeFile(path.join(guest.share, 'uninstall-code'), `${code}\n`);
    const removed = await phase('uninstall', () =>
      guest.exec(`${INSTALLED} uninstall --code "$(cat /mnt/host/uninstall-code)"`, 180_000),
    );
    expect(removed.code, removed.output).toBe(0);
    expect(removed.output).toContain(`uninstalled ${DEVICE}`);
    expect(await unitState()).toMatchObject({ LoadState: 'not-found', ActiveState: 'inactive' });
    const leftovers = await guest.exec(
      `ls -d /etc/systemd/system/${UNIT} /etc/systemd/system/multi-user.target.wants/${UNIT} ${INSTALLED} /etc/shoumi/agent.json /var/lib/shoumi-agent/tls 2>&1`,
    );
    expect(leftovers.output).not.toMatch(/^\//m);
    expect(leftovers.output.match(/No such file or directory/g)).toHaveLength(5);
    const stillRunning = await guest.exec(`pgrep -f ${INSTALLED}`);
    expect(stillRunning.code).toBe(1);

    // What the collector records of an uninstall today: the code's issue (audited, without the code), and
    // the agent's stream closing. The uninstall itself happens offline on the machine.
    const audit = await world.admin.listAudit({ action: 'device.uninstall_code_issued', limit: 100 });
    expect(audit.records.map((record) => record.target)).toEqual([DEVICE]);
    expect(JSON.stringify(audit.records)).not.toContain(code);
    await eventually(
      async () => ((await device())?.connected === false ? true : undefined),
      'the collector to see the agent disconnected',
      60_000,
      500,
    );
  }, 300_000);
});
