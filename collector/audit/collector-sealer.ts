// The collector's automatic seals: every `--seal-interval` (default 5 minutes) it signs the chain head with its
// own seal key when the chain has grown since its last seal, stores the seal (no audit record: that would
// grow the chain it has just sealed) and rewrites the seal file beside the store. The window in which someone
// editing the store file can change or cut records without contradicting a collector seal is therefore at
// most one interval (docs/AUDIT-TRAIL.md).
import type { Logger } from '../logger';
import type { Store } from '../store/store';
import { makeSeal, SEAL_STATEMENT_TYPE } from './seal';
import { writeSealFile } from './seal-file';
import type { SealKey } from './seal-key';

export const DEFAULT_SEAL_INTERVAL_MS = 5 * 60_000;

export interface CollectorSealer {
  /** Seals the head now if it moved past the newest collector seal; the sealed position, or undefined. */
  sealNow(): Promise<number | undefined>;
  start(): void;
  stop(): Promise<void>;
}

export function collectorSealer(deps: {
  store: Pick<Store, 'auditHead' | 'appendSeal' | 'newestSealPosition'>;
  key: SealKey;
  dataDir: string;
  intervalMs: number;
  log: Logger;
  now?: () => number;
}): CollectorSealer {
  const now = deps.now ?? Date.now;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> = Promise.resolve();
  const sealOnce = async (): Promise<number | undefined> => {
    const head = await deps.store.auditHead();
    if (!head) return undefined;
    if ((await deps.store.newestSealPosition('collector')) >= head.position) return undefined;
    const seal = makeSeal(
      {
        type: SEAL_STATEMENT_TYPE,
        position: head.position,
        hash: head.hash,
        algorithm: head.algorithm,
        headAtMs: head.atMs,
        sealedAtMs: now(),
        signerKind: 'collector',
        signerName: deps.key.signerName,
      },
      deps.key.keyPem,
      deps.key.certificatePem,
    );
    await deps.store.appendSeal(seal, { signerKind: 'collector', position: head.position }, undefined, now());
    await writeSealFile(deps.dataDir, seal);
    return head.position;
  };
  const sealNow = () => {
    // One at a time: a timer tick and a shutdown seal must not race for the same head.
    const next = running.then(sealOnce, sealOnce);
    running = next.catch(() => undefined);
    return next;
  };
  return {
    sealNow,
    start() {
      timer = setInterval(() => {
        sealNow().catch((error: Error) =>
          deps.log.error('collector audit seal failed', { error: error.message }),
        );
      }, deps.intervalMs);
      timer.unref();
    },
    async stop() {
      if (timer) clearInterval(timer);
      timer = undefined;
      await running;
    },
  };
}
