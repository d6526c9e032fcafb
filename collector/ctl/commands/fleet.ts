// Fleet queries: status, devices, findings. Machines are named as the office names them: asset number
// (资产编号) beside the hostname, since one image cloned onto many machines gives them one hostname.
import { clauseTitle } from '../../../policies/clause-titles';
import { findingReasonText } from '../../../policies/messages/finding-reason';
import { renderTable, type Tone } from '../../../policies/text-table';
import type { ClauseCount__Output } from '../../../proto/generated/shoumi/v1/ClauseCount';
import type { DeviceSummary__Output } from '../../../proto/generated/shoumi/v1/DeviceSummary';
import type { ListFindingsRequest } from '../../../proto/generated/shoumi/v1/ListFindingsRequest';
import type { StoredFinding__Output } from '../../../proto/generated/shoumi/v1/StoredFinding';
import { parseWindowBound } from '../../reports/window-bound';
import type { AdminClient } from '../admin-client';
import { level, localTime, positiveInteger, program, showRows, tableShown, withClient } from '../cli-context';
import { ctlLang } from '../ctl-language';
import { t } from '../ctl-messages';
import { classificationOption, deviceStatusOption, findingStatusOption } from '../filter-options';
import { nextPageCommand } from '../next-page-command';
import type { CtlColumn } from '../output-format';
import { printNote, printText } from '../terminal-text';

/** Where a device stands, in words; "not yet judged" says how many rules still lack a verdict. */
export function stateText(device: DeviceSummary__Output): string {
  switch (device.state) {
    case 'compliant':
      return t('state.compliant');
    case 'failing':
      return t('state.failing');
    case 'never_seen':
      return t('state.neverSeen');
    case 'not_judged':
      if (device.rulesWithoutVerdict === 0) return t('state.notJudged');
      return t(device.rulesWithoutVerdict === 1 ? 'state.notJudgedRule' : 'state.notJudgedRules', {
        count: device.rulesWithoutVerdict,
      });
    default:
      // A collector from before the state existed says nothing: claim nothing either.
      return '-';
  }
}

const stateTone = (device: DeviceSummary__Output): Tone | undefined =>
  device.state === 'failing' ? 'red' : device.errors > 0 ? 'yellow' : undefined;

/** The device columns of status and devices; priority: what goes first when the terminal is narrow. */
export function deviceColumns(): CtlColumn<DeviceSummary__Output>[] {
  return [
    // What the office names a machine by is never cut: the asset number, the hostname, the person.
    { header: t('col.asset'), value: (device) => device.assetNumber || '-', maxWidth: 16, minWidth: 16 },
    { header: t('col.hostname'), value: (device) => device.hostname || '-', maxWidth: 24, minWidth: 16 },
    { header: t('col.device'), value: (device) => device.deviceId, maxWidth: 24, minWidth: 12, priority: 4 },
    {
      header: t('col.department'),
      value: (device) => device.department || '-',
      maxWidth: 16,
      minWidth: 12,
      priority: 3,
    },
    {
      header: t('col.person'),
      value: (device) => device.responsiblePerson || '-',
      maxWidth: 12,
      minWidth: 12,
      priority: 2,
    },
    { header: t('col.level'), value: (device) => level(device.classification), priority: 1 },
    { header: t('col.state'), value: stateText, tone: stateTone, minWidth: 8 },
    { header: t('col.fail'), value: (device) => String(device.failing), priority: 1 },
    { header: t('col.err'), value: (device) => String(device.errors), priority: 2 },
    { header: t('col.pass'), value: (device) => String(device.passing), priority: 5 },
    {
      header: t('col.online'),
      value: (device) => t(device.connected ? 'value.yes' : 'value.no'),
      priority: 5,
    },
    { header: t('col.lastSeen'), value: (device) => localTime(device.lastSeenMs), priority: 6 },
  ];
}

function clauseColumns(): CtlColumn<ClauseCount__Output>[] {
  const lang = ctlLang();
  return [
    { header: t('col.clause'), value: (row) => row.clause },
    { header: t('col.clauseTitle'), value: (row) => clauseTitle(row.clause, lang) || '-', minWidth: 8 },
    { header: t('col.failingDevices'), value: (row) => String(row.failingDevices) },
    { header: t('col.failingFindings'), value: (row) => String(row.failingFindings), priority: 1 },
  ];
}

program
  .command('status')
  .description(t('help.status'))
  .action(() =>
    withClient(async (client, options) => {
      const status = await client.fleetStatus();
      if (options.json) return status;
      if (options.output === 'csv') {
        showRows(options, deviceColumns(), status.deviceList, 'devices');
        return status;
      }
      // The collector's own conditions first: they can make everything below stale or refused.
      // Both languages, as the collector wrote them: such a condition is rare and must not be misread.
      const alerts = status.collectorAlerts.map(
        (alert) => `${alert.severity.toUpperCase()} ${alert.code}: ${alert.messageZh} / ${alert.messageEn}`,
      );
      const lines = [
        ...(alerts.length > 0 ? [...alerts, ''] : []),
        t('status.summary', {
          devices: status.devices,
          compliant: status.compliant,
          failing: status.failing,
          notYetJudged: status.notYetJudged,
          neverSeen: status.neverSeen,
        }),
        '',
      ];
      const shown = tableShown();
      const wide = options.output === 'wide';
      if (status.byClause.length > 0) {
        lines.push(
          renderTable(clauseColumns(), status.byClause, wide ? { colour: shown.colour } : shown),
          '',
        );
      }
      printText(`${lines.join('\n')}\n`);
      showRows(options, deviceColumns(), status.deviceList, 'devices');
      if (status.deviceList.length < status.devices)
        printNote(`${t('status.more', { shown: status.deviceList.length })}\n`);
      return status;
    }),
  );

