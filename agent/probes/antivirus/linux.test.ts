// The Linux antivirus probe's parts that no shipped definition exercises: a site definition with a version
// file, units under the hybrid and legacy cgroup trees, and policy definitions reaching the probe.

import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { antivirusProductDefinition } from '../../../policies/antivirus/product-definition';
import type { Policy } from '../../../policies/model';
import { ruleFor } from '../../checks/facts-for-tests';
import { probesFor } from '../index';
import { machineRoot } from '../machine-root';
import { probeOptionsFromPolicy } from '../probe-options';
import { linuxAntivirusProbe } from './linux';
import { unitRunning } from './systemd-unit-state';

let scratch: string | null = null;
afterEach(() => {
  if (scratch) rmSync(scratch, { recursive: true, force: true });
  scratch = null;
});

function rootWith(files: Record<string, string>): string {
  scratch = mkdtempSync(path.join(tmpdir(), 'shoumi-av-'));
  for (const [machinePath, content] of Object.entries(files)) {
    const real = path.join(scratch, machinePath);
    mkdirSync(path.dirname(real), { recursive: true });
    writeFileSync(real, content);
  }
  return scratch;
}

// A site's definition of a product with a version file (the layout is made up for the test).
const SITE_QAX = antivirusProductDefinition.parse({
  id: 'qax-tianqing',
  names: ['奇安信天擎'],
  source: 'site',
  linux: {
    install_paths: ['/opt/qaxsafe'],
    processes: ['qaxsafed'],
    signatures: [
      {
        kind: 'version-file',
        path: '/opt/qaxsafe/vlib/version.ini',
        pattern: '^VirusLibDate=(?<time>\\d{8})$',
        format: 'yyyymmdd',
      },
    ],
  },
});

describe('a version-file source', () => {
  it('reads the date from the named group', async () => {
    const dir = rootWith({ 'opt/qaxsafe/vlib/version.ini': '[lib]\nVersion=8.0\nVirusLibDate=20261128\n' });
    const result = await linuxAntivirusProbe([SITE_QAX]).read(machineRoot(dir));
    if (!result.ok) throw new Error(result.reason);
    expect(result.facts.products[0]).toMatchObject({
      product: '奇安信天擎',
      signaturesUnknownBecause: null,
      databases: [
        {
          name: 'version-file',
          file: '/opt/qaxsafe/vlib/version.ini',
          builtAtMs: new Date(2026, 10, 28).getTime(),
        },
      ],
    });
  });

  it('gives the date as unknown when the file no longer matches the pattern', async () => {
    const dir = rootWith({ 'opt/qaxsafe/vlib/version.ini': '[lib]\nVersion=9.0\nLibDate=2026-11-28\n' });
    const result = await linuxAntivirusProbe([SITE_QAX]).read(machineRoot(dir));
    if (!result.ok) throw new Error(result.reason);
    expect(result.facts.products[0]!.signaturesUnknownBecause).toMatch(
      /version\.ini does not match the pattern/,
    );
  });

  it('gives the date as unknown when the file is missing', async () => {
    const dir = rootWith({ 'opt/qaxsafe/qaxsafed': '' });
    const result = await linuxAntivirusProbe([SITE_QAX]).read(machineRoot(dir));
    if (!result.ok) throw new Error(result.reason);
    expect(result.facts.products[0]!.signaturesUnknownBecause).toBe(
      'none of /opt/qaxsafe/vlib/version.ini exists',
    );
  });
});

describe('systemd unit state from the cgroup tree', () => {
  it('reads cgroup v2, hybrid and legacy trees; a unit without a directory there is stopped', () => {
    const v2 = machineRoot(
      rootWith({
        'sys/fs/cgroup/system.slice/cgroup.events': 'populated 1\nfrozen 0\n',
        'sys/fs/cgroup/system.slice/RAVBDFZ.service/cgroup.events': 'populated 1\nfrozen 0\n',
        'sys/fs/cgroup/system.slice/idle.service/cgroup.events': 'populated 0\nfrozen 0\n',
      }),
    );
    expect(unitRunning(v2, 'RAVBDFZ.service')).toBe(true);
    expect(unitRunning(v2, 'idle')).toBe(false);
    expect(unitRunning(v2, 'serviceqaxsafe')).toBe(false);
    const hybrid = machineRoot(
      rootWith({
        'sys/fs/cgroup/unified/system.slice/serviceqaxsafe.service/cgroup.events': 'populated 1\n',
      }),
    );
    expect(unitRunning(hybrid, 'serviceqaxsafe')).toBe(true);
    const legacy = machineRoot(
      rootWith({
        'sys/fs/cgroup/systemd/system.slice/service360safe_linux.service/cgroup.procs': '1234\n',
        'sys/fs/cgroup/systemd/system.slice/empty.service/cgroup.procs': '',
      }),
    );
    expect(unitRunning(legacy, 'service360safe_linux')).toBe(true);
    expect(unitRunning(legacy, 'empty.service')).toBe(false);
  });

  it('cannot tell on a machine without systemd cgroups', () => {
    expect(unitRunning(machineRoot(rootWith({ 'proc/1/comm': 'init\n' })), 'RAVBDFZ.service')).toBeNull();
  });
});

describe('definitions from the policy', () => {
  it('reach the Linux probe merged with the built-in ones, a site definition replacing the built-in of its id', async () => {
    const policy: Policy = {
      name: 't',
      version: '1',
      rules: [
        ruleFor('antivirus-approved-installed', {
          approved_products: ['奇安信'],
          product_definitions: [SITE_QAX],
        }),
      ],
    };
    const options = probeOptionsFromPolicy(policy);
    expect(options.antivirusProducts?.map((definition) => definition.id)).toEqual([
      'huorong-esm',
      'rising-esm',
      'qax-tianqing',
      '360-epp',
      'ksc-defender',
      'clamav',
      'microsoft-defender',
    ]);
    expect(options.antivirusProducts?.find((definition) => definition.id === 'qax-tianqing')?.source).toBe(
      'site',
    );
    const dir = rootWith({ 'opt/qaxsafe/vlib/version.ini': 'VirusLibDate=20261128\n' });
    const result = await probesFor('linux', options).antivirus.read(machineRoot(dir));
    expect(result).toMatchObject({
      ok: true,
      facts: { products: [{ definitionId: 'qax-tianqing', signaturesUnknownBecause: null }] },
    });
  });
});
