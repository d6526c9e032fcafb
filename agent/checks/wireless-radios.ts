// 3.7.8: wireless networking hardware must be removed. A radio that is present fails even when rfkill has
// switched it off: switched off is not removed, and a soft block is one command away from undone.
//
// Sources, strongest first, and what each adds:
//   1. sysfs radio classes (radios): a radio whose driver is bound — phy0, hci0, wwan0.
//   2. the PCI bus (pci): a card whose driver is blacklisted or missing has no phy, but keeps its class.
//      0280 "network controller: other" is the class every PC Wi‑Fi card reports (Intel, Realtek, Qualcomm,
//      MediaTek, Broadcom) → wifi. Class 0d "wireless controller": 0d11 Bluetooth → bluetooth; 0d20/0d21
//      802.11a/b → wifi; 0d12 broadband → wwan; 0d00/0d01 infrared, 0d10 RF, 0d80 other → other.
//   3. the USB bus (usb): interface (or device) class e0/01/01 and e0/01/04 is Bluetooth (btusb's own match)
//      → bluetooth even without an hci; e0/02 (wireless USB wire adapters) → other. e0/01/03 is RNDIS, the
//      way Android phones tether: a network adapter, judged by the network rules, not a radio here. USB Wi‑Fi
//      dongles have vendor-specific classes, so they are known by id (param `usb_wifi_ids`).
//   4. second opinions (wifiTools): a Wi‑Fi interface a tool names that no sysfs radio owns → wifi. A tool
//      that could not answer is noted in the evidence; sysfs, not the tools, decides a pass.
// One device, one finding: a PCI or USB device that a sysfs radio already sits on (its device path is the
// device's or below it) is not reported again. Subjects: the kernel radio name for sysfs radios ("phy0",
// stable across sweeps and what an administrator sees in `iw`/`hciconfig`), "pci:<slot>" and
// "usb:<bus path>" for hardware without a radio, the interface name for a tool's report.
//
// What each rule reads (ruleNeeds): every kind reads the radio classes and the PCI bus; the USB bus tells
// Bluetooth, Wi‑Fi (by id) and other radios (wire adapters) but never a WWAN modem; only Wi‑Fi has second
// opinions. So an unreadable USB bus errors the Wi‑Fi, Bluetooth and other rules and leaves the WWAN rule
// judged, and a fact is read only when a rule given to the check reads it.

import { reasonOf } from '../../policies/messages/reason-catalogue';
import { usbRadioIdsParams } from '../../policies/rule-params';
import type { FactName, PciDeviceFact, RadioFact, RadioKind, UsbDeviceFact, WifiToolReport } from '../facts';
import { type Check, type CheckOutcome, type FailingReason, givenRulesRead } from './check';

const RULE_BY_KIND: Record<RadioKind, string> = {
  wifi: 'wifi-radio-absent',
  bluetooth: 'bluetooth-controller-absent',
  wwan: 'wwan-modem-absent',
  other: 'other-radio-absent',
};

const FACTS_BY_KIND: Record<RadioKind, readonly FactName[]> = {
  wifi: ['radios', 'pci', 'usb', 'wifiTools'],
  bluetooth: ['radios', 'pci', 'usb'],
  wwan: ['radios', 'pci'],
  other: ['radios', 'pci', 'usb'],
};

function radioReason(radio: RadioFact): FailingReason {
  const params = {
    kind: radio.kind,
    name: radio.name,
    driver: radio.driver ?? 'unknown',
    bus: radio.bus ?? 'unknown',
  };
  if (radio.rfkill === null) return reasonOf('wireless-radios.present-no-rfkill', params);
  if (radio.rfkill.hard) return reasonOf('wireless-radios.present-hard-blocked', params);
  if (radio.rfkill.soft) return reasonOf('wireless-radios.present-soft-blocked', params);
  return reasonOf('wireless-radios.present-on', params);
}

/** What a pass says, by kind: only what the kind is judged from is named (WWAN reads no USB bus). */
const NONE_FOUND = {
  wifi: 'wireless-radios.no-wifi',
  bluetooth: 'wireless-radios.no-bluetooth',
  other: 'wireless-radios.no-other',
} as const;

