// Fleet queries: status, devices, findings.
import { resolveLang } from '../../../policies/messages/language';
import { renderTable } from '../../../policies/text-table';
import type { DeviceSummary__Output } from '../../../proto/generated/shoumi/v1/DeviceSummary';
import type { ListFindingsRequest } from '../../../proto/generated/shoumi/v1/ListFindingsRequest';
import type { StoredFinding__Output } from '../../../proto/generated/shoumi/v1/StoredFinding';
import { parseWindowBound } from '../../reports/window-bound';
import { findingReasonText } from '../../text/finding-reason';
import { level, localTime, positiveInteger, program, withClient } from '../cli-context';
import { classificationOption, deviceStatusOption, findingStatusOption } from '../filter-options';
import { nextPageCommand } from '../next-page-command';
import { printText } from '../terminal-text';

/** Where a device stands, in words; "not yet judged" says how many rules still lack a verdict. */
export function stateText(device: DeviceSummary__Output): string {
  switch (device.state) {
    case 'compliant':
      return 'compliant';
    case 'failing':
      return 'failing';
    case 'never_seen':
      return 'never seen';
    case 'not_judged':
      return device.rulesWithoutVerdict > 0
        ? `not yet judged (${device.rulesWithoutVerdict} ${device.rulesWithoutVerdict === 1 ? 'rule' : 'rules'})`
        : 'not yet judged';
    default:
      // A collector from before the state existed says nothing: claim nothing either.
      return '—';
  }
}

export const deviceColumns = [
  { header: 'DEVICE', value: (device: DeviceSummary__Output) => device.deviceId },
  { header: 'HOSTNAME', value: (device: DeviceSummary__Output) => device.hostname, maxWidth: 24 },
  { header: 'ASSET', value: (device: DeviceSummary__Output) => device.assetNumber || '—' },
  { header: 'LEVEL', value: (device: DeviceSummary__Output) => level(device.classification) },
  { header: 'STATE', value: stateText },
  { header: 'FAIL', value: (device: DeviceSummary__Output) => String(device.failing) },
  { header: 'ERR', value: (device: DeviceSummary__Output) => String(device.errors) },
  { header: 'PASS', value: (device: DeviceSummary__Output) => String(device.passing) },
  { header: 'ONLINE', value: (device: DeviceSummary__Output) => (device.connected ? 'yes' : 'no') },
  { header: 'LAST SEEN', value: (device: DeviceSummary__Output) => localTime(device.lastSeenMs) },
];

