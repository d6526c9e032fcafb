// Against PowerShell outputs constructed from documentation and public reports (test/fixtures/powershell/
// README.md): Security Center entries, Get-MpComputerStatus, and the definitions' layouts on the machine.

import { describe, expect, it } from 'vitest';
import { BUILTIN_PRODUCT_DEFINITIONS } from '../../../policies/antivirus/builtin-products';
import { machineRoot } from '../machine-root';
import { type RecordedAnswer, recordedPowerShell } from '../windows/recorded-powershell';
import { windowsAntivirusProbe } from './win32';
import { LAYOUT_COMMAND_NAME } from './windows-layout-command';

const root = machineRoot('/');
/** The built-in definitions with a Windows layout, which the layout fixtures answer for. */
const DEFINITIONS = BUILTIN_PRODUCT_DEFINITIONS.filter((definition) =>
  ['huorong-esm', 'microsoft-defender'].includes(definition.id),
);
const DEFENDER_NAMES = ['Windows Defender', 'Microsoft Defender', 'Microsoft Defender Antivirus'];
const HUORONG_NAMES = ['火绒终端安全', 'Huorong ESM', '火绒', 'Huorong', '火绒安全软件', '火绒安全'];
const NO_SIGNATURE_DATE =
  'Windows gives no signature date for this product (Security Center says only current or out of date)';
/** PowerShell's own message for a cmdlet that does not exist (an edition without the Defender module). */
const NO_DEFENDER = {
  ok: false as const,
  reason:
    "Get-MpComputerStatus: powershell.exe exited with 1: The term 'Get-MpComputerStatus' is not recognized as " +
    'the name of a cmdlet, function, script file, or operable program. Check the spelling of the name, or if ' +
    'a path was included, verify that the path is correct and try again.',
};

function probe(center: RecordedAnswer, defender: RecordedAnswer, layouts: RecordedAnswer) {
  const { run } = recordedPowerShell({
    AntiVirusProduct: center,
    'Get-MpComputerStatus': defender,
    [LAYOUT_COMMAND_NAME]: layouts,
  });
  return windowsAntivirusProbe(run, () => DEFINITIONS).read(root);
}

async function productsOf(center: RecordedAnswer, defender: RecordedAnswer, layouts: RecordedAnswer) {
  const result = await probe(center, defender, layouts);
  if (!result.ok) throw new Error(result.reason);
  return result.facts.products;
}

