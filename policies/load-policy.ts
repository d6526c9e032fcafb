// Reads a policy file whole and either returns it validated or says, for every problem, the file, the line,
// the field path and what was expected there. Nothing half-valid gets through: agents and the collector run
// the same loader on the same text.

import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as sea from 'node:sea';
import { isMap, isNode, isPair, isScalar, isSeq, LineCounter, type Node, parseDocument } from 'yaml';
import type { z } from 'zod';
import type { Policy } from './model';
import { parsePolicyDocument } from './schema';

export interface PolicyProblem {
  file: string;
  /** Field path such as "rules[3].params.max_signature_age_days"; "" for the document itself. */
  path: string;
  line?: number;
  column?: number;
  /** What was expected, and what was found. */
  message: string;
}

export type PolicyLoadResult =
  | { ok: true; policy: Policy /** sha256 of the text, first 16 hex digits. */; version: string }
  | { ok: false; errors: PolicyProblem[] };

type PathSegment = string | number;

export function parsePolicy(text: string, file: string): PolicyLoadResult {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });

  if (document.errors.length > 0) {
    return {
      ok: false,
      errors: document.errors.map((error) => {
        const position = lineCounter.linePos(error.pos[0]);
        return {
          file,
          path: '',
          line: position.line,
          column: position.col,
          message: `YAML syntax: ${firstLine(error.message)}`,
        };
      }),
    };
  }

  // toJS throws (ReferenceError) for an alias whose anchor is not set before it and for an alias bomb past
  // maxAliasCount; both are a broken file, not a broken program.
  let data: unknown;
  try {
    data = document.toJS({ maxAliasCount: 100 });
  } catch (error) {
    return {
      ok: false,
      errors: [{ file, path: '', message: `YAML aliases: ${firstLine((error as Error).message)}` }],
    };
  }
  const parsed = parsePolicyDocument(data);
  if (!parsed.success) {
    return {
      ok: false,
      errors: parsed.error.issues.flatMap((issue) => describeIssue(issue, data, file, locate)),
    };
  }
  const { schema: _schema, ...policy } = parsed.data;
  return { ok: true, policy, version: createHash('sha256').update(text).digest('hex').slice(0, 16) };

  function locate(path: readonly PathSegment[]): { line: number; column: number } | undefined {
    const offset = nearestNodeOffset(document.contents, path);
    if (offset === undefined) return undefined;
    const position = lineCounter.linePos(offset);
    return { line: position.line, column: position.col };
  }
}

export async function loadPolicyFile(path: string): Promise<PolicyLoadResult> {
  let text: string;
  try {
    text = await readPolicyText(path);
  } catch (error) {
    return {
      ok: false,
      errors: [{ file: path, path: '', message: `cannot read the policy file: ${(error as Error).message}` }],
    };
  }
  return parsePolicy(text, path);
}

/** How baselinePolicyPath() names the copy carried inside the agent executable (a SEA asset). */
export const EMBEDDED_BASELINE = 'embedded:policies/baseline.yaml';

/**
 * Where baseline.yaml is: $SHOUMI_POLICY_DIR when set; else, in the single-executable agent, the copy it
 * carries (EMBEDDED_BASELINE: the SEA asset "policies/baseline.yaml", see agent/packaging/build-sea.ts);
 * else beside this module (running from source, and
 * vitest); else ../policies from the bundle in dist/, since esbuild sets __dirname to the bundle's folder.
 * Plain ESM (tsx) has no __dirname and import.meta would break the CJS bundle, so there the repository root
 * is taken to be the working directory.
 */
export function baselinePolicyPath(): string {
  const fromEnvironment = process.env.SHOUMI_POLICY_DIR;
  if (fromEnvironment) return join(fromEnvironment, 'baseline.yaml');
  if (sea.isSea()) return EMBEDDED_BASELINE;
  const moduleDirectory = typeof __dirname === 'string' ? __dirname : join(process.cwd(), 'policies');
  const besideModule = join(moduleDirectory, 'baseline.yaml');
  const besideBundle = join(moduleDirectory, '..', 'policies', 'baseline.yaml');
  return existsSync(besideModule) || !existsSync(besideBundle) ? besideModule : besideBundle;
}

