// The interfaces probe on machine roots recorded from real kernels: QEMU guests (test/kernel, with
// fib_trie added by test/netns/record-kernel-net-roots.sh) and network namespaces on the test host
// (test/netns/record-netns-roots.sh). See test/netns/README.md.

import { describe, expect, it } from 'vitest';
import { machineRoot } from '../machine-root';
import { parseLocalAddresses } from './fib-trie';
import { linuxInterfacesProbe } from './linux';

const root = (name: string) => machineRoot(`test/fixtures/roots/${name}`);

async function read(name: string) {
  const result = await linuxInterfacesProbe.read(root(name));
  if (!result.ok) throw new Error(result.reason);
  return result.facts;
}

describe('linux interfaces probe', () => {
  it('finds the USB device behind a tethering NIC (QEMU usb-net, cdc_ether)', async () => {
    const facts = await read('net-usb-net-tether');
    expect(facts.interfaces.find((nic) => nic.name === 'usb0')).toEqual({
      name: 'usb0',
      kind: 'ethernet',
      arpType: 1,
      operState: 'unknown',
      mac: '52:54:00:12:34:56',
      driver: 'cdc_ether',
      bus: 'usb',
      usbDevice: {
        busPath: '1-1',
        vendorId: '0525',
        productId: 'a4a2',
        serial: '1-0000:00:04.0-1',
        product: 'RNDIS/QEMU USB Network Device',
      },
      addresses: ['192.168.42.129/24', 'fec0::5054:ff:fe12:3456/64', 'fe80::5054:ff:fe12:3456/64'],
    });
    expect(facts.interfaces.find((nic) => nic.name === 'lo')).toMatchObject({
      kind: 'loopback',
      addresses: ['127.0.0.1/8', '::1/128'],
    });
  });

  it('reads a virtio NIC on the PCI bus with its IPv4 address from fib_trie', async () => {
    const facts = await read('net-clean');
    expect(facts.interfaces.find((nic) => nic.name === 'eth0')).toMatchObject({
      kind: 'ethernet',
      driver: 'virtio_net',
      bus: 'virtio',
      usbDevice: null,
      addresses: ['10.0.2.15/24', 'fe80::5054:ff:fe12:3456/64', 'fec0::5054:ff:fe12:3456/64'],
    });
  });

  it('tells tun from tap and bridge, and keeps a point-to-point address it cannot tie to an interface', async () => {
    const facts = await read('net-netns-tunnels');
    expect(facts.interfaces.map((nic) => [nic.name, nic.kind])).toEqual([
      ['br0', 'bridge'],
      ['lo', 'loopback'],
      ['tap0', 'tap'],
      ['tun0', 'tun'],
      ['veth0', 'virtual'],
    ]);
    expect(facts.interfaces.find((nic) => nic.name === 'tun0')).toMatchObject({
      mac: null,
      bus: 'virtual',
      addresses: ['198.51.100.7/24'],
    });
    expect(facts.unattributedAddresses).toEqual(['192.0.2.77/32']);
  });

  it('reports unreadable, naming the file and errno, when fib_trie is missing', async () => {
    const result = await linuxInterfacesProbe.read(root('usb-storage-qemu'));
    expect(result).toMatchObject({ ok: false, reason: expect.stringMatching(/proc\/net\/fib_trie: ENOENT/) });
    const none = await linuxInterfacesProbe.read(machineRoot('test/fixtures/roots/does-not-exist'));
    expect(none).toMatchObject({ ok: false, reason: expect.stringMatching(/sys\/class\/net: ENOENT/) });
  });
});

describe('fib_trie parsing', () => {
  it('takes /32 host LOCAL leaves once, and fails on a line it does not know', () => {
    const text =
      'Main:\n  +-- 0.0.0.0/0 3 0 5\n     |-- 10.0.0.0\n        /8 link UNICAST\n     |-- 10.0.0.1\n        /32 host LOCAL\nLocal:\n     |-- 10.0.0.1\n        /32 host LOCAL\n';
    expect(parseLocalAddresses(text, '/proc/net/fib_trie')).toEqual({ ok: true, value: ['10.0.0.1'] });
    expect(parseLocalAddresses('Main:\n  garbage\n', '/proc/net/fib_trie')).toMatchObject({ ok: false });
  });
});
