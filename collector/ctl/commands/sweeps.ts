// Fleet-wide sweeps: run (and wait for coverage), show, list, schedule with cron, unschedule.
import { renderTable } from '../../../policies/text-table';
import type { SweepSchedule__Output } from '../../../proto/generated/shoumi/v1/SweepSchedule';
import type { SweepStatus__Output } from '../../../proto/generated/shoumi/v1/SweepStatus';
import type { SweepTarget__Output } from '../../../proto/generated/shoumi/v1/SweepTarget';
import type { AdminClient } from '../admin-client';
import { localTime, positiveInteger, program, showRows, tableShown, withClient } from '../cli-context';
import { t } from '../ctl-messages';
import { EXIT } from '../exit-codes';
import type { CtlColumn } from '../output-format';
import { printNote, printText } from '../terminal-text';
import { zonedTime } from '../zoned-time';

const POLL_MS = 500;

/** "60s", "2m", "500ms", "1h", or a bare number of seconds. */
export function parseDuration(option: string, text: string): number {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(text.trim());
  if (!match) throw new Error(`${option} ${text}: expected a duration such as 500ms, 60s, 2m or 1h`);
  const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[(match[2] ?? 's') as 'ms' | 's' | 'm' | 'h'];
  const ms = Math.round(Number(match[1]) * unit);
  if (ms <= 0) throw new Error(`${option} ${text}: must be more than zero`);
  return ms;
}

/** "a,b , c" → ["a", "b", "c"]; the collector checks each against the policy. */
const ruleList = (text: string | undefined) =>
  (text ?? '')
    .split(',')
    .map((ruleId) => ruleId.trim())
    .filter((ruleId) => ruleId !== '');

const rulesText = (ruleIds: readonly string[]) => (ruleIds.length === 0 ? t('value.all') : ruleIds.join(','));

export function coverageLine(sweep: SweepStatus__Output): string {
  const state = sweep.completedAtMs > 0 ? 'complete' : 'running';
  return (
    `${sweep.sweepId}  ${state}  targets ${sweep.targets}  answered ${sweep.answered}  failed ${sweep.failed}  ` +
    `offline ${sweep.offline}  waiting ${sweep.waiting}`
  );
}

function targetColumns(): CtlColumn<SweepTarget__Output>[] {
  return [
    { header: t('col.device'), value: (target) => target.deviceId, maxWidth: 24, minWidth: 12, priority: 3 },
    { header: t('col.hostname'), value: (target) => target.hostname || '-', maxWidth: 24, minWidth: 12 },
    {
      header: t('col.state'),
      value: (target) => (target.state === 'pending' ? 'offline' : target.state),
    },
    { header: t('col.sent'), value: (target) => localTime(target.sentAtMs), priority: 4 },
    { header: t('col.answered'), value: (target) => localTime(target.answeredAtMs), priority: 2 },
    { header: t('col.fail'), value: (target) => String(target.failedRules), priority: 1 },
    { header: t('col.err'), value: (target) => String(target.errorRules), priority: 1 },
    { header: t('col.error'), value: (target) => target.error, maxWidth: 40, wrap: true },
  ];
}

function sweepText(sweep: SweepStatus__Output): string {
  const lines = [
    coverageLine(sweep),
    `created ${localTime(sweep.createdAtMs)} by ${sweep.requestedBy}` +
      (sweep.scheduleId ? ` (schedule ${sweep.scheduleId})` : '') +
      `   rules ${rulesText(sweep.ruleIds)}` +
      (sweep.completedAtMs > 0 ? `   completed ${localTime(sweep.completedAtMs)}` : ''),
  ];
  if (sweep.targetList.length > 0)
    lines.push('', renderTable(targetColumns(), sweep.targetList, tableShown()));
  return `${lines.join('\n')}\n`;
}

/** Who has not answered yet, e.g. "dev-b (offline), dev-c (waiting)". */
export function outstanding(sweep: SweepStatus__Output): string {
  return sweep.targetList
    .filter((target) => target.state === 'pending' || target.state === 'sent')
    .map((target) => `${target.deviceId} (${target.state === 'pending' ? 'offline' : 'waiting'})`)
    .join(', ');
}

/**
 * Polls the counts until the sweep completes or the time is up (progress lines to stderr when coverage
 * changes), then reads the targets once.
 */
async function waitForSweep(
  client: AdminClient,
  sweepId: string,
  timeoutMs: number,
): Promise<{ sweep: SweepStatus__Output; timedOut: boolean }> {
  const deadline = Date.now() + timeoutMs;
  let lastLine = '';
  for (;;) {
    const counts = await client.getSweep({ sweepId, countsOnly: true });
    const line = coverageLine(counts);
    if (line !== lastLine) printNote(`${localTime(Date.now())}  ${line}\n`);
    lastLine = line;
    const timedOut = counts.completedAtMs === 0 && Date.now() >= deadline;
    if (counts.completedAtMs > 0 || timedOut) return { sweep: await client.getSweep({ sweepId }), timedOut };
    await new Promise((resolve) =>
      setTimeout(resolve, Math.min(POLL_MS, Math.max(0, deadline - Date.now()))),
    );
  }
}

const sweep = program.command('sweep').description(t('help.sweep'));

