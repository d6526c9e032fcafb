// `shoumictl whoami`: who the collector takes this identity for, and what that role may call (三员分立).
import { program, withClient } from '../cli-context';
import { t } from '../ctl-messages';
import { printText } from '../terminal-text';

program
  .command('whoami')
  .description(t('help.whoami'))
  .action(() =>
    withClient(async (client, options) => {
      const me = await client.whoAmI();
      if (!options.json) {
        printText(
          `${me.name} (${me.role}), certificate ${me.serial}\n` +
            `may call: ${me.allowedMethods.join(', ')}\n`,
        );
      }
      return me;
    }),
  );
