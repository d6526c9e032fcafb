// `shoumictl completion bash|zsh`: prints a completion script made from the commands as they are defined,
// so it cannot fall behind them.
import { program } from '../cli-context';
import { bashCompletion } from '../completion/bash-completion';
import { commandTree } from '../completion/command-tree';
import { zshCompletion } from '../completion/zsh-completion';
import { t } from '../ctl-messages';

const SHELLS = { bash: bashCompletion, zsh: zshCompletion };

program
  .command('completion <shell>')
  .description(t('help.completion'))
  .action((shell: string) => {
    const render = SHELLS[shell as keyof typeof SHELLS];
    if (!render) throw new Error(`completion ${shell}: expected bash or zsh`);
    process.stdout.write(render(commandTree(program)));
  });