describe('windows antivirus probe: Security Center entries', () => {
  it('Defender on with current signatures: its own status, corroborated by its folder and running service', async () => {
    expect(
      await productsOf(
        'antivirusproduct-defender.json',
        'get-mpcomputerstatus-on.json',
        'product-layouts-defender.json',
      ),
    ).toEqual([
      {
        product: 'Windows Defender',
        definitionId: 'microsoft-defender',
        names: DEFENDER_NAMES,
        installPaths: ['C:\\Program Files\\Windows Defender'],
        running: true,
        corroborated: true,
        databases: [],
        signaturesUpdatedAtMs: Date.UTC(2026, 10, 24, 23, 30),
        signaturesUnknownBecause: null,
        signaturesOutOfDate: false,
        lastFullScanAtMs: Date.UTC(2026, 10, 20, 2, 15, 42),
        realtimeProtection: true,
      },
    ]);
  });

  it('Huorong registered (0x041000), its folder present and wsctrlsvc running; Defender passive beside it', async () => {
    expect(
      await productsOf(
        'antivirusproduct-huorong-and-passive-defender.json',
        'get-mpcomputerstatus-passive.json',
        'product-layouts-huorong-and-defender.json',
      ),
    ).toEqual([
      {
        product: '火绒安全软件',
        definitionId: 'huorong-esm',
        names: ['火绒安全软件', '火绒终端安全', 'Huorong ESM', '火绒', 'Huorong', '火绒安全'],
        installPaths: ['C:\\Program Files\\Huorong\\Sysdiag'],
        running: true,
        corroborated: true,
        databases: [],
        signaturesUpdatedAtMs: null,
        signaturesUnknownBecause: NO_SIGNATURE_DATE,
        signaturesOutOfDate: false,
        lastFullScanAtMs: null,
        realtimeProtection: true,
      },
      {
        product: 'Windows Defender',
        definitionId: 'microsoft-defender',
        names: DEFENDER_NAMES,
        installPaths: ['C:\\Program Files\\Windows Defender'],
        running: true,
        corroborated: true,
        databases: [],
        signaturesUpdatedAtMs: Date.UTC(2026, 10, 24, 23, 30),
        signaturesUnknownBecause: null,
        signaturesOutOfDate: false,
        lastFullScanAtMs: null,
        realtimeProtection: false,
      },
    ]);
  });

  it('Huorong registered without its files: not corroborated, and its "on" is not taken as real-time protection', async () => {
    const [huorong, defender] = await productsOf(
      'antivirusproduct-huorong-and-passive-defender.json',
      'get-mpcomputerstatus-passive.json',
      'product-layouts-defender-without-huorong.json',
    );
    expect(huorong).toMatchObject({
      product: '火绒安全软件',
      definitionId: 'huorong-esm',
      installPaths: [],
      running: false,
      corroborated: false,
      realtimeProtection: false,
    });
    expect(defender).toMatchObject({ product: 'Windows Defender', corroborated: true });
  });

  it('Huorong installed but wsctrlsvc not running: corroborated by its folder, running false', async () => {
    const [huorong] = await productsOf(
      'antivirusproduct-huorong.json',
      NO_DEFENDER,
      'product-layouts-huorong-stopped.json',
    );
    expect(huorong).toMatchObject({ corroborated: true, running: false, realtimeProtection: true });
  });

  it.each([
    ['antivirusproduct-huorong-snoozed.json', '0x042000 snoozed', false, false],
    ['antivirusproduct-huorong-expired.json', '0x043000 expired', false, false],
    ['antivirusproduct-huorong-out-of-date.json', '0x041010 on, out of date', true, true],
  ])('%s (%s): real-time %s, signatures out of date %s', async (center, _state, realtime, outOfDate) => {
    const [huorong] = await productsOf(center, NO_DEFENDER, 'product-layouts-huorong-and-defender.json');
    expect(huorong).toMatchObject({
      corroborated: true,
      realtimeProtection: realtime,
      signaturesOutOfDate: outOfDate,
      signaturesUpdatedAtMs: null,
    });
  });

  it('an entry no definition knows is reported as Security Center gives it, corroborated null', async () => {
    expect(
      await productsOf('antivirusproduct-360.json', NO_DEFENDER, 'product-layouts-nothing.json'),
    ).toEqual([
      {
        product: '360杀毒',
        definitionId: null,
        names: ['360杀毒'],
        installPaths: [],
        running: null,
        corroborated: null,
        databases: [],
        signaturesUpdatedAtMs: null,
        signaturesUnknownBecause: NO_SIGNATURE_DATE,
        signaturesOutOfDate: false,
        lastFullScanAtMs: null,
        realtimeProtection: true,
      },
    ]);
  });

  it('does not need Get-MpComputerStatus when Security Center lists no Defender (EnterpriseG)', async () => {
    const products = await productsOf(
      'antivirusproduct-huorong.json',
      NO_DEFENDER,
      'product-layouts-enterpriseg-huorong.json',
    );
    expect(products).toMatchObject([
      {
        product: '火绒安全软件',
        installPaths: ['C:\\Program Files (x86)\\Huorong\\Sysdiag'],
        running: true,
        corroborated: true,
      },
    ]);
  });

  it('fails when Defender is listed but its status cannot be read', async () => {
    expect(
      await probe('antivirusproduct-defender.json', NO_DEFENDER, 'product-layouts-defender.json'),
    ).toMatchObject({ ok: false, reason: NO_DEFENDER.reason });
  });
});

