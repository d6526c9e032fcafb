// Runs the cross-use judgement (cross-use.ts) against the store: reads who saw a medium or printer and at
// which level, judges, and stores the findings. Called on each new sighting (sightings-listener.ts), after
// a medium's registration changes (admin/media.ts), and — for the ledger code — after a device's
// classification changes (`rejudgeDevice`).
//
// Judgements run one at a time per store: each reads the sightings and current findings and then writes,
// and two interleaved judgements of one medium could otherwise resolve a finding the other just made from
// an older read. The queue is per store, not per instance, so every caller in this process shares it.
//
// Several collectors on one database judge where the sightings arrive (the streams they hold), so the
// judging is not led: it cannot be, since what to judge is known only where the finding came in. The
// queue above does not reach across collectors; instead every judgement that wrote reads and judges again
// until a read agrees with the statuses stored (at most SETTLE_ROUNDS). The last write of any collector is
// followed by its own re-read, which sees every write before it: a verdict from an older read (a pass
// resolving a fail another collector just made from newer sightings) is corrected at once, not at the
// device's next hello.
import type { Logger } from '../logger';
import type { PolicySource } from '../policy-source';
import type { CollectorFinding, MediumKey, Store } from '../store/store';
import {
  crossUseFindings,
  judgeMediumCrossUse,
  judgePrinterCrossUse,
  MEDIA_CROSS_USE_RULE,
  PRINTER_CROSS_USE_RULE,
} from './cross-use';

export interface CrossUseJudgeDeps {
  store: Pick<
    Store,
    | 'getMedium'
    | 'mediumSightings'
    | 'printerSightings'
    | 'sightingsOfDevice'
    | 'collectorFindingStatuses'
    | 'recordCollectorFindings'
  >;
  policy: Pick<PolicySource, 'current'>;
  log: Logger;
  now?: () => number;
}

export interface CrossUseJudge {
  judgeMedia(keys: readonly MediumKey[]): Promise<void>;
  judgePrinters(printers: readonly string[]): Promise<void>;
  /** Re-judges everything the device was seen with: call after its ledger classification changed. */
  rejudgeDevice(deviceId: string): Promise<void>;
}

/** Re-reads after a write, at most; a judgement still moving after them is logged and left to the next. */
export const SETTLE_ROUNDS = 3;

/** What one read of the store says to write: every finding of the verdict, and the statuses stored. */
interface Judged {
  findings: CollectorFinding[];
  currentStatuses: ReadonlyMap<string, string>;
}

/** The medium as the agent names it in its finding subject. */
export const mediumSubject = (key: MediumKey) => `${key.vendorId}:${key.productId}:${key.serial}`;

const queues = new WeakMap<object, Promise<unknown>>();

function serially<T>(store: object, work: () => Promise<T>): Promise<T> {
  const previous = queues.get(store) ?? Promise.resolve();
  const next = previous.then(work, work);
  queues.set(
    store,
    next.catch(() => undefined),
  );
  return next;
}

export function crossUseJudge(deps: CrossUseJudgeDeps): CrossUseJudge {
  const { store } = deps;
  const now = deps.now ?? Date.now;
  const ruleNamed = (id: string) => deps.policy.current().policy.rules.find((rule) => rule.id === id);

  /**
   * Writes what `read` judges; after a write, reads again and writes the statuses that read disagrees with,
   * until none (header: several collectors).
   */
  async function judgeUntilSettled(subject: string, read: () => Promise<Judged | null>): Promise<number> {
    let stored = 0;
    for (let round = 0; ; round++) {
      const judged = await read();
      if (judged === null) return stored;
      // The first write carries every finding (new evidence too); re-reads only fix a status.
      const writing =
        round === 0
          ? judged.findings
          : judged.findings.filter(
              (finding) => judged.currentStatuses.get(finding.deviceId) !== finding.status,
            );
      if (writing.length === 0) return stored;
      if (round > SETTLE_ROUNDS) {
        deps.log.error('cross-use judgement did not settle; the next sighting or hello judges it again', {
          subject,
        });
        return stored;
      }
      stored += (await store.recordCollectorFindings(writing, now())).length;
    }
  }

  const judgeMedium = (key: MediumKey) => judgeUntilSettled(mediumSubject(key), () => readMedium(key));
  const judgePrinter = (printer: string) => judgeUntilSettled(printer, () => readPrinter(printer));

  async function readMedium(key: MediumKey): Promise<Judged | null> {
    // A rule the administrator took out of the policy is not judged (its old findings stay as they were).
    const rule = ruleNamed(MEDIA_CROSS_USE_RULE);
    if (rule === undefined) return null;
    const subject = mediumSubject(key);
    const [medium, sightings] = await Promise.all([store.getMedium(key), store.mediumSightings(key)]);
    const registeredLevel = medium?.classification ?? null;
    const verdict = judgeMediumCrossUse(subject, registeredLevel, sightings);
    const currentStatuses = await store.collectorFindingStatuses(
      rule.id,
      subject,
      sightings.map((sighting) => sighting.deviceId),
    );
    const findings = crossUseFindings({
      rule,
      subject,
      registered:
        medium === null ? null : { classification: medium.classification, assetNumber: medium.assetNumber },
      sightings,
      verdict,
      currentStatuses,
      atMs: now(),
    });
    return { findings, currentStatuses };
  }

  async function readPrinter(printer: string): Promise<Judged | null> {
    const rule = ruleNamed(PRINTER_CROSS_USE_RULE);
    if (rule === undefined) return null;
    const sightings = await store.printerSightings(printer);
    const verdict = judgePrinterCrossUse(printer, sightings);
    const currentStatuses = await store.collectorFindingStatuses(
      rule.id,
      printer,
      sightings.map((sighting) => sighting.deviceId),
    );
    const findings = crossUseFindings({
      rule,
      subject: printer,
      sightings,
      verdict,
      currentStatuses,
      atMs: now(),
    });
    return { findings, currentStatuses };
  }

  const logStored = (what: string, stored: number) => {
    if (stored > 0) deps.log.info('cross-use judged', { subject: what, findingsStored: stored });
  };

  const judge = {
    judgeMedia: (keys: readonly MediumKey[]) =>
      serially(store, async () => {
        for (const key of keys) logStored(mediumSubject(key), await judgeMedium(key));
      }),
    judgePrinters: (printers: readonly string[]) =>
      serially(store, async () => {
        for (const printer of printers) logStored(printer, await judgePrinter(printer));
      }),
    async rejudgeDevice(deviceId: string) {
      const seen = await store.sightingsOfDevice(deviceId);
      await judge.judgeMedia(seen.media);
      await judge.judgePrinters(seen.printers);
    },
  };
  return judge;
}
