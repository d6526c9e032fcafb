// Runs the cross-use judgement (cross-use.ts) against the store: reads who saw a medium or printer and at
// which level, judges, and stores the findings. Called on each new sighting (sightings-listener.ts), after
// a medium's registration changes (admin/media.ts), and — for the ledger code — after a device's
// classification changes (`rejudgeDevice`).
//
// Judgements run one at a time per store: each reads the sightings and current findings and then writes,
// and two interleaved judgements of one medium could otherwise resolve a finding the other just made from
// an older read. The queue is per store, not per instance, so every caller in this process shares it.
// (Several collectors on one PostgreSQL store would need the store's own lock; see DESIGN "Beyond one server".)
import type { Logger } from '../logger';
import type { PolicySource } from '../policy-source';
import type { MediumKey, Store } from '../store/store';
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

  async function judgeMedium(key: MediumKey): Promise<number> {
    // A rule the administrator took out of the policy is not judged (its old findings stay as they were).
    const rule = ruleNamed(MEDIA_CROSS_USE_RULE);
    if (rule === undefined) return 0;
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
    if (findings.length === 0) return 0;
    return (await store.recordCollectorFindings(findings, now())).length;
  }

  async function judgePrinter(printer: string): Promise<number> {
    const rule = ruleNamed(PRINTER_CROSS_USE_RULE);
    if (rule === undefined) return 0;
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
    if (findings.length === 0) return 0;
    return (await store.recordCollectorFindings(findings, now())).length;
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
