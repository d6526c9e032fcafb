// Against CUPS configuration recorded from Debian 12's cups 2.4.2-3+deb12u9 in this sandbox
// (test/fixtures/roots/host-cups-*/README.md says how each was made) and the kernel-recorded `clean` root,
// which has no CUPS at all.

import { cp, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { PrintersFacts } from '../../facts';
import { machineRoot } from '../machine-root';
import { linuxPrintersProbe } from './linux';

const ROOTS = path.resolve(__dirname, '../../../test/fixtures/roots');

async function printersOf(dir: string): Promise<PrintersFacts> {
  const result = await linuxPrintersProbe.read(machineRoot(dir));
  if (!result.ok) throw new Error(`expected facts from ${dir}, got: ${result.reason}`);
  return result.facts;
}

const temporary: string[] = [];
afterEach(async () => {
  await Promise.all(temporary.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

describe('linux printers probe (CUPS)', () => {
  it('reads Debian fresh CUPS: installed, no queue, not shared, page log switched off', async () => {
    const facts = await printersOf(path.join(ROOTS, 'host-cups-default'));
    expect(facts).toMatchObject({ installed: true, queues: [], serverSharing: false });
    expect(facts.auditing.enabled).toBe(false);
    expect(facts.auditing.source).toContain('PageLogFormat ""');
  });

  it('reads local queues that are not shared, with the page log switched on', async () => {
    const facts = await printersOf(path.join(ROOTS, 'host-cups-local'));
    expect(facts.queues).toEqual([
      {
        name: 'lab-laser',
        deviceUri: 'usb://HP/LaserJet%20Pro%20M404-M405?serial=PHBQJ12345',
        shared: false,
        isDefault: true,
        remoteHost: null,
      },
      {
        name: 'office-ipp',
        deviceUri: 'ipp://192.0.2.10/ipp/print',
        shared: false,
        isDefault: false,
        remoteHost: '192.0.2.10',
      },
    ]);
    expect(facts.serverSharing).toBe(false);
    expect(facts.auditing.enabled).toBe(true);
  });

  it('reads a shared queue and cupsctl --share-printers (Port 631)', async () => {
    const facts = await printersOf(path.join(ROOTS, 'host-cups-shared'));
    expect(facts.serverSharing).toBe(true);
    expect(
      facts.queues.map((queue) => [queue.name, queue.shared, queue.isDefault, queue.remoteHost]),
    ).toEqual([
      ['branch-office', false, false, 'printer.branch.example'],
      ['hall-shared', true, false, '192.0.2.20'],
      ['lab-laser', false, false, null],
      ['office-ipp', false, true, '192.0.2.10'],
    ]);
  });

  it('reports no print system on a machine without CUPS', async () => {
    expect(await printersOf(path.join(ROOTS, 'clean'))).toMatchObject({
      installed: false,
      queues: [],
      serverSharing: false,
    });
  });

  it('is unavailable, naming the file and errno, when printers.conf cannot be read', async () => {
    // Tests run as root here, for whom mode 0600 does not stop a read; a directory in the file's place
    // gives a real read error (EISDIR) instead.
    const dir = await mkdtemp(path.join(tmpdir(), 'shoumi-cups-'));
    temporary.push(dir);
    await cp(path.join(ROOTS, 'host-cups-local'), dir, { recursive: true });
    await rm(path.join(dir, 'etc/cups/printers.conf'));
    await mkdir(path.join(dir, 'etc/cups/printers.conf'));
    const result = await linuxPrintersProbe.read(machineRoot(dir));
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toMatch(/etc\/cups\/printers\.conf: EISDIR/);
  });

  it('is unavailable when the machine root itself is missing', async () => {
    const result = await linuxPrintersProbe.read(machineRoot('/nonexistent/shoumi-root'));
    expect(result.ok).toBe(false);
  });
});
