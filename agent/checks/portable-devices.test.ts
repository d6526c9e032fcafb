// Phones and cameras in every mode that moves data, judged with the baseline policy's own params (the ids
// and interface classes are data there). The interface tables below are written by hand from the sources
// the policy cites: AOSP adb (ff/42/01) and fastboot (ff/42/03), usbmuxd (ff/fe/02), the Linux drivers'
// matches (rndis_host, cdc_ether, cdc_ncm, ipheth: `modinfo`), usb.ids for ids and class names, and
// Android's MtpServer interface string "MTP". No phone was recorded here (QEMU's usb-mtp is not verified
// and a FunctionFS MTP gadget needs an MTP daemon); the adb-only phone is exercised on a real kernel by the
// live kernel suite (test/kernel/live.kernel-test.ts, a FunctionFS gadget). The pass cases also run on
// recorded roots: test/fixtures/roots/usb-stick-in-and-out (card reader, root hubs), gadget-receiver-and-stick
// (a Logitech receiver and a Kingston stick) and usb-net-tether (QEMU's usb-net, CDC ECM on NetChip's ids).

import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadBaselinePolicy } from '../../policies/load-policy';
import type { RegisteredMedium, Rule } from '../../policies/model';
import { type PhoneCameraParams, phoneCameraParams } from '../../policies/rule-params';
import type { UsbDeviceFact } from '../facts';
import { machineRoot } from '../probes/machine-root';
import { linuxUsbProbe } from '../probes/usb/linux';
import { contextFor, judgeInEnglish, makeFacts, usbDevice, usbFacts } from './facts-for-tests';
import { phoneModes, portableDevicesCheck } from './portable-devices';

let rule: Rule;
let params: PhoneCameraParams;
beforeAll(async () => {
  const loaded = await loadBaselinePolicy();
  if (!loaded.ok) throw new Error('baseline policy does not load');
  rule = loaded.policy.rules.find((candidate) => candidate.id === 'usb-phone-camera-absent')!;
  params = phoneCameraParams.parse(rule.params);
});

/** "ff/42/01" or "ff/ff/00 MTP": an interface's class triple and, after a space, its string. */
type Face = string;

function device(ids: string, faces: Face[], serial: string | null = 'SERIAL1'): UsbDeviceFact {
  const [vendorId, productId] = ids.split(':') as [string, string];
  return usbDevice({
    busPath: '1-4',
    vendorId,
    productId,
    serial,
    manufacturer: null,
    product: null,
    interfaces: faces.map((face, index) => {
      const [triple, ...name] = face.split(' ');
      const [interfaceClass, interfaceSubClass, interfaceProtocol] = triple!.split('/') as [
        string,
        string,
        string,
      ];
      return {
        name: `1-4:1.${index}`,
        interfaceClass,
        interfaceSubClass,
        interfaceProtocol,
        driver: null,
        interfaceName: name.length > 0 ? name.join(' ') : null,
      };
    }),
  });
}

