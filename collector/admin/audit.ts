// The audit trail use cases: list (by action, actor, time), verify, digest, seal, list the seals. All but
// SealAudit only read: verifying or reading the trail appends nothing. SealAudit stores a seal the auditor signed on their own machine (audit/seal.ts) with
// an "audit.sealed" record in the same transaction; the collector never holds the auditor's key.

import { X509Certificate } from 'node:crypto';
import type { AdminServiceHandlers } from '../../proto/generated/shoumi/v1/AdminService';
import type { AuditDigest__Output } from '../../proto/generated/shoumi/v1/AuditDigest';
import type { AuditSeal__Output } from '../../proto/generated/shoumi/v1/AuditSeal';
import type { ListAuditRequest__Output } from '../../proto/generated/shoumi/v1/ListAuditRequest';
import type { StoredAuditSeal } from '../../proto/generated/shoumi/v1/StoredAuditSeal';
import { type AuditDigest, digestOf, formatDigest } from '../audit/digest';
import { type AuditSeal, parseSealStatement, type SealStatement } from '../audit/seal';
import { checkSeal } from '../audit/seal-check';
import { readSealFile } from '../audit/seal-file';
import type { ChainVerification } from '../audit/verify-chain';
import { verifyTrail } from '../audit/verify-trail';
import type { StoredSeal } from '../store/seal-row';
import { AdminInputError, type AdminServiceDeps, answer, auditContextOf, pageLimit } from './admin-call';
import { callerOf } from './authorization';

type AuditHandlers = Pick<
  AdminServiceHandlers,
  'ListAudit' | 'VerifyAudit' | 'GetAuditDigest' | 'SealAudit' | 'ListAuditSeals'
>;

const HEX_HASH = /^[0-9a-f]{64}$/;
const ACTION = /^[a-z0-9_.-]{1,64}$/;
/** A seal is a few hundred bytes of statement and a certificate; anything far larger is not one. */
const MAX_SEAL_CHARS = 16 * 1024;
const MAX_GIVEN_SEALS = 1000;

/** A digest from the wire, or undefined when none was sent; errors name the wrong field. */
function digestFromWire(wire: AuditDigest__Output | null): AuditDigest | undefined {
  if (wire === null) return undefined;
  if (!Number.isInteger(wire.position) || wire.position < 1)
    throw new AdminInputError(`digest.position ${wire.position}: expected a positive integer`);
  const hash = wire.hash.trim().toLowerCase();
  if (!HEX_HASH.test(hash))
    throw new AdminInputError(`digest.hash "${wire.hash.slice(0, 80)}": expected 64 hex digits`);
  if (wire.algorithm.trim() === '') throw new AdminInputError('digest.algorithm is required (sm3 or sha256)');
  return {
    position: wire.position,
    hash,
    algorithm: wire.algorithm.trim(),
    atMs: wire.atMs,
    madeAtMs: wire.madeAtMs,
  };
}

function sealFromWire(wire: AuditSeal__Output | null, field: string): AuditSeal {
  if (wire === null) throw new AdminInputError(`${field} is required`);
  for (const name of ['statement', 'signature', 'certificate'] as const) {
    if (wire[name] === '') throw new AdminInputError(`${field}.${name} is empty`);
    if (wire[name].length > MAX_SEAL_CHARS)
      throw new AdminInputError(
        `${field}.${name}: ${wire[name].length} characters, at most ${MAX_SEAL_CHARS}`,
      );
  }
  return { statement: wire.statement, signature: wire.signature, certificate: wire.certificate };
}

/** Seals listed when the request names no limit. */
const DEFAULT_SEALS_LISTED = 50;
/** An actor as recorded is "admin:NAME(role)", "device:ID", "collector": short, one line. */
const MAX_ACTOR_CHARS = 300;
// Control characters never appear in a recorded actor (names and ids are checked where they are made).
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching them is the point
const CONTROL = /[\u0000-\u001f\u007f]/;

/** ListAudit's filters, checked; errors name the field. Zero and empty mean "no filter". */
function auditFiltersFromWire(request: ListAuditRequest__Output) {
  // Decoded requests carry every field; a hand-built one (a use-case test) may leave the new ones out.
  const { action = '', actor = '', fromMs = 0, toMs = 0 } = request as Partial<ListAuditRequest__Output>;
  if (action !== '' && !ACTION.test(action))
    // The quote is shortened where every admin input error is (AdminInputError, one shortener).
    throw new AdminInputError(`action "${action}": expected a dotted verb such as ledger.updated`);
  if (actor !== '' && (actor.length > MAX_ACTOR_CHARS || CONTROL.test(actor) || actor.trim() !== actor))
    throw new AdminInputError(
      `actor "${actor}": expected an actor as recorded, such as admin:张三(security_admin), one line of at most ${MAX_ACTOR_CHARS} characters`,
    );
  if (!Number.isSafeInteger(fromMs) || fromMs < 0)
    throw new AdminInputError(`from_ms ${fromMs}: expected 0 (no bound) or an instant in UTC ms`);
  if (!Number.isSafeInteger(toMs) || toMs < 0)
    throw new AdminInputError(`to_ms ${toMs}: expected 0 (no bound) or an instant in UTC ms`);
  if (fromMs > 0 && toMs > 0 && toMs <= fromMs)
    throw new AdminInputError(`to_ms ${toMs}: must be after from_ms ${fromMs}`);
  return {
    ...(action ? { action } : {}),
    ...(actor ? { actor } : {}),
    ...(fromMs ? { fromMs } : {}),
    ...(toMs ? { toMs } : {}),
  };
}

