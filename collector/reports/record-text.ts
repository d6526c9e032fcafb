// The words of the inspection record in Chinese (the default) and English, and how its values are shown:
// levels, statuses, coverage, whether a measure was carried out, times in the reader's time zone (named).
// Shared by every renderer so the HTML, CSV and terminal forms say the same thing.
//
// Chinese: the record's parts carry the six names clause 3.12.2 gives them, verbatim — 检查时间, 检查人,
// 检查对象, 检查事项, 存在问题, 整改措施及落实情况 — and the words inside follow them: a measure is 已落实 or
// 未落实 (the standard's 落实, "carried out", rather than 已完成/未完成, so the column and its values speak the
// clause's language). English: whole words (no abbreviations) and ASCII punctuation only; a test scans the
// English forms for anything else outside the record's own data.
import {
  CLASSIFICATION_ZH,
  type Classification,
  type FindingStatus,
  type Severity,
} from '../../policies/model';
import type { DeviceStatus } from '../store/store';
import type { Coverage, InspectionRecord, RecordDisposition, RecordProblem } from './inspection-record';
import { reportTimeZone } from './window-bound';

export const LANGUAGES = ['zh', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

export interface RenderOptions {
  lang: Language;
  /** IANA time zone for display; the machine's own when omitted. */
  timeZone?: string;
}

const plural = (count: number, one: string, many: string) => `${count} ${count === 1 ? one : many}`;

const WORDS = {
  zh: {
    title: '保密检查记录',
    subtitle: '依据《涉密信息系统集成资质保密标准》3.12.2',
    unit: '被检查单位',
    time: '检查时间',
    inspector: '检查人',
    scope: '检查范围',
    sweep: '全网检查',
    window: '时段检查',
    policy: '检查策略',
    generated: '生成时间',
    object: '检查对象',
    items: '检查事项',
    problems: '存在问题',
    measures: '整改措施及落实情况',
    /** Column headings inside the sections: the section's own name in Chinese, one row's worth in English. */
    objectColumn: '检查对象',
    itemColumn: '检查事项',
    problemColumn: '存在问题',
    seq: '序号',
    hostname: '主机名',
    assetNumber: '资产编号',
    classification: '密级',
    responsible: '责任人',
    department: '部门',
    location: '位置',
    coverage: '检查情况',
    coverageDetail: '情况说明',
    reasonLabel: '原因',
    ledgerStatus: '台帐状态',
    clause: '条款',
    rule: '规则',
    subject: '具体对象',
    status: '结论',
    severity: '严重程度',
    observed: '发现时间',
    latest: '范围内最新状态',
    current: '当前状态',
    asOf: '截至',
    remediation: '整改要求',
    measure: '整改措施',
    completion: '落实情况',
    completedAt: '落实时间',
    recordedBy: '登记人',
    completionCheck: '落实核对',
    noProblems: '未发现问题。',
    noProblemsHere: '未发现问题',
    noMeasure: '未登记整改措施',
    completed: '已落实',
    notCompleted: '未落实',
    persists: '已登记落实，但该问题仍未消除',
    signInspector: '检查人（签字）',
    signResponsible: '负责人（签字）',
    date: '日期',
    to: '至',
    none: '—',
    colon: '：',
    aside: (text: string) => `（${text}）`,
    severityNote: (severity: string) => `（${severity}）`,
    /** Column widths of the HTML tables (182 mm each), wide enough for every heading's words whole. */
    factsLabelWidth: '28mm',
    columns: {
      devices: ['12mm', '30mm', '28mm', '14mm', '22mm', '24mm', '20mm', '32mm'],
      items: ['12mm', '16mm', '56mm', '98mm'],
      problems: ['12mm', '13mm', '38mm', '50mm', '69mm'],
      measures: ['12mm', '30mm', '65mm', '45mm', '30mm'],
    },
    /** The CSS content of every printed page's footer (paged media: counter(pages) is the total). */
    page: '"第 " counter(page) " 页 共 " counter(pages) " 页"',
    windowNote: '时段检查记录只含该时段内上报的检查结果：客户端只上报变化，完整的检查以全网检查记录为准。',
    devicesLine: (devices: number, inspected: number, notInspected: number) =>
      `共 ${devices} 台，已检查 ${inspected} 台，未检查 ${notInspected} 台`,
    partlyLine: (partly: number) => `已检查的设备中 ${partly} 台有检查事项在检查范围内无结果`,
    countsLine: (problems: number, findings: number) => `问题 ${problems} / 结果 ${findings}`,
    unjudgedLine: (items: number) => `${items} 项检查事项无结果`,
    problemsLine: (problems: number, devices: number, measured: number, completed: number) =>
      `存在问题 ${problems} 项（涉及 ${devices} 台设备），已登记整改措施 ${measured} 项，已落实 ${completed} 项`,
    persistingLine: (persisting: number) => `其中 ${persisting} 项已登记落实，但该问题仍未消除`,
    coverageLine: (answered: number, failed: number, offline: number, pending: number, never: number) =>
      `已应答 ${answered} 台，执行失败 ${failed} 台，离线 ${offline} 台，等待应答 ${pending} 台，从未上报 ${never} 台`,
  },
  en: {
    title: 'Security inspection record',
    subtitle: 'Secrecy standard for classified-system integration, clause 3.12.2',
    unit: 'Inspected unit',
    time: 'Time of inspection',
    inspector: 'Inspector',
    scope: 'Scope',
    sweep: 'fleet sweep',
    window: 'period',
    policy: 'Policy',
    generated: 'Generated',
    object: 'Objects inspected',
    items: 'Items checked',
    problems: 'Problems found',
    measures: 'Corrective measures and their implementation',
    objectColumn: 'Device',
    itemColumn: 'Item checked',
    problemColumn: 'Problem',
    seq: 'Number',
    hostname: 'Hostname',
    assetNumber: 'Asset number',
    classification: 'Classification',
    responsible: 'Responsible person',
    department: 'Department',
    location: 'Location',
    coverage: 'Coverage',
    coverageDetail: 'Coverage detail',
    reasonLabel: 'Reason',
    ledgerStatus: 'Ledger status',
    clause: 'Clause',
    rule: 'Rule',
    subject: 'Subject',
    status: 'Result',
    severity: 'Severity',
    observed: 'Observed',
    latest: 'Latest status in scope',
    current: 'Status now',
    asOf: 'as of',
    remediation: 'Remediation',
    measure: 'Corrective measure',
    completion: 'Implementation',
    completedAt: 'Completed at',
    recordedBy: 'Recorded by',
    completionCheck: 'Completion check',
    noProblems: 'No problems found.',
    noProblemsHere: 'no problems found',
    noMeasure: 'no measure recorded',
    completed: 'completed',
    notCompleted: 'not completed',
    persists: 'marked complete, but the problem persists',
    signInspector: 'Inspector (signature)',
    signResponsible: 'Person in charge (signature)',
    date: 'Date',
    to: 'to',
    none: '-',
    colon: ': ',
    aside: (text: string) => ` (${text})`,
    severityNote: (severity: string) => ` (${severity}) `,
    factsLabelWidth: '36mm',
    columns: {
      devices: ['17mm', '24mm', '23mm', '27mm', '24mm', '24mm', '20mm', '23mm'],
      items: ['17mm', '16mm', '53mm', '96mm'],
      problems: ['17mm', '15mm', '35mm', '48mm', '67mm'],
      measures: ['17mm', '30mm', '62mm', '40mm', '33mm'],
    },
    page: '"Page " counter(page) " of " counter(pages)',
    windowNote:
      'A period record holds only the results reported within the period: agents report changes only, so a complete inspection is the record of a fleet sweep.',
    devicesLine: (devices: number, inspected: number, notInspected: number) =>
      `${plural(devices, 'device', 'devices')} in all, ${inspected} inspected, ${notInspected} not inspected`,
    partlyLine: (partly: number) =>
      `${plural(partly, 'inspected device has', 'inspected devices have')} items without a result in the scope`,
    countsLine: (problems: number, findings: number) =>
      `${plural(problems, 'problem', 'problems')} / ${plural(findings, 'result', 'results')}`,
    unjudgedLine: (items: number) => `${plural(items, 'item', 'items')} without a result`,
    problemsLine: (problems: number, devices: number, measured: number, completed: number) =>
      `${plural(problems, 'problem', 'problems')} found on ${plural(devices, 'device', 'devices')}, ${measured} with a corrective measure, ${completed} completed`,
    persistingLine: (persisting: number) => `${persisting} of them marked complete, but the problem persists`,
    coverageLine: (answered: number, failed: number, offline: number, pending: number, never: number) =>
      `${answered} answered, ${failed} failed, ${offline} offline, ${pending} awaiting an answer, ${never} never reported`,
  },
} as const;

export type Words = (typeof WORDS)[Language];

export const wordsFor = (lang: Language): Words => WORDS[lang];

const CLASSIFICATION_EN: Record<Classification, string> = {
  top_secret: 'Top secret',
  confidential: 'Confidential',
  secret: 'Secret',
  non_classified: 'Non-classified',
};

const STATUS_TEXT: Record<Language, Record<FindingStatus, string>> = {
  zh: { pass: '符合', fail: '不符合', error: '无法判定', not_applicable: '不适用' },
  en: { pass: 'pass', fail: 'fail', error: 'error (could not judge)', not_applicable: 'not applicable' },
};

/** A key with no current finding: its subject is gone (a stick pulled out) or the rule was judged anew. */
const NO_CURRENT_TEXT: Record<Language, string> = {
  zh: '无当前结果（对象已不存在）',
  en: 'no current result (the subject is gone)',
};

const SEVERITY_TEXT: Record<Language, Record<Severity, string>> = {
  zh: { low: '低', medium: '中', high: '高', critical: '严重' },
  en: { low: 'low', medium: 'medium', high: 'high', critical: 'critical' },
};

/** Inspected or not, in one word, as the summary counts them. */
const INSPECTED_TEXT: Record<Language, { yes: string; no: string }> = {
  zh: { yes: '已检查', no: '未检查' },
  en: { yes: 'inspected', no: 'not inspected' },
};

/** What happened, or why the device was not inspected. */
const COVERAGE_TEXT: Record<Language, Record<Coverage, string>> = {
  zh: {
    answered: '已应答',
    inspected: '时段内有上报',
    failed: '全网检查执行失败',
    offline: '离线，检查指令未送达',
    pending: '检查指令已送达，尚未应答',
    never_reported: '客户端从未上报',
    no_report: '该时段内无上报',
  },
  en: {
    answered: 'answered the sweep',
    inspected: 'reported within the period',
    failed: 'the sweep failed on it',
    offline: 'offline, the sweep never reached it',
    pending: 'the sweep reached it, no answer yet',
    never_reported: 'its agent has never reported',
    no_report: 'nothing reported within the period',
  },
};

const LEDGER_STATUS_TEXT: Record<Language, Record<DeviceStatus, string>> = {
  zh: { in_service: '在用', under_repair: '维修中', retired: '已报废' },
  en: { in_service: 'in service', under_repair: 'under repair', retired: 'retired' },
};

export const levelText = (level: Classification | null, lang: Language) =>
  level === null ? WORDS[lang].none : lang === 'zh' ? CLASSIFICATION_ZH[level] : CLASSIFICATION_EN[level];
export const statusText = (status: FindingStatus, lang: Language) => STATUS_TEXT[lang][status];
export const currentStatusText = (status: FindingStatus | null, lang: Language) =>
  status === null ? NO_CURRENT_TEXT[lang] : STATUS_TEXT[lang][status];
export const severityText = (severity: Severity, lang: Language) => SEVERITY_TEXT[lang][severity];
export const inspectedText = (inspected: boolean, lang: Language) =>
  inspected ? INSPECTED_TEXT[lang].yes : INSPECTED_TEXT[lang].no;
export const coverageText = (coverage: Coverage, lang: Language) => COVERAGE_TEXT[lang][coverage];
export const ledgerStatusText = (status: DeviceStatus, lang: Language) => LEDGER_STATUS_TEXT[lang][status];

/** "2026-11-03 09:02" in the reader's time zone; a dash for 0 (never). */
export function timeText(ms: number, options: RenderOptions): string {
  if (ms <= 0) return WORDS[options.lang].none;
  return new Intl.DateTimeFormat('sv-SE', {
    timeZone: options.timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hour12: false,
  }).format(ms);
}

/** The zone times are shown in, as the reader should see it beside them: "（Asia/Shanghai）". */
export const zoneText = (options: RenderOptions) =>
  WORDS[options.lang].aside(reportTimeZone(options.timeZone));

/** The inspection's time span, a sweep's start to end or the window, with the zone it is shown in. */
export function recordTimeText(record: InspectionRecord, options: RenderOptions): string {
  const words = WORDS[options.lang];
  const [from, to] =
    record.scope.kind === 'sweep'
      ? [record.scope.startedAtMs, record.scope.completedAtMs]
      : [record.scope.fromMs, record.scope.toMs];
  return `${timeText(from, options)} ${words.to} ${timeText(to, options)}${zoneText(options)}`;
}

export function scopeText(record: InspectionRecord, options: RenderOptions): string {
  const words = WORDS[options.lang];
  return record.scope.kind === 'sweep' ? `${words.sweep} ${record.scope.sweepId}` : words.window;
}

/** The unit's name, or "" when the collector was not told it (the form leaves a line to fill in). */
export const unitText = (record: InspectionRecord) =>
  record.inspectedUnit.configured ? record.inspectedUnit.name : '';

export const titleOf = (item: { titleZh: string; titleEn: string }, lang: Language) =>
  lang === 'zh' ? item.titleZh : item.titleEn;

export const remediationOf = (problem: RecordProblem, lang: Language) =>
  lang === 'zh' ? problem.remediationZh : problem.remediationEn;

/** "已落实" / "未落实" / "未登记整改措施". */
export function completionText(disposition: RecordDisposition | null, lang: Language): string {
  const words = WORDS[lang];
  if (disposition === null) return words.noMeasure;
  return disposition.completed ? words.completed : words.notCompleted;
}
