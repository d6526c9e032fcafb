// Listens to the agent streams (agent-events.ts) for what devices were seen with, records the sightings,
// and has the cross-use judgement look again at anything a device was seen with for the first time.
//
// On the ingest path: a batch without USB storage or network printer findings (most of them) costs one
// pass over rule ids and no store call; a batch with some costs one write transaction for all of them.
// A hello re-judges what the device was seen with, cheaply (an indexed read, usually empty): this covers a
// collector that stopped between recording a sighting and judging it, and the judgement is idempotent.
import type { AgentEvents } from '../agent-events';
import type { Store } from '../store/store';
import { type CrossUseJudge, type CrossUseJudgeDeps, crossUseJudge } from './cross-use-judge';
import { sightingsInFindings } from './sightings-in-findings';

export interface SightingsListenerDeps extends CrossUseJudgeDeps {
  store: CrossUseJudgeDeps['store'] & Pick<Store, 'recordSightings'>;
}

export function sightingsListener(
  deps: SightingsListenerDeps,
  judge: CrossUseJudge = crossUseJudge(deps),
): AgentEvents {
  return {
    async onFindingsStored(deviceId, findings, atMs) {
      const seen = sightingsInFindings(findings);
      if (seen.media.length === 0 && seen.printers.length === 0) return;
      const fresh = await deps.store.recordSightings(deviceId, seen, atMs);
      if (fresh.media.length > 0) await judge.judgeMedia(fresh.media);
      if (fresh.printers.length > 0) await judge.judgePrinters(fresh.printers);
    },
    async onHello(deviceId) {
      await judge.rejudgeDevice(deviceId);
    },
  };
}
