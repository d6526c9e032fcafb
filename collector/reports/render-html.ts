// The inspection record as one self-contained HTML page that prints cleanly on A4: no scripts, no external
// fonts, images or styles (a Content-Security-Policy forbids them anyway), every text escaped. Text comes
// from agents and admins and may be hostile: markup is escaped, control and bidi-override characters are
// shown as \u{..} instead of being passed through (they could hide or reorder text on paper), and long
// unbroken words wrap inside their cell instead of pushing the table off the page.
import { type InspectionRecord, type RecordProblem, recordSummary } from './inspection-record';
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

// C0 and C1 controls except tab and newline, DEL, and the bidi embedding/override/isolate controls.
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const UNSAFE_CHARACTERS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

export function escapeHtml(text: string): string {
  return text
    .replace(UNSAFE_CHARACTERS, (character) => `\\u{${character.codePointAt(0)!.toString(16)}}`)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** Escaped text; an empty value shows as a dash so a blank cell never looks like a printing fault. */
const cell = (text: string) => (text === '' ? '—' : escapeHtml(text));

const STYLE = `
@page { size: A4; margin: 16mm 14mm 18mm 14mm; }
* { box-sizing: border-box; }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body {
  margin: 0 auto; max-width: 182mm; padding: 8mm 0; color: #000; background: #fff;
  font: 10pt/1.45 "Noto Sans CJK SC", "Noto Serif CJK SC", "Source Han Sans SC", "WenQuanYi Zen Hei",
    "Microsoft YaHei", "SimSun", sans-serif;
}
@media print { body { padding: 0; max-width: none; } }
h1 { font-size: 18pt; text-align: center; margin: 0 0 2mm; letter-spacing: 0.2em; }
.subtitle { text-align: center; margin: 0 0 5mm; font-size: 9pt; color: #333; }
h2 { font-size: 12pt; margin: 6mm 0 2mm; break-after: avoid; page-break-after: avoid; }
table { width: 100%; border-collapse: collapse; table-layout: fixed; margin: 0 0 2mm; }
th, td {
  border: 0.6pt solid #444; padding: 1.2mm 1.5mm; vertical-align: top; text-align: left;
  overflow-wrap: anywhere; word-break: break-word; white-space: pre-wrap;
}
th { background: #eee; font-weight: bold; }
thead { display: table-header-group; }
tr, .signatures, .summary { break-inside: avoid; page-break-inside: avoid; }
.facts th { width: 28mm; }
.num { text-align: right; }
.muted { color: #444; font-size: 8.5pt; }
.fail { font-weight: bold; }
.signatures { display: flex; gap: 10mm; margin-top: 12mm; }
.signatures div { flex: 1; }
.line { display: inline-block; min-width: 38mm; border-bottom: 0.6pt solid #000; height: 1.2em; vertical-align: bottom; }
`;

function row(cells: string[], header = false): string {
  const tag = header ? 'th' : 'td';
  return `<tr>${cells.map((content) => `<${tag}>${content}</${tag}>`).join('')}</tr>`;
}

function table(className: string, widths: string[], headers: string[], rows: string[]): string {
  const columns = widths.map((width) => `<col style="width:${width}">`).join('');
  return `<table class="${className}"><colgroup>${columns}</colgroup><thead>${row(headers, true)}</thead><tbody>${rows.join('')}</tbody></table>`;
}

function deviceLabel(problem: RecordProblem, options: RenderOptions): string {
  const words = wordsFor(options.lang);
  const lines = [
    `<b>${cell(problem.assetNumber || problem.deviceId)}</b>`,
    cell(problem.hostname),
    `${words.classification}：${escapeHtml(levelText(problem.classification, options.lang))}`,
    `${words.responsible}：${cell(problem.responsiblePerson)}`,
  ];
  return lines.join('<br>');
}

export function renderInspectionHtml(record: InspectionRecord, options: RenderOptions): string {
  const { lang } = options;
  const words = wordsFor(lang);
  const summary = recordSummary(record);
  const colon = lang === 'zh' ? '：' : ': ';

  const facts = [
    [words.time, escapeHtml(recordTimeText(record, options))],
    [words.inspector, cell(record.inspector)],
    [words.scope, cell(scopeText(record, options))],
    [words.policy, cell(`${record.policyName} ${record.policyVersion}`.trim())],
    [words.generated, escapeHtml(timeText(record.generatedAtMs, options))],
  ].map(([label, value]) => `<tr><th>${escapeHtml(label!)}</th><td>${value}</td></tr>`);

  const summaryLines = [words.devicesLine(summary.devices, summary.devicesWithProblems)];
  if (record.scope.kind === 'sweep') {
    const c = summary.coverage;
    summaryLines.push(words.coverageLine(c.answered, c.failed, c.offline, c.pending));
  }
  summaryLines.push(words.problemsLine(summary.problems, summary.measured, summary.completed));

  const devices = table(
    'devices',
    ['12mm', '30mm', '28mm', '14mm', '22mm', '26mm', '20mm', '30mm'],
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
        `${cell(device.assetNumber)}<div class="muted">${cell(device.deviceId)}</div>`,
        cell(device.hostname),
        escapeHtml(levelText(device.classification, lang)),
        cell(device.responsiblePerson),
        cell(device.department),
        cell(device.location),
        `${escapeHtml(coverageText(device.coverage, lang))}<div class="muted">${escapeHtml(
          words.countsLine(device.problems, device.findings),
        )}${device.coverageError ? ` ${cell(device.coverageError)}` : ''}</div>`,
      ]),
    ),
  );

  const items = table(
    'items',
    ['12mm', '16mm', '56mm', '98mm'],
    [words.seq, words.clause, words.rule, words.itemTitle],
    record.items.map((item, index) =>
      row([String(index + 1), cell(item.clause), cell(item.ruleId), cell(titleOf(item, lang))]),
    ),
  );

  const problems =
    record.problems.length === 0
      ? `<p>${escapeHtml(words.noProblems)}</p>`
      : table(
          'problems',
          ['12mm', '13mm', '38mm', '50mm', '69mm'],
          [words.seq, words.clause, words.device, `${words.itemTitle} / ${words.subject}`, words.reason],
          record.problems.map((problem, index) =>
            row([
              String(index + 1),
              cell(problem.clause),
              deviceLabel(problem, options),
              `${cell(titleOf(problem, lang))}<div class="muted">${cell(problem.ruleId)}</div><div>${cell(problem.subject)}</div>`,
              `<span class="fail">${escapeHtml(statusText(problem.status, lang))}</span>${escapeHtml(
                lang === 'zh'
                  ? `（${severityText(problem.severity, lang)}）`
                  : ` (${severityText(problem.severity, lang)}) `,
              )}${cell(problem.reason)}<div class="muted">${escapeHtml(words.observed)}${colon}${escapeHtml(
                timeText(problem.observedAtMs, options),
              )}</div>`,
            ]),
          ),
        );

  const measures =
    record.problems.length === 0
      ? `<p>${escapeHtml(words.noProblems)}</p>`
      : table(
          'measures',
          ['12mm', '30mm', '65mm', '45mm', '30mm'],
          [words.seq, words.device, `${words.measure}`, words.completion, words.latest],
          record.problems.map((problem, index) => {
            const disposition = problem.disposition;
            const measure =
              disposition === null
                ? `<span class="muted">${escapeHtml(words.remediation)}${colon}${cell(remediationOf(problem, lang))}</span>`
                : cell(disposition.measure);
            const completion =
              disposition === null
                ? escapeHtml(completionText(null, lang))
                : `${escapeHtml(completionText(disposition, lang))}${
                    disposition.completed
                      ? `<div class="muted">${escapeHtml(timeText(disposition.completedAtMs, options))}</div>`
                      : ''
                  }<div class="muted">${escapeHtml(words.recordedBy)}${colon}${cell(disposition.recordedBy)}</div>`;
            return row([
              String(index + 1),
              `${cell(problem.assetNumber || problem.deviceId)}<div class="muted">${cell(titleOf(problem, lang))}</div>`,
              measure,
              completion,
              escapeHtml(statusText(problem.latestStatus, lang)),
            ]);
          }),
        );

  const heading = (number: string, text: string) =>
    `<h2>${lang === 'zh' ? `${number}、` : ''}${escapeHtml(text)}</h2>`;
  const zhNumbers = ['一', '二', '三', '四'];

  return `<!doctype html>
<html lang="${lang === 'zh' ? 'zh-CN' : 'en'}">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>${escapeHtml(words.title)} ${escapeHtml(scopeText(record, options))}</title>
<style>${STYLE}</style>
</head>
<body>
<h1>${escapeHtml(words.title)}</h1>
<p class="subtitle">${escapeHtml(words.subtitle)}</p>
<table class="facts"><tbody>${facts.join('')}</tbody></table>
<div class="summary">${summaryLines.map((line) => `<p>${escapeHtml(line)}</p>`).join('')}</div>
${heading(zhNumbers[0]!, words.object)}
${devices}
${heading(zhNumbers[1]!, words.items)}
${items}
${heading(zhNumbers[2]!, words.problems)}
${problems}
${heading(zhNumbers[3]!, words.measures)}
${measures}
<div class="signatures">
<div>${escapeHtml(words.signInspector)}${colon}<span class="line"></span></div>
<div>${escapeHtml(words.signResponsible)}${colon}<span class="line"></span></div>
<div>${escapeHtml(words.date)}${colon}<span class="line"></span></div>
</div>
</body>
</html>
`;
}
