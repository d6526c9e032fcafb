// The words of the inspection record in Chinese (the default) and English, and how its values are shown:
// levels, statuses, coverage, completion, times in the reader's time zone. Shared by every renderer so the
// HTML, CSV and terminal forms say the same thing.
import {
  CLASSIFICATION_ZH,
  type Classification,
  type FindingStatus,
  type Severity,
} from '../../policies/model';
import type { Coverage, InspectionRecord, RecordDisposition, RecordProblem } from './inspection-record';

export const LANGUAGES = ['zh', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

export interface RenderOptions {
  lang: Language;
  /** IANA time zone for display; the machine's own when omitted. */
  timeZone?: string;
}

const WORDS = {
  zh: {
    title: '保密检查记录',
    subtitle: '依据《涉密信息系统集成资质保密标准》3.12.2',
    time: '检查时间',
    inspector: '检查人',
    scope: '检查范围',
    sweep: '全网检查',
    window: '时段',
    policy: '检查策略',
    generated: '生成时间',
    object: '检查对象',
    items: '检查项目',
    problems: '发现的问题',
    measures: '整改措施及完成情况',
    summary: '概况',
    seq: '序号',
    device: '设备',
    hostname: '主机名',
    assetNumber: '资产编号',
    classification: '密级',
    responsible: '责任人',
    department: '部门',
    location: '位置',
    coverage: '检查情况',
    findings: '检查结果数',
    problemCount: '问题数',
    clause: '条款',
    rule: '规则',
    itemTitle: '检查项目',
    subject: '检查对象（具体）',
    status: '结论',
    severity: '严重程度',
    reason: '问题描述',
    observed: '发现时间',
    latest: '当前状态',
    remediation: '整改要求',
    measure: '整改措施',
    completion: '完成情况',
    completedAt: '完成时间',
    recordedBy: '登记人',
    noProblems: '未发现问题。',
    noMeasure: '未登记整改措施',
    completed: '已完成',
    notCompleted: '未完成',
    signInspector: '检查人（签字）',
    signResponsible: '负责人（签字）',
    date: '日期',
    to: '至',
    none: '—',
    devicesLine: (devices: number, withProblems: number) =>
      `共检查 ${devices} 台设备，其中 ${withProblems} 台发现问题`,
    countsLine: (problems: number, findings: number) => `问题 ${problems} / 结果 ${findings}`,
    problemsLine: (problems: number, measured: number, completed: number) =>
      `发现问题 ${problems} 项，已登记整改措施 ${measured} 项，已完成整改 ${completed} 项`,
    coverageLine: (answered: number, failed: number, offline: number, pending: number) =>
      `已应答 ${answered} 台，执行失败 ${failed} 台，离线 ${offline} 台，等待应答 ${pending} 台`,
  },
  en: {
    title: 'Security inspection record',
    subtitle: 'Secrecy standard for classified-system integration, clause 3.12.2',
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
    measures: 'Corrective measures and their completion',
    summary: 'Summary',
    seq: 'No.',
    device: 'Device',
    hostname: 'Hostname',
    assetNumber: 'Asset number',
    classification: 'Classification',
    responsible: 'Responsible person',
    department: 'Department',
    location: 'Location',
    coverage: 'Coverage',
    findings: 'Results',
    problemCount: 'Problems',
    clause: 'Clause',
    rule: 'Rule',
    itemTitle: 'Item checked',
    subject: 'Subject',
    status: 'Result',
    severity: 'Severity',
    reason: 'Problem',
    observed: 'Observed',
    latest: 'Status now',
    remediation: 'Remediation',
    measure: 'Corrective measure',
    completion: 'Completion',
    completedAt: 'Completed at',
    recordedBy: 'Recorded by',
    noProblems: 'No problems found.',
    noMeasure: 'no measure recorded',
    completed: 'completed',
    notCompleted: 'not completed',
    signInspector: 'Inspector (signature)',
    signResponsible: 'Person in charge (signature)',
    date: 'Date',
    to: 'to',
    none: '—',
    devicesLine: (devices: number, withProblems: number) =>
      `${devices} device(s) inspected, ${withProblems} with problems`,
    countsLine: (problems: number, findings: number) => `${problems} problem(s) / ${findings} result(s)`,
    problemsLine: (problems: number, measured: number, completed: number) =>
      `${problems} problem(s) found, ${measured} with a corrective measure, ${completed} completed`,
    coverageLine: (answered: number, failed: number, offline: number, pending: number) =>
      `${answered} answered, ${failed} failed, ${offline} offline, ${pending} awaiting an answer`,
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

const SEVERITY_TEXT: Record<Language, Record<Severity, string>> = {
  zh: { low: '低', medium: '中', high: '高', critical: '严重' },
  en: { low: 'low', medium: 'medium', high: 'high', critical: 'critical' },
};

const COVERAGE_TEXT: Record<Language, Record<Coverage, string>> = {
  zh: { answered: '已应答', failed: '执行失败', offline: '离线', pending: '等待应答', inspected: '已检查' },
  en: {
    answered: 'answered',
    failed: 'failed',
    offline: 'offline',
    pending: 'awaiting answer',
    inspected: 'inspected',
  },
};

export const levelText = (level: Classification | null, lang: Language) =>
  level === null ? WORDS[lang].none : lang === 'zh' ? CLASSIFICATION_ZH[level] : CLASSIFICATION_EN[level];
export const statusText = (status: FindingStatus, lang: Language) => STATUS_TEXT[lang][status];
export const severityText = (severity: Severity, lang: Language) => SEVERITY_TEXT[lang][severity];
export const coverageText = (coverage: Coverage, lang: Language) => COVERAGE_TEXT[lang][coverage];

/** "2026-11-03 09:02" in the reader's time zone; "—" for 0 (never). */
export function timeText(ms: number, options: RenderOptions): string {
  if (ms <= 0) return WORDS[options.lang].none;
  const text = new Intl.DateTimeFormat('sv-SE', {
    timeZone: options.timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hour12: false,
  }).format(ms);
  return text;
}

/** The inspection's time span: a sweep's start to end, or the window. */
export function recordTimeText(record: InspectionRecord, options: RenderOptions): string {
  const words = WORDS[options.lang];
  const [from, to] =
    record.scope.kind === 'sweep'
      ? [record.scope.startedAtMs, record.scope.completedAtMs]
      : [record.scope.fromMs, record.scope.toMs];
  return `${timeText(from, options)} ${words.to} ${timeText(to, options)}`;
}

export function scopeText(record: InspectionRecord, options: RenderOptions): string {
  const words = WORDS[options.lang];
  return record.scope.kind === 'sweep' ? `${words.sweep} ${record.scope.sweepId}` : words.window;
}

export const titleOf = (item: { titleZh: string; titleEn: string }, lang: Language) =>
  lang === 'zh' ? item.titleZh : item.titleEn;

export const remediationOf = (problem: RecordProblem, lang: Language) =>
  lang === 'zh' ? problem.remediationZh : problem.remediationEn;

/** "已完成" / "未完成" / "未登记整改措施". */
export function completionText(disposition: RecordDisposition | null, lang: Language): string {
  const words = WORDS[lang];
  if (disposition === null) return words.noMeasure;
  return disposition.completed ? words.completed : words.notCompleted;
}
