// The inspection record as one self-contained HTML page that prints cleanly on A4: no scripts, no external
// fonts, images or styles (a Content-Security-Policy forbids them anyway), every text escaped. Every printed
// page carries "第 N 页 共 M 页" / "Page N of M" from CSS paged media (an @page margin box with counter(page)
// and counter(pages)), so the numbers are there whichever browser an office prints it from, not only from
// shoumi's own PDF; a loose page of a signed record can be put back in its place. Text comes
// from agents and admins and may be hostile: markup is escaped, control and bidi-override characters are
// shown as <U+202E> (policies/visible-text.ts, the same as terminals and CSV) instead of being passed through (they could hide or reorder text on paper), and long
// unbroken words wrap inside their cell instead of pushing the table off the page.

import { findingReasonText } from '../../policies/messages/finding-reason';
import { visibleText } from '../../policies/visible-text';
import {
  completedButPersists,
  type InspectionRecord,
  type RecordDevice,
  type RecordProblem,
  recordSummary,
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
  type Words,
  wordsFor,
  zoneText,
} from './record-text';

/** Markup escaped; invisible characters (all but tab and newline, which pre-wrap cells show) made visible. */
export function escapeHtml(text: string): string {
  return visibleText(text, 'lines-and-tabs')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** Nothing may load or run; only the record's own inline style applies (its <style> and column widths). */
export const RECORD_CONTENT_SECURITY_POLICY = "default-src 'none'; style-src 'unsafe-inline'";

const FONTS = `"Noto Sans CJK SC", "Noto Serif CJK SC", "Source Han Sans SC", "WenQuanYi Zen Hei",
    "Microsoft YaHei", "SimSun", sans-serif`;

/** The page's style; the footer's words are the only part that depends on the language. */
const styleFor = (words: Words) => `
@page {
  size: A4; margin: 16mm 14mm 18mm 14mm;
  @bottom-center { content: ${words.page}; font: 8.5pt/1 ${FONTS}; color: #333; }
}
* { box-sizing: border-box; }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; font: 10pt/1.45 ${FONTS}; }
body { margin: 0 auto; max-width: 182mm; padding: 8mm 0; color: #000; background: #fff; }
@media print { body { padding: 0; max-width: none; } }
h1 { font-size: 18pt; text-align: center; margin: 0 0 2mm; letter-spacing: 0.2em; }
.subtitle { text-align: center; margin: 0 0 5mm; font-size: 9pt; color: #333; }
h2 { font-size: 12pt; margin: 6mm 0 2mm; break-after: avoid; page-break-after: avoid; }
table { width: 100%; border-collapse: collapse; table-layout: fixed; margin: 0 0 2mm; }
th, td {
  border: 0.6pt solid #444; padding: 1.2mm 1.5mm; vertical-align: top; text-align: left;
  overflow-wrap: anywhere; word-break: break-word; white-space: pre-wrap;
}
th { background: #eee; font-weight: bold; font-size: 9pt; }
thead { display: table-header-group; }
tr, .signatures, .summary { break-inside: avoid; page-break-inside: avoid; }
.facts th { width: ${words.factsLabelWidth}; }
.summary p { margin: 1mm 0; }
.muted { color: #444; font-size: 8.5pt; }
.fail, .flag { font-weight: bold; }
.flag { text-decoration: underline; }
.signatures { display: flex; gap: 10mm; margin-top: 12mm; }
.signatures div { flex: 1; }
.line { display: inline-block; min-width: 38mm; border-bottom: 0.6pt solid #000; height: 1.2em; vertical-align: bottom; }
.facts .line { min-width: 90mm; }
`;

function row(cells: string[], header = false): string {
  const tag = header ? 'th' : 'td';
  return `<tr>${cells.map((content) => `<${tag}>${content}</${tag}>`).join('')}</tr>`;
}

function table(className: string, widths: readonly string[], headers: string[], rows: string[]): string {
  const columns = widths.map((width) => `<col style="width:${width}">`).join('');
  return `<table class="${className}"><colgroup>${columns}</colgroup><thead>${row(headers, true)}</thead><tbody>${rows.join('')}</tbody></table>`;
}

const muted = (html: string) => `<div class="muted">${html}</div>`;

export function renderInspectionHtml(record: InspectionRecord, options: RenderOptions): string {
  const { lang } = options;
  const words = wordsFor(lang);
  const summary = recordSummary(record);
  const colon = words.colon;
  /** Escaped text; an empty value shows as a dash so a blank cell never looks like a printing fault. */
  const cell = (text: string) => (text === '' ? words.none : escapeHtml(text));
  const labelled = (label: string, html: string) => `${escapeHtml(label)}${escapeHtml(colon)}${html}`;

  const unit = unitText(record);
  const facts = [
    // Not configured: a line to write the unit's name on by hand.
    [words.unit, unit === '' ? '<span class="line"></span>' : escapeHtml(unit)],
    [words.time, escapeHtml(recordTimeText(record, options))],
    [words.inspector, cell(record.inspector)],
    [words.scope, cell(scopeText(record, options))],
    [words.policy, cell(`${record.policyName} ${record.policyVersion}`.trim())],
    [words.generated, escapeHtml(`${timeText(record.generatedAtMs, options)}${zoneText(options)}`)],
  ].map(([label, value]) => `<tr><th>${escapeHtml(label!)}</th><td>${value}</td></tr>`);

  const summaryLines = [words.devicesLine(summary.devices, summary.inspected, summary.notInspected)].map(
    (line) => `<p>${escapeHtml(line)}</p>`,
  );
  if (record.scope.kind === 'sweep') {
    const c = summary.coverage;
    summaryLines.push(
      `<p>${escapeHtml(words.coverageLine(c.answered, c.failed, c.offline, c.pending, c.never_reported))}</p>`,
    );
  }
  if (summary.partlyJudged > 0)
    summaryLines.push(`<p>${escapeHtml(words.partlyLine(summary.partlyJudged))}</p>`);
  summaryLines.push(
    `<p>${escapeHtml(
      words.problemsLine(summary.problems, summary.devicesWithProblems, summary.measured, summary.completed),
    )}</p>`,
  );
  if (summary.completedButPersisting > 0)
    summaryLines.push(
      `<p class="flag">${escapeHtml(words.persistingLine(summary.completedButPersisting))}</p>`,
    );
  if (record.scope.kind === 'window')
    summaryLines.push(`<p class="muted">${escapeHtml(words.windowNote)}</p>`);

  const coverageCell = (device: RecordDevice) => {
    const inspected = wasInspected(device.coverage);
    const notes = inspected
      ? [
          escapeHtml(coverageText(device.coverage, lang)),
          escapeHtml(words.countsLine(device.problems, device.findings)),
          ...(device.unjudgedItems > 0 ? [escapeHtml(words.unjudgedLine(device.unjudgedItems))] : []),
        ]
      : [
          labelled(
            words.reasonLabel,
            `${escapeHtml(coverageText(device.coverage, lang))}${device.coverageError ? `${escapeHtml(colon)}${cell(device.coverageError)}` : ''}`,
          ),
        ];
    if (device.ledgerStatus !== 'in_service')
      notes.push(labelled(words.ledgerStatus, escapeHtml(ledgerStatusText(device.ledgerStatus, lang))));
    return `<span class="${inspected ? '' : 'flag'}">${escapeHtml(inspectedText(inspected, lang))}</span>${notes.map(muted).join('')}`;
  };

  const devices = table(
    'devices',
    words.columns.devices,
    [
      words.seq,
      words.assetNumber,
      words.hostname,
      words.classification,
      words.responsible,
      words.department,
      words.location,
      words.coverage,
    ],
    record.devices.map((device, index) =>
      row([
        String(index + 1),
        `${cell(device.assetNumber)}${muted(cell(device.deviceId))}`,
        cell(device.hostname),
        escapeHtml(levelText(device.classification, lang)),
        cell(device.responsiblePerson),
        cell(device.department),
        cell(device.location),
        coverageCell(device),
      ]),
    ),
  );

  const items = table(
    'items',
    words.columns.items,
    [words.seq, words.clause, words.rule, words.itemColumn],
    record.items.map((item, index) =>
      row([String(index + 1), cell(item.clause), cell(item.ruleId), cell(titleOf(item, lang))]),
    ),
  );

  const deviceLabel = (problem: RecordProblem) =>
    [
      `<b>${cell(problem.assetNumber || problem.deviceId)}</b>`,
      cell(problem.hostname),
      labelled(words.classification, escapeHtml(levelText(problem.classification, lang))),
      labelled(words.responsible, cell(problem.responsiblePerson)),
    ].join('<br>');

  const problems =
    record.problems.length === 0
      ? `<p>${escapeHtml(words.noProblems)}</p>`
      : table(
          'problems',
          words.columns.problems,
          [
            words.seq,
            words.clause,
            words.objectColumn,
            `${words.itemColumn} / ${words.subject}`,
            words.problemColumn,
          ],
          record.problems.map((problem, index) =>
            row([
              String(index + 1),
              cell(problem.clause),
              deviceLabel(problem),
              `${cell(titleOf(problem, lang))}${muted(cell(problem.ruleId))}<div>${cell(problem.subject)}</div>`,
              `<span class="fail">${escapeHtml(statusText(problem.status, lang))}</span>${escapeHtml(
                words.severityNote(severityText(problem.severity, lang)),
              )}${cell(findingReasonText(problem, lang))}${muted(labelled(words.observed, escapeHtml(timeText(problem.observedAtMs, options))))}`,
            ]),
          ),
        );

  const completionCell = (problem: RecordProblem) => {
    const disposition = problem.disposition;
    if (disposition === null) return escapeHtml(completionText(null, lang));
    return [
      escapeHtml(completionText(disposition, lang)),
      ...(disposition.completed ? [muted(escapeHtml(timeText(disposition.completedAtMs, options)))] : []),
      muted(labelled(words.recordedBy, cell(disposition.recordedBy))),
      ...(completedButPersists(problem) ? [`<div class="flag">${escapeHtml(words.persists)}</div>`] : []),
    ].join('');
  };

  const measures =
    record.problems.length === 0
      ? `<p>${escapeHtml(words.noProblems)}</p>`
      : table(
          'measures',
          words.columns.measures,
          [words.seq, words.objectColumn, words.measure, words.completion, words.current],
          record.problems.map((problem, index) => {
            const disposition = problem.disposition;
            const measure =
              disposition === null
                ? `<span class="muted">${labelled(words.remediation, cell(remediationOf(problem, lang)))}</span>`
                : cell(disposition.measure);
            const latest =
              problem.latestStatus !== problem.currentStatus
                ? muted(labelled(words.latest, escapeHtml(statusText(problem.latestStatus, lang))))
                : '';
            return row([
              String(index + 1),
              `${cell(problem.assetNumber || problem.deviceId)}${muted(cell(titleOf(problem, lang)))}`,
              measure,
              completionCell(problem),
              `${escapeHtml(currentStatusText(problem.currentStatus, lang))}${latest}`,
            ]);
          }),
        );

  const heading = (number: string, text: string) =>
    `<h2>${lang === 'zh' ? `${number}、` : `${number}. `}${escapeHtml(text)}</h2>`;
  const numbers = lang === 'zh' ? ['一', '二', '三', '四'] : ['1', '2', '3', '4'];

  return `<!doctype html>
<html lang="${lang === 'zh' ? 'zh-CN' : 'en'}">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${RECORD_CONTENT_SECURITY_POLICY}">
<title>${escapeHtml(words.title)} ${escapeHtml(scopeText(record, options))}</title>
<style>${styleFor(words)}</style>
</head>
<body>
<h1>${escapeHtml(words.title)}</h1>
<p class="subtitle">${escapeHtml(words.subtitle)}</p>
<table class="facts"><tbody>${facts.join('')}</tbody></table>
<div class="summary">${summaryLines.join('')}</div>
${heading(numbers[0]!, words.object)}
${devices}
${heading(numbers[1]!, words.items)}
${items}
${heading(numbers[2]!, words.problems)}
${problems}
${heading(numbers[3]!, words.measures)}
${measures}
<div class="signatures">
<div>${labelled(words.signInspector, '<span class="line"></span>')}</div>
<div>${labelled(words.signResponsible, '<span class="line"></span>')}</div>
<div>${labelled(words.date, '<span class="line"></span>')}</div>
</div>
</body>
</html>
`;
}
