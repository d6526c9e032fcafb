// The shape of shoumictl's commands as a completion script needs it, read from commander's own tree: every
// command path, its subcommands and options with their one-line descriptions. Pure: no output.
import type { Command, Option } from 'commander';

export interface CompletionOption {
  /** --long and -s spellings. */
  names: string[];
  /** The next word is the option's value (--collector HOST:PORT), not a command. */
  takesValue: boolean;
  description: string;
}

export interface CompletionNode {
  /** Command names from the root ([] for shoumictl itself). */
  path: string[];
  subcommands: { name: string; description: string }[];
  options: CompletionOption[];
}

/** One node per command, depth first; the program's own options are offered at every level. */
export function commandTree(program: Command): CompletionNode[] {
  const global = program.options.map(completionOption);
  const nodes: CompletionNode[] = [];
  const visit = (command: Command, path: string[]) => {
    const options = path.length === 0 ? global : [...command.options.map(completionOption), ...global];
    nodes.push({
      path,
      subcommands: command.commands.map((sub) => ({
        name: sub.name(),
        description: firstLine(sub.description()),
      })),
      options: [...options, { names: ['--help', '-h'], takesValue: false, description: 'show help' }],
    });
    for (const sub of command.commands) visit(sub, [...path, sub.name()]);
  };
  visit(program, []);
  return nodes;
}

function completionOption(option: Option): CompletionOption {
  return {
    names: [option.long, option.short].filter((name): name is string => Boolean(name)),
    takesValue: option.required || option.optional,
    description: firstLine(option.description),
  };
}

const firstLine = (text: string) => text.split('\n')[0]!.trim();
