// The limits of one finding and of one batch, in one place for both sides of the wire.
//
// The collector refuses what exceeds them (proto/convert.ts findingFromWire, naming the field); the agent
// never sends what would be refused: its engine passes every finding through boundFinding before the finding
// reaches the outbox, and its link cuts batches by count and by bytes. The verdict, the rule and the subject
// of a finding are never what gives way: long evidence is summarised (counts, the first items of long lists,
// shortened strings, a `truncated` note saying what was cut), long reasons and subjects are shortened.
//
// Why the agent aims under the wire limit (EVIDENCE_BUDGET_BYTES, a quarter of it): a finding that meets the
// wire limit is refused whole, and 16 KiB already holds every fact an administrator reads in a finding;
// the full reading stays on the workstation for `shoumi-agent check --json`.

import { agentTextProblem, withForbiddenShown } from './agent-text-guard';

export const FINDING_LIMITS = {
  ruleIdChars: 128,
  subjectChars: 1024,
  reasonChars: 4096,
  /** Parameters of a reason code (Finding.reason_params). */
  reasonParams: 16,
  /** UTF-16 units of one parameter's value: a serial, a path, a list of addresses, never a document. */
  reasonParamValueChars: 1024,
  /** UTF-8 bytes of the evidence JSON. */
  evidenceJsonBytes: 64 * 1024,
  /** Nesting of objects and arrays in the evidence (the top-level object is depth 1). */
  evidenceDepth: 32,
  findingsPerBatch: 5000,
  /**
   * Encoded findings in one batch message: far below the 16 MiB message limit of both sides
   * (collector-server.ts, link.ts), so that a batch of the largest findings still fits.
   */
  batchBytes: 4 * 1024 * 1024,
} as const;

/**
 * A reason code: lowercase words joined by dots and dashes ("usb.unregistered-medium"), as the catalogue
 * (policies/messages/reason-catalogue.ts) spells them. "" means the finding has no code.
 */
export const REASON_CODE_PATTERN = /^[a-z0-9][a-z0-9.-]{0,63}$/;
/** A parameter name, as a catalogue template names it (`{serial}`, fillTemplate in policies/messages/reason.ts). */
export const REASON_PARAM_KEY_PATTERN = /^[A-Za-z][A-Za-z0-9_]{0,31}$/;

/** What the agent lets one finding's evidence grow to before it summarises it. */
export const EVIDENCE_BUDGET_BYTES = 16 * 1024;

/** The fields of a finding the limits speak of. */
export interface BoundedFields {
  subject: string;
  reason: string;
  evidence: Record<string, unknown>;
  reasonCode?: string;
  reasonParams?: Record<string, string>;
}

/** What `truncated` says in summarised evidence. */
export interface EvidenceCut {
  /** Size of the evidence as the check made it, in UTF-8 bytes of its JSON; null when nested too deep to measure. */
  originalBytes: number | null;
  /** Lists shortened to their first items: where, how long they were, how many are kept. */
  lists: Array<{ path: string; total: number; kept: number }>;
  /** Objects with more members than kept (the first ones, in their order, are kept). */
  objects: Array<{ path: string; total: number; kept: number }>;
  /** Strings shortened (each ends in "…"). */
  strings: number;
  /** Values nested deeper than the limit, replaced by a note. */
  deepValues: number;
}

/** Ever smaller summaries, tried in turn until one fits the budget. */
const SHAPES: ReadonlyArray<{ items: number; members: number; chars: number }> = [
  { items: 50, members: 200, chars: 1024 },
  { items: 20, members: 100, chars: 256 },
  { items: 5, members: 50, chars: 128 },
  { items: 1, members: 20, chars: 64 },
];

const utf8Bytes = (text: string) => Buffer.byteLength(text, 'utf8');

/** Depth of nested objects and arrays (a scalar is 0, `{}` is 1); iterative, so no input overflows the stack. */
export function jsonDepth(value: unknown): number {
  let deepest = 0;
  const stack: Array<{ value: unknown; depth: number }> = [{ value, depth: 0 }];
  while (stack.length > 0) {
    const { value: current, depth } = stack.pop()!;
    if (current === null || typeof current !== 'object') continue;
    const here = depth + 1;
    if (here > deepest) deepest = here;
    for (const child of Array.isArray(current) ? current : Object.values(current))
      if (child !== null && typeof child === 'object') stack.push({ value: child, depth: here });
  }
  return deepest;
}

/**
 * `text` shortened to at most `maxChars` UTF-16 units, ending in "…" when cut. With `keepDistinct`, a hash of
 * the whole text is kept at the end, so two long texts that share their beginning stay two (subjects are keys).
 */
export function boundText(text: string, maxChars: number, keepDistinct = false): string {
  if (text.length <= maxChars) return text;
  if (!keepDistinct) return `${sliceWhole(text, maxChars - 1)}…`;
  const tag = `…#${fnv1a(text)}`;
  return `${sliceWhole(text, maxChars - tag.length)}${tag}`;
}

