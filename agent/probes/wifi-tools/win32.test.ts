import { describe, expect, it } from 'vitest';
import { machineRoot } from '../machine-root';
import { windowsWifiToolsProbe } from './win32';

describe('windows Wi-Fi tools probe', () => {
  it('says for each tool why it was not asked, and names no interface', async () => {
    const result = await windowsWifiToolsProbe.read(machineRoot('/'));
    if (!result.ok) throw new Error(result.reason);
    expect(result.facts.reports.map((report) => report.tool)).toEqual(['systeminformation', 'node-wifi']);
    for (const report of result.facts.reports) {
      expect(report.interfaces).toEqual([]);
      expect(report.unavailable).toMatch(/^not asked on Windows/);
    }
  });
});