/** The text of a policy file, or of the embedded baseline when given EMBEDDED_BASELINE. */
export async function readPolicyText(path: string): Promise<string> {
  if (path === EMBEDDED_BASELINE) return sea.getAsset('policies/baseline.yaml', 'utf8');
  return readFile(path, 'utf8');
}

export function loadBaselinePolicy(): Promise<PolicyLoadResult> {
  return loadPolicyFile(baselinePolicyPath());
}

/** One line per problem: `file:line:column path: message`. */
export function formatPolicyProblems(problems: readonly PolicyProblem[]): string {
  return problems
    .map((problem) => {
      const position = problem.line === undefined ? '' : `:${problem.line}:${problem.column ?? 1}`;
      const path = problem.path === '' ? '' : ` ${problem.path}`;
      return `${problem.file}${position}${path}: ${problem.message}`;
    })
    .join('\n');
}

// Codes whose message says only what was expected; the value found is appended so the reader sees both.
const CODES_WITH_FOUND_VALUE = new Set([
  'invalid_type',
  'invalid_value',
  'invalid_format',
  'invalid_union',
  'too_small',
  'too_big',
  'not_multiple_of',
]);

function describeIssue(
  issue: z.core.$ZodIssue,
  data: unknown,
  file: string,
  locate: (path: readonly PathSegment[]) => { line: number; column: number } | undefined,
): PolicyProblem[] {
  const path = issue.path.filter((segment): segment is PathSegment => typeof segment !== 'symbol');
  // An unknown key is reported at the key itself, one problem per key, so each has its own line.
  const targets: { path: PathSegment[]; message: string }[] =
    issue.code === 'unrecognized_keys'
      ? issue.keys.map((key) => ({
          path: [...path, key],
          message: `unknown key "${key}" (misspelt, or not a setting here)`,
        }))
      : [
          {
            path,
            message: CODES_WITH_FOUND_VALUE.has(issue.code)
              ? `${issue.message}, got ${describeValue(valueAt(data, path))}`
              : issue.message,
          },
        ];
  return targets.map((target) => ({
    file,
    path: formatPath(target.path),
    ...locate(target.path),
    message: target.message,
  }));
}

export function formatPath(path: readonly PathSegment[]): string {
  return path
    .map((segment, index) =>
      typeof segment === 'number' ? `[${segment}]` : index === 0 ? segment : `.${segment}`,
    )
    .join('');
}

const MISSING = Symbol('missing');

function valueAt(data: unknown, path: readonly PathSegment[]): unknown {
  let current: unknown = data;
  for (const segment of path) {
    if (current === null || typeof current !== 'object' || !(segment in current)) return MISSING;
    current = (current as Record<PathSegment, unknown>)[segment];
  }
  return current;
}

function describeValue(value: unknown): string {
  if (value === MISSING) return 'nothing (the key is missing)';
  if (value === null) return 'an empty value';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string') return JSON.stringify(value);
  return String(value);
}

/** Offset of the node at `path`, or of the deepest node on the way when the path goes past what exists. */
function nearestNodeOffset(root: unknown, path: readonly PathSegment[]): number | undefined {
  let node: unknown = root;
  let offset = rangeStart(node);
  for (const segment of path) {
    let child: unknown;
    if (isMap(node)) {
      const pair = node.items.find(
        (item) => isPair(item) && isScalar(item.key) && item.key.value === segment,
      );
      // A key with an empty value has no value node: point at the key.
      child = pair === undefined ? undefined : (pair.value ?? pair.key);
    } else if (isSeq(node) && typeof segment === 'number') {
      child = node.items[segment];
    }
    if (child === undefined) break;
    node = child;
    offset = rangeStart(node) ?? offset;
  }
  return offset;
}

function rangeStart(node: unknown): number | undefined {
  return isNode(node) ? (node as Node).range?.[0] : undefined;
}

function firstLine(message: string): string {
  return message.split('\n')[0]!.trim();
}
