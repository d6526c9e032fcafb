// The linux-x64 agent `npm run package` makes: dist/packages/shoumi-agent-linux-x64 (the single executable),
// or, where the package is a folder, the shoumi-agent inside it. Missing is an error that says what makes it.
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { REPO } from '../support/processes';

export function packagedAgent(): string {
  const base = path.join(REPO, 'dist', 'packages', 'shoumi-agent-linux-x64');
  for (const candidate of [path.join(base, 'shoumi-agent'), base]) {
    try {
      if (statSync(candidate).isFile()) return candidate;
    } catch {
      // absent, or the package is a file and this looked inside it
    }
  }
  throw new Error(`${base} is missing: run npm run package (builds the linux-x64 agent; minutes)`);
}

function packaged(name: string, inside?: string): string {
  const base = path.join(REPO, 'dist', 'packages', name);
  const candidate = inside ? path.join(base, inside) : base;
  try {
    if (statSync(candidate).isFile()) return inside ? base : candidate;
  } catch {
    // absent
  }
  throw new Error(`${candidate} is missing: run npm run package (builds the linux-x64 packages; minutes)`);
}

/** The linux-x64 collector folder (its `shoumi-collector` inside is checked). */
export const packagedCollector = (): string => packaged('shoumi-collector-linux-x64', 'shoumi-collector');
/** The linux-x64 shoumictl single executable. */
export const packagedCtl = (): string => packaged('shoumictl-linux-x64');

/** The agent's amd64 .deb (agent/packaging/build-deb.ts), whatever the version in its name. */
export function packagedAgentDeb(): string {
  const dir = path.join(REPO, 'dist', 'packages');
  const found = (() => {
    try {
      return readdirSync(dir).filter((name) => /^shoumi-agent_.+_amd64\.deb$/.test(name));
    } catch {
      return [];
    }
  })();
  if (found.length !== 1)
    throw new Error(
      `${dir}/shoumi-agent_*_amd64.deb: ${found.length === 0 ? 'missing' : 'more than one'}: run npm run package`,
    );
  return path.join(dir, found[0]!);
}