/** A finding within the limits: itself when it already is, else a copy with the long parts summarised. */
export function boundFinding<T extends BoundedFields>(finding: T, budgetBytes = EVIDENCE_BUDGET_BYTES): T {
  // A subject or reason quotes what a device says of itself (a USB serial, a product name, an SSID): a stick
  // whose serial carries U+202E must still be reported as a FAIL the collector stores, not as a finding its
  // door refuses (agent-text-guard.ts), so such characters are written out as "<U+202E>" here, before the
  // length bound (the escape is longer than the character).
  const subject = boundText(withForbiddenShown(finding.subject), FINDING_LIMITS.subjectChars, true);
  const reason = boundText(withForbiddenShown(finding.reason, true), FINDING_LIMITS.reasonChars);
  const evidence = boundEvidence(finding.evidence, budgetBytes);
  const coded = boundReasonCode(finding.reasonCode, finding.reasonParams);
  if (
    subject === finding.subject &&
    reason === finding.reason &&
    evidence === finding.evidence &&
    coded.reasonCode === finding.reasonCode &&
    coded.reasonParams === finding.reasonParams
  )
    return finding;
  const { reasonCode: _code, reasonParams: _params, ...rest } = finding;
  return {
    ...rest,
    subject,
    reason,
    evidence,
    ...(coded.reasonCode === undefined ? {} : coded),
  } as T;
}

/**
 * A reason code and its parameters the door will take (reasonCodeProblem): the same when they already are.
 * A value quoting a device (a serial with U+202E, a 5,000-character SSID) is written out and shortened as a
 * reason is. A code or a parameter name the door would refuse, or more parameters than it takes, is a bug
 * in a check: the code and its parameters are dropped, so the finding still travels and is shown by its
 * English reason (a finding refused for its code would cost its verdict).
 */
export function boundReasonCode(
  reasonCode: string | undefined,
  reasonParams: Record<string, string> | undefined,
): { reasonCode?: string; reasonParams?: Record<string, string> } {
  if (reasonCode === undefined && reasonParams === undefined) return {};
  const params = reasonParams ?? {};
  const keys = Object.keys(params);
  if (
    reasonCode === undefined ||
    !REASON_CODE_PATTERN.test(reasonCode) ||
    keys.length > FINDING_LIMITS.reasonParams ||
    !keys.every((key) => REASON_PARAM_KEY_PATTERN.test(key))
  )
    return {};
  let changed = reasonParams === undefined;
  const bounded: Record<string, string> = {};
  for (const key of keys) {
    const value = String(params[key]);
    bounded[key] = boundText(withForbiddenShown(value, true), FINDING_LIMITS.reasonParamValueChars);
    if (bounded[key] !== params[key]) changed = true;
  }
  return { reasonCode, reasonParams: changed ? bounded : reasonParams };
}

/** The evidence itself when it fits the budget and the depth limit; else a summary that does. */
export function boundEvidence(
  evidence: Record<string, unknown>,
  budgetBytes = EVIDENCE_BUDGET_BYTES,
): Record<string, unknown> {
  // Depth first: serialising a value nested thousands deep would overflow the stack.
  const tooDeep = jsonDepth(evidence) > FINDING_LIMITS.evidenceDepth;
  const originalBytes = tooDeep ? null : utf8Bytes(JSON.stringify(evidence));
  if (originalBytes !== null && originalBytes <= budgetBytes) return evidence;
  for (const shape of SHAPES) {
    const cut: EvidenceCut = { originalBytes, lists: [], objects: [], strings: 0, deepValues: 0 };
    const shaped = summarise(evidence, shape, 1, '', cut) as Record<string, unknown>;
    // The note goes last, and is itself bounded: a thousand shortened lists are counted, not listed.
    const note = {
      ...cut,
      lists: cut.lists.slice(0, 20),
      objects: cut.objects.slice(0, 20),
      ...(cut.lists.length > 20 || cut.objects.length > 20
        ? { listsShortened: cut.lists.length, objectsShortened: cut.objects.length }
        : {}),
    };
    const bounded = { ...shaped, truncated: note };
    if (utf8Bytes(JSON.stringify(bounded)) <= budgetBytes) return bounded;
  }
  const keys = Object.keys(evidence);
  for (let kept = Math.min(keys.length, 20); ; kept = Math.floor(kept / 2)) {
    const keysOnly = {
      truncated: {
        originalBytes,
        keys: keys.slice(0, kept).map((key) => boundText(key, 64)),
        keyCount: keys.length,
        note: 'the evidence was too large to summarise; only its keys are kept',
      },
    };
    if (kept === 0 || utf8Bytes(JSON.stringify(keysOnly)) <= budgetBytes) return keysOnly;
  }
}

