// What install prints when it is done, how install and uninstall end (exit code and message), and where the
// package folder is: the pieces of the two commands that main.ts would otherwise carry.
import path from 'node:path';
import * as sea from 'node:sea';
import type { CollectorInstallResult } from './install-collector';
import { asInstallFailure, INSTALL_EXIT, InstallFailure } from './install-failure';

/** The unpacked package folder: the one the running executable is in. */
export function packageFolder(command: string): string {
  if (!sea.isSea())
    throw new InstallFailure(
      INSTALL_EXIT.badArguments,
      `${command} runs from the packaged collector (dist/packages/shoumi-collector-linux-*/shoumi-collector, npm run package), not from ${process.argv[1] ?? 'source'}`,
    );
  return path.dirname(process.execPath);
}

/** Runs install or uninstall; a failure is printed with its exit code. */
export async function runServiceCommand(work: () => Promise<void>): Promise<void> {
  try {
    await work();
  } catch (error) {
    const failure = asInstallFailure(error);
    process.stderr.write(`shoumi-collector: ${failure.message}\n`);
    process.exit(failure.exitCode);
  }
}

export function installReport(result: CollectorInstallResult): string {
  const { layout, config } = result;
  const asUser = `runuser -u ${layout.user} --`;
  return [
    `${result.upgraded ? '已更新 / upgraded' : '已安装 / installed'}: ${layout.home}, service ${layout.serviceName}: ${result.service}`,
    `被检查单位 / unit: ${config.unit ?? '(none: the inspection record leaves a line to fill in; install --unit-name NAME)'}`,
    `agents: ${config.listen}, enrolment: ${config['enrol-listen']}, admin: ${config['admin-listen']}`,
    `data: ${config.data}   config: ${layout.config}`,
    ...(result.serverNames ? [`server certificate names: ${result.serverNames.join(', ')}`] : []),
    'CA SHA-256 (agents pin it with --ca-sha256):',
    result.caSha256,
    '',
    'next / 下一步:',
    `  ${asUser} shoumi-collector token create --data ${config.data}`,
    `  ${asUser} shoumi-collector admin add --data ${config.data} --name NAME --role system_admin --out DIR`,
    '',
  ].join('\n');
}
