// Cross-use across the fleet (3.7.4), as a pure judgement: given every device that saw one medium or one
// network printer, with each device's ledger level, has it crossed classification levels? And which
// findings say so, on which devices? The I/O around it is in cross-use-judge.ts.
//
// What counts as crossing:
//   - two devices of different known levels saw it (机密 and 非密 above all, but 绝密 and 秘密 too: a medium
//     or printer serves one level only);
//   - a medium: also a medium registered at a classified level seen on a 非密 computer, even alone (the
//     agent's usb-storage-level-not-below-host passes a 机密 stick on a 非密 computer: its level is not below).
// A device whose level is not in the ledger yet is listed in the evidence but is no evidence of crossing
// either way: an unknown level may well be the same level, and calling every stick seen on a new computer
// a cross-use would drown the real ones. Once the office enters its level, the ledger change re-judges it.
//
// Findings: while it crosses, a `fail` on every device that saw it (each computer is a place the leak may
// have gone); when it no longer crosses (a device reclassified, a medium re-registered), a `pass` on each
// device that still carries a finding for it, so the finding resolves. Devices that never had one get none.
//
// The evidence names each device, its level and when it was first seen with the thing, and deliberately not
// when it was last seen: last seen moves with every sweep, and the store writes a new finding whenever the
// evidence changes; `shoumictl media list --sightings` shows last seen.

import type { Reason } from '../../policies/messages/reason';
import { renderReason } from '../../policies/messages/reason-catalogue';
import { CLASSIFICATION_ZH, CLASSIFICATIONS, type Classification, type Rule } from '../../policies/model';
import { boundReasonCode } from '../../proto/finding-limits';
import type { CollectorFinding, Sighting } from '../store/store';

export const MEDIA_CROSS_USE_RULE = 'media-cross-use-absent';
export const PRINTER_CROSS_USE_RULE = 'printer-cross-use-absent';

/** `why` is the English text of `reason` (the catalogue's, policies/messages/reasons/collector.ts). */
export type CrossUseVerdict = { crossing: boolean; why: string; reason: Reason };

const levelName = (level: Classification | null) =>
  level === null ? 'level not in the ledger' : `${CLASSIFICATION_ZH[level]} (${level})`;
const levelNameZh = (level: Classification | null) =>
  level === null ? '密级未录入台账' : CLASSIFICATION_ZH[level];

function verdict(crossing: boolean, code: string, params: Record<string, string>): CrossUseVerdict {
  // Bounded as an agent's would be (a thousand computers make a long list): the finding must still store.
  const bounded = boundReasonCode(code, params);
  const reason: Reason = { code, params: bounded.reasonParams ?? {} };
  return { crossing, why: renderReason(reason, 'en', code), reason };
}

const computers = (sightings: readonly Sighting[]) =>
  sightings.map((sighting) => sighting.hostname || sighting.deviceId);

function knownLevels(sightings: readonly Sighting[]): Classification[] {
  const levels = new Set<Classification>();
  for (const sighting of sightings) if (sighting.classification !== null) levels.add(sighting.classification);
  // Highest first, as CLASSIFICATIONS lists them, so that reasons read the same every time.
  return CLASSIFICATIONS.filter((level) => levels.has(level));
}

function differentLevels(
  thing: 'medium' | 'printer',
  subject: string,
  sightings: readonly Sighting[],
): CrossUseVerdict | null {
  const levels = knownLevels(sightings);
  if (levels.length < 2) return null;
  const where = (level: Classification) =>
    computers(sightings.filter((sighting) => sighting.classification === level));
  return verdict(true, `collector.cross-use.${thing}-levels`, {
    subject,
    uses: levels.map((level) => `${levelName(level)} on ${where(level).join(', ')}`).join('; '),
    usesZh: levels.map((level) => `${levelNameZh(level)}：${where(level).join('、')}`).join('；'),
  });
}

/** `registeredLevel`: the medium's level in the ledger, null when it is not registered. */
export function judgeMediumCrossUse(
  subject: string,
  registeredLevel: Classification | null,
  sightings: readonly Sighting[],
): CrossUseVerdict {
  const different = differentLevels('medium', subject, sightings);
  if (different !== null) return different;
  if (registeredLevel !== null && registeredLevel !== 'non_classified') {
    const unclassified = sightings.filter((sighting) => sighting.classification === 'non_classified');
    if (unclassified.length > 0) {
      return verdict(true, 'collector.cross-use.medium-on-unclassified', {
        subject,
        level: levelName(registeredLevel),
        levelZh: levelNameZh(registeredLevel),
        computers: computers(unclassified).join(', '),
      });
    }
  }
  return verdict(false, 'collector.cross-use.medium-one-level', { subject, ...sameLevelParams(sightings) });
}

export function judgePrinterCrossUse(subject: string, sightings: readonly Sighting[]): CrossUseVerdict {
  return (
    differentLevels('printer', subject, sightings) ??
    verdict(false, 'collector.cross-use.printer-one-level', { subject, ...sameLevelParams(sightings) })
  );
}

function sameLevelParams(sightings: readonly Sighting[]): { seen: string; seenZh: string } {
  const levels = knownLevels(sightings);
  const unknown = sightings.filter((sighting) => sighting.classification === null).length;
  const known =
    levels.length === 0 ? 'on no computer of known level' : `only on ${levelName(levels[0]!)} computers`;
  const knownZh =
    levels.length === 0 ? '未在已知密级的计算机上出现' : `只在${levelNameZh(levels[0]!)}计算机上出现`;
  return {
    seen: `${known}${unknown > 0 ? ` (and on ${unknown} whose level is not in the ledger)` : ''}`,
    seenZh: `${knownZh}${unknown > 0 ? `（另有 ${unknown} 台密级未录入台账）` : ''}`,
  };
}

export interface CrossUseCase {
  rule: Rule;
  subject: string;
  /** For a medium: its registered level and asset number, when registered. */
  registered?: { classification: Classification; assetNumber: string } | null;
  sightings: readonly Sighting[];
  verdict: CrossUseVerdict;
  /** Devices whose current collector finding for (rule, subject) exists, with its status. */
  currentStatuses: ReadonlyMap<string, string>;
  atMs: number;
}

/** The findings to store for one judged medium or printer (possibly none). */
export function crossUseFindings(judged: CrossUseCase): CollectorFinding[] {
  const { rule, subject, sightings, verdict, currentStatuses, atMs } = judged;
  const targets = verdict.crossing
    ? sightings.map((sighting) => sighting.deviceId)
    : sightings.map((sighting) => sighting.deviceId).filter((deviceId) => currentStatuses.has(deviceId));
  if (targets.length === 0) return [];
  const evidence: Record<string, unknown> = {
    subject,
    ...(judged.registered !== undefined ? { registered: judged.registered } : {}),
    levels: knownLevels(sightings),
    devices: [...sightings]
      .sort((a, b) => a.deviceId.localeCompare(b.deviceId))
      .map((sighting) => ({
        deviceId: sighting.deviceId,
        hostname: sighting.hostname,
        classification: sighting.classification,
        firstSeenAt: new Date(sighting.firstSeenMs).toISOString(),
      })),
  };
  return targets.map((deviceId) => ({
    deviceId,
    ruleId: rule.id,
    clause: rule.clause,
    severity: rule.severity,
    subject,
    status: verdict.crossing ? 'fail' : 'pass',
    evidence,
    reason: verdict.why,
    reasonCode: verdict.reason.code,
    reasonParams: { ...verdict.reason.params },
    observedAtMs: atMs,
    sweepId: '',
  }));
}
