// What the agent has already told the collector, so that a sweep sends only what changed.
//
// A machine that does not change would otherwise send the same thirty findings every few minutes, for
// years. Key: (rule, subject); remembered: status and a fingerprint of evidence and reason. A subject that
// was reported and is gone from a rule's new results (a stick pulled out) is reported once more, marked
// `gone` (status pass, evidence saying it is no longer present), so that the collector closes its current
// finding into history rather than keeping a "no longer present" pass as a verdict.
// Commanded sweeps (a sweep id from the collector) send everything: the inspection record needs the whole.
//
// The state file is written only after the findings are durably in the outbox: a crash in between makes
// the next sweep send them again (a harmless duplicate under a new seq), never lose them.
//
// A key whose finding the collector refused for good (link/settle-refusals.ts) is marked unreported: it
// stays known (so a subject that has gone is still reported gone) but matches no verdict, so the next sweep
// that judges it sends its verdict, which replaces the `error` that reported the refusal.
import { createHash } from 'node:crypto';
import { readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { UnsequencedFinding } from '../policies/model';

type Fingerprint = string;
const STATE_FILE = 'reported.json';
/** Never a fingerprint (those are 22 base64url characters). */
const UNREPORTED: Fingerprint = 'unreported';

const keyOf = (finding: Pick<UnsequencedFinding, 'ruleId' | 'subject'>) =>
  `${finding.ruleId}\u0000${finding.subject}`;
const fingerprintOf = (finding: UnsequencedFinding): Fingerprint =>
  createHash('sha256')
    .update(finding.status)
    .update('\u0000')
    .update(finding.reason)
    .update('\u0000')
    .update(JSON.stringify(finding.evidence))
    .digest('base64url')
    .slice(0, 22);

export interface Selection {
  toSend: UnsequencedFinding[];
  next: Map<string, Fingerprint>;
}

/** Pure: what to send given what was reported before and what this sweep found. */
export function selectChanges(
  previous: ReadonlyMap<string, Fingerprint>,
  current: readonly UnsequencedFinding[],
  options: { evaluatedRuleIds: ReadonlySet<string>; sendAll: boolean; nowMs: number; sweepId: string },
): Selection {
  const next = new Map(previous);
  const toSend: UnsequencedFinding[] = [];
  const seen = new Set<string>();
  for (const finding of current) {
    const key = keyOf(finding);
    seen.add(key);
    const fingerprint = fingerprintOf(finding);
    if (options.sendAll || previous.get(key) !== fingerprint) toSend.push(finding);
    next.set(key, fingerprint);
  }
  for (const key of previous.keys()) {
    const [ruleId, subject] = key.split('\u0000') as [string, string];
    if (seen.has(key) || !options.evaluatedRuleIds.has(ruleId)) continue;
    next.delete(key);
    // The rule as a whole ("" subject) always reports; only instances can vanish.
    if (subject === '') continue;
    const template = current.find((finding) => finding.ruleId === ruleId);
    if (!template) continue;
    toSend.push({
      ruleId,
      subject,
      clause: template.clause,
      severity: template.severity,
      status: 'pass',
      reason: 'no longer present',
      reasonCode: 'agent.subject-gone',
      reasonParams: {},
      evidence: { present: false, checkedAtMs: options.nowMs },
      observedAtMs: options.nowMs,
      sweepId: options.sweepId,
      gone: true,
    });
  }
  return { toSend, next };
}

export interface ReportedState {
  readonly entries: ReadonlyMap<string, Fingerprint>;
  /** Replaces the remembered state once the findings it reflects are durable in the outbox. */
  commit(next: Map<string, Fingerprint>): Promise<void>;
  /** Marks these keys unreported, so that the next sweep judging them sends their verdict (header). */
  markUnreported(keys: ReadonlyArray<Pick<UnsequencedFinding, 'ruleId' | 'subject'>>): Promise<void>;
}

export async function openReportedState(dataDir: string): Promise<ReportedState> {
  const file = path.join(dataDir, STATE_FILE);
  let entries = new Map<string, Fingerprint>();
  try {
    const parsed: unknown = JSON.parse(await readFile(file, 'utf8'));
    if (parsed && typeof parsed === 'object') {
      entries = new Map(
        Object.entries(parsed).filter((entry): entry is [string, string] => typeof entry[1] === 'string'),
      );
    }
  } catch {
    // Missing or damaged: the next sweep reports everything again, which costs bandwidth, not correctness.
  }
  const commit = async (next: Map<string, Fingerprint>) => {
    await writeFile(`${file}.tmp`, JSON.stringify(Object.fromEntries(next)));
    await rename(`${file}.tmp`, file);
    entries = next;
  };
  return {
    get entries() {
      return entries;
    },
    commit,
    async markUnreported(keys) {
      const next = new Map(entries);
      for (const key of keys) next.set(keyOf(key), UNREPORTED);
      await commit(next);
    },
  };
}
