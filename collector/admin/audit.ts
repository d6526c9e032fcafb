// The audit trail use cases: list, verify, digest. All three only read: verifying or reading the trail
// appends nothing (who may read it is the roles work of the security issue).
import type { AdminServiceHandlers } from '../../proto/generated/shoumi/v1/AdminService';
import type { AuditDigest__Output } from '../../proto/generated/shoumi/v1/AuditDigest';
import { auditPages } from '../audit/audit-pages';
import { type AuditDigest, digestOf, formatDigest } from '../audit/digest';
import { verifyAuditChain } from '../audit/verify-chain';
import { AdminInputError, type AdminServiceDeps, answer, pageLimit } from './admin-call';

type AuditHandlers = Pick<AdminServiceHandlers, 'ListAudit' | 'VerifyAudit' | 'GetAuditDigest'>;

const HEX_HASH = /^[0-9a-f]{64}$/;
const ACTION = /^[a-z0-9_.-]{1,64}$/;

/** A digest from the wire, or undefined when none was sent; errors name the wrong field. */
function digestFromWire(wire: AuditDigest__Output | null): AuditDigest | undefined {
  if (wire === null) return undefined;
  if (!Number.isInteger(wire.position) || wire.position < 1)
    throw new AdminInputError(`digest.position ${wire.position}: expected a positive integer`);
  const hash = wire.hash.trim().toLowerCase();
  if (!HEX_HASH.test(hash)) throw new AdminInputError(`digest.hash "${wire.hash}": expected 64 hex digits`);
  if (wire.algorithm.trim() === '') throw new AdminInputError('digest.algorithm is required (sm3 or sha256)');
  return {
    position: wire.position,
    hash,
    algorithm: wire.algorithm.trim(),
    atMs: wire.atMs,
    madeAtMs: wire.madeAtMs,
  };
}

export function auditHandlers(deps: AdminServiceDeps): AuditHandlers {
  const { store, log } = deps;
  const now = deps.now ?? Date.now;
  return {
    ListAudit(call, callback) {
      answer(
        log,
        'ListAudit',
        async () => {
          const { limit, afterPosition, action } = call.request;
          if (afterPosition < 0)
            throw new AdminInputError(`after_position ${afterPosition}: expected 0 or more`);
          if (action !== '' && !ACTION.test(action))
            throw new AdminInputError(`action "${action}": expected a dotted verb such as ledger.updated`);
          const pageSize = pageLimit(limit, 100);
          const records = await store.readAuditRecords({
            afterPosition,
            limit: pageSize,
            ...(action ? { action } : {}),
          });
          return {
            records,
            nextAfterPosition: records.length === pageSize ? records[records.length - 1]!.position : 0,
          };
        },
        callback,
      );
    },
    VerifyAudit(call, callback) {
      answer(
        log,
        'VerifyAudit',
        async () => {
          const digest = digestFromWire(call.request.digest);
          const verdict = await verifyAuditChain(
            auditPages((afterPosition, limit) => store.readAuditRecords({ afterPosition, limit })),
            digest,
          );
          if (!verdict.ok) log.error('audit chain broken', { ...verdict.problem });
          return { ...verdict, problem: verdict.problem ?? null };
        },
        callback,
      );
    },
    GetAuditDigest(_call, callback) {
      answer(
        log,
        'GetAuditDigest',
        async () => {
          const head = await store.auditHead();
          if (head === undefined) return { digest: null, text: '' };
          const digest = digestOf(head, now());
          return { digest, text: formatDigest(digest) };
        },
        callback,
      );
    },
  };
}
