// Against PowerShell outputs constructed from Microsoft's documentation (test/fixtures/powershell/README.md).

import { describe, expect, it } from 'vitest';
import { machineRoot } from '../machine-root';
import { recordedPowerShell } from '../windows/recorded-powershell';
import { decodeProductState } from './security-center-state';
import { windowsAntivirusProbe } from './win32';

const root = machineRoot('/');
const NO_DEFENDER = {
  ok: false as const,
  reason:
    'Get-MpComputerStatus: powershell.exe exited with 1: Operation failed with the following error: 0x800106ba',
};

describe('Security Center productState', () => {
  it('decodes the commonly described bits', () => {
    expect(decodeProductState(397568)).toEqual({ realtimeProtection: true, signaturesUpToDate: true }); // 0x061100
    expect(decodeProductState(393472)).toEqual({ realtimeProtection: false, signaturesUpToDate: true }); // 0x060100
    expect(decodeProductState(397584)).toEqual({ realtimeProtection: true, signaturesUpToDate: false }); // 0x061110
    expect(decodeProductState(null)).toBeNull();
    expect(decodeProductState(-1)).toBeNull();
  });
});

describe('windows antivirus probe', () => {
  it('gives Defender its signature time, last full scan and real-time state', async () => {
    const { run } = recordedPowerShell({
      AntiVirusProduct: 'antivirusproduct-defender.json',
      'Get-MpComputerStatus': 'get-mpcomputerstatus-on.json',
    });
    const result = await windowsAntivirusProbe(run).read(root);
    expect(result).toMatchObject({
      ok: true,
      facts: {
        products: [
          {
            product: 'Windows Defender',
            databases: [],
            signaturesUpdatedAtMs: Date.UTC(2026, 10, 24, 23, 30),
            lastFullScanAtMs: Date.UTC(2026, 10, 20, 2, 15, 42),
            realtimeProtection: true,
          },
        ],
      },
    });
  });

  it('reads a domestic product from Security Center, and Defender passive beside it', async () => {
    const { run } = recordedPowerShell({
      AntiVirusProduct: 'antivirusproduct-360-and-passive-defender.json',
      'Get-MpComputerStatus': 'get-mpcomputerstatus-passive.json',
    });
    const result = await windowsAntivirusProbe(run).read(root);
    if (!result.ok) throw new Error(result.reason);
    expect(result.facts.products).toEqual([
      {
        product: 'Windows Defender',
        databases: [],
        signaturesUpdatedAtMs: Date.UTC(2026, 10, 24, 23, 30),
        lastFullScanAtMs: null,
        realtimeProtection: false,
      },
      // Only Security Center speaks for it: real-time from productState, no signature time at all.
      {
        product: '360杀毒',
        databases: [],
        signaturesUpdatedAtMs: null,
        lastFullScanAtMs: null,
        realtimeProtection: true,
      },
    ]);
  });

  it('does not need Get-MpComputerStatus when Security Center lists no Defender', async () => {
    const { run } = recordedPowerShell({
      AntiVirusProduct: 'antivirusproduct-360.json',
      'Get-MpComputerStatus': NO_DEFENDER,
    });
    const result = await windowsAntivirusProbe(run).read(root);
    expect(result).toMatchObject({ ok: true, facts: { products: [{ product: '360杀毒' }] } });
  });

  it('reports no product when Security Center lists none', async () => {
    const { run } = recordedPowerShell({
      AntiVirusProduct: 'empty-list.json',
      'Get-MpComputerStatus': NO_DEFENDER,
    });
    expect(await windowsAntivirusProbe(run).read(root)).toMatchObject({ ok: true, facts: { products: [] } });
  });

  it('fails when Defender is listed but its status cannot be read, or Security Center cannot be read', async () => {
    const defenderFails = recordedPowerShell({
      AntiVirusProduct: 'antivirusproduct-defender.json',
      'Get-MpComputerStatus': NO_DEFENDER,
    });
    expect(await windowsAntivirusProbe(defenderFails.run).read(root)).toMatchObject({
      ok: false,
      reason: NO_DEFENDER.reason,
    });
    const centerFails = recordedPowerShell({
      AntiVirusProduct: {
        ok: false,
        reason: 'AntiVirusProduct: powershell.exe exited with 1: Invalid namespace',
      },
      'Get-MpComputerStatus': 'get-mpcomputerstatus-on.json',
    });
    expect(await windowsAntivirusProbe(centerFails.run).read(root)).toMatchObject({
      ok: false,
      reason: 'AntiVirusProduct: powershell.exe exited with 1: Invalid namespace',
      source: 'root/SecurityCenter2 AntiVirusProduct, Get-MpComputerStatus',
    });
  });
});