describe('windows antivirus probe: no Security Center, or one listing nothing', () => {
  it('Server SKU (no SecurityCenter2 namespace): products found by their definitions, Defender with its status', async () => {
    expect(
      await productsOf(
        'antivirusproduct-namespace-absent.json',
        'get-mpcomputerstatus-on.json',
        'product-layouts-server-huorong-and-defender.json',
      ),
    ).toEqual([
      {
        product: '火绒终端安全',
        definitionId: 'huorong-esm',
        names: HUORONG_NAMES,
        installPaths: ['C:\\Program Files\\Huorong\\Sysdiag'],
        running: true,
        databases: [],
        signaturesUpdatedAtMs: null,
        signaturesUnknownBecause: NO_SIGNATURE_DATE,
        signaturesOutOfDate: null,
        lastFullScanAtMs: null,
        // The definition names no real-time process and wsctrlsvc runs: cannot tell.
        realtimeProtection: null,
      },
      {
        product: 'Microsoft Defender',
        definitionId: 'microsoft-defender',
        names: ['Microsoft Defender', 'Windows Defender', 'Microsoft Defender Antivirus'],
        installPaths: ['C:\\Program Files\\Windows Defender'],
        running: true,
        databases: [],
        signaturesUpdatedAtMs: Date.UTC(2026, 10, 24, 23, 30),
        signaturesUnknownBecause: null,
        signaturesOutOfDate: null,
        lastFullScanAtMs: Date.UTC(2026, 10, 20, 2, 15, 42),
        realtimeProtection: true,
      },
    ]);
  });

  it('EnterpriseG without Defender, Huorong not registered: found by its files; Get-MpComputerStatus not needed', async () => {
    expect(
      await productsOf(
        'antivirusproduct-empty.json',
        NO_DEFENDER,
        'product-layouts-enterpriseg-huorong.json',
      ),
    ).toMatchObject([
      {
        product: '火绒终端安全',
        definitionId: 'huorong-esm',
        installPaths: ['C:\\Program Files (x86)\\Huorong\\Sysdiag'],
        running: true,
      },
    ]);
  });

  it('installed but not running, found by its files: real-time protection false', async () => {
    const [huorong] = await productsOf(
      'antivirusproduct-namespace-absent.json',
      NO_DEFENDER,
      'product-layouts-huorong-stopped.json',
    );
    expect(huorong).toMatchObject({ definitionId: 'huorong-esm', running: false, realtimeProtection: false });
  });

  it.each([['antivirusproduct-namespace-absent.json'], ['antivirusproduct-empty.json']])(
    '%s and no definition found: no products',
    async (center) => {
      expect(await productsOf(center, NO_DEFENDER, 'product-layouts-nothing.json')).toEqual([]);
    },
  );
});

describe('windows antivirus probe: failures', () => {
  it.each([
    ['Access denied ', 'WMI refuses the namespace (HRESULT 0x80041003)'],
    ['Invalid class ', 'the namespace is there, the class is not (HRESULT 0x80041010)'],
    ['Invalid namespace ', 'the namespace vanished between the two queries'],
  ])('Get-CimInstance failing with "%s" (%s) makes the fact unavailable', async (message) => {
    const reason = `AntiVirusProduct: powershell.exe exited with 1: ${message}`.trim();
    expect(
      await probe({ ok: false, reason }, 'get-mpcomputerstatus-on.json', 'product-layouts-defender.json'),
    ).toMatchObject({
      ok: false,
      reason,
      source:
        'root/SecurityCenter2 AntiVirusProduct, Get-MpComputerStatus, product definitions (Test-Path, Get-Service, Get-Process)',
    });
  });

  it('a Security Center report without the namespace answer is not taken for "no Security Center"', async () => {
    expect(await probe('empty-list.json', NO_DEFENDER, 'product-layouts-nothing.json')).toMatchObject({
      ok: false,
      reason: 'AntiVirusProduct printed no report of the SecurityCenter2 namespace',
    });
  });

  it('the layouts failing makes the fact unavailable: an entry could not be corroborated', async () => {
    const reason = `${LAYOUT_COMMAND_NAME}: powershell.exe did not finish within 30000 ms`;
    expect(await probe('antivirusproduct-huorong.json', NO_DEFENDER, { ok: false, reason })).toMatchObject({
      ok: false,
      reason,
    });
  });

  it('a layout report that leaves out an install path is refused rather than read as absent', async () => {
    const short = {
      environment: { ProgramFiles: 'C:\\Program Files' },
      paths: [
        {
          path: '%ProgramFiles%\\Windows Defender',
          expanded: 'C:\\Program Files\\Windows Defender',
          exists: true,
        },
      ],
      services: [],
      processes: [],
    };
    expect(
      await probe('antivirusproduct-huorong.json', NO_DEFENDER, { ok: true, stdout: JSON.stringify(short) }),
    ).toMatchObject({
      ok: false,
      reason: `${LAYOUT_COMMAND_NAME} did not report the path %ProgramFiles%\\Huorong\\Sysdiag`,
    });
  });

  it('a layout command printing nothing is refused', async () => {
    expect(await probe('antivirusproduct-huorong.json', NO_DEFENDER, 'empty-list.json')).toMatchObject({
      ok: false,
      reason: `${LAYOUT_COMMAND_NAME} printed no report object`,
    });
  });
});