/** The radio kind of a PCI class code ("028000"), or null for a class that is not a radio. */
export function pciRadioKind(classCode: string): RadioKind | null {
  if (classCode.startsWith('0280')) return 'wifi';
  if (!classCode.startsWith('0d')) return null;
  const subclass = classCode.slice(2, 4);
  if (subclass === '11') return 'bluetooth';
  if (subclass === '20' || subclass === '21') return 'wifi';
  if (subclass === '12') return 'wwan';
  return 'other';
}

/** The radio kind a USB class triple stands for, or null (RNDIS e0/01/03 and everything else). */
function usbClassRadioKind(triple: string): RadioKind | null {
  if (triple === 'e0/01/01' || triple === 'e0/01/04') return 'bluetooth';
  if (triple.startsWith('e0/02/')) return 'other';
  return null;
}

function usbRadioKind(
  device: UsbDeviceFact,
  wifiIds: ReadonlySet<string>,
): { kind: RadioKind; matchedBy: string } | null {
  if (wifiIds.has(`${device.vendorId}:${device.productId}`)) return { kind: 'wifi', matchedBy: 'usb-id' };
  for (const face of device.interfaces) {
    const triple = `${face.interfaceClass}/${face.interfaceSubClass}/${face.interfaceProtocol}`;
    const kind = usbClassRadioKind(triple);
    if (kind) return { kind, matchedBy: `interface ${face.name} class ${triple}` };
  }
  // Device class e0/01/01 without a matching interface (btusb matches on the device class too).
  if (device.deviceClass === 'e0') return { kind: 'bluetooth', matchedBy: 'device class e0' };
  return null;
}

const isAtOrBelow = (devicePath: string | null, sysfsPath: string) =>
  devicePath !== null && (devicePath === sysfsPath || devicePath.startsWith(`${sysfsPath}/`));

interface Found {
  kind: RadioKind;
  subject: string;
  evidence: Record<string, unknown>;
  reason: FailingReason;
}