// ids, interfaces → the mode that names it, how it matched, and every mode that matched.
const PHONES: Array<[string, string, Face[], string, string, string[]]> = [
  [
    'Pixel, USB debugging only',
    '18d1:4ee7',
    ['ff/42/01 ADB Interface'],
    'adb',
    'interface ff/42/01',
    ['adb'],
  ],
  [
    'Pixel, MTP and debugging',
    '18d1:4ee2',
    ['ff/ff/00 MTP', 'ff/42/01 ADB Interface'],
    'mtp',
    'interface string "MTP"',
    ['mtp', 'adb'],
  ],
  ['Pixel, PTP', '18d1:4ee5', ['06/01/01 PTP'], 'ptp', 'interface 06/01/01', ['ptp']],
  ['Pixel, fastboot', '18d1:4ee0', ['ff/42/03 fastboot'], 'fastboot', 'interface ff/42/03', ['fastboot']],
  [
    'Pixel, RNDIS tethering',
    '18d1:4ee3',
    ['e0/01/03 RNDIS Communications Control', '0a/00/00 RNDIS Ethernet Data'],
    'rndis',
    'interface e0/01/03',
    ['rndis'],
  ],
  [
    'an Android NCM tether',
    '18d1:4eeb',
    ['02/0d/00 CDC Network Control Model (NCM)', '0a/00/01 CDC Network Data'],
    'ncm',
    'interface 02/0d/00 of phone vendor 18d1',
    ['ncm'],
  ],
  [
    'a Xiaomi ECM tether',
    '2717:ff80',
    ['02/06/00 CDC Ethernet Control Model (ECM)', '0a/00/00 CDC Ethernet Data'],
    'ecm',
    'interface 02/06/00 of phone vendor 2717',
    ['ecm'],
  ],
  [
    'a RNDIS tether of an unknown maker (the Linux gadget default, 02/02/ff)',
    '1d6b:0104',
    ['02/02/ff', '0a/00/00'],
    'rndis',
    'interface 02/02/ff',
    ['rndis'],
  ],
  [
    'an iPhone, trusted and tethering',
    '05ac:12a8',
    ['06/01/01 PTP', 'ff/fe/02', 'ff/fd/01'],
    'ptp',
    'interface 06/01/01',
    ['ptp', 'usbmux', 'ipheth'],
  ],
  [
    'an iPhone, usbmux alone',
    '05ac:12a8',
    ['ff/fe/02'],
    'usbmux',
    'interface ff/fe/02 of vendor 05ac',
    ['usbmux'],
  ],
  [
    'a Huawei phone in HiSuite mode (vendor protocol and its driver CD-ROM)',
    '12d1:107e',
    ['ff/ff/00', '08/06/50'],
    'mass-storage',
    'interface 08/06/50 of phone vendor 12d1',
    ['mass-storage', 'vendor-specific'],
  ],
  [
    'a Samsung phone on its vendor protocol only',
    '04e8:6860',
    ['ff/ff/00'],
    'vendor-specific',
    'interface ff/ff/00 of phone vendor 04e8',
    ['vendor-specific'],
  ],
  ['a Canon camera', '04a9:3218', ['06/01/01'], 'ptp', 'interface 06/01/01', ['ptp']],
  [
    'an MTP player of no phone maker',
    '0781:74e0',
    ['06/01/01 Android MTP Device'],
    'mtp',
    'interface string "Android MTP Device"',
    ['mtp'],
  ],
];

const NOT_PHONES: Array<[string, string, Face[]]> = [
  ['a SanDisk stick', '0781:5567', ['08/06/50']],
  ['a Realtek USB Ethernet adapter (vendor class, not a phone maker)', '0bda:8153', ['ff/ff/00']],
  ["QEMU's usb-net (CDC ECM on NetChip's ids)", '0525:a4a2', ['02/06/00', '0a/00/00']],
  ['a Samsung laser printer with its scanner interface', '04e8:3297', ['07/01/02', 'ff/ff/ff']],
  ['an Apple keyboard', '05ac:024f', ['03/01/01', '03/00/00']],
  ['a Logitech Unifying receiver', '046d:c52b', ['03/01/01', '03/01/02', '03/00/00']],
  ['an Intel Bluetooth controller (e0/01/01 is Bluetooth, not RNDIS)', '8087:0a2b', ['e0/01/01', 'e0/01/01']],
  ['an interface string that only contains the letters', '1234:5678', ['ff/ff/00 MTPX']],
  ['a USB serial adapter (CDC ACM, AT commands)', '0403:6015', ['02/02/01', '0a/00/00']],
];