interface DevicesOptions {
  department?: string;
  classification?: string;
  status?: string;
  clause?: string;
  rule?: string;
  state?: string;
  online?: string;
  seenFrom?: string;
  seenTo?: string;
  search?: string;
  limit: string;
}

program
  .command('devices')
  .description(t('help.devices'))
  .option('--department <name>', 'only devices of this department')
  .option('--classification <level>', 'only devices of this level: 绝密 机密 秘密 非密 (or top_secret, ...)')
  .option('--status <status>', 'only devices in this state: in_service, under_repair, retired')
  .option('--clause <clause>', 'only devices failing (fail or error) a rule of this clause, e.g. 3.7.4')
  .option('--rule <id>', 'only devices failing (fail or error) this rule')
  .option('--state <state>', 'compliant, failing, not_judged, never_seen or silent')
  .option('--online <online>', 'connected or disconnected (whether the agent holds a stream now)')
  .option('--seen-from <time>', 'last seen at or after (YYYY-MM-DD, or with a time)')
  .option('--seen-to <time>', 'last seen at or before (YYYY-MM-DD: to the end of that day)')
  .option('--search <text>', 'part of an asset number or hostname')
  .option('--limit <n>', 'page size', '500')
  .action((command: DevicesOptions) =>
    withClient(async (client, options) => {
      // Clause, rule, state and online are judged by the collector, whose error names the field.
      const filters = {
        department: command.department ?? '',
        classification:
          command.classification === undefined
            ? undefined
            : classificationOption('--classification', command.classification),
        status: command.status === undefined ? '' : deviceStatusOption('--status', command.status),
        clause: command.clause ?? '',
        ruleId: command.rule ?? '',
        state: command.state ?? '',
        online: command.online ?? '',
        seenFromMs:
          command.seenFrom === undefined ? 0 : parseWindowBound('--seen-from', command.seenFrom, 'start'),
        seenToMs: command.seenTo === undefined ? 0 : parseWindowBound('--seen-to', command.seenTo, 'end'),
        search: command.search ?? '',
      };
      const limit = positiveInteger('--limit', command.limit);
      const devices: DeviceSummary__Output[] = [];
      let after = '';
      do {
        const page = await client.listDevices({ ...filters, limit, afterDeviceId: after });
        devices.push(...page.devices);
        after = page.nextAfterDeviceId;
      } while (after);
      showRows(options, deviceColumns(), devices, 'devices');
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

/** Each rule's title in the reader's language; none from a collector that cannot list its rules. */
async function ruleTitles(client: AdminClient): Promise<Map<string, string>> {
  const lang = ctlLang();
  try {
    const { rules } = await client.listRules({ ruleId: '', clause: '' });
    return new Map(rules.map((rule) => [rule.ruleId, rule.title?.[lang] ?? '']));
  } catch {
    return new Map();
  }
}

/** The corrective measure recorded for a finding, and whether it is done; "" when none. */
export function measureText(finding: StoredFinding__Output): string {
  const disposition = finding.disposition;
  if (!disposition || disposition.measure === '') return '';
  return disposition.completed
    ? t('measure.done', { measure: disposition.measure, at: localTime(disposition.completedAtMs) })
    : t('measure.open', { measure: disposition.measure });
}

const statusTone = (finding: StoredFinding__Output): Tone | undefined =>
  finding.gone
    ? undefined
    : finding.status === 'FAIL'
      ? 'red'
      : finding.status === 'ERROR'
        ? 'yellow'
        : undefined;

export function findingColumns(titles: ReadonlyMap<string, string>): CtlColumn<StoredFinding__Output>[] {
  return [
    { header: t('col.asset'), value: (finding) => finding.assetNumber || '-', maxWidth: 16, minWidth: 16 },
    {
      header: t('col.hostname'),
      value: (finding) => finding.hostname || finding.deviceId,
      maxWidth: 24,
      minWidth: 16,
    },
    { header: t('col.device'), value: (finding) => finding.deviceId, maxWidth: 24, priority: 4, wide: true },
    {
      header: t('col.status'),
      value: (finding) => (finding.gone ? t('status.gone') : t(`status.${finding.status}`)),
      tone: statusTone,
    },
    { header: t('col.clause'), value: (finding) => finding.clause, priority: 2 },
    { header: t('col.rule'), value: (finding) => finding.ruleId, maxWidth: 28, minWidth: 12, priority: 3 },
    {
      header: t('col.title'),
      value: (finding) => titles.get(finding.ruleId) ?? '',
      maxWidth: 24,
      minWidth: 10,
      priority: 1,
    },
    {
      header: t('col.subject'),
      value: (finding) => finding.subject,
      maxWidth: 36,
      minWidth: 10,
      priority: 4,
    },
    {
      header: t('col.reason'),
      value: (finding) => findingReasonText(finding, ctlLang()),
      maxWidth: 50,
      wrap: true,
    },
    { header: t('col.measure'), value: measureText, maxWidth: 40, wrap: true },
    { header: t('col.observed'), value: (finding) => localTime(finding.observedAtMs), priority: 5 },
  ];
}

program
  .command('findings')
  .description(t('help.findings'))
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
      const titles =
        options.json || findings.length === 0 ? new Map<string, string>() : await ruleTitles(client);
      showRows(options, findingColumns(titles), findings, 'findings');
      if (!options.json && pageToken) {
        const order = newestFirst ? t('findings.newestFirst') : '';
        printText(
          `${t('findings.more', { count: findings.length, order, command: nextPageCommand(pageToken) })}\n`,
        );
      }
      return { findings, more: Boolean(pageToken), nextPageToken: pageToken };
    }),
  );