export const wirelessRadiosCheck: Check = {
  family: 'wireless-radios',
  ruleIds: Object.values(RULE_BY_KIND),
  needs: ['radios', 'pci', 'usb', 'wifiTools'],
  ruleNeeds: Object.fromEntries(
    (Object.keys(RULE_BY_KIND) as RadioKind[]).map((kind) => [RULE_BY_KIND[kind], FACTS_BY_KIND[kind]]),
  ),
  judge(facts, context) {
    if (!facts.radios.ok || !facts.pci.ok)
      throw new Error('engine ran wireless-radios without radios and pci');
    const { radios, sources } = facts.radios.facts;
    const pciDevices = facts.pci.facts.devices;
    // null: no rule given reads it, so it is not looked at (it may be unreadable).
    let usbDevices: readonly UsbDeviceFact[] | null = null;
    if (givenRulesRead(wirelessRadiosCheck, context, 'usb')) {
      if (!facts.usb.ok) throw new Error('engine ran wireless-radios without usb facts');
      usbDevices = facts.usb.facts.devices;
    }
    let reports: readonly WifiToolReport[] | null = null;
    if (givenRulesRead(wirelessRadiosCheck, context, 'wifiTools')) {
      if (!facts.wifiTools.ok) throw new Error('engine ran wireless-radios without wifiTools facts');
      reports = facts.wifiTools.facts.reports;
    }
    const wifiRule = context.rules.get(RULE_BY_KIND.wifi);
    const wifiIds = new Set(wifiRule ? usbRadioIdsParams.parse(wifiRule.params).usb_wifi_ids : []);
    const radioPaths = radios.map((radio) => radio.devicePath);
    const found: Found[] = [];

    for (const radio of radios) {
      found.push({
        kind: radio.kind,
        subject: radio.name,
        evidence: {
          source: 'sysfs',
          kind: radio.kind,
          driver: radio.driver,
          bus: radio.bus,
          devicePath: radio.devicePath,
          vendorId: radio.vendorId,
          productId: radio.productId,
          rfkill: radio.rfkill,
          interfaces: radio.interfaces,
        },
        reason: radioReason(radio),
      });
    }
    for (const device of pciDevices) {
      const kind = pciRadioKind(device.classCode);
      if (kind === null || radioPaths.some((radioPath) => isAtOrBelow(radioPath, device.sysfsPath))) continue;
      found.push({
        kind,
        subject: `pci:${device.slot}`,
        evidence: pciEvidence(device),
        reason: pciReason(kind, device),
      });
    }
    for (const device of usbDevices ?? []) {
      const match = usbRadioKind(device, wifiIds);
      if (match === null || radioPaths.some((radioPath) => isAtOrBelow(radioPath, device.sysfsPath)))
        continue;
      const ids = `${device.vendorId}:${device.productId}`;
      found.push({
        kind: match.kind,
        subject: `usb:${device.busPath}`,
        evidence: {
          source: '/sys/bus/usb/devices',
          ids,
          manufacturer: device.manufacturer,
          product: device.product,
          serial: device.serial,
          busPath: device.busPath,
          drivers: device.interfaces.map((face) => face.driver),
          matchedBy: match.matchedBy,
        },
        reason: reasonOf(
          device.interfaces.some((face) => face.driver)
            ? 'wireless-radios.usb-device'
            : 'wireless-radios.usb-device-no-driver',
          {
            kind: match.kind,
            ids,
            product: device.product ?? 'unnamed',
            busPath: device.busPath,
            matchedBy: match.matchedBy,
          },
        ),
      });
    }
    const sysfsInterfaces = new Set(radios.flatMap((radio) => radio.interfaces));
    const toldBy = new Map<string, string[]>();
    for (const report of reports ?? [])
      for (const name of report.interfaces)
        if (!sysfsInterfaces.has(name)) toldBy.set(name, [...(toldBy.get(name) ?? []), report.tool]);
    for (const [name, tools] of toldBy) {
      found.push({
        kind: 'wifi',
        subject: name,
        evidence: { source: tools.join(', '), interface: name, sysfsRadioInterfaces: [...sysfsInterfaces] },
        reason: reasonOf(
          tools.length === 1
            ? 'wireless-radios.tool-reports-interface'
            : 'wireless-radios.tools-report-interface',
          { tools: tools.join(' and '), name },
        ),
      });
    }

    const secondOpinions = (reports ?? []).map((report) => ({
      tool: report.tool,
      interfaces: report.interfaces,
      unavailable: report.unavailable,
    }));
    const outcomes: CheckOutcome[] = [];
    for (const [kind, ruleId] of Object.entries(RULE_BY_KIND) as [RadioKind, string][]) {
      if (!context.rules.has(ruleId)) continue;
      const present = found.filter((entry) => entry.kind === kind);
      if (present.length === 0) {
        // Only what this kind is judged from is named (a WWAN pass says nothing of the USB bus).
        const readsUsb = FACTS_BY_KIND[kind].includes('usb');
        const usbExamined = usbDevices?.length ?? 0;
        outcomes.push({
          ruleId,
          subject: '',
          status: 'pass',
          evidence: {
            sourcesRead: sources,
            pciDevicesExamined: pciDevices.length,
            ...(readsUsb ? { usbDevicesExamined: usbExamined } : {}),
            ...(kind === 'wifi' ? { usbWifiIdsKnown: wifiIds.size, secondOpinions } : {}),
          },
          reason:
            kind === 'wwan'
              ? reasonOf('wireless-radios.no-wwan', {
                  sources: sources.join(', '),
                  pciDevices: String(pciDevices.length),
                })
              : reasonOf(NONE_FOUND[kind], {
                  sources: sources.join(', '),
                  pciDevices: String(pciDevices.length),
                  usbDevices: String(usbExamined),
                }),
        });
        continue;
      }
      for (const entry of present)
        outcomes.push({
          ruleId,
          subject: entry.subject,
          status: 'fail',
          evidence: entry.evidence,
          reason: entry.reason,
        });
    }
    return outcomes;
  },
};

function pciEvidence(device: PciDeviceFact): Record<string, unknown> {
  return {
    source: '/sys/bus/pci/devices',
    slot: device.slot,
    ids: `${device.vendorId}:${device.deviceId}`,
    classCode: device.classCode,
    subsystemIds:
      device.subsystemVendorId && device.subsystemDeviceId
        ? `${device.subsystemVendorId}:${device.subsystemDeviceId}`
        : null,
    driver: device.driver,
    devicePath: device.sysfsPath,
  };
}

function pciReason(kind: RadioKind, device: PciDeviceFact): FailingReason {
  const params = {
    kind,
    ids: `${device.vendorId}:${device.deviceId}`,
    classCode: device.classCode,
    slot: device.slot,
  };
  return device.driver === null
    ? reasonOf('wireless-radios.pci-no-driver', params)
    : reasonOf('wireless-radios.pci-no-radio', { ...params, driver: device.driver });
}
