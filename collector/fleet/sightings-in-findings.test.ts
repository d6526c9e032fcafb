import { describe, expect, it } from 'vitest';
import type { Finding } from '../../policies/model';
import { printerOfDeviceUri, sightingsInFindings } from './sightings-in-findings';

const finding = (ruleId: string, evidence: Record<string, unknown>, subject = ''): Finding => ({
  seq: 1,
  ruleId,
  clause: '3.7.4',
  subject,
  status: 'fail',
  severity: 'high',
  evidence,
  reason: '',
  observedAtMs: 1,
  sweepId: '',
});

describe('sightings in findings', () => {
  it('reads media from the removable-media evidence (ids, serial), lowercasing the ids', () => {
    const seen = sightingsInFindings([
      finding('usb-storage-registered', { ids: '46F4:0001', serial: ' SHM0001STICK ' }),
      finding('usb-storage-history-registered', { ids: '0781:5581', serial: 'ABC' }),
      // The other two plugged-in rules carry the same evidence: one sighting is enough, from the first rule.
      finding('usb-storage-level-not-below-host', { ids: 'aaaa:bbbb', serial: 'X' }),
    ]);
    expect(seen.media).toEqual([
      { vendorId: '46f4', productId: '0001', serial: 'SHM0001STICK' },
      { vendorId: '0781', productId: '5581', serial: 'ABC' },
    ]);
  });

  it('skips media that cannot be told apart: no serial, unknown ids, the "no storage" pass', () => {
    const seen = sightingsInFindings([
      finding('usb-storage-registered', { ids: '46f4:0001', serial: null }),
      finding('usb-storage-history-registered', { ids: '????:????', serial: 'S' }),
      finding('usb-storage-registered', { usbDevicesExamined: 4, massStorageDevices: 0 }),
    ]);
    expect(seen).toEqual({ media: [], printers: [] });
  });

  it('reads network printers from the printing evidence, as scheme://host[:port]', () => {
    const queue = (deviceUri: string, remoteHost: string | null) => ({
      queue: { name: 'q', deviceUri, shared: false, isDefault: false, remoteHost },
    });
    const seen = sightingsInFindings([
      finding('network-printer-allowed', queue('ipp://192.0.2.10/ipp/print', '192.0.2.10'), 'office-ipp'),
      finding('network-printer-allowed', queue('socket://192.0.2.20:9100', '192.0.2.20'), 'hall'),
      finding('network-printer-allowed', queue('usb://HP/LaserJet?serial=1', null), 'local'),
      finding('network-printer-allowed', { queues: 0, networkQueues: 0 }),
      finding('printer-not-shared', queue('ipp://192.0.2.99/ipp/print', '192.0.2.99'), 'shared'),
    ]);
    expect(seen.printers).toEqual(['ipp://192.0.2.10', 'socket://192.0.2.20']);
  });

  it('normalises device URIs: scheme and host lowercased, credentials and default ports dropped', () => {
    expect(printerOfDeviceUri('IPP://Printer.Example:631/printers/x')).toBe('ipp://printer.example');
    expect(printerOfDeviceUri('ipps://printer.branch.example/ipp/print')).toBe(
      'ipps://printer.branch.example',
    );
    expect(printerOfDeviceUri('lpd://user@10.0.0.5:5515/queue')).toBe('lpd://10.0.0.5:5515');
    expect(printerOfDeviceUri('ipp://[2001:db8::7]:8631/ipp')).toBe('ipp://[2001:db8::7]:8631');
    expect(printerOfDeviceUri('usb://HP/LaserJet')).toBeNull();
    expect(printerOfDeviceUri('file:///dev/null')).toBeNull();
  });

  it('passes over a batch without such rules without reading evidence', () => {
    const evidence = new Proxy(
      {},
      {
        get() {
          throw new Error('evidence read');
        },
      },
    );
    expect(sightingsInFindings([finding('wifi-absent', evidence)])).toEqual({ media: [], printers: [] });
  });
});