program
  .command('status')
  .description('fleet status: devices, compliant, failing by clause, not yet judged, last seen')
  .action(() =>
    withClient(async (client, options) => {
      const status = await client.fleetStatus();
      if (options.json) return status;
      // The collector's own conditions first: they can make everything below stale or refused.
      const alerts = status.collectorAlerts.map(
        (alert) => `${alert.severity.toUpperCase()} ${alert.code}: ${alert.messageZh} / ${alert.messageEn}`,
      );
      const lines = [
        ...(alerts.length > 0 ? [...alerts, ''] : []),
        `devices ${status.devices}   compliant ${status.compliant}   failing ${status.failing}   not yet judged ${status.notYetJudged}   never seen ${status.neverSeen}`,
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
      printText(`${lines.join('\n')}\n`);
      return status;
    }),
  );

program
  .command('devices')
  .description('every device in the ledger, or those matching the filters')
  .option('--department <name>', 'only devices of this department')
  .option('--classification <level>', 'only devices of this level: 绝密 机密 秘密 非密 (or top_secret, ...)')
  .option('--status <status>', 'only devices in this state: in_service, under_repair, retired')
  .option('--limit <n>', 'page size', '500')
  .action((command: { department?: string; classification?: string; status?: string; limit: string }) =>
    withClient(async (client, options) => {
      const filters = {
        department: command.department ?? '',
        classification:
          command.classification === undefined
            ? undefined
            : classificationOption('--classification', command.classification),
        status: command.status === undefined ? '' : deviceStatusOption('--status', command.status),
      };
      const limit = positiveInteger('--limit', command.limit);
      const devices: DeviceSummary__Output[] = [];
      let after = '';
      do {
        const page = await client.listDevices({ ...filters, limit, afterDeviceId: after });
        devices.push(...page.devices);
        after = page.nextAfterDeviceId;
      } while (after);
      if (!options.json) printText(`${renderTable(deviceColumns, devices)}\n`);
      return { devices };
    }),
  );

interface FindingsOptions {
  device?: string;
  clause?: string;
  rule?: string;
  department?: string;
  classification?: string;
  status?: string;
  from?: string;
  to?: string;
  sweep?: string;
  open?: boolean;
  history?: boolean;
  limit: string;
  pageSize: string;
  pageToken?: string;
}

/** The findings command's flags as one ListFindings request (without paging), each bad value refused by name. */
function findingFilters(command: FindingsOptions): Omit<ListFindingsRequest, 'limit' | 'pageToken'> {
  return {
    deviceId: command.device ?? '',
    clause: command.clause ?? '',
    ruleId: command.rule ?? '',
    department: command.department ?? '',
    classification:
      command.classification === undefined
        ? undefined
        : classificationOption('--classification', command.classification),
    status: command.status === undefined ? '' : findingStatusOption('--status', command.status),
    fromMs: command.from === undefined ? 0 : parseWindowBound('--from', command.from, 'start'),
    toMs: command.to === undefined ? 0 : parseWindowBound('--to', command.to, 'end'),
    sweepId: command.sweep ?? '',
    openOnly: Boolean(command.open),
    history: Boolean(command.history),
  };
}

program
  .command('findings')
  .description('current findings, one per device, rule and subject (or every stored one with --history)')
  .option('--device <id>', 'only this device')
  .option('--clause <clause>', 'only this clause, e.g. 3.7.4')
  .option('--rule <id>', 'only this rule, e.g. usb-storage-registered')
  .option('--department <name>', "only devices of this department (the ledger's)")
  .option('--classification <level>', "only devices of this level (the ledger's): 绝密 机密 秘密 非密")
  .option('--status <status>', 'only this status: pass, fail, error, not_applicable')
  .option('--open', 'only failing and error findings')
  .option('--from <time>', 'observed at or after: YYYY-MM-DD or YYYY-MM-DDTHH:MM (local time)')
  .option(
    '--to <time>',
    'observed at or before; a bare date includes that whole day, HH:MM that whole minute',
  )
  .option('--sweep <id>', 'only findings of this sweep')
  .option(
    '--history',
    'every stored finding, not only the current ones: newest first as a table (each device newest first), in sequence order with --json',
  )
  .option('--limit <n>', 'at most this many', '1000')
  .option('--page-size <n>', 'findings per request to the collector', '500')
  .option('--page-token <token>', 'continue where an earlier listing stopped (the token it printed)')
  .action((command: FindingsOptions) =>
    withClient(async (client, options) => {
      const wanted = positiveInteger('--limit', command.limit);
      const pageSize = positiveInteger('--page-size', command.pageSize);
      const filters = findingFilters(command);
      if (filters.fromMs && filters.toMs && filters.fromMs > filters.toMs) {
        throw new Error(`--from ${command.from} is after --to ${command.to}: the time range is empty`);
      }
      // A table of history reads newest first; --json keeps the sequence order it always had.
      const newestFirst = Boolean(filters.history) && !options.json;
      const findings: StoredFinding__Output[] = [];
      let pageToken = command.pageToken ?? '';
      do {
        const page = await client.listFindings({
          ...filters,
          newestFirst,
          limit: Math.min(pageSize, wanted - findings.length),
          pageToken,
        });
        findings.push(...page.findings);
        pageToken = page.nextPageToken;
      } while (pageToken && findings.length < wanted);
      if (!options.json) {
        const table = renderTable(
          [
            {
              header: 'DEVICE',
              value: (finding: StoredFinding__Output) => finding.hostname || finding.deviceId,
              maxWidth: 24,
            },
            { header: 'STATUS', value: (finding) => (finding.gone ? 'GONE' : finding.status) },
            { header: 'CLAUSE', value: (finding) => finding.clause },
            { header: 'RULE', value: (finding) => finding.ruleId },
            { header: 'SUBJECT', value: (finding) => finding.subject, maxWidth: 36 },
            {
              header: 'REASON',
              value: (finding) => findingReasonText(finding, resolveLang({ option: program.opts().lang })),
              maxWidth: 50,
            },
            { header: 'OBSERVED', value: (finding) => localTime(finding.observedAtMs) },
          ],
          findings,
        );
        const more = pageToken
          ? `\n${findings.length} shown${newestFirst ? ', newest first' : ''}; more exist. Next page: ${nextPageCommand(pageToken)}`
          : '';
        printText(`${table}${more}\n`);
      }
      return { findings, more: Boolean(pageToken), nextPageToken: pageToken };
    }),
  );