function summarise(
  value: unknown,
  shape: (typeof SHAPES)[number],
  depth: number,
  path: string,
  cut: EvidenceCut,
): unknown {
  if (typeof value === 'string') {
    if (value.length <= shape.chars) return value;
    cut.strings += 1;
    return boundText(value, shape.chars);
  }
  if (value === null || typeof value !== 'object') return value;
  // The top level (depth 1) is always an object; a value that would open one level too many is replaced.
  if (depth > FINDING_LIMITS.evidenceDepth - 1) {
    cut.deepValues += 1;
    return `[nested deeper than ${FINDING_LIMITS.evidenceDepth - 1} levels]`;
  }
  if (Array.isArray(value)) {
    const kept = value.slice(0, shape.items);
    if (value.length > kept.length)
      cut.lists.push({ path: path || '(top)', total: value.length, kept: kept.length });
    return kept.map((item, index) => summarise(item, shape, depth + 1, `${path}[${index}]`, cut));
  }
  const entries = Object.entries(value);
  const keptEntries = entries.slice(0, shape.members);
  if (entries.length > keptEntries.length)
    cut.objects.push({ path: path || '(top)', total: entries.length, kept: keptEntries.length });
  const result: Record<string, unknown> = {};
  for (const [key, member] of keptEntries) {
    const shortKey = boundText(key, shape.chars);
    result[shortKey] = summarise(member, shape, depth + 1, path ? `${path}.${shortKey}` : shortKey, cut);
  }
  return result;
}

/** Slices at most `maxUnits` UTF-16 units without splitting a surrogate pair. */
function sliceWhole(text: string, maxUnits: number): string {
  const end = Math.max(0, maxUnits);
  const code = text.charCodeAt(end - 1);
  return text.slice(0, code >= 0xd800 && code <= 0xdbff ? end - 1 : end);
}

/** 32-bit FNV-1a of the text's UTF-16 units, 8 hex digits: a short tag that keeps shortened keys apart. */
function fnv1a(text: string): string {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index++) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0).toString(16).padStart(8, '0');
}

/** Which limit a finding from the wire breaks, as "field: expected …"; null when it keeps them all. */
export function findingLimitProblem(finding: {
  ruleId: string;
  subject: string;
  reason: string;
  evidenceJson: string;
}): { field: string; expected: string } | null {
  if (!finding.ruleId || finding.ruleId.length > FINDING_LIMITS.ruleIdChars)
    return { field: 'rule_id', expected: `expected 1..${FINDING_LIMITS.ruleIdChars} characters` };
  if (finding.subject.length > FINDING_LIMITS.subjectChars)
    return { field: 'subject', expected: `expected at most ${FINDING_LIMITS.subjectChars} characters` };
  if (finding.reason.length > FINDING_LIMITS.reasonChars)
    return { field: 'reason', expected: `expected at most ${FINDING_LIMITS.reasonChars} characters` };
  if (utf8Bytes(finding.evidenceJson) > FINDING_LIMITS.evidenceJsonBytes)
    return { field: 'evidence_json', expected: `expected at most ${FINDING_LIMITS.evidenceJsonBytes} bytes` };
  return null;
}

/**
 * What is wrong with a finding's reason code and parameters from the wire, as "field: expected …"; null
 * when nothing is. The values are visible text, checked like the reason they fill (agent-text-guard.ts):
 * a forbidden character refuses the finding, never cleaned here.
 */
export function reasonCodeProblem(finding: {
  reasonCode: string;
  reasonParams: Record<string, string>;
}): { field: string; expected: string } | null {
  const keys = Object.keys(finding.reasonParams);
  if (finding.reasonCode === '') {
    if (keys.length === 0) return null;
    return { field: 'reason_params', expected: 'expected no parameters without a reason_code' };
  }
  if (!REASON_CODE_PATTERN.test(finding.reasonCode))
    return {
      field: 'reason_code',
      expected: `expected lowercase letters, digits, dots and dashes (1..64, e.g. "usb.unregistered-medium"), got "${boundText(withForbiddenShown(finding.reasonCode), 64)}"`,
    };
  if (keys.length > FINDING_LIMITS.reasonParams)
    return {
      field: 'reason_params',
      expected: `expected at most ${FINDING_LIMITS.reasonParams} parameters, got ${keys.length}`,
    };
  for (const key of keys) {
    if (!REASON_PARAM_KEY_PATTERN.test(key))
      return {
        field: 'reason_params',
        expected: `expected parameter names of a letter then letters, digits or _ (1..32), got "${boundText(withForbiddenShown(key), 32)}"`,
      };
    const problem = agentTextProblem(finding.reasonParams[key] as string, {
      maxChars: FINDING_LIMITS.reasonParamValueChars,
      allowLineBreaks: true,
    });
    if (problem !== null) return { field: `reason_params[${key}]`, expected: problem };
  }
  return null;
}