describe('phones and cameras in every mode that moves data (3.7.4)', () => {
  it.each(PHONES)('%s (%s) is a phone or camera', (_what, ids, faces, mode, matchedBy, modes) => {
    const found = phoneModes(device(ids, faces), params.modes, params.phone_vendor_ids);
    expect(found.map((match) => match.mode)).toEqual(modes);
    expect(found[0]).toMatchObject({ mode, matchedBy });
  });

  it.each(NOT_PHONES)('%s (%s) is not', (_what, ids, faces) => {
    expect(phoneModes(device(ids, faces), params.modes, params.phone_vendor_ids)).toEqual([]);
  });

  it('fails an adb-only phone with the mode and the interface in the evidence', () => {
    const phone = device('18d1:4ee7', ['ff/42/01 ADB Interface'], '0123456789ABCDEF');
    phone.product = 'Pixel 7';
    phone.manufacturer = 'Google';
    const outcomes = judgeInEnglish(
      portableDevicesCheck,
      makeFacts({ usb: usbFacts([phone]) }),
      contextFor([rule]),
    );
    expect(outcomes).toEqual([
      {
        ruleId: 'usb-phone-camera-absent',
        subject: '18d1:4ee7:0123456789ABCDEF',
        status: 'fail',
        evidence: {
          ids: '18d1:4ee7',
          manufacturer: 'Google',
          product: 'Pixel 7',
          serial: '0123456789ABCDEF',
          busPath: '1-4',
          mode: 'adb',
          matchedBy: 'interface ff/42/01',
          interface: '1-4:1.0',
          driver: null,
          modes: [{ mode: 'adb', matchedBy: 'interface ff/42/01', interface: '1-4:1.0' }],
        },
        reason: 'phone or camera 18d1:4ee7 (Pixel 7) at 1-4 is attached in adb mode: interface ff/42/01',
      },
    ]);
  });

  it('names a phone without a serial by its port, and judges each device on its own', () => {
    const camera = device('04a9:3218', ['06/01/01'], null);
    const stick = device('0781:5567', ['08/06/50']);
    const outcomes = judgeInEnglish(
      portableDevicesCheck,
      makeFacts({ usb: usbFacts([camera, stick]) }),
      contextFor([rule]),
    );
    expect(outcomes.map((o) => [o.status, o.subject, o.evidence.mode])).toEqual([
      ['fail', '04a9:3218:(no serial, port 1-4)', 'ptp'],
    ]);
  });

  it("leaves a phone maker's registered medium to the storage rules, but not an unregistered one", () => {
    const ssd = device('04e8:4001', ['08/06/62'], 'S6XNNS0T123456');
    const medium: RegisteredMedium = {
      serial: 'S6XNNS0T123456',
      vendorId: '04e8',
      productId: '4001',
      classification: 'secret',
      status: 'in_use',
      assetNumber: 'M-7',
      responsiblePerson: '张三',
    };
    const facts = makeFacts({ usb: usbFacts([ssd]) });
    expect(
      judgeInEnglish(portableDevicesCheck, facts, contextFor([rule], { media: [medium] }))[0]?.status,
    ).toBe('pass');
    expect(judgeInEnglish(portableDevicesCheck, facts, contextFor([rule]))[0]).toMatchObject({
      status: 'fail',
      evidence: { mode: 'mass-storage', matchedBy: 'interface 08/06/62 of phone vendor 04e8' },
    });
    // Registered or not, a device that also speaks adb is a phone.
    const phone = device('04e8:4001', ['08/06/62', 'ff/42/01'], 'S6XNNS0T123456');
    expect(
      judgeInEnglish(
        portableDevicesCheck,
        makeFacts({ usb: usbFacts([phone]) }),
        contextFor([rule], { media: [medium] }),
      )[0],
    ).toMatchObject({ status: 'fail', evidence: { mode: 'adb' } });
  });

  it.each([
    ['usb-stick-in-and-out', 5],
    ['gadget-receiver-and-stick', undefined],
    ['usb-net-tether', undefined],
  ] as const)('passes the recorded machine %s', async (name, examined) => {
    const usb = await linuxUsbProbe.read(
      machineRoot(path.resolve(__dirname, '../../test/fixtures/roots', name)),
    );
    if (!usb.ok) throw new Error(usb.reason);
    const outcomes = judgeInEnglish(portableDevicesCheck, makeFacts({ usb }), contextFor([rule]));
    expect(outcomes).toEqual([expect.objectContaining({ status: 'pass', subject: '' })]);
    if (examined !== undefined) expect(outcomes[0]!.evidence.usbDevicesExamined).toBe(examined);
    expect(usb.facts.devices.length).toBeGreaterThan(0);
  });
});
