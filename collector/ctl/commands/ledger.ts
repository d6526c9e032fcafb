// The ledger (台帐, 3.7.2): one device in full and its history, ledger edits, CSV/.xlsx export and import, and
// the check of stored entries against the standard's rules.
import { readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import stringWidth from 'string-width';
import { CLASSIFICATION_ZH } from '../../../policies/model';
import { renderTable } from '../../../policies/text-table';
import { classificationToWire } from '../../../proto/convert';
import type { DeviceDetail__Output } from '../../../proto/generated/shoumi/v1/DeviceDetail';
import type { ExportLedgerResponse__Output } from '../../../proto/generated/shoumi/v1/ExportLedgerResponse';
import type { ImportLedgerResponse__Output } from '../../../proto/generated/shoumi/v1/ImportLedgerResponse';
import type { LedgerChange__Output } from '../../../proto/generated/shoumi/v1/LedgerChange';
import type { UpdateDeviceRequest } from '../../../proto/generated/shoumi/v1/UpdateDeviceRequest';
import { csvFileText } from '../../ledger/csv-file-text';
import { LEDGER_CSV_LIMITS } from '../../ledger/ledger-csv-import';
import { DEVICE_STATUS_ZH, readClassification } from '../../ledger/ledger-values';
import { ledgerCsvToXlsx, looksLikeXlsx, xlsxToLedgerCsv } from '../../ledger/ledger-xlsx';
import type { DeviceStatus } from '../../store/store';
import type { AdminClient } from '../admin-client';
import { type GlobalOptions, level, localTime, positiveInteger, program, withClient } from '../cli-context';
import { t } from '../ctl-messages';
import { printNote, printText } from '../terminal-text';
import { stateText } from './fleet';

/**
 * A ledger of 50,000 devices takes seconds to validate and write, longer than the 10 s every other command
 * waits; a deadline that passed while the collector still commits would report a failure for an import
 * that was applied. So the ledger commands wait this long.
 */
const LEDGER_TIMEOUT_MS = 120_000;

function withLedgerClient(work: (client: AdminClient, options: GlobalOptions) => Promise<unknown>) {
  return withClient(work, LEDGER_TIMEOUT_MS);
}

/** "label   value" lines, labels padded by display width so Chinese labels line up. */
/** "sda ST1000DM010 (serial Z1D5K3, 1000 GB)": decimal GB, as disks are sold and labelled. */
function diskText(disk: { name: string; model: string; serial: string; sizeBytes: number }): string {
  const size = disk.sizeBytes > 0 ? `${Math.round(disk.sizeBytes / 1e9)} GB` : 'size unknown';
  return `${disk.name} ${disk.model || '—'} (serial ${disk.serial || '—'}, ${size})`;
}

function fieldLines(rows: Array<[string, string]>): string {
  const width = Math.max(...rows.map(([label]) => stringWidth(label)));
  return rows
    .map(([label, value]) => `${label}${' '.repeat(width - stringWidth(label) + 2)}${value}`)
    .join('\n');
}

/** How a device's status is printed (device show, history): 维修 (under_repair). */
export const statusText = (status: string) =>
  status in DEVICE_STATUS_ZH ? `${DEVICE_STATUS_ZH[status as DeviceStatus]} (${status})` : status;

/** A history value as people read it: the JSON without quotes around plain strings. */
function valueText(json: string, field: string): string {
  const value: unknown = JSON.parse(json || 'null');
  if (value === null || value === '') return '—';
  if (Array.isArray(value)) return value.join(', ') || '—';
  if (field === 'classification' && typeof value === 'string' && value in CLASSIFICATION_ZH) {
    return CLASSIFICATION_ZH[value as keyof typeof CLASSIFICATION_ZH];
  }
  if (field === 'status' && typeof value === 'string') return statusText(value);
  return String(value);
}

/** Where the agent says its device id came from (agent/identity/device-id.ts). */
function idSourceText(source: string | undefined): string {
  if (source === 'generated')
    return "随机生成 generated (neither machine-id nor DMI uuid; kept only in the agent's data directory)";
  if (source === 'machine-id') return 'machine-id';
  if (source === 'dmi-product-uuid') return 'DMI product uuid';
  return source || '— (not told by the agent)';
}

function printDevice(detail: DeviceDetail__Output) {
  const device = detail.summary!;
  const hardware = detail.hardware;
  const lines = [
    fieldLines([
      ['设备ID device', device.deviceId],
      ['ID来源 id source', idSourceText(hardware?.deviceIdSource)],
      ['主机名 hostname', device.hostname || '—'],
      ['资产编号 asset number', device.assetNumber || '—'],
      ['密级 classification', level(device.classification)],
      ['责任人 responsible', device.responsiblePerson || '—'],
      ['部门 department', device.department || '—'],
      ['位置 location', device.location || '—'],
      ['状态 status', statusText(device.status)],
      ['允许网络 allowed networks', detail.allowedNetworks.join(', ') || '— (policy default)'],
      ['在线 online', device.connected ? 'yes' : 'no'],
      ['首次 first seen', localTime(detail.firstSeenMs)],
      ['最近 last seen', localTime(device.lastSeenMs)],
      ['判定 state', stateText(device)],
      ['结果 findings', `fail ${device.failing}  error ${device.errors}  pass ${device.passing}`],
      [
        '系统 OS',
        hardware
          ? `${hardware.osName} ${hardware.osVersion}, kernel ${hardware.kernel}, ${hardware.arch}`
          : '—',
      ],
      ['机器 machine id', hardware?.machineId || '—'],
      ['产品 product uuid', hardware?.dmiProductUuid || '—'],
      ['主板 board serial', hardware?.dmiBoardSerial || '—'],
      ['网卡 MAC', hardware?.macAddresses.join(', ') || '—'],
      ['硬盘 disks', hardware?.disks.map(diskText).join('; ') || '—'],
    ]),
    '',
  ];
  if (detail.history.length === 0) lines.push('历史 history: none');
  else {
    lines.push(
      '历史 history (newest first)',
      renderTable(
        [
          { header: 'TIME', value: (change: LedgerChange__Output) => localTime(change.atMs) },
          { header: 'ACTOR', value: (change) => change.actor, maxWidth: 24 },
          { header: 'ACTION', value: (change) => change.action },
          { header: 'FIELD', value: (change) => change.field },
          { header: 'FROM', value: (change) => valueText(change.oldValueJson, change.field), maxWidth: 40 },
          { header: 'TO', value: (change) => valueText(change.newValueJson, change.field), maxWidth: 40 },
        ],
        detail.history,
      ),
    );
  }
  printText(`${lines.join('\n')}\n`);
}

const showDevice = (deviceId: string, command: { history: string }) =>
  withClient(async (client, options) => {
    const detail = await client.getDevice({
      deviceId,
      historyLimit: positiveInteger('--history', command.history),
    });
    if (!options.json) printDevice(detail);
    return detail;
  });

const device = program
  .command('device')
  .description(t('help.device'))
  .argument('[id]', 'device id')
  .option('--history <n>', 'history entries to show, newest first', '50')
  .action((deviceId: string | undefined, command: { history: string }) => {
    if (deviceId === undefined) return device.help({ error: true });
    return showDevice(deviceId, command);
  });

device
  .command('show')
  .description(t('help.device.show'))
  .argument('<id>', 'device id')
  .option('--history <n>', 'history entries to show, newest first', '50')
  .action(showDevice);

interface SetOptions {
  classification?: string;
  assetNumber?: string;
  responsible?: string;
  department?: string;
  location?: string;
  status?: string;
  allowedNetworks?: string;
  create?: boolean;
}

device
  .command('set')
  .description(t('help.device.set'))
  .argument('<id>', 'device id')
  .option(
    '--classification <level>',
    '绝密|机密|秘密|非密 or top_secret|confidential|secret|non_classified ("" clears)',
  )
  .option('--asset-number <text>', 'asset number (资产编号)')
  .option('--responsible <name>', 'responsible person (责任人)')
  .option('--department <name>', 'department (部门)')
  .option('--location <text>', 'location (位置)')
  .option('--status <status>', '在用|维修|停用 or in_service|under_repair|retired')
  .option('--allowed-networks <cidrs>', 'CIDR blocks separated by commas ("" for the policy default)')
  .option('--create', 'make a ledger entry for a device that has not enrolled yet')
  .action((deviceId: string, command: SetOptions) =>
    withClient(async (client, options) => {
      const request: UpdateDeviceRequest = { deviceId, fields: [], create: Boolean(command.create) };
      const set = <K extends keyof UpdateDeviceRequest>(
        field: string,
        key: K,
        value: UpdateDeviceRequest[K],
      ) => {
        request.fields!.push(field);
        request[key] = value;
      };
      if (command.classification !== undefined) {
        const classification = readClassification(command.classification);
        if (!classification.ok) throw new Error(`--classification: ${classification.problem}`);
        set('classification', 'classification', classificationToWire(classification.value));
      }
      if (command.assetNumber !== undefined) set('asset_number', 'assetNumber', command.assetNumber);
      if (command.responsible !== undefined)
        set('responsible_person', 'responsiblePerson', command.responsible);
      if (command.department !== undefined) set('department', 'department', command.department);
      if (command.location !== undefined) set('location', 'location', command.location);
      if (command.status !== undefined) set('status', 'status', command.status);
      if (command.allowedNetworks !== undefined)
        set('allowed_networks', 'allowedNetworks', [command.allowedNetworks]);
      if (request.fields!.length === 0) {
        throw new Error(
          'device set: give at least one of --classification --asset-number --responsible --department --location --status --allowed-networks',
        );
      }
      await client.updateDevice(request);
      const detail = await client.getDevice({ deviceId, historyLimit: 10 });
      if (!options.json) {
        printText(`已更新 updated ${deviceId}: ${request.fields!.join(', ')}\n\n`);
        printDevice(detail);
      }
      return detail;
    }),
  );

const ledger = program.command('ledger').description(t('help.ledger'));

type LedgerFileFormat = 'csv' | 'xlsx';

/** --format when given, else the file's extension; CSV otherwise. */
function fileFormat(flag: string | undefined, file: string | undefined): LedgerFileFormat {
  if (flag !== undefined) {
    const chosen = flag.trim().toLowerCase();
    if (chosen !== 'csv' && chosen !== 'xlsx') throw new Error(`--format ${flag}: expected csv or xlsx`);
    return chosen;
  }
  return file !== undefined && path.extname(file).toLowerCase() === '.xlsx' ? 'xlsx' : 'csv';
}

function gapTable(gaps: ExportLedgerResponse__Output['gaps']): string {
  return renderTable(
    [
      { header: 'LINE', value: (gap: ExportLedgerResponse__Output['gaps'][number]) => String(gap.line) },
      { header: 'COLUMN', value: (gap) => gap.column },
      { header: 'PROBLEM', value: (gap) => gap.problem },
    ],
    gaps,
  );
}

/** Stored entries the rules would refuse are named, not hidden: a line on stderr after an export. */
function noteGaps(gaps: ExportLedgerResponse__Output['gaps']) {
  if (gaps.length === 0) return;
  const devices = new Set(gaps.map((gap) => gap.line)).size;
  printNote(
    `注意 note: ${devices} 条台帐记录不符合 3.7.2（缺必填字段或资产编号重复），下次修改时会被拒绝；详见 shoumictl ledger check / ${devices} ledger entries lack a required field or share an asset number (3.7.2) and will be refused when next changed: see shoumictl ledger check\n`,
  );
}

ledger
  .command('export')
  .description(t('help.ledger.export'))
  .option('--lang <zh|en>', 'header and value language', 'zh')
  .option('--format <csv|xlsx>', 'file format (default: from the --out extension, else csv)')
  .option('--out <file>', 'write to this file instead of standard output')
  .action((command: { lang: string; format?: string; out?: string }) =>
    withLedgerClient(async (client, options) => {
      const format = fileFormat(command.format, command.out);
      if (format === 'xlsx' && command.out === undefined && (process.stdout.isTTY || options.json)) {
        throw new Error(
          '--format xlsx: an .xlsx file is binary and is not written to a terminal or into --json; give --out FILE.xlsx or redirect standard output',
        );
      }
      const exported = await client.exportLedger({ lang: command.lang });
      noteGaps(exported.gaps);
      const content = format === 'xlsx' ? await ledgerCsvToXlsx(exported.csvText) : exported.csvText;
      if (command.out !== undefined) {
        await writeFile(command.out, content);
        if (!options.json)
          printText(`已导出 exported ${exported.rows} devices to ${command.out} (${format})\n`);
        return { rows: exported.rows, out: command.out, format, gaps: exported.gaps };
      }
      if (!options.json) process.stdout.write(content);
      return exported;
    }),
  );

ledger
  .command('check')
  .description(t('help.ledger.check'))
  .option('--lang <zh|en>', 'column names in this language', 'zh')
  .action((command: { lang: string }) =>
    withLedgerClient(async (client, options) => {
      const exported = await client.exportLedger({ lang: command.lang });
      if (exported.gaps.length > 0) process.exitCode = 1;
      if (!options.json) {
        printText(
          exported.gaps.length === 0
            ? `台帐完整 complete: ${exported.rows} 条记录均符合 3.7.2 / all ${exported.rows} entries meet 3.7.2\n`
            : `台帐不完整 incomplete: ${exported.gaps.length} 个问题（行号为 ledger export 的行）/ ${exported.gaps.length} problems (lines of ledger export)\n${gapTable(exported.gaps)}\n`,
        );
      }
      return { rows: exported.rows, gaps: exported.gaps };
    }),
  );

type RowProblem = ImportLedgerResponse__Output['problems'][number];

function problemTable(problems: readonly RowProblem[], last: string): string {
  return renderTable(
    [
      { header: 'LINE', value: (problem: RowProblem) => String(problem.line || 'file') },
      { header: 'COLUMN', value: (problem) => problem.column || '—' },
      { header: last, value: (problem) => problem.problem },
    ],
    [...problems],
  );
}

function printImport(fileName: string, response: ImportLedgerResponse__Output, note: string) {
  const notes: string[] = [];
  if (response.noteCount > 0) {
    notes.push(
      `注意 notes: ${response.noteCount} 行的主机名未导入（主机名由探针上报）/ ${response.noteCount} rows set a hostname, which was not imported (the agent reports it)`,
      problemTable(response.notes, 'NOTE'),
    );
    if (response.notes.length < response.noteCount)
      notes.push(
        `… ${response.noteCount - response.notes.length} more / 另有 ${response.noteCount - response.notes.length} 条未列出`,
      );
  }
  if (response.problemCount > 0) {
    const lines = [
      `已拒绝 refused: ${fileName} — ${response.problemCount} 个问题，未做任何更改 / ${response.problemCount} problems, nothing was changed${note}`,
      problemTable(response.problems, 'PROBLEM'),
    ];
    if (response.problems.length < response.problemCount) {
      lines.push(
        `… ${response.problemCount - response.problems.length} more / 另有 ${response.problemCount - response.problems.length} 个未列出`,
      );
    }
    printText(`${[...lines, ...notes].join('\n')}\n`);
    return;
  }
  const counts = `${response.rows} 行 rows: 新建 created ${response.created}, 更改 changed ${response.changed}, 未变 unchanged ${response.unchanged}`;
  printText(
    `${[
      response.dryRun
        ? `检查通过，未写入 dry run OK, nothing written: ${fileName}, ${counts}${note}`
        : `已导入 imported ${fileName}: ${counts}${note}`,
      ...notes,
    ].join('\n')}\n`,
  );
}

/** The file as ledger CSV text, and how it was read (for the report). */
async function ledgerFileText(
  file: string,
  format: LedgerFileFormat,
): Promise<{ text: string; read: string }> {
  const bytes = await readFile(file);
  if (format === 'xlsx') {
    if (!looksLikeXlsx(bytes))
      throw new Error(`${file}: not an .xlsx workbook (no ZIP header); for a CSV file use --format csv`);
    return { text: await xlsxToLedgerCsv(bytes), read: 'xlsx' };
  }
  const { text, encoding } = csvFileText(bytes);
  return { text, read: encoding };
}

ledger
  .command('import')
  .description(t('help.ledger.import'))
  .argument('<file>', 'CSV (UTF-8 or GB18030) or .xlsx (first sheet); Chinese or English headers')
  .option('--format <csv|xlsx>', 'file format (default: .xlsx by extension, else csv)')
  .option('--dry-run', 'check and count only; write nothing')
  .action((file: string, command: { dryRun?: boolean; format?: string }) =>
    withLedgerClient(async (client, options) => {
      const format = fileFormat(command.format, file);
      const size = (await stat(file)).size;
      if (size > LEDGER_CSV_LIMITS.maxBytes) {
        throw new Error(
          `${file}: ${size} bytes; a ledger import takes at most ${LEDGER_CSV_LIMITS.maxBytes}`,
        );
      }
      const { text, read } = await ledgerFileText(file, format);
      const response = await client.importLedger({
        csvText: text,
        dryRun: Boolean(command.dryRun),
        fileName: path.basename(file),
      });
      if (response.problemCount > 0) process.exitCode = 1;
      const note = read === 'gb18030' ? '（按 GB18030 读取 / read as GB18030）' : '';
      if (!options.json) printImport(path.basename(file), response, note);
      return { ...response, encoding: read === 'xlsx' ? 'xlsx' : read };
    }),
  );
