import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { machineRoot } from '../machine-root';
import { linuxDnsProbe } from './linux';

const root = (name: string) => machineRoot(`test/fixtures/roots/${name}`);
const scratch = mkdtempSync(path.join(tmpdir(), 'shoumi-dns-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('linux dns probe', () => {
  it('reads resolv.conf as `ip netns exec` shows it (net-netns-dual-homed)', async () => {
    expect(await linuxDnsProbe.read(root('net-netns-dual-homed'))).toMatchObject({
      ok: true,
      facts: {
        servers: [
          { address: '8.8.8.8', source: '/etc/resolv.conf' },
          { address: '10.99.0.53', source: '/etc/resolv.conf' },
        ],
        searchDomains: [],
      },
    });
  });

  it('follows the systemd-resolved stub to its upstream servers', async () => {
    expect(await linuxDnsProbe.read(root('net-config-desktop'))).toMatchObject({
      ok: true,
      facts: {
        servers: [
          { address: '127.0.0.53', source: '/etc/resolv.conf' },
          { address: '10.99.0.53', source: '/run/systemd/resolve/resolv.conf' },
          { address: '114.114.114.114', source: '/run/systemd/resolve/resolv.conf' },
        ],
        searchDomains: ['classified.example'],
      },
    });
  });

  it('is unreadable without resolv.conf, or with the stub but no upstream file', async () => {
    expect(await linuxDnsProbe.read(root('usb-storage-qemu'))).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/etc\/resolv\.conf: ENOENT/),
    });
    mkdirSync(path.join(scratch, 'etc'));
    writeFileSync(path.join(scratch, 'etc', 'resolv.conf'), 'nameserver 127.0.0.53\n');
    expect(await linuxDnsProbe.read(machineRoot(scratch))).toMatchObject({
      ok: false,
      reason: expect.stringMatching(
        /upstream servers are unknown: .*run\/systemd\/resolve\/resolv\.conf: ENOENT/,
      ),
    });
  });
});
