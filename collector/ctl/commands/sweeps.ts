// Fleet-wide sweeps: run (and wait for coverage), show, list, schedule with cron, unschedule.
import { renderTable } from '../../../policies/text-table';
import type { SweepSchedule__Output } from '../../../proto/generated/shoumi/v1/SweepSchedule';
import type { SweepStatus__Output } from '../../../proto/generated/shoumi/v1/SweepStatus';
import type { SweepTarget__Output } from '../../../proto/generated/shoumi/v1/SweepTarget';
import type { AdminClient } from '../admin-client';
import { localTime, positiveInteger, program, withClient } from '../cli-context';
import { printNote, printText } from '../terminal-text';

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

const rulesText = (ruleIds: readonly string[]) => (ruleIds.length === 0 ? 'all' : ruleIds.join(','));

export function coverageLine(sweep: SweepStatus__Output): string {
  const state = sweep.completedAtMs > 0 ? 'complete' : 'running';
  return (
    `${sweep.sweepId}  ${state}  targets ${sweep.targets}  answered ${sweep.answered}  failed ${sweep.failed}  ` +
    `offline ${sweep.offline}  waiting ${sweep.waiting}`
  );
}

const targetColumns = [
  { header: 'DEVICE', value: (target: SweepTarget__Output) => target.deviceId },
  { header: 'HOSTNAME', value: (target: SweepTarget__Output) => target.hostname, maxWidth: 24 },
  {
    header: 'STATE',
    value: (target: SweepTarget__Output) => (target.state === 'pending' ? 'offline' : target.state),
  },
  { header: 'SENT', value: (target: SweepTarget__Output) => localTime(target.sentAtMs) },
  { header: 'ANSWERED', value: (target: SweepTarget__Output) => localTime(target.answeredAtMs) },
  { header: 'FAIL', value: (target: SweepTarget__Output) => String(target.failedRules) },
  { header: 'ERR', value: (target: SweepTarget__Output) => String(target.errorRules) },
  { header: 'ERROR', value: (target: SweepTarget__Output) => target.error || '—', maxWidth: 40 },
];

function sweepText(sweep: SweepStatus__Output): string {
  const lines = [
    coverageLine(sweep),
    `created ${localTime(sweep.createdAtMs)} by ${sweep.requestedBy}` +
      (sweep.scheduleId ? ` (schedule ${sweep.scheduleId})` : '') +
      `   rules ${rulesText(sweep.ruleIds)}` +
      (sweep.completedAtMs > 0 ? `   completed ${localTime(sweep.completedAtMs)}` : ''),
  ];
  if (sweep.targetList.length > 0) lines.push('', renderTable(targetColumns, sweep.targetList));
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

const sweep = program.command('sweep').description('fleet-wide sweeps: run, show, list, schedule');

sweep
  .command('run')
  .description('push a sweep to every connected agent now (offline agents run it when they reconnect)')
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
        process.exitCode = 1;
      }
      return final;
    }),
  );

sweep
  .command('show <id>')
  .description("one sweep's coverage and every target")
  .action((sweepId: string) =>
    withClient(async (client, options) => {
      const found = await client.getSweep({ sweepId });
      if (!options.json) printText(sweepText(found));
      return found;
    }),
  );

sweep
  .command('list')
  .description('recent sweeps, newest first')
  .option('--limit <n>', 'at most this many', '20')
  .action((command: { limit: string }) =>
    withClient(async (client, options) => {
      const { sweeps } = await client.listSweeps({ limit: positiveInteger('--limit', command.limit) });
      if (!options.json) {
        printText(
          `${renderTable(
            [
              { header: 'SWEEP', value: (row: SweepStatus__Output) => row.sweepId },
              { header: 'CREATED', value: (row) => localTime(row.createdAtMs) },
              { header: 'BY', value: (row) => row.requestedBy, maxWidth: 32 },
              { header: 'RULES', value: (row) => rulesText(row.ruleIds), maxWidth: 24 },
              { header: 'TARGETS', value: (row) => String(row.targets) },
              { header: 'ANSWERED', value: (row) => String(row.answered) },
              { header: 'FAILED', value: (row) => String(row.failed) },
              { header: 'OFFLINE', value: (row) => String(row.offline) },
              { header: 'WAITING', value: (row) => String(row.waiting) },
              {
                header: 'COMPLETED',
                value: (row) => (row.completedAtMs > 0 ? localTime(row.completedAtMs) : '—'),
              },
            ],
            sweeps,
          )}\n`,
        );
      }
      return { sweeps };
    }),
  );

const scheduleColumns = [
  { header: 'SCHEDULE', value: (row: SweepSchedule__Output) => row.scheduleId },
  { header: 'CRON', value: (row: SweepSchedule__Output) => row.cron },
  { header: 'TZ', value: (row: SweepSchedule__Output) => row.timezone || 'collector' },
  { header: 'RULES', value: (row: SweepSchedule__Output) => rulesText(row.ruleIds), maxWidth: 24 },
  { header: 'NEXT', value: (row: SweepSchedule__Output) => localTime(row.nextFireMs) },
  { header: 'LAST FIRED', value: (row: SweepSchedule__Output) => localTime(row.lastFiredMs) },
  { header: 'LAST SWEEP', value: (row: SweepSchedule__Output) => row.lastSweepId || '—' },
  { header: 'BY', value: (row: SweepSchedule__Output) => row.createdBy, maxWidth: 24 },
];

sweep
  .command('schedule <cron>')
  .description(
    'sweep the fleet on a cron schedule, e.g. "0 9 * * 1" (Mondays 09:00); 6 fields: seconds first',
  )
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
      if (!options.json) printText(`${renderTable(scheduleColumns, [schedule])}\n`);
      return schedule;
    }),
  );

sweep
  .command('schedules')
  .description('every sweep schedule and when it fires next')
  .action(() =>
    withClient(async (client, options) => {
      const { schedules } = await client.listSweepSchedules({});
      if (!options.json) printText(`${renderTable(scheduleColumns, schedules)}\n`);
      return { schedules };
    }),
  );

sweep
  .command('unschedule <id>')
  .description('delete a sweep schedule (sweeps it already fired stay)')
  .action((scheduleId: string) =>
    withClient(async (client, options) => {
      const removed = await client.deleteSweepSchedule({ scheduleId });
      if (!options.json) printText(`unscheduled ${removed.scheduleId} (${removed.cron})\n`);
      return removed;
    }),
  );