sweep
  .command('run')
  .description(t('help.sweep.run'))
  .option('--rules <ids>', 'only these rules, comma-separated (default: every rule of the policy)')
  .option(
    '--wait',
    'wait until every agent has answered, printing progress; exit 1 if --timeout passes first',
  )
  .option('--timeout <duration>', 'how long --wait waits', '60s')
  .action((command: { rules?: string; wait?: boolean; timeout: string }) =>
    withClient(async (client, options) => {
      const timeoutMs = parseDuration('--timeout', command.timeout);
      const started = await client.runSweep({ ruleIds: ruleList(command.rules) });
      if (!command.wait) {
        if (!options.json) printText(sweepText(started));
        return started;
      }
      const { sweep: final, timedOut } = await waitForSweep(client, started.sweepId, timeoutMs);
      if (!options.json) printText(sweepText(final));
      if (timedOut) {
        printNote(
          `shoumictl: sweep ${final.sweepId} not complete after ${command.timeout}; not answered: ${outstanding(final)}\n`,
        );
        process.exitCode = EXIT.failed;
      }
      return final;
    }),
  );

sweep
  .command('show <id>')
  .description(t('help.sweep.show'))
  .action((sweepId: string) =>
    withClient(async (client, options) => {
      const found = await client.getSweep({ sweepId });
      if (!options.json) printText(sweepText(found));
      return found;
    }),
  );

sweep
  .command('list')
  .description(t('help.sweep.list'))
  .option('--limit <n>', 'at most this many', '20')
  .action((command: { limit: string }) =>
    withClient(async (client, options) => {
      const { sweeps } = await client.listSweeps({ limit: positiveInteger('--limit', command.limit) });
      showRows(options, sweepColumns(), sweeps, 'sweeps');
      return { sweeps };
    }),
  );

function sweepColumns(): CtlColumn<SweepStatus__Output>[] {
  return [
    { header: t('col.sweep'), value: (row) => row.sweepId },
    { header: t('col.created'), value: (row) => localTime(row.createdAtMs), priority: 1 },
    { header: t('col.by'), value: (row) => row.requestedBy, maxWidth: 32, minWidth: 10, priority: 4 },
    {
      header: t('col.rules'),
      value: (row) => rulesText(row.ruleIds),
      maxWidth: 24,
      minWidth: 8,
      priority: 3,
    },
    { header: t('col.targets'), value: (row) => String(row.targets) },
    { header: t('col.answered'), value: (row) => String(row.answered) },
    { header: t('col.failed'), value: (row) => String(row.failed), priority: 2 },
    { header: t('col.offline'), value: (row) => String(row.offline), priority: 2 },
    { header: t('col.waiting'), value: (row) => String(row.waiting), priority: 2 },
    {
      header: t('col.completed'),
      value: (row) => (row.completedAtMs > 0 ? localTime(row.completedAtMs) : '-'),
      priority: 1,
    },
  ];
}

/** NEXT in the schedule's own zone, with its offset: "01:00:00" beside "Asia/Shanghai" is not enough. */
function scheduleColumns(): CtlColumn<SweepSchedule__Output>[] {
  return [
    { header: t('col.schedule'), value: (row) => row.scheduleId },
    { header: t('col.cron'), value: (row) => row.cron },
    { header: t('col.timezone'), value: (row) => row.timezone || t('value.collectorZone'), priority: 2 },
    {
      header: t('col.rules'),
      value: (row) => rulesText(row.ruleIds),
      maxWidth: 24,
      minWidth: 8,
      priority: 3,
    },
    {
      header: t('col.next'),
      value: (row) =>
        row.nextFireMs > 0 ? zonedTime(row.nextFireMs, row.timezone || undefined) : t('value.never'),
    },
    { header: t('col.lastFired'), value: (row) => localTime(row.lastFiredMs), priority: 4 },
    { header: t('col.lastSweep'), value: (row) => row.lastSweepId || '-', priority: 5 },
    { header: t('col.by'), value: (row) => row.createdBy, maxWidth: 24, minWidth: 10, priority: 6 },
  ];
}

sweep
  .command('schedule <cron>')
  .description(t('help.sweep.schedule'))
  .option(
    '--tz <zone>',
    "IANA time zone the expression is read in, e.g. Asia/Shanghai (default: the collector's)",
  )
  .option('--rules <ids>', 'only these rules, comma-separated (default: every rule of the policy)')
  .action((cron: string, command: { tz?: string; rules?: string }) =>
    withClient(async (client, options) => {
      const schedule = await client.scheduleSweep({
        cron,
        timezone: command.tz ?? '',
        ruleIds: ruleList(command.rules),
      });
      showRows(options, scheduleColumns(), [schedule], 'schedules');
      return schedule;
    }),
  );

sweep
  .command('schedules')
  .description(t('help.sweep.schedules'))
  .action(() =>
    withClient(async (client, options) => {
      const { schedules } = await client.listSweepSchedules({});
      showRows(options, scheduleColumns(), schedules, 'schedules');
      return { schedules };
    }),
  );

sweep
  .command('unschedule <id>')
  .description(t('help.sweep.unschedule'))
  .action((scheduleId: string) =>
    withClient(async (client, options) => {
      const removed = await client.deleteSweepSchedule({ scheduleId });
      if (!options.json)
        printText(`${t('sweep.unscheduled', { id: removed.scheduleId, cron: removed.cron })}\n`);
      return removed;
    }),
  );
