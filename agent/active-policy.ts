// The policy and ledger slice the agent judges with. It starts from the bundle the collector last sent
// (kept on disk, so a restarted agent that cannot reach the collector still judges by the office's rules),
// or the built-in baseline when it has never had one. A bundle whose policy does not validate is refused
// and the previous one stays in force.
import { readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import {
  baselinePolicyPath,
  formatPolicyProblems,
  parsePolicy,
  readPolicyText,
} from '../policies/load-policy';
import { EMPTY_LEDGER_SLICE, type LedgerSlice, type Policy } from '../policies/model';
import { ledgerSliceFromWire } from '../proto/convert';
import type { PolicyBundle__Output } from '../proto/generated/shoumi/v1/PolicyBundle';

export interface ActivePolicy {
  policy: Policy;
  ledger: LedgerSlice;
  /** Bundle version from the collector, or "baseline:<policy hash>" before the first bundle. */
  version: string;
  source: 'collector' | 'baseline' | 'file';
}

const BUNDLE_FILE = 'policy-bundle.json';

export type BundleOutcome = { ok: true; active: ActivePolicy } | { ok: false; message: string };

export function activeFromBundle(bundle: PolicyBundle__Output): BundleOutcome {
  const parsed = parsePolicy(bundle.policyYaml, `policy bundle ${bundle.version}`);
  if (!parsed.ok) return { ok: false, message: formatPolicyProblems(parsed.errors) };
  return {
    ok: true,
    active: {
      policy: parsed.policy,
      ledger: bundle.ledger ? ledgerSliceFromWire(bundle.ledger) : EMPTY_LEDGER_SLICE,
      version: bundle.version,
      source: 'collector',
    },
  };
}

export async function loadPolicyFileAsActive(file: string): Promise<ActivePolicy> {
  const text = await readPolicyText(file);
  const parsed = parsePolicy(text, file);
  if (!parsed.ok) throw new Error(formatPolicyProblems(parsed.errors));
  const source = file === baselinePolicyPath() ? 'baseline' : 'file';
  return {
    policy: parsed.policy,
    ledger: EMPTY_LEDGER_SLICE,
    version: `${source}:${parsed.version}`,
    source,
  };
}

/** The kept bundle if there is a valid one, else the baseline. */
export async function loadActivePolicy(dataDir: string | undefined): Promise<ActivePolicy> {
  if (dataDir) {
    const kept = await readFile(path.join(dataDir, BUNDLE_FILE), 'utf8').catch(() => undefined);
    if (kept) {
      try {
        const outcome = activeFromBundle(JSON.parse(kept) as PolicyBundle__Output);
        if (outcome.ok) return outcome.active;
      } catch {
        // A damaged bundle file falls back to the baseline; the collector sends a fresh bundle on connect.
      }
    }
  }
  return loadPolicyFileAsActive(baselinePolicyPath());
}

export async function keepBundle(dataDir: string, bundle: PolicyBundle__Output): Promise<void> {
  const file = path.join(dataDir, BUNDLE_FILE);
  await writeFile(`${file}.tmp`, JSON.stringify(bundle), { mode: 0o600 });
  await rename(`${file}.tmp`, file);
}
