// The inspection record as CSV that Excel opens correctly: UTF-8 with a byte-order mark (or Excel reads it as
// the local code page and Chinese turns to mojibake), CRLF line ends, one row per problem carrying every
// field of the record, then one row for every device of the record without a problem row — inspected and
// clean ("未发现问题"), or not inspected (with why, under 存在问题 too: a blank there would read as "no
// problem") — so the sheet names every device in scope and can be filtered and sorted without a header block.
// The first columns after the row number are the unit and the six fields of 3.12.2 under their own names.
//
// Every cell goes through collector/text/csv-cell.ts: a cell a spreadsheet would run as a formula gets a
// leading apostrophe (OWASP's advice on CSV injection), invisible characters are shown as <U+XXXX>. A record
// with no devices is the header row alone.

import { findingReasonText } from '../../policies/messages/finding-reason';
import { writeCsv } from '../text/csv-cell';
import {
  completedButPersists,
  type InspectionRecord,
  type RecordDevice,
  type RecordProblem,
  wasInspected,
} from './inspection-record';
import {
  completionText,
  coverageText,
  currentStatusText,
  inspectedText,
  ledgerStatusText,
  levelText,
  type RenderOptions,
  recordTimeText,
  remediationOf,
  scopeText,
  severityText,
  statusText,
  timeText,
  titleOf,
  unitText,
  wordsFor,
} from './record-text';

export function csvHeaders(options: RenderOptions): string[] {
  const words = wordsFor(options.lang);
  return [
    words.seq,
    words.unit,
    words.time,
    words.inspector,
    words.object,
    words.items,
    words.problems,
    words.measures,
    words.scope,
    words.policy,
    words.hostname,
    words.assetNumber,
    words.classification,
    words.responsible,
    words.department,
    words.location,
    words.ledgerStatus,
    words.coverage,
    words.coverageDetail,
    words.clause,
    words.rule,
    words.subject,
    words.status,
    words.severity,
    words.observed,
    words.latest,
    words.current,
    words.remediation,
    words.completion,
    words.completedAt,
    words.recordedBy,
    words.completionCheck,
  ];
}

export function renderInspectionCsv(record: InspectionRecord, options: RenderOptions): string {
  const { lang } = options;
  const words = wordsFor(lang);
  const unit = unitText(record);
  const time = recordTimeText(record, options);
  const scope = scopeText(record, options);
  const policy = `${record.policyName} ${record.policyVersion}`.trim();
  const devices = new Map(record.devices.map((device) => [device.deviceId, device]));

  const coverageDetail = (device: RecordDevice) =>
    [
      coverageText(device.coverage, lang),
      ...(device.coverageError ? [device.coverageError] : []),
      ...(wasInspected(device.coverage) && device.unjudgedItems > 0
        ? [words.unjudgedLine(device.unjudgedItems)]
        : []),
    ].join(words.colon);
  /** The columns describing the device, from the row's device where the record lists it. */
  const deviceColumns = (deviceId: string, fallback: Partial<RecordProblem>) => {
    const device = devices.get(deviceId);
    return [
      device?.hostname ?? fallback.hostname ?? '',
      device?.assetNumber ?? fallback.assetNumber ?? '',
      levelText(device?.classification ?? fallback.classification ?? null, lang),
      device?.responsiblePerson ?? fallback.responsiblePerson ?? '',
      device?.department ?? fallback.department ?? '',
      device?.location ?? '',
      device ? ledgerStatusText(device.ledgerStatus, lang) : '',
      device ? inspectedText(wasInspected(device.coverage), lang) : '',
      device ? coverageDetail(device) : '',
    ];
  };

  const problemRows = record.problems.map((problem) => {
    const disposition = problem.disposition;
    const completion = completionText(disposition, lang);
    return [
      unit,
      time,
      record.inspector,
      problem.deviceId,
      titleOf(problem, lang),
      findingReasonText(problem, lang),
      disposition === null ? completion : `${disposition.measure}${words.aside(completion)}`,
      scope,
      policy,
      ...deviceColumns(problem.deviceId, problem),
      problem.clause,
      problem.ruleId,
      problem.subject,
      statusText(problem.status, lang),
      severityText(problem.severity, lang),
      timeText(problem.observedAtMs, options),
      statusText(problem.latestStatus, lang),
      currentStatusText(problem.currentStatus, lang),
      remediationOf(problem, lang),
      completion,
      disposition?.completed ? timeText(disposition.completedAtMs, options) : '',
      disposition?.recordedBy ?? '',
      completedButPersists(problem) ? words.persists : '',
    ];
  });
  const withProblems = new Set(record.problems.map((problem) => problem.deviceId));
  const deviceRows = record.devices
    .filter((device) => !withProblems.has(device.deviceId))
    .map((device) => {
      const inspected = wasInspected(device.coverage);
      return [
        unit,
        time,
        record.inspector,
        device.deviceId,
        '',
        inspected
          ? words.noProblemsHere
          : `${inspectedText(false, lang)}${words.aside(coverageText(device.coverage, lang))}`,
        '',
        scope,
        policy,
        ...deviceColumns(device.deviceId, {}),
        ...Array<string>(13).fill(''),
      ];
    });
  const rows = [...problemRows, ...deviceRows].map((cells, index) => [String(index + 1), ...cells]);
  return writeCsv([csvHeaders(options), ...rows]);
}
