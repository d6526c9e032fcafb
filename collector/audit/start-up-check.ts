// The audit trail is verified before the collector serves anything: a broken chain, or an empty one where
// records existed (the format boundary, a stored seal or the seal file says so), is refused loudly — exit
// non-zero with a bilingual message naming the first problem and the way out. With `serve --new-audit-epoch
// --reason TEXT` the collector instead starts a new recorded epoch: a first record "audit.epoch.started"
// (genesis previous hash) carrying the verifier's finding and the reason, logged at error level, so the
// break stays in the trail for every later verify to report.
import type { Logger } from '../logger';
import type { Store } from '../store/store';
import { readSealFile } from './seal-file';
import { type ChainVerification, EPOCH_ACTION } from './verify-chain';
import { verifyTrail } from './verify-trail';

export class AuditChainRefusedError extends Error {
  override readonly name = 'AuditChainRefusedError';
}

export type AuditStartCheckScope = 'whole' | 'sealed';

export function parseAuditStartCheckScope(text: string): AuditStartCheckScope {
  if (text === 'whole' || text === 'sealed') return text;
  throw new Error(`--audit-start-check ${text}: expected whole or sealed`);
}

export interface StartUpCheck {
  verdict: ChainVerification;
  /** Position of the epoch record written, when a new epoch was started. */
  epochPosition?: number;
}

export async function checkTrailAtStart(deps: {
  store: Store;
  dataDir: string;
  caPem: string;
  /** serve --new-audit-epoch --reason TEXT */
  newEpoch?: { reason: string };
  /**
   * serve --audit-start-check: `whole` (the default) walks every record, as `audit verify` does; `sealed`
   * walks from the newest valid collector seal on, for trails so long that a whole walk would hold up the
   * start (about 13 s a million records on an idle machine: docs/PERFORMANCE.md), and leaves what lies
   * before that seal to `audit verify`.
   */
  scope?: AuditStartCheckScope;
  log: Logger;
  now?: () => number;
}): Promise<StartUpCheck> {
  const { store, log } = deps;
  const now = deps.now ?? Date.now;
  const sealFile = await readSealFile(deps.dataDir);
  const verdict = await verifyTrail(
    {
      readRecords: (options) => store.readAuditRecords(options),
      readSeals: (options) => store.readSeals(options),
      formatBoundary: () => store.auditFormatBoundary(),
    },
    // The whole chain by default: a record edited while the collector was stopped must stop it, wherever
    // it lies. `sealed` trades that for a quick start on a very long trail (see `scope`).
    {
      caPem: deps.caPem,
      fromNewestCollectorSeal: deps.scope === 'sealed',
      ...(sealFile ? { sealFile } : {}),
    },
  );
  if (verdict.ok) return { verdict };
  const problem = verdict.problem!;
  if (!deps.newEpoch) {
    log.error('audit chain broken: refusing to start', { ...problem });
    throw new AuditChainRefusedError(
      `审计链损坏，拒绝启动 / the audit trail is broken, refusing to start: ${problem.kind} at record ${problem.position}: ${problem.message}\n` +
        `  先离线核查 / examine it first: shoumi-collector audit verify --data ${deps.dataDir}\n` +
        `  确认后另起新纪元 / then, to start a new recorded epoch: shoumi-collector serve --data ${deps.dataDir} --new-audit-epoch --reason "<what happened>" …`,
    );
  }
  const entry = await store.appendAudit(
    {
      actor: 'collector',
      source: 'local',
      action: EPOCH_ACTION,
      target: 'audit',
      detail: {
        reason: deps.newEpoch.reason,
        finding: { kind: problem.kind, position: problem.position, message: problem.message },
        previousHead: { position: verdict.headPosition, hash: verdict.headHash },
        recordsVerifiedBefore: verdict.recordsChecked,
      },
      outcome: 'allowed',
    },
    now(),
    { startsEpoch: true },
  );
  log.error('audit chain broken: a new audit epoch was started', {
    ...problem,
    epochPosition: entry.position,
    reason: deps.newEpoch.reason,
  });
  return { verdict, epochPosition: entry.position };
}
