import { describe, expect, it } from 'vitest';
import type { PciDeviceFact, RadioFact, WifiToolReport } from '../facts';
import {
  contextFor,
  type EnglishOutcome,
  judgeInEnglish,
  makeFacts,
  radioFacts,
  ruleFor,
  usbDevice,
  usbFacts,
} from './facts-for-tests';
import { wirelessRadiosCheck } from './wireless-radios';

const RULES = [
  'wifi-radio-absent',
  'bluetooth-controller-absent',
  'wwan-modem-absent',
  'other-radio-absent',
].map((id) => ruleFor(id));

function radio(overrides: Partial<RadioFact>): RadioFact {
  return {
    kind: 'wifi',
    name: 'phy0',
    interfaces: ['wlp2s0'],
    driver: 'iwlwifi',
    bus: 'pci',
    devicePath: '/sys/devices/pci0000:00/0000:00:1c.0/0000:02:00.0',
    vendorId: '8086',
    productId: '2723',
    rfkill: { soft: false, hard: false },
    ...overrides,
  };
}

describe('wireless radios (3.7.8)', () => {
  it('passes every rule when no radio is present, naming the sources read', () => {
    const outcomes = judgeInEnglish(
      wirelessRadiosCheck,
      makeFacts({ radios: radioFacts([]) }),
      contextFor(RULES),
    );
    expect(outcomes.map((outcome) => [outcome.ruleId, outcome.status, outcome.subject])).toEqual(
      RULES.map((rule) => [rule.id, 'pass', '']),
    );
    expect(outcomes[0]!.evidence.sourcesRead).toContain('/sys/class/rfkill');
  });

  it('fails each present radio under its own rule, with its hardware as evidence', () => {
    const facts = makeFacts({
      radios: radioFacts([
        radio({}),
        radio({ kind: 'bluetooth', name: 'hci0', interfaces: [], driver: 'btusb', bus: 'usb' }),
        radio({ kind: 'wwan', name: 'wwan0', driver: 'mhi_wwan_ctrl' }),
      ]),
    });
    const outcomes = judgeInEnglish(wirelessRadiosCheck, facts, contextFor(RULES));
    const byRule = new Map(outcomes.map((outcome) => [outcome.ruleId, outcome]));
    expect(byRule.get('wifi-radio-absent')).toMatchObject({
      subject: 'phy0',
      status: 'fail',
      evidence: {
        driver: 'iwlwifi',
        bus: 'pci',
        interfaces: ['wlp2s0'],
        vendorId: '8086',
        productId: '2723',
      },
    });
    expect(byRule.get('bluetooth-controller-absent')).toMatchObject({ subject: 'hci0', status: 'fail' });
    expect(byRule.get('wwan-modem-absent')).toMatchObject({ subject: 'wwan0', status: 'fail' });
    expect(byRule.get('other-radio-absent')).toMatchObject({ subject: '', status: 'pass' });
  });

  it('fails a radio that rfkill has switched off, and says so', () => {
    const facts = makeFacts({
      radios: radioFacts([
        radio({ rfkill: { soft: true, hard: false } }),
        radio({ name: 'phy1', rfkill: { soft: false, hard: true } }),
      ]),
    });
    const outcomes = judgeInEnglish(wirelessRadiosCheck, facts, contextFor([ruleFor('wifi-radio-absent')]));
    expect(outcomes.map((outcome) => [outcome.subject, outcome.status])).toEqual([
      ['phy0', 'fail'],
      ['phy1', 'fail'],
    ]);
    expect(outcomes[0]!.reason).toContain('software rfkill');
    expect(outcomes[1]!.reason).toContain('hardware rfkill');
    expect(outcomes[0]!.evidence.rfkill).toEqual({ soft: true, hard: false });
  });

  it('fails a virtual radio too (mac80211_hwsim has no device path)', () => {
    const facts = makeFacts({
      radios: radioFacts([
        radio({ bus: 'virtual', devicePath: null, driver: 'mac80211_hwsim', rfkill: null }),
      ]),
    });
    const [outcome] = judgeInEnglish(wirelessRadiosCheck, facts, contextFor([ruleFor('wifi-radio-absent')]));
    expect(outcome).toMatchObject({ status: 'fail', evidence: { bus: 'virtual', devicePath: null } });
  });

  it('judges only the rules the policy has', () => {
    const outcomes = judgeInEnglish(
      wirelessRadiosCheck,
      makeFacts({ radios: radioFacts([radio({})]) }),
      contextFor([ruleFor('bluetooth-controller-absent')]),
    );
    expect(outcomes.map((outcome) => outcome.ruleId)).toEqual(['bluetooth-controller-absent']);
  });
});

