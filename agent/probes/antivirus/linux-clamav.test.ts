// ClamAV through its built-in product definition, against test/fixtures/clamav/*: databases built by ClamAV's
// own sigtool (see that README). The expected versions and build times are the ones sigtool printed when
// building them (and `sigtool --info` reads back).

import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { BUILTIN_PRODUCT_DEFINITIONS } from '../../../policies/antivirus/builtin-products';
import { antivirusProductDefinition } from '../../../policies/antivirus/product-definition';
import { machineRoot } from '../machine-root';
import { linuxAntivirusProbe } from './linux';

const CLAMAV = BUILTIN_PRODUCT_DEFINITIONS.find((definition) => definition.id === 'clamav')!;
const clamavProbe = (directories?: string[]) =>
  linuxAntivirusProbe([
    directories
      ? antivirusProductDefinition.parse({
          ...CLAMAV,
          linux: {
            ...CLAMAV.linux,
            install_paths: directories,
            signatures: [{ kind: 'clamav-databases', directories }],
          },
        })
      : CLAMAV,
  ]);

const FIXTURES = path.resolve(__dirname, '../../../test/fixtures/clamav');

describe('ClamAV probe', () => {
  it('reads version, signature count and build time of each database', async () => {
    const result = await clamavProbe().read(machineRoot(path.join(FIXTURES, 'current')));
    expect(result).toMatchObject({ ok: true, source: 'antivirus product definitions: clamav' });
    if (!result.ok) return;
    expect(result.facts.products).toEqual([
      {
        product: 'ClamAV',
        definitionId: 'clamav',
        names: ['ClamAV'],
        installPaths: ['/var/lib/clamav'],
        signaturesUnknownBecause: null,
        lastFullScanAtMs: null,
        fullScanUnknownBecause: 'the product definition "clamav" names no source for the last full scan',
        services: [],
        processNames: ['clamd', 'freshclam', 'clamonacc'],
        realtimeProcesses: ['clamonacc'],
        databases: [
          {
            name: 'daily',
            file: '/var/lib/clamav/daily.cud',
            version: 27830,
            signatures: 1,
            builtAtMs: Date.UTC(2026, 10, 25, 12, 21),
          },
          {
            name: 'main',
            file: '/var/lib/clamav/main.cud',
            version: 62,
            signatures: 1,
            builtAtMs: Date.UTC(2026, 10, 25, 12, 21),
          },
        ],
      },
    ]);
  });

  it('gives the old build time of a stale database', async () => {
    const result = await clamavProbe().read(machineRoot(path.join(FIXTURES, 'stale')));
    if (!result.ok) throw new Error(result.reason);
    const [daily] = result.facts.products[0]!.databases;
    // The header's stime field (1756715400) is the same instant in Unix seconds.
    expect(daily).toMatchObject({ version: 27000, builtAtMs: 1756715400_000 });
  });

  it('looks only in the directories it is given', async () => {
    const root = machineRoot(path.join(FIXTURES, 'custom-dir'));
    const byDefault = await clamavProbe().read(root);
    expect(byDefault).toMatchObject({ ok: true, facts: { products: [] } });
    const configured = await clamavProbe(['/var/lib/clamav', '/opt/clamav-db']).read(root);
    if (!configured.ok) throw new Error(configured.reason);
    expect(configured.facts.products[0]!.installPaths).toEqual(['/opt/clamav-db']);
    expect(
      configured.facts.products[0]!.databases.map((database) => [database.file, database.version]),
    ).toEqual([['/opt/clamav-db/daily.cud', 27831]]);
  });

  it('reports no product, not an error, on a machine without ClamAV', async () => {
    const withoutClamav = path.resolve(__dirname, '../../../test/fixtures/roots/host-debian12');
    const result = await clamavProbe().read(machineRoot(withoutClamav));
    expect(result).toMatchObject({ ok: true, facts: { products: [] } });
  });

  it('fails naming the root when the machine root itself is missing', async () => {
    const missing = path.join(tmpdir(), 'shoumi-no-such-root');
    const result = await clamavProbe().read(machineRoot(missing));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.reason).toContain(missing);
    expect(result.reason).toContain('ENOENT');
  });

  describe('with a constructed database directory', () => {
    let scratch: string | null = null;
    afterEach(async () => {
      if (scratch) await rm(scratch, { recursive: true, force: true });
      scratch = null;
    });

    async function databaseDirectory(): Promise<string> {
      scratch = await mkdtemp(path.join(tmpdir(), 'shoumi-clamav-'));
      const directory = path.join(scratch, 'var/lib/clamav');
      await mkdir(directory, { recursive: true });
      return directory;
    }

    it('keeps a database whose header it cannot understand, with unknown fields', async () => {
      const directory = await databaseDirectory();
      await writeFile(path.join(directory, 'daily.cld'), 'not a clamav database at all');
      const result = await clamavProbe().read(machineRoot(scratch!));
      if (!result.ok) throw new Error(result.reason);
      expect(result.facts.products).toMatchObject([
        {
          product: 'ClamAV',
          signaturesUnknownBecause: 'no signature date could be read from /var/lib/clamav/daily.cld',
          databases: [
            {
              name: 'daily',
              file: '/var/lib/clamav/daily.cld',
              version: null,
              signatures: null,
              builtAtMs: null,
            },
          ],
        },
      ]);
    });

    it('gives the signature date as unknown, naming the file and errno, when a database cannot be read', async () => {
      const directory = await databaseDirectory();
      await mkdir(path.join(directory, 'main.cvd'));
      const result = await clamavProbe().read(machineRoot(scratch!));
      if (!result.ok) throw new Error(result.reason);
      const [clamav] = result.facts.products;
      expect(clamav!.signaturesUnknownBecause).toContain(path.join(directory, 'main.cvd'));
      expect(clamav!.signaturesUnknownBecause).toContain('EISDIR');
    });

    it('gives the date as unknown when one database cannot be read, even though another can', async () => {
      // An unreadable daily beside a months-old main would otherwise read as stale signatures.
      const directory = await databaseDirectory();
      const stale = path.resolve(FIXTURES, 'stale/var/lib/clamav/daily.cud');
      await writeFile(path.join(directory, 'main.cld'), await readFile(stale));
      await mkdir(path.join(directory, 'daily.cld'));
      const result = await clamavProbe().read(machineRoot(scratch!));
      if (!result.ok) throw new Error(result.reason);
      expect(result.facts.products[0]).toMatchObject({
        signaturesUnknownBecause: expect.stringContaining('daily.cld: EISDIR'),
      });
    });
  });
});
