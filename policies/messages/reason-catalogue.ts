// Every reason code shoumi can give, one family per file under reasons/, and the one function that shows a
// reason in the reader's language. A code unknown here (an agent newer than this collector) falls back to
// the English text the finding carries.
//
// The families are kept as literal types, so that a code is a type (ReasonCode) and a check that names a
// code the catalogue lacks, or leaves out one of its parameters, fails to compile (reasonOf).

import type { Lang } from './language';
import { type Reason, type ReasonFamily, type ReasonText, renderReasonText } from './reason';
import { ANTIVIRUS_REASONS } from './reasons/antivirus';
import { AUDIT_SERVICE_REASONS } from './reasons/audit-service';
import { CANARY_REASONS } from './reasons/canary';
import { COLLECTOR_REASONS } from './reasons/collector';
import { EMPTY_PASSWORDS_REASONS } from './reasons/empty-passwords';
import { ENGINE_REASONS } from './reasons/engine';
import { NETWORK_EGRESS_REASONS } from './reasons/network-egress';
import { NETWORK_INTERFACES_REASONS } from './reasons/network-interfaces';
import { NETWORK_SERVICES_REASONS } from './reasons/network-services';
import { OPTICAL_WRITERS_REASONS } from './reasons/optical-writers';
import { OUTBOX_REASONS } from './reasons/outbox';
import { PASSWORD_RULES_REASONS } from './reasons/password-rules';
import { PORTABLE_DEVICES_REASONS } from './reasons/portable-devices';
import { PRINTING_REASONS } from './reasons/printing';
import { REMOVABLE_MEDIA_REASONS } from './reasons/removable-media';
import { REMOVABLE_MEDIA_HISTORY_REASONS } from './reasons/removable-media-history';
import { SCREEN_LOCK_REASONS } from './reasons/screen-lock';
import { WIRELESS_RADIOS_REASONS } from './reasons/wireless-radios';
import { WIRELESS_RECEIVERS_REASONS } from './reasons/wireless-receivers';

const FAMILIES = [
  ENGINE_REASONS,
  WIRELESS_RADIOS_REASONS,
  WIRELESS_RECEIVERS_REASONS,
  REMOVABLE_MEDIA_REASONS,
  REMOVABLE_MEDIA_HISTORY_REASONS,
  PORTABLE_DEVICES_REASONS,
  NETWORK_EGRESS_REASONS,
  NETWORK_INTERFACES_REASONS,
  NETWORK_SERVICES_REASONS,
  CANARY_REASONS,
  ANTIVIRUS_REASONS,
  PRINTING_REASONS,
  OPTICAL_WRITERS_REASONS,
  AUDIT_SERVICE_REASONS,
  SCREEN_LOCK_REASONS,
  EMPTY_PASSWORDS_REASONS,
  PASSWORD_RULES_REASONS,
  COLLECTOR_REASONS,
  OUTBOX_REASONS,
] as const satisfies readonly ReasonFamily[];

type Family = (typeof FAMILIES)[number];
type CodesOf<F> = F extends unknown ? keyof F & string : never;
type EntryOf<C extends string, F = Family> = F extends unknown ? (C extends keyof F ? F[C] : never) : never;
/** `{name}` placeholders of a template, as a union of names. */
type Placeholders<S> = S extends `${string}{${infer Name}}${infer Rest}` ? Name | Placeholders<Rest> : never;

/** Every code of the catalogue. */
export type ReasonCode = CodesOf<Family>;
/** The codes with a remediation: the only ones a FAIL or ERROR may carry (agent/checks/check.ts). */
export type RemediedReasonCode = {
  [C in ReasonCode]: EntryOf<C> extends { remediation: object } ? C : never;
}[ReasonCode];
/** The parameters a code's English text names, each required. */
export type ReasonParamsOf<C extends ReasonCode> = Readonly<Record<Placeholders<EntryOf<C>['en']>, string>>;
/** A reason whose code is known to the catalogue. */
export interface CatalogueReason<C extends ReasonCode = ReasonCode> extends Reason {
  code: C;
}

export const REASON_CATALOGUE: ReadonlyMap<string, ReasonText> = new Map(
  FAMILIES.flatMap((family): [string, ReasonText][] => Object.entries(family)),
);

/** A reason from its code and every parameter its text names; what a check gives for its verdict. */
export function reasonOf<C extends ReasonCode>(code: C, params: ReasonParamsOf<C>): CatalogueReason<C> {
  return { code, params };
}

/** The reason in `lang`, or `fallback` (the finding's English text) when the code is unknown or absent. */
export function renderReason(reason: Reason | undefined, lang: Lang, fallback: string): string {
  const entry = reason && REASON_CATALOGUE.get(reason.code);
  return entry ? renderReasonText(entry, reason.params, lang) : fallback;
}
