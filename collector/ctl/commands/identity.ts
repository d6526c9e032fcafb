// `shoumictl whoami`: who the collector takes this identity for, and what that role may call (三员分立).
// `shoumictl identity export --p12 FILE`: the identity (--identity DIR) as one PKCS#12 file for a browser or
// a UKey tool; it never reaches the collector.
import path from 'node:path';
import { exportPassword } from '../../pki/pkcs12/export-password';
import { exportIdentityP12 } from '../../pki/pkcs12/identity-p12';
import { type GlobalOptions, program, withClient } from '../cli-context';
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

program
  .command('identity')
  .description(t('help.identity'))
  .command('export')
  .description(t('help.identity.export'))
  .requiredOption('--p12 <file>', t('help.opt.p12'))
  .option('--password-file <file>', t('help.opt.passwordFile'))
  .action(async (command: { p12: string; passwordFile?: string }) => {
    const { identity } = program.opts<GlobalOptions>();
    const password = await exportPassword(command.passwordFile);
    const written = await exportIdentityP12({
      identityDir: identity,
      file: path.resolve(command.p12),
      password,
    });
    printText(t('identity.exported', { file: written.file, name: written.friendlyName }));
  });
