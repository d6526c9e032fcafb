// The generated script sourced in a real bash, its function called as bash's completion would call it.
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { program } from '../cli-context';
import { COMMAND_MODULES, type CommandModule } from '../command-modules';
import { bashCompletion } from './bash-completion';
import { commandTree } from './command-tree';

async function completions(words: string[]): Promise<string[]> {
  for (const name of Object.keys(COMMAND_MODULES) as CommandModule[]) await COMMAND_MODULES[name]();
  const script = bashCompletion(commandTree(program));
  const quoted = words.map((word) => `'${word}'`).join(' ');
  const result = spawnSync(
    'bash',
    [
      '-c',
      `${script}\nCOMP_WORDS=(${quoted}); COMP_CWORD=${words.length - 1}; _shoumictl; printf '%s\\n' "\${COMPREPLY[@]}"`,
    ],
    { encoding: 'utf8' },
  );
  expect(result.status, result.stderr).toBe(0);
  return result.stdout.split('\n').filter(Boolean);
}

describe('bash completion', () => {
  it('completes a partial command, a subcommand, and skips global options with their values', async () => {
    expect(await completions(['shoumictl', 'sta'])).toEqual(['status']);
    expect(await completions(['shoumictl', 'audit', 've'])).toEqual(['verify']);
    expect(await completions(['shoumictl', '--collector', 'h:1', 'sw'])).toEqual(['sweep']);
    expect(await completions(['shoumictl', 'context', ''])).toEqual(['list', 'use', 'set', 'delete']);
    expect(await completions(['shoumictl', 'sweep', 'sch'])).toEqual(['schedule', 'schedules']);
  });
  it('offers the options of the command typed, its own and the global ones', async () => {
    const options = await completions(['shoumictl', 'findings', '--o']);
    // --open is the command's own, -o/--output the program's.
    expect(options).toEqual(['--open', '--output']);
    expect(await completions(['shoumictl', 'status', '--con'])).toEqual(['--context']);
  });
});
