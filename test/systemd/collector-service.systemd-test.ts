// The packaged collector on a server with a real systemd: in a fresh Debian 12 guest (the same image as the
// agent suite, booted again from its snapshot), `shoumi-collector install` from the linux-x64 folder of
// `npm run package` writes the hardened unit and /etc/shoumi/collector.yaml and starts the service; the
// agent's .deb, installed in the same guest with its parameters in /etc/shoumi/agent-install.conf, enrols
// against it on the guest's loopback with a token the collector made, and the packaged shoumictl, with an administrator identity the collector made, sees the device and
// its findings. Nothing here runs on the host but QEMU: the guest reaches nothing.
import { copyFile, cp, link, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../support/processes';
import { packagedAgentDeb, packagedCollector, packagedCtl } from './packaged-agent';
import { bootSystemdGuest, GUEST_CACHE, type SystemdGuest } from './systemd-guest';

const DEVICE = 'systemd-guest-server';
const UNIT = 'shoumi-collector.service';
const RUN_DIR = path.join(GUEST_CACHE, 'run-collector');
const PRIORITY = -10;
const DATA = '/var/lib/shoumi-collector';
const AS_COLLECTOR = 'runuser -u shoumi-collector -- /usr/local/bin/shoumi-collector';

let guest: SystemdGuest;
let caSha256 = '';

async function unitProperties(unit: string, names: string[]): Promise<Record<string, string>> {
  const output = await guest.run(`systemctl show --property=${names.join(',')} ${unit}`);
  return Object.fromEntries(
    output
      .trim()
      .split('\n')
      .map((line) => {
        const at = line.indexOf('=');
        return [line.slice(0, at), line.slice(at + 1)];
      }),
  );
}

beforeAll(async () => {
  // Fails (never skips) without the packages, QEMU or the image, naming what makes them.
  const deb = packagedAgentDeb();
  const collectorFolder = packagedCollector();
  const ctl = packagedCtl();
  guest = await bootSystemdGuest({ dir: RUN_DIR, forwards: [], priority: PRIORITY });
  // Hard links where the share is on the same file system as dist/ (115 MB otherwise copied).
  await cp(collectorFolder, path.join(guest.share, 'shoumi-collector-linux-x64'), { recursive: true });
  for (const [file, name] of [
    [deb, 'shoumi-agent.deb'],
    [ctl, 'shoumictl'],
  ] as const)
    await link(file, path.join(guest.share, name)).catch(() => copyFile(file, path.join(guest.share, name)));
  await guest.waitForBoot(1);
}, 420_000);

afterAll(async () => {
  if (guest) await writeFile(path.join(RUN_DIR, 'console-tail.log'), guest.console().slice(-20_000));
  await guest?.shutdown();
});

describe('the packaged collector installed on a server with systemd', () => {
  it('install writes the hardened unit and the config, and systemd runs it as its own user', async () => {
    const installed = await guest.exec(
      '/mnt/host/shoumi-collector-linux-x64/shoumi-collector install --unit-name 测试单位 ' +
        '--listen 127.0.0.1:7700 --enrol-listen 127.0.0.1:7702 --admin-listen 127.0.0.1:7701',
      300_000,
    );
    expect(installed.code, installed.output).toBe(0);
    const lines = installed.output.split('\n');
    caSha256 = (lines[lines.findIndex((line) => line.startsWith('CA SHA-256')) + 1] ?? '').trim();
    expect(caSha256).toMatch(/^[0-9a-f]{64}$/);

    const config = await guest.run(
      'cat /etc/shoumi/collector.yaml; stat -c "%U:%G %a" /etc/shoumi/collector.yaml',
    );
    expect(config).toContain('测试单位');
    expect(config).toContain('root:shoumi-collector 640');

    const state = await eventually(
      async () => {
        const properties = await unitProperties(UNIT, ['ActiveState', 'SubState', 'MainPID', 'User']);
        return properties.SubState === 'running' ? properties : undefined;
      },
      'the collector unit running',
      120_000,
      500,
    );
    expect(state).toMatchObject({ ActiveState: 'active', User: 'shoumi-collector' });
    expect((await guest.run(`ps -o user= -p ${state.MainPID}`)).trim()).toBe('shoumi-collector');
    // Listening on its three ports once the store is open.
    await eventually(
      async () => {
        const listening = await guest.run('ss -ltnH');
        return ['127.0.0.1:7700', '127.0.0.1:7701', '127.0.0.1:7702'].every((port) =>
          listening.includes(port),
        )
          ? true
          : undefined;
      },
      'the collector listening on 7700, 7701 and 7702',
      120_000,
      1_000,
    );
  }, 420_000);

  it('an agent in the guest enrols against it with a token it made, and shoumictl sees its findings', async () => {
    expect(caSha256, 'install printed the CA fingerprint').not.toBe('');
    await guest.run(
      [
        'set -e',
        'umask 077',
        `${AS_COLLECTOR} token create --data ${DATA} > /root/token`,
        `${AS_COLLECTOR} admin add --data ${DATA} --name 测试员 --role security_admin --out /tmp/admin`,
      ].join('\n'),
      180_000,
    );
    // The agent as Kylin's and UOS's management tools deploy it: the install parameters in a file dropped
    // first, then the .deb (its postinst enrols, installs and starts the service, and drops the token line).
    const enrolled = await guest.exec(
      [
        'set -e',
        'install -m 0755 /mnt/host/shoumictl /usr/local/bin/shoumictl',
        'mkdir -p /etc/shoumi',
        `printf 'collector=127.0.0.1:7700\\nenrol=127.0.0.1:7702\\ntoken=%s\\nca_sha256=${caSha256}\\ndevice_id=${DEVICE}\\n' "$(cat /root/token)" | install -m 0600 /dev/stdin /etc/shoumi/agent-install.conf`,
        'dpkg -i /mnt/host/shoumi-agent.deb',
      ].join('\n'),
      300_000,
    );
    expect(enrolled.code, enrolled.output).toBe(0);
    expect((await guest.run('systemctl is-active shoumi-agent.service')).trim()).toBe('active');
    expect((await guest.run('dpkg -s shoumi-agent | grep ^Status:')).trim()).toBe(
      'Status: install ok installed',
    );
    const conf = await guest.run('cat /etc/shoumi/agent-install.conf 2>/dev/null || true');
    expect(conf).not.toMatch(/^token=/m);
    const status = await guest.exec('shoumi-agent status');
    expect(status.code, status.output).toBe(0);

    const seen = await eventually(
      async () => {
        const listed = await guest.exec(
          'SHOUMI_LANG=en shoumictl --collector 127.0.0.1:7701 --identity /tmp/admin --json devices',
          120_000,
        );
        if (listed.code !== 0) return undefined;
        const start = listed.output.indexOf('{');
        const page = JSON.parse(listed.output.slice(start)) as {
          devices: Array<{ deviceId: string; connected: boolean; lastSeq: number }>;
        };
        const found = page.devices.find((candidate) => candidate.deviceId === DEVICE);
        return found?.connected && found.lastSeq > 0 ? found : undefined;
      },
      'shoumictl to list the guest agent connected with findings',
      240_000,
      2_000,
    );
    expect(seen.deviceId).toBe(DEVICE);
    const journal = await guest.run(
      `journalctl -u ${UNIT} --no-pager -o cat | grep -c '"agent connected"' || true`,
    );
    expect(Number(journal.trim())).toBeGreaterThanOrEqual(1);
  }, 600_000);
});
