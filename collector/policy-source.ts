// The policy the collector hands to agents. It starts from a file (the baseline by default), reloads it when
// the file changes, and refuses a broken file: the error is logged and audited with file, field path and
// reason, and agents keep the last good policy.
import { createHash } from 'node:crypto';
import { type FSWatcher, watch } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { formatPolicyProblems, parsePolicy } from '../policies/load-policy';
import type { Policy } from '../policies/model';
import type { Logger } from './logger';

export interface LoadedPolicy {
  policy: Policy;
  /** The YAML text exactly as loaded: sent to agents, which validate it again with the same loader. */
  text: string;
  version: string;
  file: string;
}

export type PolicyReload =
  | { ok: true; loaded: LoadedPolicy; changed: boolean }
  | { ok: false; message: string };

export interface PolicySource {
  current(): LoadedPolicy;
  reload(): Promise<PolicyReload>;
  /** Calls `listener` after every reload attempt (good or refused). */
  onReload(listener: (result: PolicyReload) => void): void;
  close(): void;
}

async function loadPolicy(file: string): Promise<PolicyReload> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    return { ok: false, message: `${file}: cannot read the policy file (${(error as Error).message})` };
  }
  const result = parsePolicy(text, file);
  if (!result.ok) return { ok: false, message: formatPolicyProblems(result.errors) };
  return { ok: true, loaded: { policy: result.policy, text, version: result.version, file }, changed: true };
}

/** Loads the file once (a broken file at start-up is fatal: there is no last good policy yet). */
export async function openPolicySource(file: string, log: Logger): Promise<PolicySource> {
  const first = await loadPolicy(file);
  if (!first.ok) throw new Error(`refusing to start with a broken policy:\n${first.message}`);
  let current = first.loaded;
  const listeners: ((result: PolicyReload) => void)[] = [];
  let watcher: FSWatcher | undefined;
  let debounce: NodeJS.Timeout | undefined;

  const source: PolicySource = {
    current: () => current,
    async reload() {
      const attempt = await loadPolicy(file);
      let result: PolicyReload = attempt;
      if (attempt.ok) {
        const changed = attempt.loaded.version !== current.version;
        current = attempt.loaded;
        result = { ok: true, loaded: current, changed };
        if (changed) log.info('policy reloaded', { file, version: current.version });
      } else {
        log.error('policy refused; keeping the last good policy', {
          file,
          keptVersion: current.version,
          problems: attempt.message,
        });
      }
      for (const listener of listeners) listener(result);
      return result;
    },
    onReload(listener) {
      listeners.push(listener);
    },
    close() {
      watcher?.close();
      if (debounce) clearTimeout(debounce);
    },
  };

  // Editors save by rename or by several writes; wait for the file to settle before reading it.
  watcher = watch(file, { persistent: false }, () => {
    if (debounce) clearTimeout(debounce);
    debounce = setTimeout(() => void source.reload(), 150);
  });
  return source;
}

export function bundleVersion(policyVersion: string, ledgerSliceJson: string): string {
  return createHash('sha256')
    .update(policyVersion)
    .update('\0')
    .update(ledgerSliceJson)
    .digest('hex')
    .slice(0, 16);
}
