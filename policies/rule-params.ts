// The parameter schema of every rule a check knows. The loader validates each rule's `params` against the
// schema named by its id, so a check can rely on the shape; a rule id missing here is refused ("no check
// knows this rule") — the policy may not promise a judgement the agent cannot make.
//
// Messages say what was expected; the loader appends what it found.

import { z } from 'zod';
import { antivirusProductDefinition } from './antivirus/product-definition';
import { COLLECTOR_RULE_IDS, type CollectorRuleId } from './collector-rule-ids';
import { parseIpNetwork } from './ip-network';

export { COLLECTOR_RULE_IDS };

const positiveInteger = z
  .number({ error: 'expected a positive integer' })
  .int({ error: 'expected a positive integer' })
  .positive({ error: 'expected a positive integer' });

const cidrBlock = z
  .string({ error: 'expected a CIDR block such as 10.0.0.0/8' })
  .superRefine((text, context) => {
    const parsed = parseIpNetwork(text);
    if (!parsed.ok) context.addIssue({ code: 'custom', message: `expected a CIDR block: ${parsed.reason}` });
  });

const usbId = z
  .string({ error: 'expected a USB id "vvvv:pppp" (4 lowercase hex digits each)' })
  .regex(/^[0-9a-f]{4}:[0-9a-f]{4}$/, {
    error: 'expected a USB id "vvvv:pppp" (4 lowercase hex digits each)',
  });

const nonEmptyText = z
  .string({ error: 'expected a text' })
  .trim()
  .min(1, { error: 'expected a non-empty text' });

function uniqueList<T extends z.ZodType>(item: T, what: string) {
  return z.array(item, { error: `expected a list of ${what}` }).superRefine((items, context) => {
    const seen = new Map<string, number>();
    for (const [index, value] of items.entries()) {
      const key = JSON.stringify(value).toLowerCase();
      const first = seen.get(key);
      if (first !== undefined) {
        context.addIssue({ code: 'custom', path: [index], message: `duplicate of item ${first}` });
      } else {
        seen.set(key, index);
      }
    }
  });
}

export const noParams = z.strictObject({});

/**
 * Networks the device may reach. Empty means none: only loopback and link-local are acceptable until the
 * ledger gives the device its allowed networks (the ledger's list, when non-empty, replaces this one).
 */
export const allowedNetworksParams = z.strictObject({
  allowed_networks: uniqueList(cidrBlock, 'CIDR blocks').default([]),
});
export type AllowedNetworksParams = z.infer<typeof allowedNetworksParams>;

/** USB Wi‑Fi adapters known by id: their interfaces are vendor-specific (ff), so the class says nothing. */
export const usbRadioIdsParams = z.strictObject({
  usb_wifi_ids: uniqueList(usbId, 'USB ids').default([]),
});
export type UsbRadioIdsParams = z.infer<typeof usbRadioIdsParams>;

export const wirelessReceiverParams = z.strictObject({
  receiver_usb_ids: uniqueList(usbId, 'USB ids'),
  /** Words in a HID device's product string that betray a receiver the id list does not know yet. */
  product_name_keywords: uniqueList(nonEmptyText, 'words').default([]),
});
export type WirelessReceiverParams = z.infer<typeof wirelessReceiverParams>;

const usbVendorId = z
  .string({ error: 'expected a USB vendor id "vvvv" (4 lowercase hex digits)' })
  .regex(/^[0-9a-f]{4}$/, { error: 'expected a USB vendor id "vvvv" (4 lowercase hex digits)' });

const INTERFACE_TRIPLE = /^([0-9a-f]{2}|\*)\/([0-9a-f]{2}|\*)\/([0-9a-f]{2}|\*)$/;
const interfaceTriple = z
  .string({
    error: 'expected an interface "cc/ss/pp" (class/subclass/protocol, 2 lowercase hex digits or *)',
  })
  .regex(INTERFACE_TRIPLE, {
    error: 'expected an interface "cc/ss/pp" (class/subclass/protocol, 2 lowercase hex digits or *)',
  });

/** How a phone or camera moves data over USB; the evidence names the one that matched. */
export const PHONE_MODES = [
  'mtp',
  'ptp',
  'adb',
  'fastboot',
  'usbmux',
  'ipheth',
  'rndis',
  'ecm',
  'ncm',
  'mass-storage',
  'vendor-specific',
] as const;
export type PhoneMode = (typeof PHONE_MODES)[number];

