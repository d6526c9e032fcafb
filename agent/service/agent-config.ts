// /etc/shoumi/agent.json: what install set up, for status, uninstall and the next install (an upgrade keeps
// the addresses unless new ones are given). Root-only (0600), written whole and renamed into place. It never
// holds the enrolment token: once enrolled, the certificate in the data directory is the agent's identity.
import { chmod, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';

const agentConfigSchema = z.strictObject({
  version: z.literal(1),
  collector: z.string().min(3),
  enrol: z.string().min(3),
  dataDir: z.string().min(1),
  binary: z.string().min(1),
  /** "executable" (the single executable) or "node-wrapper" (installed from dist/shoumi-agent.cjs). */
  installedFrom: z.enum(['executable', 'node-wrapper']),
  agentVersion: z.string(),
  deviceId: z.string(),
  installedAt: z.string(),
});

export type AgentConfig = z.infer<typeof agentConfigSchema>;

export async function readAgentConfig(file: string): Promise<AgentConfig | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new Error(`cannot read ${file}: ${(error as Error).message}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new Error(`${file} is not JSON (${(error as Error).message}); install again to rewrite it`);
  }
  const result = agentConfigSchema.safeParse(parsed);
  if (!result.success) {
    const problems = result.error.issues.map(
      (issue) => `${issue.path.join('.') || '(top)'}: ${issue.message}`,
    );
    throw new Error(`${file}: ${problems.join('; ')}; install again to rewrite it`);
  }
  return result.data;
}

export async function writeAgentConfig(file: string, config: AgentConfig): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true, mode: 0o755 });
  const staged = `${file}.new`;
  await writeFile(staged, `${JSON.stringify(agentConfigSchema.parse(config), null, 2)}\n`, { mode: 0o600 });
  // writeFile keeps the mode of a file that was already there (a leftover .new); make sure.
  if (process.platform !== 'win32') await chmod(staged, 0o600);
  await rename(staged, file);
}
