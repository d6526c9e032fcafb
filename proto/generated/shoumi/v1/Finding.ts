// Original file: proto/shoumi/v1/agent.proto

import type { FindingStatus as _shoumi_v1_FindingStatus, FindingStatus__Output as _shoumi_v1_FindingStatus__Output } from '../../shoumi/v1/FindingStatus';
import type { Severity as _shoumi_v1_Severity, Severity__Output as _shoumi_v1_Severity__Output } from '../../shoumi/v1/Severity';
import type { Long } from '@grpc/proto-loader';

export interface Finding {
  'seq'?: (number | string | Long);
  'ruleId'?: (string);
  'clause'?: (string);
  /**
   * Which instance the finding is about (a USB serial, an interface, a product); "" for the rule as a whole.
   */
  'subject'?: (string);
  'status'?: (_shoumi_v1_FindingStatus);
  'severity'?: (_shoumi_v1_Severity);
  /**
   * JSON object: what the probe saw that led to this status (driver, bus path, ids, ages, ...).
   */
  'evidenceJson'?: (string);
  /**
   * Unix epoch milliseconds (UTC) when the underlying fact was observed.
   */
  'observedAtMs'?: (number | string | Long);
  /**
   * Sweep that produced the finding ("" for a scheduled or event-driven local sweep).
   */
  'sweepId'?: (string);
  /**
   * Why the status was chosen, in words (for error and not_applicable above all).
   */
  'reason'?: (string);
  /**
   * The subject is no longer present (a stick pulled out, a radio removed): the collector closes the current
   * finding of (rule, subject) into history instead of keeping this as a current verdict. Status is PASS.
   */
  'gone'?: (boolean);
  /**
   * The reason as a catalogue code (policies/messages/reason-catalogue.ts), e.g. "usb.unregistered-medium",
   * and its parameters, which the reader's side renders in its own language; "" and empty from agents older
   * than the field, whose findings are shown by `reason`. At most 16 parameters (limits: finding-limits.ts).
   */
  'reasonCode'?: (string);
  'reasonParams'?: ({[key: string]: string});
}

export interface Finding__Output {
  'seq': (number);
  'ruleId': (string);
  'clause': (string);
  /**
   * Which instance the finding is about (a USB serial, an interface, a product); "" for the rule as a whole.
   */
  'subject': (string);
  'status': (_shoumi_v1_FindingStatus__Output);
  'severity': (_shoumi_v1_Severity__Output);
  /**
   * JSON object: what the probe saw that led to this status (driver, bus path, ids, ages, ...).
   */
  'evidenceJson': (string);
  /**
   * Unix epoch milliseconds (UTC) when the underlying fact was observed.
   */
  'observedAtMs': (number);
  /**
   * Sweep that produced the finding ("" for a scheduled or event-driven local sweep).
   */
  'sweepId': (string);
  /**
   * Why the status was chosen, in words (for error and not_applicable above all).
   */
  'reason': (string);
  /**
   * The subject is no longer present (a stick pulled out, a radio removed): the collector closes the current
   * finding of (rule, subject) into history instead of keeping this as a current verdict. Status is PASS.
   */
  'gone': (boolean);
  /**
   * The reason as a catalogue code (policies/messages/reason-catalogue.ts), e.g. "usb.unregistered-medium",
   * and its parameters, which the reader's side renders in its own language; "" and empty from agents older
   * than the field, whose findings are shown by `reason`. At most 16 parameters (limits: finding-limits.ts).
   */
  'reasonCode': (string);
  'reasonParams': ({[key: string]: string});
}
