// Running the commands one probe needs and reading their JSON, all or nothing: a fact built from some of
// its commands would be taken by a check for the whole picture, so any failure fails the probe and the
// reason names every command that failed.

import { type JsonRecord, parseJsonList } from './powershell-json';
import type { PowerShellCommand, PowerShellRunner } from './powershell-runner';

export type CommandRecords<N extends string> =
  | { ok: true; records: Record<N, JsonRecord[]> }
  | { ok: false; reason: string };

export async function readCommands<N extends string>(
  run: PowerShellRunner,
  commands: Readonly<Record<N, PowerShellCommand>>,
): Promise<CommandRecords<N>> {
  const keys = Object.keys(commands) as N[];
  const outputs = await Promise.all(
    keys.map(async (key) => {
      const command = commands[key];
      const output = await run(command);
      return output.ok ? parseJsonList(output.stdout, command.name) : output;
    }),
  );
  const failures = outputs.flatMap((output) => (output.ok ? [] : [output.reason]));
  if (failures.length > 0) return { ok: false, reason: failures.join('; ') };
  const records = {} as Record<N, JsonRecord[]>;
  for (const [index, key] of keys.entries()) {
    const output = outputs[index]!;
    if (output.ok) records[key] = output.records;
  }
  return { ok: true, records };
}

/** `ConvertTo-Json` of a pipeline's objects, always an array (see powershell-json.ts). */
export function toJson(pipeline: string): string {
  return `ConvertTo-Json -Depth 4 -Compress -InputObject @(${pipeline})`;
}
