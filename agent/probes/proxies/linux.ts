// System-wide proxy settings: /etc/environment, /etc/profile.d/*.sh, apt's configuration and the system
// dconf databases (what GNOME, UKUI and DDE desktops read). Each file is optional — no file means no
// proxy set there — but a file that exists and cannot be read fails the probe: it could hold the proxy.
// /etc itself is not optional: a root without it is no machine (a wrong --root), and "no proxy" read from
// nothing would be a pass.
// Per-user settings (~/.config, user dconf databases) are not read: the agent judges the machine's own
// configuration, which an administrator controls.

import { readdir, readFile } from 'node:fs/promises';
import type { ProxyFact, ProxyFacts } from '../../facts';
import { describeIoError, type MachineRoot } from '../machine-root';
import { observed, type Probe, unavailable } from '../probe';
import { dconfProxies, type ProxySetting, parseAptConf, parseShellAssignments } from './proxy-settings';
import { parseProxyUrl } from './proxy-url';

const SOURCE = 'proxy settings';

type Optional<T> = { state: 'absent' } | { state: 'read'; value: T } | { state: 'failed'; reason: string };

function isAbsent(error: unknown): boolean {
  return error instanceof Error && 'code' in error && (error.code === 'ENOENT' || error.code === 'ENOTDIR');
}

async function optionalFile(root: MachineRoot, machinePathName: string): Promise<Optional<string>> {
  const file = root.path(machinePathName);
  try {
    return { state: 'read', value: await readFile(file, 'utf8') };
  } catch (error) {
    return isAbsent(error) ? { state: 'absent' } : { state: 'failed', reason: describeIoError(file, error) };
  }
}

async function optionalListing(root: MachineRoot, machinePathName: string): Promise<Optional<string[]>> {
  const dir = root.path(machinePathName);
  try {
    return { state: 'read', value: (await readdir(dir)).sort() };
  } catch (error) {
    return isAbsent(error) ? { state: 'absent' } : { state: 'failed', reason: describeIoError(dir, error) };
  }
}

export const linuxProxiesProbe: Probe<'proxies'> = {
  fact: 'proxies',
  async read(root) {
    const observedAtMs = Date.now();
    const etc = await optionalListing(root, '/etc');
    if (etc.state !== 'read')
      return unavailable(
        SOURCE,
        etc.state === 'failed'
          ? etc.reason
          : `cannot read ${root.path('etc')}: ENOENT (no /etc on this machine)`,
        observedAtMs,
      );
    const failures: string[] = [];
    const sources: string[] = [];
    const settings: ProxySetting[] = [];

    const readAll = async (files: string[]) => {
      const texts = await Promise.all(files.map((file) => optionalFile(root, file)));
      return files.flatMap((file, index) => {
        const text = texts[index]!;
        if (text.state === 'failed') failures.push(text.reason);
        if (text.state !== 'read') return [];
        sources.push(file);
        return [{ file, text: text.value }];
      });
    };
    const listing = async (dir: string, accept: (name: string) => boolean) => {
      const names = await optionalListing(root, dir);
      if (names.state === 'failed') failures.push(names.reason);
      return names.state === 'read' ? names.value.filter(accept).map((name) => `${dir}/${name}`) : [];
    };

    const [profileScripts, aptParts, dconfDirs] = await Promise.all([
      listing('/etc/profile.d', (name) => name.endsWith('.sh')),
      listing('/etc/apt/apt.conf.d', (name) => !name.startsWith('.')),
      listing('/etc/dconf/db', (name) => name.endsWith('.d')),
    ]);
    for (const { file, text } of await readAll(['/etc/environment', ...profileScripts]))
      settings.push(...parseShellAssignments(text, file));
    for (const { file, text } of await readAll(['/etc/apt/apt.conf', ...aptParts]))
      settings.push(...parseAptConf(text, file));
    for (const dir of dconfDirs) {
      const keyfiles = await listing(dir, (name) => !name.startsWith('.'));
      settings.push(...dconfProxies(await readAll(keyfiles)));
    }
    if (failures.length > 0) return unavailable(SOURCE, failures.join('; '), observedAtMs);

    const proxies: ProxyFact[] = settings.flatMap((setting) => {
      const address = parseProxyUrl(setting.value);
      return address ? [{ scheme: setting.scheme, ...address, source: setting.source }] : [];
    });
    return observed<ProxyFacts>(SOURCE, { proxies, sources }, observedAtMs);
  },
};