// Beyond the sysfs classes. PCI and USB facts below are what the probes make of real hardware: an Intel
// Wi‑Fi 6 AX201 (8086:a0f0, class 028000, subsystem 8086:0244, as `lspci -nnv` shows it on a ThinkPad) and a
// CSR Bluetooth dongle (0a12:0001, interface e0/01/01, usb.ids). QEMU emulates neither, so these are facts,
// not recorded trees; the probes' formats are proven on recorded roots in agent/probes/{pci,usb}/.
describe('wireless radios beyond sysfs classes (3.7.8)', () => {
  const wifiRule = ruleFor('wifi-radio-absent', { usb_wifi_ids: ['0bda:8179'] });
  const rules = [wifiRule, ...RULES.slice(1)];
  const ax201: PciDeviceFact = {
    slot: '0000:00:14.3',
    vendorId: '8086',
    deviceId: 'a0f0',
    classCode: '028000',
    subsystemVendorId: '8086',
    subsystemDeviceId: '0244',
    driver: null,
    sysfsPath: '/sys/devices/pci0000:00/0000:00:14.3',
  };
  const pci = (devices: PciDeviceFact[]) =>
    ({ ok: true, facts: { devices }, source: '/sys/bus/pci/devices', observedAtMs: 0 }) as const;
  const tools = (reports: WifiToolReport[]) =>
    ({ ok: true, facts: { reports }, source: 'tools', observedAtMs: 0 }) as const;
  const failing = (outcomes: readonly EnglishOutcome[]) =>
    outcomes.filter((o) => o.status === 'fail').map((o) => [o.ruleId, o.subject]);

  it('fails a PCI Wi‑Fi card with no driver bound (blacklisted), and maps class 0d by subclass', () => {
    const facts = makeFacts({
      pci: pci([
        ax201,
        {
          ...ax201,
          slot: '0000:03:00.0',
          classCode: '0d1100',
          sysfsPath: '/sys/devices/pci0000:00/0000:03:00.0',
        },
        {
          ...ax201,
          slot: '0000:04:00.0',
          classCode: '0d1200',
          sysfsPath: '/sys/devices/pci0000:00/0000:04:00.0',
        },
        {
          ...ax201,
          slot: '0000:05:00.0',
          classCode: '0d0000',
          sysfsPath: '/sys/devices/pci0000:00/0000:05:00.0',
        },
        {
          ...ax201,
          slot: '0000:00:1f.6',
          classCode: '020000',
          sysfsPath: '/sys/devices/pci0000:00/0000:00:1f.6',
        },
      ]),
    });
    const outcomes = judgeInEnglish(wirelessRadiosCheck, facts, contextFor(rules));
    expect(failing(outcomes)).toEqual([
      ['wifi-radio-absent', 'pci:0000:00:14.3'],
      ['bluetooth-controller-absent', 'pci:0000:03:00.0'],
      ['wwan-modem-absent', 'pci:0000:04:00.0'],
      ['other-radio-absent', 'pci:0000:05:00.0'],
    ]);
    expect(outcomes[0]?.reason).toMatch(/no driver bound \(blacklisted or missing\)/);
    expect(outcomes[0]?.evidence).toMatchObject({
      ids: '8086:a0f0',
      classCode: '028000',
      subsystemIds: '8086:0244',
    });
  });

  it('reports a card once when its driver made a phy on it: the sysfs radio names it', () => {
    const facts = makeFacts({
      radios: radioFacts([radio({ devicePath: ax201.sysfsPath, driver: 'iwlwifi' })]),
      pci: pci([{ ...ax201, driver: 'iwlwifi' }]),
    });
    expect(failing(judgeInEnglish(wirelessRadiosCheck, facts, contextFor(rules)))).toEqual([
      ['wifi-radio-absent', 'phy0'],
    ]);
  });

  it('fails a USB Bluetooth dongle by interface class without hci, and a Wi‑Fi dongle by id; not RNDIS', () => {
    const bluetooth = usbDevice({ busPath: '1-2', vendorId: '0a12', productId: '0001', deviceClass: 'e0' });
    bluetooth.interfaces = [btInterface('1-2:1.0', '01')];
    const wifiDongle = usbDevice({
      busPath: '1-3',
      vendorId: '0bda',
      productId: '8179',
      interfaceClasses: ['ff'],
    });
    // An Android phone tethering over RNDIS: e0/01/03, a network adapter, not a radio of this machine.
    const phone = usbDevice({ busPath: '1-4', vendorId: '18d1', productId: '4ee3' });
    phone.interfaces = [btInterface('1-4:1.0', '03')];
    const facts = makeFacts({ usb: usbFacts([bluetooth, wifiDongle, phone]) });
    const outcomes = judgeInEnglish(wirelessRadiosCheck, facts, contextFor(rules));
    expect(failing(outcomes)).toEqual([
      ['wifi-radio-absent', 'usb:1-3'],
      ['bluetooth-controller-absent', 'usb:1-2'],
    ]);
    expect(outcomes.find((o) => o.subject === 'usb:1-2')?.reason).toMatch(
      /class e0\/01\/01.*no driver bound/,
    );
  });

  it('does not report a USB radio twice when its driver made an hci below it', () => {
    const dongle = usbDevice({ busPath: '1-2', vendorId: '0a12', productId: '0001', interfaceClasses: [] });
    dongle.interfaces = [btInterface('1-2:1.0', '01')];
    const facts = makeFacts({
      usb: usbFacts([dongle]),
      radios: radioFacts([
        radio({
          kind: 'bluetooth',
          name: 'hci0',
          interfaces: [],
          bus: 'usb',
          devicePath: `${dongle.sysfsPath}/1-2:1.0`,
        }),
      ]),
    });
    expect(failing(judgeInEnglish(wirelessRadiosCheck, facts, contextFor(rules)))).toEqual([
      ['bluetooth-controller-absent', 'hci0'],
    ]);
  });

  it('fails a Wi‑Fi interface a second opinion names that sysfs missed; a tool that could not answer is evidence only', () => {
    const facts = makeFacts({
      radios: radioFacts([radio({ interfaces: ['wlp2s0'] })]),
      wifiTools: tools([
        { tool: 'systeminformation', interfaces: ['wlp2s0', 'wlx00c0ca'], unavailable: null },
        { tool: 'node-wifi', interfaces: [], unavailable: 'nmcli is not installed (spawn nmcli ENOENT)' },
      ]),
    });
    const outcomes = judgeInEnglish(wirelessRadiosCheck, facts, contextFor(rules));
    expect(failing(outcomes)).toEqual([
      ['wifi-radio-absent', 'phy0'],
      ['wifi-radio-absent', 'wlx00c0ca'],
    ]);
    const clean = judgeInEnglish(
      wirelessRadiosCheck,
      makeFacts({
        wifiTools: tools([{ tool: 'node-wifi', interfaces: [], unavailable: 'nmcli is not installed' }]),
      }),
      contextFor(rules),
    );
    expect(clean[0]).toMatchObject({ ruleId: 'wifi-radio-absent', status: 'pass' });
    expect(clean[0]?.evidence.secondOpinions).toEqual([
      { tool: 'node-wifi', interfaces: [], unavailable: 'nmcli is not installed' },
    ]);
  });
});

function btInterface(name: string, protocol: string) {
  return {
    name,
    interfaceClass: 'e0',
    interfaceSubClass: '01',
    interfaceProtocol: protocol,
    driver: null,
    interfaceName: null,
  };
}
