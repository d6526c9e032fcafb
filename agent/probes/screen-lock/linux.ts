// Screen lock on Linux, as the administrator enforces it system-wide: dconf keyfile databases
// /etc/dconf/db/<db>.d/* (the login screen's gdm.d and the locks/ subfolders excepted). One setting per
// desktop per database that mentions it:
//   gnome  org/gnome/desktop/screensaver lock-enabled, org/gnome/desktop/session idle-delay (seconds) plus
//          org/gnome/desktop/screensaver lock-delay (seconds after blanking) — gsettings-desktop-schemas
//   ukui   org/ukui/screensaver lock-enabled and lock-delay (minutes), org/ukui/session idle-delay (minutes)
// Schema defaults under /usr/share are not read: a user may change them, so they are not a control. No
// dconf database at all is a fact (settings []), and the check decides what that means.
// Not read yet: Deepin (DDE keeps its lock delays in its own dconfig files) and xscreensaver's
// /etc/X11/app-defaults/XScreenSaver.

import { readFile } from 'node:fs/promises';
import type { ScreenLockFacts, ScreenLockSetting } from '../../facts';
import { describeIoError, listDirectory } from '../machine-root';
import { observed, type Probe, unavailable } from '../probe';
import { gvariantBoolean, gvariantInteger, parseKeyfile } from './dconf-keyfile';

const SOURCE = '/etc/dconf/db';
const SKIPPED_DATABASES = new Set(['gdm.d']);

export const linuxScreenLockProbe: Probe<'screenLock'> = {
  fact: 'screenLock',
  async read(root) {
    const observedAtMs = Date.now();
    const databases = (await listDirectory(root, 'etc', 'dconf', 'db')).filter(
      (name) => name.endsWith('.d') && !SKIPPED_DATABASES.has(name),
    );
    const settings: ScreenLockSetting[] = [];
    for (const database of databases) {
      const files = await listDirectory(root, 'etc', 'dconf', 'db', database);
      const values = new Map<string, string>();
      for (const file of files) {
        if (file === 'locks') continue;
        const real = root.path('etc', 'dconf', 'db', database, file);
        try {
          parseKeyfile(await readFile(real, 'utf8'), values);
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code === 'EISDIR') continue;
          return unavailable(SOURCE, describeIoError(real, error), observedAtMs);
        }
      }
      const source = `/etc/dconf/db/${database}`;
      const gnome = gnomeSetting(values, source);
      if (gnome) settings.push(gnome);
      const ukui = ukuiSetting(values, source);
      if (ukui) settings.push(ukui);
    }
    return observed<ScreenLockFacts>(SOURCE, { settings }, observedAtMs);
  },
};

function gnomeSetting(values: Map<string, string>, source: string): ScreenLockSetting | null {
  const lock = values.get('org/gnome/desktop/screensaver/lock-enabled');
  const idle = values.get('org/gnome/desktop/session/idle-delay');
  if (lock === undefined && idle === undefined) return null;
  const idleSeconds = gvariantInteger(idle);
  const lockDelay = gvariantInteger(values.get('org/gnome/desktop/screensaver/lock-delay')) ?? 0;
  return {
    desktop: 'gnome',
    lockEnabled: gvariantBoolean(lock),
    // idle-delay 0 means "never idle"; keep it 0 so the check sees it.
    idleDelaySeconds: idleSeconds === null ? null : idleSeconds === 0 ? 0 : idleSeconds + lockDelay,
    source,
  };
}

function ukuiSetting(values: Map<string, string>, source: string): ScreenLockSetting | null {
  const lock = values.get('org/ukui/screensaver/lock-enabled');
  const idle = values.get('org/ukui/session/idle-delay');
  if (lock === undefined && idle === undefined) return null;
  const idleMinutes = gvariantInteger(idle);
  const lockDelayMinutes = gvariantInteger(values.get('org/ukui/screensaver/lock-delay')) ?? 0;
  return {
    desktop: 'ukui',
    lockEnabled: gvariantBoolean(lock),
    idleDelaySeconds:
      idleMinutes === null ? null : idleMinutes === 0 ? 0 : (idleMinutes + lockDelayMinutes) * 60,
    source,
  };
}
