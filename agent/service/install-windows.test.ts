// install and uninstall with the Windows layout, into a temporary root (--prefix: sc.exe is not called, and
// cannot be here), enrolling with a collector in this process: the service host unpacked beside the
// executable goes beside the installed agent and uninstall removes it; without it install refuses before
// it enrols, so no token is spent on a service the SCM would kill after 30 s.
import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signUninstallCode } from '../../collector/admin/trust';
import { loadCertificateAuthority } from '../../collector/pki/pki-files';
import { type InProcessCollector, inProcessCollector } from '../../test/support/in-process-collector';
import { installAgent } from './install';
import { installLayout, SERVICE_HOST_FILE } from './install-layout';
import { uninstallAgent } from './uninstall';

const ROOT = path.resolve(import.meta.dirname, '..', '..', 'test', 'fixtures', 'roots', 'clean');

let world: InProcessCollector;
let work: string;

beforeAll(async () => {
  world = await inProcessCollector('install-windows');
  work = await mkdtemp(path.join(os.tmpdir(), 'shoumi-install-windows-'));
});

afterAll(async () => {
  await world?.stop();
  if (work) await rm(work, { recursive: true, force: true });
});

/** An unpacked windows-x64 zip: the agent executable and, unless left out, the host beside it. */
async function unpacked(name: string, withHost: boolean): Promise<{ agent: string; host: string }> {
  const dir = path.join(work, name);
  await mkdir(dir, { recursive: true });
  const agent = path.join(dir, 'shoumi-agent-windows-x64.exe');
  const host = path.join(dir, SERVICE_HOST_FILE);
  await writeFile(agent, `agent bytes ${name}`);
  if (withHost) await writeFile(host, `service host bytes ${name}`);
  return { agent, host };
}

const options = (prefix: string, agent: string, deviceId: string) => ({
  collector: world.collector.agentAddress,
  enrol: world.collector.enrolAddress,
  token: world.trust.token(),
  caSha256: world.trust.caSha256,
  prefix,
  root: ROOT,
  deviceId,
  quiet: true,
  platform: 'win32' as const,
  source: { kind: 'executable' as const, file: agent },
});

describe('install on Windows (layout only, under --prefix)', () => {
  it('refuses without shoumi-agent-service.exe beside it, naming the file, before enrolling', async () => {
    const prefix = path.join(work, 'root-missing');
    const { agent, host } = await unpacked('missing', false);
    await expect(installAgent(options(prefix, agent, 'dev-win-missing'))).rejects.toMatchObject({
      exitCode: 2,
      message: expect.stringContaining(`${host} is missing`),
    });
    const layout = installLayout('win32', prefix);
    await expect(stat(layout.onDisk(layout.dataDir))).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('copies the host beside the agent, and uninstall removes both', async () => {
    const prefix = path.join(work, 'root-complete');
    const { agent, host } = await unpacked('complete', true);
    const result = await installAgent(options(prefix, agent, 'dev-win-1'));
    expect(result.deviceId).toBe('dev-win-1');
    const layout = installLayout('win32', prefix);
    expect(await readFile(layout.onDisk(layout.serviceHost), 'utf8')).toBe(await readFile(host, 'utf8'));
    expect(await readFile(layout.onDisk(layout.binary), 'utf8')).toBe(await readFile(agent, 'utf8'));

    const authority = await loadCertificateAuthority(path.join(world.dir, 'collector'));
    const code = await signUninstallCode(authority, 'dev-win-1', Date.now() + 600_000);
    const removed = await uninstallAgent({ code, prefix, purge: false, quiet: true, platform: 'win32' });
    expect(removed.removed).toContain(layout.serviceHost);
    await expect(stat(layout.onDisk(layout.serviceHost))).rejects.toMatchObject({ code: 'ENOENT' });
    await expect(stat(layout.onDisk(layout.binary))).rejects.toMatchObject({ code: 'ENOENT' });
  });
});
