// The words of the 检查记录 section (inspection records, clause 3.12.2), Chinese and English side by side.
// The record's own words (its six field names, 已落实/未落实, coverage) come from collector/reports/
// record-text.ts, so the console, the printed form and shoumictl say the same thing.
import type { Bilingual } from '../console-text';
import type { RecordQueryProblem } from './record-scope';

export const RECORD_TEXT = {
  title: { zh: '检查记录', en: 'Inspection records' },
  intro: {
    zh: '按一次检查或一个时段生成保密检查记录（3.12.2），登记整改措施，打印或导出。',
    en: 'Make the inspection record (3.12.2) of a sweep or a time window, record corrective measures, print or export it.',
  },
  bySweep: { zh: '按检查生成', en: 'For a sweep' },
  byWindow: { zh: '按时段生成', en: 'For a time window' },
  sweep: { zh: '检查', en: 'Sweep' },
  noSweeps: {
    zh: '还没有检查。可按时段生成记录。',
    en: 'No sweep yet. Make a record for a time window instead.',
  },
  sweepOption: {
    zh: '{time} · 已答复 {answered}/{targets} · {id}',
    en: '{time} · answered {answered}/{targets} · {id}',
  },
  from: { zh: '开始时间', en: 'From' },
  to: { zh: '结束时间', en: 'To' },
  zoneNote: {
    zh: '时间按本单位时区 {zone} 填写，含结束的那一分钟。',
    en: 'Times in the unit’s zone {zone}; the end minute is included.',
  },
  inspector: { zh: '检查人', en: 'Inspector' },
  inspectorDefault: { zh: '默认：{name}', en: 'default: {name}' },
  generate: { zh: '生成记录', en: 'Make the record' },
  openTitle: { zh: '当前待整改问题', en: 'Problems open now' },
  openNone: { zh: '当前没有不通过或无法判定的检查项。', en: 'No finding fails or errs now.' },
  openMore: {
    zh: '仅列出前 {count} 项；全部不合规设备见',
    en: 'Only the first {count} are listed; every failing device is under',
  },
  failingDevices: { zh: '不合规设备', en: 'failing devices' },
  device: { zh: '设备', en: 'Device' },
  clause: { zh: '条款', en: 'Clause' },
  rule: { zh: '检查事项', en: 'Item' },
  status: { zh: '结果', en: 'Status' },
  reason: { zh: '存在问题', en: 'Problem' },
  observed: { zh: '发现时间', en: 'Observed' },
  measure: { zh: '整改措施', en: 'Corrective measure' },
  noMeasure: { zh: '未登记', en: 'none recorded' },
  // The view.
  change: { zh: '重新选择', en: 'Choose another' },
  print: { zh: '打印（A4）', en: 'Print (A4)' },
  csv: { zh: '下载 CSV', en: 'Download CSV' },
  json: { zh: '下载 JSON', en: 'Download JSON' },
  unitNotSet: { zh: '未设置（打印件留空待填）', en: 'not set (a line to fill in on paper)' },
  scopeSweep: { zh: '检查 {id}', en: 'sweep {id}' },
  scopeWindow: { zh: '时段', en: 'time window' },
  notInspectedTitle: { zh: '未检查的设备', en: 'Devices not inspected' },
  problemsTitle: { zh: '存在问题及整改措施', en: 'Problems and corrective measures' },
  noProblems: { zh: '本记录范围内未发现问题。', en: 'No problem in this record’s scope.' },
  deviceProblems: { zh: '{count} 项问题', en: '{count} problems' },
  latest: { zh: '范围内最新', en: 'newest in scope' },
  current: { zh: '当前', en: 'now' },
  recordedBy: { zh: '{who} 于 {time} 登记', en: 'recorded by {who} at {time}' },
  completedAt: { zh: '落实时间 {time}', en: 'carried out {time}' },
  persists: { zh: '标为已落实，但问题仍然存在', en: 'marked carried out, but the problem is still there' },
  measureLabel: { zh: '整改措施', en: 'Corrective measure' },
  completedLabel: { zh: '已落实', en: 'Carried out' },
  saveMeasure: { zh: '保存整改措施', en: 'Save the measure' },
  cannotMark: {
    zh: '该问题已无当前结果（对象已移除），无法登记整改措施。',
    en: 'This problem has no current finding (its subject is gone); no measure can be recorded.',
  },
  measureSaved: { zh: '整改措施已登记。', en: 'The corrective measure was recorded.' },
  measureRefused: { zh: '整改措施未登记：{why}', en: 'The corrective measure was not recorded: {why}' },
  recordRefused: { zh: '无法生成记录：{why}', en: 'The record could not be made: {why}' },
  badFormat: { zh: '下载格式只能是 csv 或 json。', en: 'The download format is csv or json.' },
} satisfies Record<string, Bilingual>;

export const QUERY_PROBLEM_TEXT: Readonly<Record<RecordQueryProblem, Bilingual>> = {
  'no-scope': {
    zh: '请选择一次检查，或填写开始和结束时间。',
    en: 'Choose a sweep, or give both ends of a time window.',
  },
  both: { zh: '检查和时段只能选一个。', en: 'Give a sweep or a time window, not both.' },
  'bad-from': {
    zh: '开始时间“{value}”不是有效的时间（例如 2026-12-01T08:00）。',
    en: 'The start “{value}” is not a valid time (for example 2026-12-01T08:00).',
  },
  'bad-to': {
    zh: '结束时间“{value}”不是有效的时间（例如 2026-12-07T18:00）。',
    en: 'The end “{value}” is not a valid time (for example 2026-12-07T18:00).',
  },
  reversed: {
    zh: '结束时间（{to}）早于开始时间（{from}），时段为空。',
    en: 'The end ({to}) is before the start ({from}): the window is empty.',
  },
};