/**
 * One way to know a phone or camera: an interface class triple or a word in the interface string, on any
 * vendor's device, on a phone vendor's (the rule's `phone_vendor_ids`), or on the vendors listed; unless the
 * device also has an interface of `not_beside`.
 */
const phoneModeMatch = z
  .strictObject({
    mode: z.enum(PHONE_MODES, { error: `expected one of ${PHONE_MODES.join(', ')}` }),
    interface: interfaceTriple.optional(),
    interface_name: nonEmptyText.optional(),
    vendors: z.union(
      [z.literal('any'), z.literal('phone'), uniqueList(usbVendorId, 'USB vendor ids').min(1)],
      { error: 'expected "any", "phone" (the phone_vendor_ids) or a list of USB vendor ids' },
    ),
    /** Interfaces that, on the same device, make it something else (a printer's scanner is ff too). */
    not_beside: uniqueList(interfaceTriple, 'interfaces "cc/ss/pp"').optional(),
  })
  .superRefine((entry, context) => {
    if ((entry.interface === undefined) === (entry.interface_name === undefined)) {
      context.addIssue({ code: 'custom', message: 'expected exactly one of interface and interface_name' });
    }
    // "*/…/…" on any vendor would call every USB device (keyboards, hubs) a phone.
    if (entry.interface?.startsWith('*') && entry.vendors === 'any') {
      context.addIssue({
        code: 'custom',
        path: ['interface'],
        message: 'an interface of any class matches every USB device: name a class, or limit the vendors',
      });
    }
  });
export type PhoneModeMatch = z.infer<typeof phoneModeMatch>;

/** Phones and cameras in every mode that moves data (usb-phone-camera-absent). */
export const phoneCameraParams = z.strictObject({
  phone_vendor_ids: uniqueList(usbVendorId, 'USB vendor ids'),
  modes: uniqueList(phoneModeMatch, 'modes (mode, interface or interface_name, vendors)').min(1, {
    error: 'expected at least one mode',
  }),
});
export type PhoneCameraParams = z.infer<typeof phoneCameraParams>;

export const approvedAntivirusParams = z.strictObject({
  approved_products: uniqueList(nonEmptyText, 'product names').min(1, {
    error: 'expected at least one approved product',
  }),
  /**
   * Products the agent should recognise beyond the built-in ones (policies/antivirus/builtin-products.ts);
   * one with a built-in id replaces that definition.
   */
  product_definitions: z.array(antivirusProductDefinition).default([]),
});
export type ApprovedAntivirusParams = z.infer<typeof approvedAntivirusParams>;

export const signatureAgeParams = z.strictObject({ max_signature_age_days: positiveInteger });
export type SignatureAgeParams = z.infer<typeof signatureAgeParams>;

export const fullScanAgeParams = z.strictObject({ max_full_scan_age_days: positiveInteger });

export const screenLockParams = z.strictObject({ max_idle_minutes: positiveInteger });

const canaryEndpoint = z.strictObject({
  host: nonEmptyText,
  port: z
    .number({ error: 'expected a TCP port 1–65535' })
    .int({ error: 'expected a TCP port 1–65535' })
    .min(1, { error: 'expected a TCP port 1–65535' })
    .max(65535, { error: 'expected a TCP port 1–65535' }),
});

/** Public endpoints that must be unreachable; an empty list switches the rule off. */
export const canaryEndpointsParams = z.strictObject({
  endpoints: uniqueList(canaryEndpoint, 'endpoints (host, port)').default([]),
});

/**
 * Parameters per 密级 for the password rules (3.7.5): one entry for each classified level; non_classified
 * only when the unit judges its non-classified computers too (absent: not_applicable there).
 */
function byClassification<T extends z.ZodType>(level: T) {
  return z.strictObject({
    top_secret: level,
    confidential: level,
    secret: level,
    non_classified: level.optional(),
  });
}

/** A required hardware-token login (UKey / IC card and PIN) stands in for this password requirement. */
const hardwareTokenSatisfies = z.boolean({ error: 'expected true or false' }).default(false);

const characterClasses = z
  .number({ error: 'expected a number of character classes 1–4' })
  .int({ error: 'expected a number of character classes 1–4' })
  .min(1, { error: 'expected a number of character classes 1–4' })
  .max(4, { error: 'expected a number of character classes 1–4' });

const nonNegativeInteger = z
  .number({ error: 'expected a whole number, 0 or more' })
  .int({ error: 'expected a whole number, 0 or more' })
  .min(0, { error: 'expected a whole number, 0 or more' });

