// 3.7.8: no wireless keyboard or mouse. Their receivers are USB devices, known by vendor:product id (the
// policy's list) or, for models the list does not know yet, by a HID device's product string.

import { reasonOf } from '../../policies/messages/reason-catalogue';
import { wirelessReceiverParams } from '../../policies/rule-params';
import type { UsbDeviceFact } from '../facts';
import type { Check, CheckOutcome } from './check';

const RULE_ID = 'wireless-input-receiver-absent';
const HID_INTERFACE_CLASS = '03';

function receiverMatch(
  device: UsbDeviceFact,
  receiverIds: ReadonlySet<string>,
  keywords: readonly string[],
): { matchedBy: 'usb-id' | 'product-name'; keyword?: string } | null {
  if (receiverIds.has(`${device.vendorId}:${device.productId}`.toLowerCase())) return { matchedBy: 'usb-id' };
  const isHid = device.interfaces.some((usbInterface) => usbInterface.interfaceClass === HID_INTERFACE_CLASS);
  const product = (device.product ?? '').toLowerCase();
  const keyword = isHid ? keywords.find((word) => product.includes(word.toLowerCase())) : undefined;
  return keyword === undefined ? null : { matchedBy: 'product-name', keyword };
}

export const wirelessReceiversCheck: Check = {
  family: 'wireless-receivers',
  ruleIds: [RULE_ID],
  needs: ['usb'],
  judge(facts, context) {
    const rule = context.rules.get(RULE_ID);
    if (!rule) return [];
    if (!facts.usb.ok) throw new Error('engine ran wireless-receivers without USB facts');
    const params = wirelessReceiverParams.parse(rule.params);
    const receiverIds = new Set(params.receiver_usb_ids);
    const devices = facts.usb.facts.devices;

    const outcomes: CheckOutcome[] = [];
    for (const device of devices) {
      const match = receiverMatch(device, receiverIds, params.product_name_keywords);
      if (match === null) continue;
      const ids = `${device.vendorId}:${device.productId}`;
      outcomes.push({
        ruleId: RULE_ID,
        // The serial follows the receiver from port to port; without one the port is all that names it.
        subject: device.serial ?? device.busPath,
        status: 'fail',
        evidence: {
          ids,
          manufacturer: device.manufacturer,
          product: device.product,
          serial: device.serial,
          busPath: device.busPath,
          ...match,
        },
        reason:
          match.matchedBy === 'usb-id'
            ? reasonOf('wireless-receivers.known-id', {
                ids,
                product: device.product ?? 'unnamed',
                busPath: device.busPath,
              })
            : reasonOf('wireless-receivers.name-matches', {
                ids,
                product: device.product ?? '',
                busPath: device.busPath,
                keyword: match.keyword ?? '',
              }),
      });
    }
    if (outcomes.length === 0) {
      outcomes.push({
        ruleId: RULE_ID,
        subject: '',
        status: 'pass',
        evidence: { usbDevicesExamined: devices.length, receiverIdsKnown: receiverIds.size },
        reason: reasonOf('wireless-receivers.none', { devices: String(devices.length) }),
      });
    }
    return outcomes;
  },
};
