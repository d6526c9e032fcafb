// The vocabulary shared by agent and collector: what a rule, a policy, a finding and a ledger slice are.
// Wire encodings live in proto/; this file is the domain both sides reason in.

export const FINDING_STATUSES = ['pass', 'fail', 'error', 'not_applicable'] as const;
export type FindingStatus = (typeof FINDING_STATUSES)[number];

export const SEVERITIES = ['low', 'medium', 'high', 'critical'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** 密级, highest first. `non_classified` is 非密. */
export const CLASSIFICATIONS = ['top_secret', 'confidential', 'secret', 'non_classified'] as const;
export type Classification = (typeof CLASSIFICATIONS)[number];

export const CLASSIFICATION_ZH: Record<Classification, string> = {
  top_secret: '绝密',
  confidential: '机密',
  secret: '秘密',
  non_classified: '非密',
};

/**
 * 绝密/机密/秘密/非密, or the English id in any case with spaces or dashes ("Top Secret", "top-secret");
 * undefined for anything else. Callers word their own refusal (a CSV cell, a command-line flag).
 */
export function classificationFromWord(word: string): Classification | undefined {
  const trimmed = word.trim();
  const english = trimmed.toLowerCase().replace(/[\s-]+/g, '_');
  return CLASSIFICATIONS.find((level) => CLASSIFICATION_ZH[level] === trimmed || level === english);
}

/** Numeric rank for comparisons: a medium may be used only on computers at or below its own level. */
export function classificationRank(level: Classification): number {
  return CLASSIFICATIONS.length - CLASSIFICATIONS.indexOf(level);
}

export const MEDIUM_STATUSES = ['in_use', 'retired', 'lost'] as const;
export type MediumStatus = (typeof MEDIUM_STATUSES)[number];

export interface LocalizedText {
  zh: string;
  en: string;
}

/** One rule of the policy, exactly as the administrator wrote it in the YAML. */
export interface Rule {
  id: string;
  /** Clause of the standard, e.g. "3.7.8". */
  clause: string;
  title: LocalizedText;
  severity: Severity;
  rationale: LocalizedText;
  remediation: LocalizedText;
  /** Rule-specific parameters, validated against that rule's parameter schema by the loader. */
  params: Record<string, unknown>;
}

export interface Policy {
  /** Policy identity, e.g. "baseline". */
  name: string;
  /** Administrator-facing version label, e.g. "2026.11". */
  version: string;
  rules: Rule[];
}

export interface RegisteredMedium {
  serial: string;
  /** 4 lowercase hex digits. */
  vendorId: string;
  productId: string;
  classification: Classification;
  status: MediumStatus;
  assetNumber: string;
  responsiblePerson: string;
}

/** This device's slice of the ledger, sent down with the policy so checks can judge against it. */
export interface LedgerSlice {
  /** Unknown until the security office has entered the device in the ledger. */
  classification: Classification | null;
  assetNumber: string;
  media: RegisteredMedium[];
  /** CIDR blocks; empty means "use the policy's default allowed networks". */
  allowedNetworks: string[];
}

export const EMPTY_LEDGER_SLICE: LedgerSlice = {
  classification: null,
  assetNumber: '',
  media: [],
  allowedNetworks: [],
};

/**
 * What a device id may look like, wherever one is read: the agent choosing or keeping its own, the hello, a
 * ledger row, a certificate's name.
 */
export const DEVICE_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;

/** Who a workstation is: what its agent reads at start and sends in every hello. */
export interface HardwareIdentity {
  hostname: string;
  machineId: string;
  dmiProductUuid: string;
  dmiBoardSerial: string;
  macAddresses: string[];
  osName: string;
  osVersion: string;
  kernel: string;
  arch: string;
  /** Fixed disks, by kernel name; USB storage is not hardware identity (the media rules judge it). */
  disks: DiskIdentity[];
  /**
   * Where the device id came from, as the agent could tell at its start (agent/identity/device-id.ts):
   * "machine-id", "dmi-product-uuid", "generated" (random, kept only in the agent's data directory), or ""
   * when it cannot tell — and "" from agents older than the field. Absent from hellos stored before it.
   */
  deviceIdSource?: string;
}

export interface DiskIdentity {
  name: string;
  model: string;
  serial: string;
  sizeBytes: number;
}

/** A finding as the agent produces it and the collector stores it. */
export interface Finding {
  seq: number;
  ruleId: string;
  clause: string;
  subject: string;
  status: FindingStatus;
  severity: Severity;
  evidence: Record<string, unknown>;
  /** Why, in English (logs, and readers that know no codes); shown to people through `reasonCode`. */
  reason: string;
  /**
   * The reason as a catalogue code and its parameters (policies/messages/reason-catalogue.ts), rendered in the
   * reader's language. Absent in findings recorded before codes existed: those show `reason`.
   */
  reasonCode?: string;
  reasonParams?: Record<string, string>;
  observedAtMs: number;
  sweepId: string;
  /**
   * The subject is no longer present (a stick pulled out, a radio removed): the finding closes the current
   * one of (rule, subject) into history and is not itself a current verdict. Always with status pass.
   * Absent (or false) for every other finding, and in findings recorded before it existed.
   */
  gone?: boolean;
}

/** A finding before the outbox gives it a sequence number. */
export type UnsequencedFinding = Omit<Finding, 'seq'>;
