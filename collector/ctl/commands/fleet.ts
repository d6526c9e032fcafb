// Fleet queries: status, devices, findings.
import { renderTable } from '../../../policies/text-table';
import type { DeviceSummary__Output } from '../../../proto/generated/shoumi/v1/DeviceSummary';
import type { StoredFinding__Output } from '../../../proto/generated/shoumi/v1/StoredFinding';
import { level, localTime, positiveInteger, program, withClient } from '../cli-context';

export const deviceColumns = [
  { header: 'DEVICE', value: (device: DeviceSummary__Output) => device.deviceId },
  { header: 'HOSTNAME', value: (device: DeviceSummary__Output) => device.hostname, maxWidth: 24 },
  { header: 'ASSET', value: (device: DeviceSummary__Output) => device.assetNumber || '—' },
  { header: 'LEVEL', value: (device: DeviceSummary__Output) => level(device.classification) },
  { header: 'FAIL', value: (device: DeviceSummary__Output) => String(device.failing) },
  { header: 'ERR', value: (device: DeviceSummary__Output) => String(device.errors) },
  { header: 'PASS', value: (device: DeviceSummary__Output) => String(device.passing) },
  { header: 'ONLINE', value: (device: DeviceSummary__Output) => (device.connected ? 'yes' : 'no') },
  { header: 'LAST SEEN', value: (device: DeviceSummary__Output) => localTime(device.lastSeenMs) },
];

program
  .command('status')
  .description('fleet status: devices, compliant, failing by clause, last seen')
  .action(() =>
    withClient(async (client, options) => {
      const status = await client.fleetStatus();
      if (options.json) return status;
      const lines = [
        `devices ${status.devices}   compliant ${status.compliant}   failing ${status.failing}   never seen ${status.neverSeen}`,
        '',
      ];
      if (status.byClause.length > 0) {
        lines.push(
          renderTable(
            [
              { header: 'CLAUSE', value: (row: (typeof status.byClause)[number]) => row.clause },
              { header: 'FAILING DEVICES', value: (row) => String(row.failingDevices) },
              { header: 'FAILING FINDINGS', value: (row) => String(row.failingFindings) },
            ],
            status.byClause,
          ),
          '',
        );
      }
      lines.push(renderTable(deviceColumns, status.deviceList));
      process.stdout.write(`${lines.join('\n')}\n`);
      return status;
    }),
  );

program
  .command('devices')
  .description('every device in the ledger')
  .option('--limit <n>', 'page size', '500')
  .action((command: { limit: string }) =>
    withClient(async (client, options) => {
      const devices: DeviceSummary__Output[] = [];
      let after = '';
      do {
        const page = await client.listDevices({ limit: Number(command.limit), afterDeviceId: after });
        devices.push(...page.devices);
        after = page.nextAfterDeviceId;
      } while (after);
      if (!options.json) process.stdout.write(`${renderTable(deviceColumns, devices)}\n`);
      return { devices };
    }),
  );

program
  .command('findings')
  .description('current findings, one per device, rule and subject')
  .option('--device <id>', 'only this device')
  .option('--clause <clause>', 'only this clause, e.g. 3.7.4')
  .option('--open', 'only failing and error findings')
  .option('--history', 'every stored finding in sequence order, not only the current ones')
  .option('--limit <n>', 'at most this many', '1000')
  .action((command: { device?: string; clause?: string; open?: boolean; history?: boolean; limit: string }) =>
    withClient(async (client, options) => {
      const wanted = positiveInteger('--limit', command.limit);
      const findings: StoredFinding__Output[] = [];
      let pageToken = '';
      do {
        const page = await client.listFindings({
          deviceId: command.device ?? '',
          clause: command.clause ?? '',
          openOnly: Boolean(command.open),
          history: Boolean(command.history),
          limit: Math.min(500, wanted - findings.length),
          pageToken,
        });
        findings.push(...page.findings);
        pageToken = page.nextPageToken;
      } while (pageToken && findings.length < wanted);
      if (!options.json) {
        process.stdout.write(
          `${renderTable(
            [
              {
                header: 'DEVICE',
                value: (finding: StoredFinding__Output) => finding.hostname || finding.deviceId,
                maxWidth: 24,
              },
              { header: 'STATUS', value: (finding) => finding.status },
              { header: 'CLAUSE', value: (finding) => finding.clause },
              { header: 'RULE', value: (finding) => finding.ruleId },
              { header: 'SUBJECT', value: (finding) => finding.subject, maxWidth: 36 },
              { header: 'REASON', value: (finding) => finding.reason, maxWidth: 50 },
              { header: 'OBSERVED', value: (finding) => localTime(finding.observedAtMs) },
            ],
            findings,
          )}\n`,
        );
      }
      return { findings, more: Boolean(pageToken) };
    }),
  );