/** A stored seal as listed: what its statement says. A statement that does not read (the store edited) is
 *  listed with its name and hash empty; VerifyAudit says what is wrong with it. */
function storedSealToWire(seal: StoredSeal): StoredAuditSeal {
  let statement: SealStatement | undefined;
  try {
    statement = parseSealStatement(seal.statement);
  } catch {
    statement = undefined;
  }
  return {
    id: seal.id,
    signerKind: seal.signerKind,
    signerName: statement?.signerName ?? '',
    position: seal.position,
    hash: statement?.hash ?? '',
    sealedAtMs: statement?.sealedAtMs ?? 0,
  };
}

/** The verdict as the wire carries it (absent messages null). */
function verdictToWire(verdict: ChainVerification) {
  return {
    ...verdict,
    problem: verdict.problem ?? null,
    newestAuditorSeal: verdict.newestAuditorSeal ?? null,
    newestCollectorSeal: verdict.newestCollectorSeal ?? null,
  };
}

export function auditHandlers(deps: AdminServiceDeps): AuditHandlers {
  const { store, log } = deps;
  const now = deps.now ?? Date.now;
  // Without a CA (a use-case test) any seal is refused as unverifiable, never accepted.
  const caPem = () => deps.authority?.cert.toString('pem') ?? '';
  return {
    ListAuditSeals(call, callback) {
      answer(
        log,
        'ListAuditSeals',
        async () => {
          const seals = await store.readNewestSeals(pageLimit(call.request.limit, DEFAULT_SEALS_LISTED));
          return { seals: seals.map(storedSealToWire) };
        },
        callback,
      );
    },
    ListAudit(call, callback) {
      answer(
        log,
        'ListAudit',
        async () => {
          const { limit, afterPosition } = call.request;
          if (afterPosition < 0)
            throw new AdminInputError(`after_position ${afterPosition}: expected 0 or more`);
          const filters = auditFiltersFromWire(call.request);
          const pageSize = pageLimit(limit, 100);
          const records = await store.readAuditRecords({ afterPosition, limit: pageSize, ...filters });
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
          // Decoded requests always carry the list; a hand-built one (a use-case test) may not.
          const wireSeals = call.request.seals ?? [];
          if (wireSeals.length > MAX_GIVEN_SEALS)
            throw new AdminInputError(`${wireSeals.length} seals given, at most ${MAX_GIVEN_SEALS}`);
          const given = wireSeals.map((wire, index) => ({
            seal: sealFromWire(wire, `seals[${index}]`),
            origin: 'given' as const,
          }));
          const sealFile = deps.dataDir ? await readSealFile(deps.dataDir) : undefined;
          const verdict = await verifyTrail(
            {
              readRecords: (options) => store.readAuditRecords(options),
              readSeals: (options) => store.readSeals(options),
              formatBoundary: () => store.auditFormatBoundary(),
            },
            { caPem: caPem(), given, ...(digest ? { digest } : {}), ...(sealFile ? { sealFile } : {}) },
          );
          if (!verdict.ok) log.error('audit chain broken', { ...verdict.problem });
          return verdictToWire(verdict);
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
    SealAudit(call, callback) {
      answer(
        log,
        'SealAudit',
        async () => {
          const seal = sealFromWire(call.request.seal, 'seal');
          const checked = checkSeal(seal, 'given', { caPem: caPem() });
          if (!checked.ok) throw new AdminInputError(checked.message);
          const { statement } = checked;
          if (statement.signerKind !== 'auditor')
            throw new AdminInputError('only an auditor seal can be sent; the collector makes its own');
          // The seal must be the caller's own: the certificate in it is the one this call authenticated with.
          const caller = callerOf(call);
          const serialOf = (hex: string) => hex.toLowerCase().replace(/^0+/, '');
          const serial = serialOf(new X509Certificate(seal.certificate).serialNumber);
          if (caller && serialOf(caller.serialNumber) !== serial)
            throw new AdminInputError(
              'the seal is signed with another certificate than the one you called with',
            );
          const atPosition = await store.readAuditRecords({
            afterPosition: statement.position - 1,
            limit: 1,
          });
          const record = atPosition[0];
          if (!record || record.position !== statement.position)
            throw new AdminInputError(`seal position ${statement.position}: no such record in the chain`);
          if (record.hash !== statement.hash || record.algorithm !== statement.algorithm)
            throw new AdminInputError(
              `seal position ${statement.position}: the chain holds ${record.hash.slice(0, 16)}… (${record.algorithm}), not the sealed ${statement.hash.slice(0, 16)}…`,
            );
          const entry = await store.appendSeal(
            seal,
            { signerKind: 'auditor', position: statement.position },
            {
              ...auditContextOf(call),
              action: 'audit.sealed',
              target: `audit:${statement.position}`,
              detail: {
                position: statement.position,
                hash: statement.hash,
                algorithm: statement.algorithm,
                sealedAt: new Date(statement.sealedAtMs).toISOString(),
                signer: statement.signerName,
              },
              outcome: 'allowed',
            },
            now(),
          );
          return { position: statement.position, auditPosition: entry?.position ?? 0 };
        },
        callback,
      );
    },
  };
}
