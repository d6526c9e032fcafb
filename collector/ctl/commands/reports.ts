// Corrective measures and inspection records (3.12.2):
//   shoumictl finding mark --device ID --rule RULE [--subject S] --measure TEXT [--completed]
//   shoumictl report --sweep ID | --from DATE --to DATE [--format html|csv|json] [--lang zh|en]
//                    [--inspector NAME] [--out FILE] [--time-zone ZONE]
// The collector builds the record (with the inspected unit it was started with, `serve --unit`); it is
// rendered here (collector/reports/), so the collector never holds presentation and the same record can be
// printed in either language. --from/--to without a zone are wall times in --time-zone, the zone the record
// is then shown in (collector/reports/window-bound.ts).
import { writeFile } from 'node:fs/promises';
import { type InspectionRecord, recordSummary } from '../../reports/inspection-record';
import { inspectionRecordFromWire } from '../../reports/inspection-record-wire';
import { LANGUAGES, type Language, type RenderOptions } from '../../reports/record-text';
import { renderInspectionCsv } from '../../reports/render-csv';
import { renderInspectionHtml } from '../../reports/render-html';
import { renderInspectionJson } from '../../reports/render-json';
import { parseWindowBound } from '../../reports/window-bound';
import { program, withClient } from '../cli-context';
import { t } from '../ctl-messages';
import { printNote, printText } from '../terminal-text';

const FORMATS = ['html', 'csv', 'json'] as const;
type Format = (typeof FORMATS)[number];

const finding = program.command('finding').description(t('help.finding'));

finding
  .command('mark')
  .description(t('help.finding.mark'))
  .requiredOption('--device <id>', 'the device')
  .requiredOption('--rule <id>', 'the rule, e.g. usb-storage-registered')
  .option('--subject <subject>', 'the finding subject (a USB serial, an interface, ...); "" for none', '')
  .requiredOption('--measure <text>', 'the corrective measure, e.g. "拆除无线网卡并登记"')
  .option('--completed', 'the measure has been carried out (已落实)')
  .action(
    (command: { device: string; rule: string; subject: string; measure: string; completed?: boolean }) =>
      withClient(async (client, options) => {
        const disposition = await client.markFinding({
          deviceId: command.device,
          ruleId: command.rule,
          subject: command.subject,
          measure: command.measure,
          completed: Boolean(command.completed),
        });
        if (!options.json) {
          printText(
            `recorded for ${disposition.deviceId} ${disposition.ruleId}${disposition.subject ? ` ${disposition.subject}` : ''}: ` +
              `${disposition.measure} (${disposition.completed ? '已落实 completed' : '未落实 not completed'}), ` +
              `audit record ${disposition.auditPosition}\n`,
          );
        }
        return disposition;
      }),
  );

interface ReportOptions {
  sweep?: string;
  from?: string;
  to?: string;
  format: string;
  lang: string;
  inspector?: string;
  out?: string;
  timeZone?: string;
}

function oneOf<T extends string>(flag: string, allowed: readonly T[], text: string): T {
  const found = allowed.find((value) => value === text);
  if (found === undefined) throw new Error(`${flag} ${text}: expected one of ${allowed.join(', ')}`);
  return found;
}

function validTimeZone(zone: string): string {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return zone;
  } catch {
    throw new Error(`--time-zone ${zone}: not an IANA time zone such as Asia/Shanghai`);
  }
}

export function renderRecord(record: InspectionRecord, format: Format, options: RenderOptions): string {
  if (format === 'csv') return renderInspectionCsv(record, options);
  if (format === 'json') return renderInspectionJson(record);
  return renderInspectionHtml(record, options);
}

program
  .command('report')
  .description(t('help.report'))
  .option('--sweep <id>', 'the record of this sweep')
  .option('--from <time>', 'window start: YYYY-MM-DD or YYYY-MM-DDTHH:MM (wall time in --time-zone)')
  .option('--to <time>', 'window end; a bare date includes that whole day')
  .option('--format <format>', 'html, csv (Excel) or json', 'html')
  .option('--lang <lang>', 'zh or en', 'zh')
  .option('--inspector <name>', '检查人: who inspects (default: the admin identity)')
  .option('--out <file>', 'write the record to this file instead of standard output')
  .option(
    '--time-zone <zone>',
    "IANA zone that --from/--to are read in and times are shown in (default: this machine's)",
  )
  .action((command: ReportOptions) =>
    withClient(async (client, options) => {
      const format: Format = options.json ? 'json' : oneOf('--format', FORMATS, command.format);
      const lang: Language = oneOf('--lang', LANGUAGES, command.lang);
      const timeZone = command.timeZone === undefined ? undefined : validTimeZone(command.timeZone);
      const windowGiven = command.from !== undefined || command.to !== undefined;
      if (command.sweep !== undefined && windowGiven)
        throw new Error('give --sweep or --from/--to, not both');
      if (command.sweep === undefined && (command.from === undefined || command.to === undefined))
        throw new Error('give --sweep ID, or both --from and --to');
      // A window typed without a zone is read in the zone the record is shown in.
      const fromMs =
        command.from === undefined ? 0 : parseWindowBound('--from', command.from, 'start', timeZone);
      const toMs = command.to === undefined ? 0 : parseWindowBound('--to', command.to, 'end', timeZone);
      if (windowGiven && fromMs > toMs)
        throw new Error(`--from ${command.from} is after --to ${command.to}: the window is empty`);
      const wire = await client.inspectionReport({
        sweepId: command.sweep ?? '',
        fromMs,
        toMs,
        inspector: command.inspector ?? '',
      });
      const record = inspectionRecordFromWire(wire);
      const text = renderRecord(record, format, { lang, timeZone });
      if (command.out === undefined) {
        // --json: withClient prints the record itself.
        if (!options.json) process.stdout.write(text);
        return record;
      }
      await writeFile(command.out, text);
      const summary = recordSummary(record);
      const written = {
        out: command.out,
        format,
        bytes: Buffer.byteLength(text),
        devices: summary.devices,
        notInspected: summary.notInspected,
        problems: summary.problems,
        completedButPersisting: summary.completedButPersisting,
      };
      if (!options.json)
        printNote(
          `wrote ${command.out} (${format}, ${written.devices} devices of which ${written.notInspected} not inspected, ` +
            `${written.problems} problems of which ${written.completedButPersisting} marked complete but persisting)\n`,
        );
      return written;
    }),
  );
