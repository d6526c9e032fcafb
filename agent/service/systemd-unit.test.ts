// The unit install writes, checked by systemd's own parser (systemd-analyze verify). Without systemd-analyze
// the test is skipped with the reason shown, never passed.
import { execFileSync, spawnSync } from 'node:child_process';
import { chmod, mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { systemdUnitText } from './systemd-unit';

const analyze = spawnSync('sh', ['-c', 'command -v systemd-analyze'], { encoding: 'utf8' }).stdout.trim();

/** Writes the unit with its binary at a real executable path (verify checks ExecStart exists) and verifies. */
async function verify(unitText: string): Promise<{ code: number; output: string }> {
  const dir = await mkdtemp(path.join(tmpdir(), 'shoumi-unit-'));
  const unit = path.join(dir, 'shoumi-agent.service');
  await writeFile(unit, unitText);
  const result = spawnSync(analyze, ['verify', '--man=no', unit], { encoding: 'utf8' });
  return { code: result.status ?? -1, output: `${result.stdout}${result.stderr}`.trim() };
}

async function fakeBinary(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'shoumi-unit-bin-'));
  const binary = path.join(dir, 'opt shoumi', 'shoumi-agent');
  await mkdir(path.dirname(binary), { recursive: true });
  await writeFile(binary, '#!/bin/sh\n');
  await chmod(binary, 0o755);
  return binary;
}

describe('the systemd unit', () => {
  it('restarts always, runs the agent with its addresses and data directory, and is hardened', () => {
    const text = systemdUnitText({
      binary: '/opt/shoumi/bin/shoumi-agent',
      collector: '10.1.2.3:7700',
      enrol: '10.1.2.3:7702',
      dataDir: '/var/lib/shoumi-agent',
    });
    const lines = text.split('\n').filter((line) => line && !line.startsWith('#'));
    expect(lines).toEqual(
      expect.arrayContaining([
        'ExecStart=/opt/shoumi/bin/shoumi-agent run --collector 10.1.2.3:7700 --enrol 10.1.2.3:7702 --data /var/lib/shoumi-agent',
        'Restart=always',
        'NoNewPrivileges=yes',
        'ProtectSystem=strict',
        'ReadWritePaths=/var/lib/shoumi-agent',
        'ProtectHome=yes',
        'PrivateTmp=yes',
        'WantedBy=multi-user.target',
      ]),
    );
    // Nothing that would hide /dev/bus/usb or /dev/kmsg from it.
    expect(text).not.toMatch(/^(PrivateDevices|ProtectKernelLogs|DevicePolicy|ProtectClock)=/m);
    // Every setting line is explained by a comment somewhere above it in its block.
    expect(text.match(/^#/gm)?.length).toBeGreaterThan(12);
  });

  it('passes systemd-analyze verify without a warning, and verify does catch a bad line', async (context) => {
    context.skip(
      analyze === '',
      'systemd-analyze not found: Debian package systemd, from `npm run setup:system`',
    );
    const binary = await fakeBinary();
    const text = systemdUnitText({
      binary,
      collector: '127.0.0.1:7700',
      enrol: '127.0.0.1:7702',
      dataDir: '/var/lib/shoumi agent',
    });
    const good = await verify(text);
    expect(good).toEqual({ code: 0, output: '' });
    // The control: the same unit with a misspelt key is reported, so an empty output above means something.
    const bad = await verify(text.replace('NoNewPrivileges=yes', 'NoNewPrivilege=yes'));
    expect(bad.output).toMatch(/Unknown key 'NoNewPrivilege'/);
    expect(execFileSync(analyze, ['--version'], { encoding: 'utf8' })).toMatch(/^systemd \d+/);
  });
});
