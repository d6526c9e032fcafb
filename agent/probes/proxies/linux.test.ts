import { cpSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { machineRoot } from '../machine-root';
import { linuxProxiesProbe } from './linux';
import { parseProxyUrl } from './proxy-url';

const scratch = mkdtempSync(path.join(tmpdir(), 'shoumi-proxies-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('linux proxies probe', () => {
  it('reads environment, profile.d, apt and dconf settings, with credentials masked', async () => {
    const result = await linuxProxiesProbe.read(machineRoot('test/fixtures/roots/net-config-desktop'));
    if (!result.ok) throw new Error(result.reason);
    expect(result.facts.proxies.map((proxy) => [proxy.scheme, proxy.host, proxy.port, proxy.source])).toEqual(
      [
        ['http', '10.99.0.8', 3128, '/etc/environment: http_proxy'],
        ['https', '203.0.113.9', 8080, '/etc/environment: HTTPS_PROXY'],
        ['all', 'proxy.example.com', 1080, '/etc/profile.d/proxy.sh: all_proxy'],
        ['http', '10.99.0.8', 3142, '/etc/apt/apt.conf.d/95proxy: Acquire::http::Proxy'],
        ['http', '198.51.100.20', 8080, "/etc/dconf/db/local.d/00-proxy: system/proxy/http (mode 'manual')"],
        ['socks', '10.99.0.9', null, "/etc/dconf/db/local.d/00-proxy: system/proxy/socks (mode 'manual')"],
      ],
    );
    expect(JSON.stringify(result.facts)).not.toContain('s3cret');
    expect(result.facts.sources).toContain('/etc/apt/apt.conf.d/95proxy');
  });

  it('finds no proxy where no settings file exists', async () => {
    expect(await linuxProxiesProbe.read(machineRoot('test/fixtures/roots/net-netns-allowed'))).toMatchObject({
      ok: true,
      facts: { proxies: [], sources: [] },
    });
  });

  it('is unreadable, not "no proxy", on a root without /etc (a wrong --root)', async () => {
    const empty = path.join(scratch, 'no-etc');
    mkdirSync(empty);
    expect(await linuxProxiesProbe.read(machineRoot(empty))).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/no-etc\/etc: ENOENT/),
    });
  });

  it('is unreadable when a settings file exists but cannot be read', async () => {
    cpSync('test/fixtures/roots/net-config-desktop/etc', path.join(scratch, 'etc'), { recursive: true });
    rmSync(path.join(scratch, 'etc', 'environment'));
    mkdirSync(path.join(scratch, 'etc', 'environment'));
    expect(await linuxProxiesProbe.read(machineRoot(scratch))).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/etc\/environment: EISDIR/),
    });
  });
});

describe('proxy URLs', () => {
  it('takes host and port from the forms people write', () => {
    expect(parseProxyUrl('10.1.2.3:3128')).toEqual({ url: '10.1.2.3:3128', host: '10.1.2.3', port: 3128 });
    expect(parseProxyUrl('socks5h://[fd00::1]:1080')).toMatchObject({ host: 'fd00::1', port: 1080 });
    expect(parseProxyUrl('"DIRECT"')).toBeNull();
    expect(parseProxyUrl('')).toBeNull();
  });
});
