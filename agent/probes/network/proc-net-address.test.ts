// Address encodings checked against addresses whose text form is fixed by RFC 5952 and by the kernel's
// printing (an address in network order read as host-order words on a little-endian CPU).

import { describe, expect, it } from 'vitest';
import { formatIpv6, inOrderBytes, wordSwappedBytes } from './proc-net-address';

describe('proc/net address decoding', () => {
  it('reverses each 32-bit word', () => {
    expect(wordSwappedBytes('010200C0')).toEqual([192, 0, 2, 1]);
    expect(wordSwappedBytes('010200')).toBeNull();
    expect(wordSwappedBytes('0102zz00')).toBeNull();
  });

  it('compresses the longest zero run and keeps single zero groups', () => {
    expect(formatIpv6(inOrderBytes('20010db8000000000001000000000001')!)).toBe('2001:db8::1:0:0:1');
    expect(formatIpv6(inOrderBytes('20010db8000100000001000100010001')!)).toBe('2001:db8:1:0:1:1:1:1');
    expect(formatIpv6(inOrderBytes('00000000000000000000000000000000')!)).toBe('::');
    expect(formatIpv6(inOrderBytes('fe800000000000000000000000000000')!)).toBe('fe80::');
  });

  it('shows an IPv4-mapped address as dotted IPv4', () => {
    expect(formatIpv6(wordSwappedBytes('0000000000000000FFFF00000200007F')!)).toBe('127.0.0.2');
  });
});
