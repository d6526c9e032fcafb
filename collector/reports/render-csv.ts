// The inspection record as CSV that Excel opens correctly: UTF-8 with a byte-order mark (or Excel reads it as
// the local code page and Chinese turns to mojibake), CRLF line ends, one row per problem carrying every
// field of the record, so the sheet can be filtered and sorted without the header block.
//
// A cell that begins with = + - @ (or a tab / carriage return) would be run as a formula by spreadsheet
// programs; such cells get a leading apostrophe (OWASP's advice on CSV injection). A record with no problems
// is the header row alone.
import { stringify } from 'csv-stringify/sync';
import type { InspectionRecord } from './inspection-record';
import {
  completionText,
  coverageText,
  levelText,
  type RenderOptions,
  recordTimeText,
  remediationOf,
  scopeText,
  severityText,
  statusText,
  timeText,
  titleOf,
  wordsFor,
} from './record-text';

const FORMULA_START = /^[=+\-@\t\r]/;

export const neutralizeFormula = (text: string) => (FORMULA_START.test(text) ? `'${text}` : text);

export function csvHeaders(options: RenderOptions): string[] {
  const words = wordsFor(options.lang);
  return [
    words.seq,
    words.time,
    words.inspector,
    words.scope,
    words.policy,
    words.device,
    words.hostname,
    words.assetNumber,
    words.classification,
    words.responsible,
    words.department,
    words.location,
    words.coverage,
    words.clause,
    words.rule,
    words.itemTitle,
    words.subject,
    words.status,
    words.severity,
    words.reason,
    words.observed,
    words.latest,
    words.remediation,
    words.measure,
    words.completion,
    words.completedAt,
    words.recordedBy,
  ];
}

export function renderInspectionCsv(record: InspectionRecord, options: RenderOptions): string {
  const { lang } = options;
  const devices = new Map(record.devices.map((device) => [device.deviceId, device]));
  const time = recordTimeText(record, options);
  const scope = scopeText(record, options);
  const policy = `${record.policyName} ${record.policyVersion}`.trim();
  const rows = record.problems.map((problem, index) => {
    const device = devices.get(problem.deviceId);
    const disposition = problem.disposition;
    return [
      String(index + 1),
      time,
      record.inspector,
      scope,
      policy,
      problem.deviceId,
      problem.hostname,
      problem.assetNumber,
      levelText(problem.classification, lang),
      problem.responsiblePerson,
      problem.department,
      device?.location ?? '',
      device ? coverageText(device.coverage, lang) : '',
      problem.clause,
      problem.ruleId,
      titleOf(problem, lang),
      problem.subject,
      statusText(problem.status, lang),
      severityText(problem.severity, lang),
      problem.reason,
      timeText(problem.observedAtMs, options),
      statusText(problem.latestStatus, lang),
      remediationOf(problem, lang),
      disposition?.measure ?? '',
      completionText(disposition, lang),
      disposition?.completed ? timeText(disposition.completedAtMs, options) : '',
      disposition?.recordedBy ?? '',
    ].map(neutralizeFormula);
  });
  return stringify([csvHeaders(options), ...rows], { bom: true, record_delimiter: 'windows' });
}
