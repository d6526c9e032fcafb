// A seal: a signed statement that the audit chain's record at `position` has `hash`, made at `sealedAtMs` by a
// named signer. Seals are what anchor the chain: a hash chain alone shows only that it is consistent with
// itself, and anyone who can write the store can recompute every hash after a change; a seal made by a key
// the editor does not hold pins the head as it was (docs/AUDIT-TRAIL.md says against whom each kind holds).
//
//   statement   canonical JSON (store/canonical-json.ts) of SealStatement: the exact bytes signed
//   signature   ECDSA P-256 with SHA-256 over the statement's UTF-8 bytes, DER, base64
//   certificate the signer's certificate (PEM): issued by the collector's CA, of the signer's kind —
//               an auditor's admin certificate (URI SAN urn:shoumi:role:auditor), or the collector's seal
//               certificate (URI SAN urn:shoumi:seal:collector, seal-key.ts)
//
// The same JSON object {statement, signature, certificate} is what the store keeps, what travels in SealAudit,
// what the auditor keeps beside the identity, and what `--seal FILE` reads.
import { createPrivateKey, sign } from 'node:crypto';
import { canonicalJson } from '../store/canonical-json';

export type SealSignerKind = 'auditor' | 'collector';

export const SEAL_STATEMENT_TYPE = 'shoumi.audit.seal/1';
export const COLLECTOR_SEAL_URN = 'urn:shoumi:seal:collector';
export const AUDITOR_ROLE_URN = 'urn:shoumi:role:auditor';

export interface SealStatement {
  type: typeof SEAL_STATEMENT_TYPE;
  position: number;
  hash: string;
  algorithm: string;
  /** When the sealed record was written (UTC ms). */
  headAtMs: number;
  /** When the seal was made (UTC ms). */
  sealedAtMs: number;
  signerKind: SealSignerKind;
  /** The signer's certificate CN: the auditor's name, or "shoumi collector audit seal". */
  signerName: string;
}

export interface AuditSeal {
  statement: string;
  signature: string;
  certificate: string;
}

/** Signs a statement with a PKCS#8 PEM private key (the auditor's admin.key, the collector's seal.key). */
export function makeSeal(statement: SealStatement, privateKeyPem: string, certificatePem: string): AuditSeal {
  const text = canonicalJson(statement);
  const signature = sign('sha256', Buffer.from(text, 'utf8'), createPrivateKey(privateKeyPem));
  return { statement: text, signature: signature.toString('base64'), certificate: certificatePem.trim() };
}

export class SealFormatError extends Error {
  override readonly name = 'SealFormatError';
}

const HEX_HASH = /^[0-9a-f]{64}$/;

/** Reads a statement's text: it must be canonical JSON of a complete statement, nothing more or less. */
export function parseSealStatement(text: string): SealStatement {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new SealFormatError(`seal statement is not JSON: ${(error as Error).message}`);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    throw new SealFormatError('seal statement is not a JSON object');
  const fields = value as Record<string, unknown>;
  if (canonicalJson(fields) !== text)
    throw new SealFormatError(
      'seal statement is not in canonical form (a key repeated, reordered or padded)',
    );
  if (fields.type !== SEAL_STATEMENT_TYPE)
    throw new SealFormatError(
      `seal statement type "${String(fields.type)}": expected ${SEAL_STATEMENT_TYPE}`,
    );
  const integer = (name: string, minimum: number) => {
    const number = fields[name];
    if (typeof number !== 'number' || !Number.isSafeInteger(number) || number < minimum)
      throw new SealFormatError(`seal ${name} ${String(number)}: expected an integer ≥ ${minimum}`);
    return number;
  };
  const text_ = (name: string) => {
    const string = fields[name];
    if (typeof string !== 'string' || string === '' || string.length > 200)
      throw new SealFormatError(`seal ${name}: expected a non-empty string`);
    return string;
  };
  const hash = text_('hash');
  if (!HEX_HASH.test(hash))
    throw new SealFormatError(`seal hash "${hash.slice(0, 80)}": expected 64 hex digits`);
  const signerKind = text_('signerKind');
  if (signerKind !== 'auditor' && signerKind !== 'collector')
    throw new SealFormatError(`seal signerKind "${signerKind.slice(0, 40)}": expected auditor or collector`);
  const statement: SealStatement = {
    type: SEAL_STATEMENT_TYPE,
    position: integer('position', 1),
    hash,
    algorithm: text_('algorithm'),
    headAtMs: integer('headAtMs', 0),
    sealedAtMs: integer('sealedAtMs', 0),
    signerKind,
    signerName: text_('signerName'),
  };
  if (Object.keys(fields).length !== Object.keys(statement).length)
    throw new SealFormatError('seal statement has members a seal does not have');
  return statement;
}

/** A seal from its JSON text (a file, the wire); errors name what is missing. */
export function parseSeal(text: string): AuditSeal {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new SealFormatError(`not a seal (JSON unreadable: ${(error as Error).message})`);
  }
  const fields = (value ?? {}) as Record<string, unknown>;
  for (const name of ['statement', 'signature', 'certificate'] as const) {
    if (typeof fields[name] !== 'string' || fields[name] === '')
      throw new SealFormatError(`not a seal: "${name}" is missing (shoumictl audit seal writes seals)`);
  }
  return {
    statement: fields.statement as string,
    signature: fields.signature as string,
    certificate: fields.certificate as string,
  };
}
