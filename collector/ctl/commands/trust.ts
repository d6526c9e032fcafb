// Trust (信任), the system administrator's work: token create | device revoke | admin revoke | certificates.
// `token create` prints the tokens alone on stdout, one per line, so that a deployment script can read them;
// what it says to a person goes to stderr. Tokens are shown once: the collector keeps only their hashes.
import type { Command } from 'commander';
import { renderTable } from '../../../policies/text-table';
import type { CertificateRecord__Output } from '../../../proto/generated/shoumi/v1/CertificateRecord';
import { parseDurationMs, parseTokenTtl } from '../../pki/parse-ttl';
import { localTime, program, tableShown, withClient } from '../cli-context';
import { t } from '../ctl-messages';
import { printNote, printText } from '../terminal-text';

const token = program.command('token').description(t('help.token'));

token
  .command('create')
  .description(t('help.token.create'))
  .option('--ttl <duration>', 'how long the tokens stay valid, 1m .. 30d (30m, 24h, 7d)', '24h')
  .option(
    '--device <id>',
    'bind the token to this device: needed to re-enrol a device that has a certificate',
  )
  .option('--count <n>', 'how many tokens, 1..1000 (one per workstation)', '1')
  .action((command: { ttl: string; device?: string; count: string }) =>
    withClient(async (client, options) => {
      const ttlMs = parseTokenTtl(command.ttl);
      if (!/^\d{1,4}$/.test(command.count) || Number(command.count) < 1) {
        throw new Error(`--count ${command.count}: expected 1..1000`);
      }
      const answer = await client.createEnrolmentTokens({
        count: Number(command.count),
        ttlSeconds: Math.round(ttlMs / 1000),
        deviceId: command.device ?? '',
      });
      if (!options.json) {
        const expires = localTime(answer.tokens[0]?.expiresAtMs ?? 0);
        const binding = command.device
          ? `，仅限设备 ${command.device} / only for device ${command.device}`
          : '';
        printNote(
          `${answer.tokens.length} 个一次性注册令牌，仅显示一次，${expires} 过期${binding}\n` +
            `${answer.tokens.length} one-time enrolment token(s), shown once, expire ${expires}\n`,
        );
        process.stdout.write(answer.tokens.map((made) => `${made.token}\n`).join(''));
      }
      return answer;
    }),
  );

// `device` is the ledger's command (ledger.ts, imported first): revoke joins it as a subcommand.
const device = program.commands.find((command: Command) => command.name() === 'device');
if (device === undefined) throw new Error('shoumictl: the device command must be registered before trust');

device
  .command('revoke')
  .description(t('help.device.revoke'))
  .argument('<id>', 'device id')
  .requiredOption('--reason <text>', 'why, kept in the audit trail (1..500 characters)')
  .action((deviceId: string, command: { reason: string }) =>
    withClient(async (client, options) => {
      const answer = await client.revokeDevice({ deviceId, reason: command.reason });
      if (!options.json) {
        printText(
          `已吊销 / revoked ${answer.deviceId}: ${answer.certificatesRevoked} valid certificate(s) refused from now on; ` +
            `${answer.streamDropped ? 'its live stream was cut' : 'it had no live stream'}\n` +
            `to enrol it again: shoumictl token create --device ${answer.deviceId}\n`,
        );
      }
      return answer;
    }),
  );

program
  .command('admin')
  .description(t('help.admin'))
  .command('revoke')
  .description(t('help.admin.revoke'))
  .argument('<name>', "the administrator's name (the CN of their certificate; see shoumictl certificates)")
  .requiredOption('--reason <text>', 'why, kept in the audit trail (1..500 characters)')
  .action((name: string, command: { reason: string }) =>
    withClient(async (client, options) => {
      const answer = await client.revokeAdmin({ name, reason: command.reason });
      if (!options.json) {
        printText(
          `已吊销 / revoked administrator ${answer.name}: ${answer.certificatesRevoked} valid certificate(s) ` +
            'refused from now on\nto give them an identity again: shoumi-collector admin add on the collector\n',
        );
      }
      return answer;
    }),
  );

function stateOf(record: CertificateRecord__Output, nowMs: number): string {
  if (record.revokedAtMs > 0) return `吊销 revoked ${localTime(record.revokedAtMs)}: ${record.revokeReason}`;
  if (record.notAfterMs <= nowMs) return '过期 expired';
  return '有效 valid';
}

program
  .command('certificates')
  .description(t('help.certificates'))
  .option('--kind <kind>', 'only device or admin')
  .option('--subject <name>', 'only this device id or admin name')
  .action((command: { kind?: string; subject?: string }) =>
    withClient(async (client, options) => {
      if (command.kind !== undefined && command.kind !== 'device' && command.kind !== 'admin') {
        throw new Error(`--kind ${command.kind}: expected device or admin`);
      }
      const answer = await client.listCertificates({
        kind: command.kind ?? '',
        subject: command.subject ?? '',
      });
      if (!options.json) {
        const nowMs = Date.now();
        printText(
          `${renderTable(
            [
              {
                header: 'SUBJECT',
                value: (record: CertificateRecord__Output) => record.subject,
                maxWidth: 32,
              },
              { header: 'KIND', value: (record) => (record.role ? `admin ${record.role}` : record.kind) },
              { header: 'SERIAL', value: (record) => record.serial },
              { header: 'ISSUED', value: (record) => localTime(record.issuedAtMs) },
              { header: 'EXPIRES', value: (record) => localTime(record.notAfterMs) },
              { header: 'STATE', value: (record) => stateOf(record, nowMs), maxWidth: 60 },
            ],
            answer.certificates,
            tableShown(),
          )}\n`,
        );
      }
      return answer;
    }),
  );

device
  .command('uninstall-code')
  .description(t('help.uninstallCode'))
  .argument('<id>', 'device id')
  .option('--ttl <duration>', 'how long the code stays valid, 1m .. 7d (30m, 24h)', '24h')
  .action((deviceId: string, command: { ttl: string }) =>
    withClient(async (client, options) => {
      const ttlMs = parseDurationMs(command.ttl, '--ttl', 7 * 86_400_000);
      if (ttlMs < 60_000) throw new Error(`--ttl ${command.ttl}: at least 1m`);
      const answer = await client.issueUninstallCode({ deviceId, ttlSeconds: Math.round(ttlMs / 1000) });
      if (!options.json) {
        // The code alone on stdout, for scripts; the rest for the person on stderr.
        printNote(
          `设备 ${answer.deviceId} 的卸载码，${localTime(answer.expiresAtMs)} 过期 / ` +
            `uninstall code for ${answer.deviceId}, expires ${localTime(answer.expiresAtMs)}:\n` +
            `  shoumi-agent uninstall --code <code>\n`,
        );
        printText(`${answer.code}\n`);
      }
      return answer;
    }),
  );
