// The still-image and MTP interfaces are facts shaped as the USB probe reports them: neither QEMU's usb-mtp
// nor a configfs gadget with an MTP interface string was recorded here (an MTP gadget needs a FunctionFS
// daemon), so the fail cases are constructed — a Canon camera (04a9:3218, interface 06/01/01, usb.ids) and an
// Android phone (18d1:4ee1, interface ff/ff/00 named "MTP", as Android's MtpServer describes it). The pass
// case runs on the recorded root test/fixtures/roots/usb-stick-in-and-out (a card reader, root hubs).

import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { machineRoot } from '../probes/machine-root';
import { linuxUsbProbe } from '../probes/usb/linux';
import { contextFor, makeFacts, ruleFor, usbDevice, usbFacts } from './facts-for-tests';
import { portableDevicesCheck } from './portable-devices';

const RULES = [ruleFor('usb-phone-camera-absent')];

describe('phones and cameras (3.7.4)', () => {
  it('passes a recorded machine with a card reader and root hubs only', async () => {
    const usb = await linuxUsbProbe.read(
      machineRoot(path.resolve(__dirname, '../../test/fixtures/roots/usb-stick-in-and-out')),
    );
    const [outcome] = portableDevicesCheck.judge(makeFacts({ usb }), contextFor(RULES));
    expect(outcome).toMatchObject({ status: 'pass', subject: '', evidence: { usbDevicesExamined: 5 } });
  });

  it('fails a camera by its still-image interface and a phone by its MTP interface string', () => {
    const camera = usbDevice({ busPath: '1-5', vendorId: '04a9', productId: '3218', serial: null });
    camera.interfaces = [face('1-5:1.0', '06', '01', '01', null)];
    const phone = usbDevice({
      busPath: '1-6',
      vendorId: '18d1',
      productId: '4ee1',
      serial: '0123456789ABCDEF',
    });
    phone.interfaces = [face('1-6:1.0', 'ff', 'ff', '00', 'MTP')];
    const outcomes = portableDevicesCheck.judge(
      makeFacts({ usb: usbFacts([camera, phone]) }),
      contextFor(RULES),
    );
    expect(outcomes.map((o) => [o.status, o.subject, o.evidence.matchedBy])).toEqual([
      ['fail', '04a9:3218:(no serial, port 1-5)', 'still-image class 06/01/01'],
      ['fail', '18d1:4ee1:0123456789ABCDEF', 'interface string "MTP"'],
    ]);
  });

  it('leaves a plain stick to the storage rules', () => {
    const [outcome] = portableDevicesCheck.judge(
      makeFacts({ usb: usbFacts([usbDevice()]) }),
      contextFor(RULES),
    );
    expect(outcome?.status).toBe('pass');
  });
});

function face(
  name: string,
  interfaceClass: string,
  sub: string,
  protocol: string,
  interfaceName: string | null,
) {
  return {
    name,
    interfaceClass,
    interfaceSubClass: sub,
    interfaceProtocol: protocol,
    driver: null,
    interfaceName,
  };
}
