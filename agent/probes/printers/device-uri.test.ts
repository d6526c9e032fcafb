import { describe, expect, it } from 'vitest';
import { redactDeviceUri, remoteHostOf } from './device-uri';

describe('CUPS device URIs', () => {
  it.each([
    // From the recorded printers.conf files (test/fixtures/roots/host-cups-*)
    ['ipp://192.0.2.10/ipp/print', '192.0.2.10'],
    ['socket://192.0.2.20:9100', '192.0.2.20'],
    ['ipps://printer.branch.example/ipp/print', 'printer.branch.example'],
    ['usb://HP/LaserJet%20Pro%20M404-M405?serial=PHBQJ12345', null],
    // Shapes documented by CUPS backend(7), smbspool(8), HPLIP and cups-filters
    ['lpd://10.1.2.3/queue', '10.1.2.3'],
    ['ipp://[2001:db8::5]:631/ipp/print', '2001:db8::5'],
    ['smb://office/server-7/laser', 'server-7'],
    ['smb://alice:secret@server-7/laser', 'server-7'],
    ['smb://server-7:445/laser', 'server-7'],
    ['dnssd://Brother%20HL-L2350DW._ipp._tcp.local./?uuid=e3248000', 'Brother HL-L2350DW._ipp._tcp.local.'],
    ['hp:/net/HP_LaserJet_M404?ip=10.9.8.7', '10.9.8.7'],
    ['hp:/usb/HP_LaserJet_M404?serial=PHB1', null],
    ['beh:/1/3/5/socket://10.4.4.4:9100', '10.4.4.4'],
    ['parallel:/dev/lp0', null],
    ['file:///dev/null', null],
    ['cups-pdf:/', null],
  ])('%s → %s', (uri, host) => {
    expect(remoteHostOf(uri)).toBe(host);
  });

  it('keeps passwords out of the URI it reports', () => {
    expect(redactDeviceUri('smb://alice:secret@server-7/laser')).toBe('smb://alice:***@server-7/laser');
    expect(redactDeviceUri('ipp://192.0.2.10/ipp/print')).toBe('ipp://192.0.2.10/ipp/print');
    expect(redactDeviceUri('smb://alice@server-7/laser')).toBe('smb://alice@server-7/laser');
  });
});
