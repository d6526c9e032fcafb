// The choice of a record: a sweep (from ListSweeps) or a time window (two datetime-local inputs, wall times in
// the unit's zone), and the inspector. Both forms are GETs to /records/view, so the record's URL names it
// whole. Beside them, the problems open now (ListFindings, open only): what a record will ask measures for.
// Pure: the admin answers and the values to fill in come in, markup goes out.
import { CLAUSES } from '../../../policies/clause-titles';
import { findingReasonText } from '../../../policies/messages/finding-reason';
import type { Lang } from '../../../policies/messages/language';
import type { ListFindingsResponse__Output } from '../../../proto/generated/shoumi/v1/ListFindingsResponse';
import type { SweepStatus__Output } from '../../../proto/generated/shoumi/v1/SweepStatus';
import { FINDING_STATUS_TEXT, say } from '../console-text';
import { consoleTime } from '../console-time';
import { html, type SafeHtml } from '../html';
import { RECORD_TEXT as T } from './record-words';

export interface RecordFormInput {
  lang: Lang;
  timeZone: string;
  adminName: string;
  sweeps: readonly SweepStatus__Output[];
  open: ListFindingsResponse__Output;
  /** How many open problems were asked for (a next page means there are more). */
  openLimit: number;
  values: { sweepId: string; from: string; to: string; inspector: string };
  error?: string;
}

function inspectorInput(input: RecordFormInput, id: string): SafeHtml {
  const { lang } = input;
  return html`<label for="${id}">${say(lang, T.inspector)}
<input id="${id}" name="inspector" maxlength="200" value="${input.values.inspector}" placeholder="${say(lang, T.inspectorDefault, { name: input.adminName })}"></label>`;
}

export function recordFormBody(input: RecordFormInput): SafeHtml {
  const { lang, timeZone, values } = input;
  const sweepForm =
    input.sweeps.length === 0
      ? html`<p class="muted">${say(lang, T.noSweeps)}</p>`
      : html`<form method="get" action="/records/view" class="form">
<label for="record-sweep">${say(lang, T.sweep)}
<select id="record-sweep" name="sweep" required>${input.sweeps.map(
          (sweep) =>
            html`<option value="${sweep.sweepId}"${sweep.sweepId === values.sweepId ? html` selected` : ''}>${say(lang, T.sweepOption, { time: consoleTime(Number(sweep.createdAtMs), timeZone), answered: sweep.answered, targets: sweep.targets, id: sweep.sweepId })}</option>`,
        )}</select></label>
${inspectorInput(input, 'record-sweep-inspector')}
<div><button type="submit">${say(lang, T.generate)}</button></div>
</form>`;

  const open = input.open.findings;
  const openPanel =
    open.length === 0
      ? html`<p class="muted">${say(lang, T.openNone)}</p>`
      : html`<div class="table-wrap"><table>
<thead><tr><th>${say(lang, T.device)}</th><th>${say(lang, T.clause)}</th><th>${say(lang, T.rule)}</th><th>${say(lang, T.status)}</th><th>${say(lang, T.measure)}</th></tr></thead>
<tbody>${open.map((finding) => {
          const clauseTitle = CLAUSES[finding.clause]?.title;
          const status = FINDING_STATUS_TEXT[finding.status];
          return html`<tr><td><a href="/devices/${encodeURIComponent(finding.deviceId)}">${finding.assetNumber || finding.deviceId}</a><div class="muted">${finding.hostname}</div></td>
<td>${finding.clause}${clauseTitle ? html`<div class="muted">${say(lang, clauseTitle)}</div>` : ''}</td>
<td class="mono">${finding.ruleId}${finding.subject ? html`<div>${finding.subject}</div>` : ''}</td>
<td><span class="badge ${String(finding.status).toLowerCase()}">${status ? say(lang, status) : finding.status}</span> ${findingReasonText(finding, lang)}</td>
<td>${finding.disposition ? finding.disposition.measure : html`<span class="muted">${say(lang, T.noMeasure)}</span>`}</td></tr>`;
        })}</tbody></table></div>
${input.open.nextPageToken !== '' ? html`<p class="muted">${say(lang, T.openMore, { count: input.openLimit })} <a href="/devices?state=failing">${say(lang, T.failingDevices)}</a></p>` : ''}`;

  return html`<p class="muted">${say(lang, T.intro)}</p>
${input.error ? html`<p class="notice bad" role="alert">${input.error}</p>` : ''}
<div class="record-choice">
<section class="panel" aria-labelledby="by-window">
<h2 id="by-window">${say(lang, T.byWindow)}</h2>
<form method="get" action="/records/view" class="form">
<label for="record-from">${say(lang, T.from)}
<input id="record-from" type="datetime-local" name="from" required value="${values.from}"></label>
<label for="record-to">${say(lang, T.to)}
<input id="record-to" type="datetime-local" name="to" required value="${values.to}"></label>
${inspectorInput(input, 'record-window-inspector')}
<div><button type="submit">${say(lang, T.generate)}</button></div>
</form>
<p class="muted">${say(lang, T.zoneNote, { zone: timeZone })}</p>
</section>
<section class="panel" aria-labelledby="by-sweep">
<h2 id="by-sweep">${say(lang, T.bySweep)}</h2>
${sweepForm}
</section>
</div>
<h2>${say(lang, T.openTitle)}</h2>
${openPanel}`;
}
