// The install log: JSON lines appended to a root-only file (/var/log/shoumi-agent-install.log), one per step,
// for whoever deploys to many machines and has to learn afterwards why one failed. Secrets never go in: the
// caller names them, and any line that would contain one has it replaced before it is written — a second
// guard behind the rule that no step logs the token in the first place.
import { appendFileSync, chmodSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import type { AgentLog } from '../agent-log';

export interface InstallLog extends AgentLog {
  readonly file: string;
}

export function openInstallLog(
  file: string,
  options: { secrets: readonly string[]; echo?: (line: string) => void; component?: string },
): InstallLog {
  mkdirSync(path.dirname(file), { recursive: true });
  const secrets = options.secrets.filter((secret) => secret.length >= 4);
  let first = true;
  const emit = (level: string) => (message: string, fields?: Record<string, unknown>) => {
    let line = JSON.stringify({
      time: new Date().toISOString(),
      level,
      component: options.component ?? 'install',
      message,
      ...fields,
    });
    for (const secret of secrets) line = line.replaceAll(secret, '[redacted]');
    appendFileSync(file, `${line}\n`, { mode: 0o600 });
    if (first && process.platform !== 'win32') chmodSync(file, 0o600);
    first = false;
    options.echo?.(`${line}\n`);
  };
  return { file, info: emit('info'), warn: emit('warn'), error: emit('error') };
}
