// The live test runs on this host (Debian 12 in a VM: no Wi‑Fi, and neither iw nor nmcli installed), so both
// tools must say why they cannot answer. The parsing of tool answers is tested with answers in the shapes the
// libraries return (systeminformation wifiInterfaces(): [{ iface: "wlp2s0", ... }]; node-wifi
// getCurrentConnections(): [{ iface, ssid, ... }]), since no tool here can produce a real one.

import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { machineRoot } from '../machine-root';
import { describeToolError, linuxWifiToolsProbe, wifiToolsProbe } from './linux';

describe('Wi‑Fi second-opinion probe', () => {
  it('on this host, reports each missing tool as unavailable with the reason', async () => {
    const result = await linuxWifiToolsProbe.read(machineRoot('/'));
    if (!result.ok) throw new Error(result.reason);
    const [si, nw] = result.facts.reports;
    expect(si).toMatchObject({ tool: 'systeminformation', interfaces: [] });
    expect(si?.unavailable).toMatch(/neither iw nor nmcli is installed/);
    expect(nw).toMatchObject({ tool: 'node-wifi', interfaces: [] });
    expect(nw?.unavailable).toMatch(/nmcli is not installed; node-wifi reads Wi‑Fi through it/);
  });

  it('does not describe the recording host when asked about a recorded root', async () => {
    const tools = {
      systeminformation: () => Promise.reject(new Error('must not run')),
      nodeWifi: () => Promise.reject(new Error('must not run')),
    };
    const result = await wifiToolsProbe(tools).read(
      machineRoot(path.resolve(__dirname, '../../../test/fixtures/roots/clean')),
    );
    expect(result).toMatchObject({
      ok: true,
      facts: {
        reports: [
          { tool: 'systeminformation', unavailable: 'second opinions only read the live machine' },
          { tool: 'node-wifi', unavailable: 'second opinions only read the live machine' },
        ],
      },
    });
  });

  it('keeps one answer when the other tool fails or hangs', async () => {
    const probe = wifiToolsProbe(
      {
        systeminformation: async () => ({ ok: true, interfaces: ['wlp2s0', 'wlp2s0'] }),
        nodeWifi: () => new Promise(() => {}),
      },
      50,
    );
    const result = await probe.read(machineRoot('/'));
    if (!result.ok) throw new Error(result.reason);
    expect(result.facts.reports).toEqual([
      { tool: 'systeminformation', interfaces: ['wlp2s0'], unavailable: null },
      { tool: 'node-wifi', interfaces: [], unavailable: 'no answer within 50 ms' },
    ]);
  });

  it('names a missing command plainly', () => {
    expect(describeToolError(new Error('spawn nmcli ENOENT'))).toBe(
      'nmcli is not installed (spawn nmcli ENOENT)',
    );
    expect(describeToolError('boom')).toBe('boom');
  });
});
