// Builders of Facts and check contexts for the check tests: every fact readable and empty unless a test says
// otherwise, so each test states only what it is about.

import { renderReason } from '../../policies/messages/reason-catalogue';
import { EMPTY_LEDGER_SLICE, type LedgerSlice, type Rule } from '../../policies/model';
import { RULE_PARAMS } from '../../policies/rule-params';
import type {
  AntivirusFacts,
  Facts,
  NetworkFacts,
  ProbeResult,
  RadioFact,
  RadiosFacts,
  SocketEndpoint,
  UsbDeviceFact,
  UsbFacts,
} from '../facts';
import type { Check, CheckContext, CheckOutcome } from './check';

export const OBSERVED_AT_MS = Date.UTC(2026, 10, 20, 8, 0, 0);

function readable<T>(facts: T, source: string): ProbeResult<T> {
  return { ok: true, facts, source, observedAtMs: OBSERVED_AT_MS };
}

export function unreadable<T>(source: string, reason: string): ProbeResult<T> {
  return { ok: false, reason, source, observedAtMs: OBSERVED_AT_MS };
}

/**
 * Facts for a check test: the first checks' facts (usb, radios, pci, wifiTools, network, antivirus)
 * default to "readable and empty"; every other fact defaults to unreadable, so a test that relies on one
 * must say what it holds.
 */
export function makeFacts(overrides: Partial<Facts> = {}): Facts {
  const notSupplied = unreadable<never>('test', 'not supplied by this test');
  return {
    usb: readable({ devices: [] }, '/sys/bus/usb/devices'),
    radios: readable({ radios: [], sources: ['/sys/class/ieee80211', '/sys/class/bluetooth'] }, 'sysfs'),
    network: readable({ routes: [], connections: [] }, '/proc/net'),
    antivirus: readable({ products: [] }, 'antivirus'),
    // The wireless-radios check reads these with radios and usb; readable and empty like them.
    pci: readable({ devices: [] }, '/sys/bus/pci/devices'),
    usbHistory: notSupplied,
    wifiTools: readable({ reports: [] }, 'systeminformation, node-wifi'),
    interfaces: notSupplied,
    dns: notSupplied,
    proxies: notSupplied,
    canary: notSupplied,
    printers: notSupplied,
    optical: notSupplied,
    accounts: notSupplied,
    processes: notSupplied,
    screenLock: notSupplied,
    passwordPolicy: notSupplied,
    ...overrides,
  };
}

export const usbFacts = (devices: UsbDeviceFact[]) => readable<UsbFacts>({ devices }, '/sys/bus/usb/devices');
export const radioFacts = (radios: RadioFact[]) =>
  readable<RadiosFacts>(
    { radios, sources: ['/sys/class/ieee80211', '/sys/class/bluetooth', '/sys/class/rfkill'] },
    'sysfs',
  );
export const networkFacts = (facts: Partial<NetworkFacts>) =>
  readable<NetworkFacts>({ routes: [], connections: [], ...facts }, '/proc/net');
export const antivirusFacts = (products: AntivirusFacts['products']) =>
  readable<AntivirusFacts>({ products }, 'antivirus');

export function usbDevice(
  overrides: Partial<UsbDeviceFact> & { interfaceClasses?: string[] } = {},
): UsbDeviceFact {
  const { interfaceClasses = ['08'], ...fields } = overrides;
  const busPath = fields.busPath ?? '1-1';
  return {
    busPath,
    sysfsPath: `/sys/devices/pci0000:00/0000:00:14.0/usb1/${busPath}`,
    vendorId: '0781',
    productId: '5567',
    deviceClass: '00',
    manufacturer: 'SanDisk',
    product: 'Cruzer Blade',
    serial: '4C530001230101117373',
    speedMbps: 480,
    interfaces: interfaceClasses.map((interfaceClass, index) => ({
      name: `${busPath}:1.${index}`,
      interfaceClass,
      interfaceSubClass: '06',
      interfaceProtocol: '50',
      driver: interfaceClass === '08' ? 'usb-storage' : null,
      interfaceName: null,
    })),
    blockDevices: interfaceClasses.includes('08') ? ['sdb'] : [],
    ...fields,
  };
}

/** A rule as the loader would hand it over: params validated and defaults filled from its schema. */
export function ruleFor(id: string, params: Record<string, unknown> = {}): Rule {
  const schema = RULE_PARAMS[id];
  if (!schema) throw new Error(`test asks for unknown rule ${id}`);
  return {
    id,
    clause: '3.7.4',
    title: { zh: id, en: id },
    severity: 'high',
    rationale: { zh: '-', en: '-' },
    remediation: { zh: '-', en: '-' },
    params: schema.parse(params),
  };
}

export function contextFor(
  rules: Rule[],
  ledger: Partial<LedgerSlice> = {},
  nowMs = OBSERVED_AT_MS,
  collectorEndpoints: readonly SocketEndpoint[] = [],
): CheckContext {
  return {
    rules: new Map(rules.map((rule) => [rule.id, rule])),
    ledger: { ...EMPTY_LEDGER_SLICE, ...ledger },
    nowMs,
    collectorEndpoints,
  };
}

/** A check's outcome with its reason as the English text the engine would put in the finding. */
export type EnglishOutcome = Omit<CheckOutcome, 'reason'> & { reason: string };

/**
 * What the check says, each reason rendered in English as the engine renders it: for the tests that read
 * the words (the codes themselves are tested in reason-codes.test.ts).
 */
export function judgeInEnglish(check: Check, facts: Facts, context: CheckContext): EnglishOutcome[] {
  return check
    .judge(facts, context)
    .map((outcome) => ({ ...outcome, reason: renderReason(outcome.reason, 'en', outcome.reason.code) }));
}