export const passwordMinLengthParams = z.strictObject({
  by_classification: byClassification(
    z.strictObject({ min_length: positiveInteger, hardware_token_satisfies: hardwareTokenSatisfies }),
  ),
});
export type PasswordMinLengthParams = z.infer<typeof passwordMinLengthParams>;

export const passwordMaxAgeParams = z.strictObject({
  by_classification: byClassification(
    z.strictObject({ max_age_days: positiveInteger, hardware_token_satisfies: hardwareTokenSatisfies }),
  ),
});
export type PasswordMaxAgeParams = z.infer<typeof passwordMaxAgeParams>;

export const passwordComplexityParams = z.strictObject({
  by_classification: byClassification(
    z.strictObject({ min_classes: characterClasses, hardware_token_satisfies: hardwareTokenSatisfies }),
  ),
});
export type PasswordComplexityParams = z.infer<typeof passwordComplexityParams>;

/** Failed logins: lock after at most max_attempts, for at least min_unlock_minutes (or until an admin unlocks). */
export const loginLockoutParams = z.strictObject({
  by_classification: byClassification(
    z.strictObject({ max_attempts: positiveInteger, min_unlock_minutes: nonNegativeInteger }),
  ),
});
export type LoginLockoutParams = z.infer<typeof loginLockoutParams>;

/** How long an agent may stay silent (no message of any kind) before that is a finding of its own. */
export const agentSilenceParams = z.strictObject({ max_silence_seconds: positiveInteger });
export type AgentSilenceParams = z.infer<typeof agentSilenceParams>;

/**
 * Rules only the collector can judge, because they need the whole fleet (a medium or printer seen on
 * computers of different levels) or the absence of an agent. Agents skip them; the collector stores its
 * findings under the devices they concern.
 */
export const COLLECTOR_RULE_PARAMS: Readonly<Record<CollectorRuleId, z.ZodType<Record<string, unknown>>>> = {
  'media-cross-use-absent': noParams,
  'printer-cross-use-absent': noParams,
  'agent-reports-regularly': agentSilenceParams,
};

/** The rules of a policy an agent judges: all but the collector's. */
export function agentRuleIds(policy: { rules: ReadonlyArray<{ id: string }> }): string[] {
  return policy.rules.map((rule) => rule.id).filter((ruleId) => !COLLECTOR_RULE_IDS.has(ruleId));
}

export const RULE_PARAMS: Readonly<Record<string, z.ZodType<Record<string, unknown>>>> = {
  ...COLLECTOR_RULE_PARAMS,
  // 3.7.8
  'wifi-radio-absent': usbRadioIdsParams,
  'bluetooth-controller-absent': noParams,
  'wwan-modem-absent': noParams,
  'other-radio-absent': noParams,
  'wireless-input-receiver-absent': wirelessReceiverParams,
  // 3.7.4 removable media
  'usb-storage-registered': noParams,
  'usb-storage-level-not-below-host': noParams,
  'usb-storage-not-retired-or-lost': noParams,
  'usb-storage-history-registered': noParams,
  'usb-phone-camera-absent': phoneCameraParams,
  // 3.7.4 networks
  'default-route-gateway-allowed': allowedNetworksParams,
  'connection-peers-allowed': allowedNetworksParams,
  'dns-servers-allowed': allowedNetworksParams,
  'proxy-allowed': allowedNetworksParams,
  'tunnel-interfaces-absent': noParams,
  'usb-network-adapter-absent': noParams,
  'single-network-attachment': noParams,
  'canary-endpoints-unreachable': canaryEndpointsParams,
  'interface-addresses-allowed': allowedNetworksParams,
  // 3.7.4 / 3.7.7 printers and output
  'printer-not-shared': noParams,
  'network-printer-allowed': allowedNetworksParams,
  'optical-writer-absent': noParams,
  'print-auditing-enabled': noParams,
  // 3.7.5 / 3.7.6
  'antivirus-approved-installed': approvedAntivirusParams,
  'antivirus-signatures-current': signatureAgeParams,
  'antivirus-full-scan-recent': fullScanAgeParams,
  'antivirus-realtime-protection-on': noParams,
  'audit-service-running': noParams,
  'screen-lock-enabled': screenLockParams,
  'no-empty-password-accounts': noParams,
  'password-min-length': passwordMinLengthParams,
  'password-max-age': passwordMaxAgeParams,
  'password-complexity': passwordComplexityParams,
  'login-failure-lockout': loginLockoutParams,
};

export const KNOWN_RULE_IDS: readonly string[] = Object.keys(RULE_PARAMS);
