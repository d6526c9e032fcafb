import { describe, expect, it } from 'vitest';
import {
  formatIpAddress,
  LOCAL_ONLY_NETWORKS,
  networkContains,
  parseIpAddress,
  parseIpNetwork,
} from './ip-network';

function address(text: string) {
  const parsed = parseIpAddress(text);
  if (!parsed.ok) throw new Error(parsed.reason);
  return parsed.value;
}

function network(text: string) {
  const parsed = parseIpNetwork(text);
  if (!parsed.ok) throw new Error(parsed.reason);
  return parsed.value;
}

describe('parseIpAddress', () => {
  it.each([
    ['10.1.2.3', 4, '10.1.2.3'],
    ['0.0.0.0', 4, '0.0.0.0'],
    ['255.255.255.255', 4, '255.255.255.255'],
    ['::1', 6, '0:0:0:0:0:0:0:1'],
    ['fe80::1%eth0', 6, 'fe80:0:0:0:0:0:0:1'],
    ['2001:DB8::a:b', 6, '2001:db8:0:0:0:0:a:b'],
    ['2001:db8:1:2:3:4:5:6', 6, '2001:db8:1:2:3:4:5:6'],
    ['64:ff9b::192.0.2.33', 6, '64:ff9b:0:0:0:0:c000:221'],
    // IPv4-mapped peers of dual-stack sockets are judged as IPv4.
    ['::ffff:10.9.8.7', 4, '10.9.8.7'],
    ['::ffff:a09:807', 4, '10.9.8.7'],
  ])('reads %s', (text, family, formatted) => {
    const parsed = address(text);
    expect(parsed.family).toBe(family);
    expect(formatIpAddress(parsed)).toBe(formatted);
  });

  it.each([
    '',
    '10.1.2',
    '10.1.2.256',
    '010.1.2.3',
    '1.2.3.4.5',
    '1::2::3',
    '1:2:3:4:5:6:7:8:9',
    '12345::',
    'g::1',
    'example.com',
    '1:2:3:4:5:6:7::8',
  ])('refuses %j', (text) => {
    expect(parseIpAddress(text).ok).toBe(false);
  });
});

describe('parseIpNetwork', () => {
  it('accepts blocks of both families', () => {
    expect(network('10.0.0.0/8')).toEqual({ family: 4, base: 10n << 24n, prefixLength: 8 });
    expect(network('fd00::/8').prefixLength).toBe(8);
    expect(network('0.0.0.0/0').prefixLength).toBe(0);
    expect(network('192.168.1.7/32').prefixLength).toBe(32);
  });

  it('refuses host bits and suggests the block that was meant', () => {
    const parsed = parseIpNetwork('10.1.2.3/16');
    expect(parsed).toEqual({ ok: false, reason: expect.stringContaining('did you mean 10.1.0.0/16') });
  });

  it.each([
    '10.0.0.0',
    '10.0.0.0/33',
    'fd00::/129',
    '10.0.0.0/8/1',
    '10.0.0.0/x',
    '::ffff:10.0.0.0/104',
    'lan/24',
  ])('refuses %j', (text) => {
    expect(parseIpNetwork(text).ok).toBe(false);
  });
});

describe('networkContains', () => {
  it('matches by prefix, within one family', () => {
    expect(networkContains(network('10.0.0.0/8'), address('10.255.0.1'))).toBe(true);
    expect(networkContains(network('10.0.0.0/8'), address('11.0.0.1'))).toBe(false);
    expect(networkContains(network('172.16.0.0/12'), address('172.31.255.255'))).toBe(true);
    expect(networkContains(network('172.16.0.0/12'), address('172.32.0.0'))).toBe(false);
    expect(networkContains(network('fd00:1::/32'), address('fd00:1:ffff::9'))).toBe(true);
    expect(networkContains(network('fd00:1::/32'), address('fd00:2::9'))).toBe(false);
    expect(networkContains(network('0.0.0.0/0'), address('8.8.8.8'))).toBe(true);
    expect(networkContains(network('::/0'), address('8.8.8.8'))).toBe(false);
  });

  it('matches an IPv4-mapped peer against an IPv4 block', () => {
    expect(networkContains(network('10.0.0.0/8'), address('::ffff:10.1.1.1'))).toBe(true);
  });

  it('treats loopback and link-local as local only', () => {
    const local = (text: string) =>
      LOCAL_ONLY_NETWORKS.some((block) => networkContains(block, address(text)));
    expect(local('127.0.0.53')).toBe(true);
    expect(local('169.254.10.1')).toBe(true);
    expect(local('::1')).toBe(true);
    expect(local('fe80::abcd%wlan0')).toBe(true);
    expect(local('::ffff:127.0.0.1')).toBe(true);
    expect(local('10.0.0.1')).toBe(false);
    expect(local('fec0::1')).toBe(false);
    expect(local('8.8.8.8')).toBe(false);
  });
});
