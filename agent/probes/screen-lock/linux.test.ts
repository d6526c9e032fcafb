// Against dconf keyfiles in host-dconf-* (each accepted by `dconf compile`, dconf 0.40.0 of Debian 12).

import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { machineRoot } from '../machine-root';
import { gvariantInteger } from './dconf-keyfile';
import { linuxScreenLockProbe } from './linux';

const ROOTS = path.resolve(__dirname, '../../../test/fixtures/roots');

describe('linux screen lock probe (dconf)', () => {
  it('reads GNOME: locked after 600 s idle', async () => {
    const result = await linuxScreenLockProbe.read(machineRoot(path.join(ROOTS, 'host-dconf-gnome')));
    expect(result).toMatchObject({
      ok: true,
      facts: {
        settings: [
          { desktop: 'gnome', lockEnabled: true, idleDelaySeconds: 600, source: '/etc/dconf/db/local.d' },
        ],
      },
    });
  });

  it('reads UKUI, whose delays are in minutes', async () => {
    const result = await linuxScreenLockProbe.read(machineRoot(path.join(ROOTS, 'host-dconf-ukui')));
    expect(result).toMatchObject({
      ok: true,
      facts: { settings: [{ desktop: 'ukui', lockEnabled: true, idleDelaySeconds: 900 }] },
    });
  });

  it('finds no setting where there is no dconf database', async () => {
    const result = await linuxScreenLockProbe.read(machineRoot(path.join(ROOTS, 'host-cups-default')));
    expect(result).toMatchObject({ ok: true, facts: { settings: [] } });
  });

  it('reads GVariant integers with and without a type', () => {
    expect(['600', 'uint32 600', 'int32 5', 'true', undefined].map(gvariantInteger)).toEqual([
      600,
      600,
      5,
      null,
      null,
    ]);
  });
});
