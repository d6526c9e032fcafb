// The collector's unit, checked by systemd's own parser (systemd-analyze verify) and scored by its own
// exposure analysis (systemd-analyze security --offline). Without systemd-analyze the systemd parts are
// skipped with the reason shown, never passed.
import { spawnSync } from 'node:child_process';
import { chmod, mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { type CollectorUnitSettings, collectorUnitText } from './collector-unit';

const analyze = spawnSync('sh', ['-c', 'command -v systemd-analyze'], { encoding: 'utf8' }).stdout.trim();
const WHY_SKIPPED = 'systemd-analyze not found: Debian package systemd, from `npm run setup:system`';

const SETTINGS: CollectorUnitSettings = {
  binary: '/opt/shoumi-collector/shoumi-collector',
  config: '/etc/shoumi/collector.yaml',
  dataDir: '/var/lib/shoumi-collector',
  user: 'shoumi-collector',
  lowestPort: 7700,
};

/** The unit with its binary at a real executable path (verify checks that ExecStart exists). */
async function unitFile(settings: Partial<CollectorUnitSettings>, edit = (text: string) => text) {
  const dir = await mkdtemp(path.join(tmpdir(), 'shoumi-collector-unit-'));
  const binary = path.join(dir, 'opt shoumi', 'shoumi-collector');
  await mkdir(path.dirname(binary), { recursive: true });
  await writeFile(binary, '#!/bin/sh\n');
  await chmod(binary, 0o755);
  const unit = path.join(dir, 'shoumi-collector.service');
  await writeFile(unit, edit(collectorUnitText({ ...SETTINGS, binary, ...settings })));
  return unit;
}

function settingLines(text: string): string[] {
  return text.split('\n').filter((line) => line && !line.startsWith('#'));
}

describe('the collector unit', () => {
  it('runs serve --config as its own user, restarts on failure, and takes away what it never needs', () => {
    const lines = settingLines(collectorUnitText(SETTINGS));
    expect(lines).toEqual(
      expect.arrayContaining([
        'ExecStart=/opt/shoumi-collector/shoumi-collector serve --config /etc/shoumi/collector.yaml',
        'User=shoumi-collector',
        'Restart=on-failure',
        'NoNewPrivileges=yes',
        'ProtectSystem=strict',
        'ReadWritePaths=/var/lib/shoumi-collector',
        'ProtectHome=yes',
        'PrivateTmp=yes',
        'PrivateDevices=yes',
        'CapabilityBoundingSet=',
        'AmbientCapabilities=',
        'RestrictAddressFamilies=AF_INET AF_INET6 AF_UNIX',
        'SystemCallFilter=@system-service',
        'WantedBy=multi-user.target',
      ]),
    );
    // V8 needs writable and executable memory: this line would kill the collector at start.
    expect(lines.some((line) => line.startsWith('MemoryDenyWriteExecute='))).toBe(false);
  });

  it('keeps CAP_NET_BIND_SERVICE alone, and no private user namespace, when a port is below 1024', () => {
    const lines = settingLines(collectorUnitText({ ...SETTINGS, lowestPort: 443 }));
    expect(lines).toContain('CapabilityBoundingSet=CAP_NET_BIND_SERVICE');
    expect(lines).toContain('AmbientCapabilities=CAP_NET_BIND_SERVICE');
    expect(lines.some((line) => line.startsWith('PrivateUsers='))).toBe(false);
    // Port 0 (any free port, tests) needs no capability.
    expect(settingLines(collectorUnitText({ ...SETTINGS, lowestPort: 0 }))).toContain(
      'CapabilityBoundingSet=',
    );
  });

  it('quotes a data directory with a space for ExecStart and ReadWritePaths', () => {
    const text = collectorUnitText({
      ...SETTINGS,
      dataDir: '/srv/shoumi data',
      config: '/etc/shoumi/c 1.yaml',
    });
    expect(text).toContain('ReadWritePaths="/srv/shoumi data"');
    expect(text).toContain('serve --config "/etc/shoumi/c 1.yaml"');
  });

  it('passes systemd-analyze verify without a warning, and verify does catch a bad line', async (context) => {
    context.skip(analyze === '', WHY_SKIPPED);
    for (const lowestPort of [7700, 443]) {
      const unit = await unitFile({ lowestPort, dataDir: '/var/lib/shoumi collector' });
      const good = spawnSync(analyze, ['verify', '--man=no', unit], { encoding: 'utf8' });
      expect({ code: good.status, output: `${good.stdout}${good.stderr}`.trim() }).toEqual({
        code: 0,
        output: '',
      });
    }
    const bad = await unitFile({}, (text) => text.replace('ProtectHome=yes', 'ProtectHomes=yes'));
    const result = spawnSync(analyze, ['verify', '--man=no', bad], { encoding: 'utf8' });
    expect(`${result.stdout}${result.stderr}`).toMatch(/Unknown key 'ProtectHomes'/);
  });

  it('scores at most 2.0 ("OK") in systemd-analyze security, and the score moves when hardening goes', async (context) => {
    context.skip(analyze === '', WHY_SKIPPED);
    const exposure = async (edit?: (text: string) => string) => {
      const unit = await unitFile({}, edit);
      const result = spawnSync(analyze, ['security', '--offline=yes', '--no-pager', unit], {
        encoding: 'utf8',
      });
      const match = /Overall exposure level for .*: (\d+\.\d+)/.exec(`${result.stdout}${result.stderr}`);
      if (!match) throw new Error(`no exposure level in: ${result.stdout}${result.stderr}`);
      return Number(match[1]);
    };
    const hardened = await exposure();
    process.stderr.write(`collector unit: systemd-analyze security exposure ${hardened}\n`);
    expect(hardened).toBeLessThanOrEqual(2.0);
    // The control: the same unit with its hardening block removed scores worse, so the figure above means something.
    const bare = await exposure((text) =>
      text.replace(/^# Its files are its own alone[\s\S]*?(?=\n\[Install\])/m, ''),
    );
    expect(bare).toBeGreaterThan(hardened + 3);
  });
});
