// 总览: how the fleet stands — devices compliant, failing, not yet judged, never seen — and the failing
// devices per clause of 3.7, each number a link to the device list filtered to it.
import { CLAUSES } from '../../../policies/clause-titles';
import type { ConsoleRoute, PageContext, PageResult } from '../console-page';
import { type Bilingual, STATE_TEXT, say } from '../console-text';
import { html } from '../html';

const TEXT = {
  title: { zh: '总览', en: 'Overview' },
  devices: { zh: '设备总数', en: 'devices' },
  byClause: { zh: '各条款不合规设备', en: 'Failing devices by clause' },
  clause: { zh: '条款', en: 'Clause' },
  failingDevices: { zh: '不合规设备', en: 'Failing devices' },
  failingFindings: { zh: '不合规项', en: 'Failing findings' },
} satisfies Record<string, Bilingual>;

async function overview(context: PageContext): Promise<PageResult> {
  const { lang } = context;
  const status = await context.call('GetFleetStatus', {});
  const card = (state: string, count: number, tone: string) =>
    html`<a class="card ${tone}" href="/devices?state=${state}"><span class="n">${count}</span><span class="l">${say(lang, STATE_TEXT[state]!)}</span></a>`;
  const body = html`
<section class="cards" aria-label="${say(lang, TEXT.devices)}">
  <a class="card" href="/devices"><span class="n">${status.devices}</span><span class="l">${say(lang, TEXT.devices)}</span></a>
  ${card('compliant', status.compliant, 'pass')}
  ${card('failing', status.failing, 'fail')}
  ${card('not_judged', status.notYetJudged, 'warn')}
  ${card('never_seen', status.neverSeen, 'warn')}
</section>
<h2>${say(lang, TEXT.byClause)}</h2>
<div class="table-wrap"><table>
<thead><tr><th>${say(lang, TEXT.clause)}</th><th class="num">${say(lang, TEXT.failingDevices)}</th><th class="num">${say(lang, TEXT.failingFindings)}</th></tr></thead>
<tbody>${status.byClause.map((row) => {
    const title = CLAUSES[row.clause]?.title;
    return html`<tr><td><a href="/rules/clause/${row.clause}">${row.clause}</a> ${title ? say(lang, title) : ''}</td>
<td class="num"><a href="/devices?clause=${row.clause}">${row.failingDevices}</a></td><td class="num">${row.failingFindings}</td></tr>`;
  })}</tbody>
</table></div>`;
  return { kind: 'page', title: say(lang, TEXT.title), nav: 'overview', body };
}

export const OVERVIEW_ROUTES: readonly ConsoleRoute[] = [{ method: 'GET', path: '/', handle: overview }];
