// 审计 (the auditor's section): the trail with filters by actor, action and time, verification of the whole
// chain, the seals, and the digest to copy. Everything comes through the auditor's own admin calls
// (ListAudit, VerifyAudit, ListAuditSeals, GetAuditDigest), so another role's browser is refused by
// authorization and the refusal is on the trail. Sealing is not done here: a seal is signed with the
// auditor's private key on their own machine (shoumictl audit seal); the browser is never asked for a key.
//
// Order: records by position, earliest first within a page (the order the chain is verified in). Without
// filters the page opens at the newest records; with filters it opens at the first match (positions are
// dense only without filters, so only then can an earlier page be computed).
import * as grpc from '@grpc/grpc-js';
import { type AuditDigest, DigestFormatError, parseDigest } from '../../audit/digest';
import type { AnswerOf } from '../admin-door';
import { AdminCallError } from '../admin-door';
import type { ConsoleRoute, PageContext, PageResult } from '../console-page';
import { type Bilingual, COMMON, say } from '../console-text';
import { consoleTime } from '../console-time';
import { html, type SafeHtml } from '../html';
import { formToken } from '../layout';
import {
  type AuditQuery,
  type AuditQueryProblem,
  auditHref,
  auditListFilters,
  isFiltered,
  readAuditQuery,
} from './audit-query';

/** Records on one page. */
export const AUDIT_PAGE_SIZE = 50;
/** Seals listed on the seals page. */
const SEALS_SHOWN = 50;
/** Characters of a detail shown before it is opened. */
const DETAIL_PREVIEW_CHARS = 90;

const TEXT = {
  title: { zh: '审计', en: 'Audit' },
  trail: { zh: '审计记录', en: 'Audit trail' },
  actor: { zh: '操作者', en: 'Actor' },
  actorHint: {
    zh: '与记录完全一致，如 admin:张三(security_admin)',
    en: 'exactly as recorded, e.g. admin:张三(security_admin)',
  },
  action: { zh: '动作', en: 'Action' },
  from: { zh: '起（含）', en: 'From' },
  to: { zh: '止（含）', en: 'To' },
  position: { zh: '位置', en: 'Position' },
  time: { zh: '时间', en: 'Time' },
  source: { zh: '来源', en: 'Source' },
  target: { zh: '对象', en: 'Target' },
  outcome: { zh: '结果', en: 'Outcome' },
  detail: { zh: '详情', en: 'Detail' },
  hash: { zh: '哈希', en: 'Hash' },
  allowed: { zh: '允许', en: 'allowed' },
  refused: { zh: '拒绝', en: 'refused' },
  consoleDoor: { zh: '控制台', en: 'console' },
  consoleDoorHint: { zh: '经网页控制台发起', en: 'made through the web console' },
  unreadableDetail: { zh: '详情无法解析（原样显示）', en: 'detail unreadable (shown as stored)' },
  noRecords: { zh: '没有符合条件的记录。', en: 'No records match.' },
  showing: {
    zh: '第 {first}–{last} 条（按位置由早到晚），审计链共 {head} 条。',
    en: 'Records {first}–{last} (by position, earliest first) of {head} in the chain.',
  },
  showingFiltered: {
    zh: '符合条件的记录，位置 {first}–{last}（按位置由早到晚）。',
    en: 'Matching records at positions {first}–{last} (by position, earliest first).',
  },
  earliest: { zh: '最早', en: 'Earliest' },
  earlier: { zh: '较早', en: 'Earlier' },
  later: { zh: '较新', en: 'Later' },
  newest: { zh: '最新', en: 'Newest' },
  pages: { zh: '翻页', en: 'Pages' },
  filterBy: { zh: '只看此操作者', en: 'only this actor' },
  badField: {
    zh: '“{field}”的值“{value}”无法识别：{why}',
    en: '"{field}" value "{value}" is not understood: {why}',
  },
  timeWhy: {
    zh: '应为 YYYY-MM-DD 或 YYYY-MM-DDTHH:MM（{zone} 时间），且“止”晚于“起”',
    en: 'expected YYYY-MM-DD or YYYY-MM-DDTHH:MM (time in {zone}), "to" after "from"',
  },
  afterWhy: { zh: '应为记录位置（非负整数）', en: 'expected a record position (0 or more)' },
  verifyTitle: { zh: '验证审计链', en: 'Verify the trail' },
  verifyExplain: {
    zh: '从第 1 条起重新计算整条哈希链，并核对已存封印。只读，不改变任何数据；长链需要一些时间。',
    en: 'Recomputes the whole hash chain from record 1 and checks the stored seals. Reads only; a long chain takes a while.',
  },
  digestOptional: {
    zh: '先前打印的摘要（可选，粘贴 shoumictl audit digest 的输出）',
    en: 'A digest printed earlier (optional: paste the output of shoumictl audit digest)',
  },
  verify: { zh: '验证', en: 'Verify' },
  verifyAgain: { zh: '再次验证', en: 'Verify again' },
  intact: { zh: '审计链完好', en: 'The audit chain is intact' },
  broken: { zh: '审计链已损坏', en: 'The audit chain is BROKEN' },
  recordsChecked: { zh: '已核对记录', en: 'Records checked' },
  head: { zh: '链头', en: 'Head' },
  digestChecked: { zh: '摘要核对', en: 'Digest' },
  digestMatches: { zh: '与给出的摘要一致', en: 'matches the digest given' },
  digestNotGiven: { zh: '未给出摘要', en: 'none given' },
  firstProblem: { zh: '第一个问题', en: 'First problem' },
  sealsChecked: { zh: '有效封印', en: 'Seals that hold' },
  newestAuditorSeal: { zh: '最新审计员封印', en: 'Newest auditor seal' },
  newestCollectorSeal: { zh: '最新采集端封印', en: 'Newest collector seal' },
  sealAt: {
    zh: '位置 {position}，{signer}，封于 {time}',
    en: 'position {position}, by {signer}, made {time}',
  },
  unsealed: { zh: '未封印记录', en: 'Records after the newest seal' },
  epochStart: { zh: '当前链起点', en: 'Current epoch starts at' },
  earlierEpochs: { zh: '此前各段链中发现的问题', en: 'Problems found in earlier epochs' },
  badDigest: { zh: '摘要无法识别：{why}', en: 'The digest is not understood: {why}' },
  seals: { zh: '封印', en: 'Seals' },
  sealsTitle: { zh: '封印与摘要', en: 'Seals and digest' },
  sealsExplain: {
    zh: '已存封印，最新在前。每个封印是否仍然成立，由“验证”核对。',
    en: 'Stored seals, newest first. Whether each still holds is what Verify checks.',
  },
  noSeals: { zh: '尚无封印。', en: 'No seals yet.' },
  signerKind: { zh: '签署方', en: 'Signer' },
  signer: { zh: '签署者', en: 'Signed by' },
  sealedAt: { zh: '封印时间', en: 'Sealed at' },
  kindAuditor: { zh: '审计员', en: 'auditor' },
  kindCollector: { zh: '采集端', en: 'collector' },
  unreadableStatement: { zh: '（声明无法解析，见“验证”）', en: '(statement unreadable: see Verify)' },
  howToSeal: { zh: '如何封印', en: 'How to seal' },
  howToSealText: {
    zh: '封印用审计员本人的私钥签署，私钥只在审计员自己的计算机上（身份目录中），控制台不会也不能在浏览器中索取私钥。请在本人计算机上运行：',
    en: 'A seal is signed with the auditor’s own private key, which stays on the auditor’s own computer (in the identity directory); the console never asks for a key in the browser. On your own computer run:',
  },
  howToSealAfter: {
    zh: '该命令签署当前链头、提交封印，并在身份目录的 seals/ 中保留副本。',
    en: 'It signs the current head, sends the seal, and keeps a copy in the identity directory’s seals/.',
  },
  digest: { zh: '当前摘要', en: 'Current digest' },
  digestExplain: {
    zh: '复制或打印此摘要并保存在数据库以外；日后验证时粘贴回来，可发现此后的任何改写。',
    en: 'Copy or print this digest and keep it outside the database; pasting it into Verify later shows any rewrite since.',
  },
  emptyTrail: { zh: '审计链为空。', en: 'The trail is empty.' },
} satisfies Record<string, Bilingual>;

type AuditRecord = AnswerOf<'ListAudit'>['records'][number];
type Verdict = AnswerOf<'VerifyAudit'>;

function subnav(context: PageContext, here: 'trail' | 'seals'): SafeHtml {
  const { lang } = context;
  const link = (path: string, label: Bilingual, name: 'trail' | 'seals') =>
    html`<a href="${path}"${name === here ? html` aria-current="page"` : ''}>${say(lang, label)}</a>`;
  return html`<nav class="audit-subnav" aria-label="${say(lang, TEXT.title)}">${link('/audit', TEXT.trail, 'trail')} ${link('/audit/seals', TEXT.sealsTitle, 'seals')}</nav>`;
}

function problemText(context: PageContext, problem: AuditQueryProblem): string {
  const { lang } = context;
  const field = { from: TEXT.from, to: TEXT.to, after: TEXT.position }[problem.field];
  const why =
    problem.field === 'after'
      ? say(lang, TEXT.afterWhy)
      : say(lang, TEXT.timeWhy, { zone: context.timeZone });
  return say(lang, TEXT.badField, { field: say(lang, field), value: problem.value, why });
}

function filterForm(context: PageContext, query: AuditQuery): SafeHtml {
  const { lang } = context;
  return html`<form class="filters" method="get" action="/audit" role="search">
  <label>${say(lang, TEXT.actor)}<input name="actor" value="${query.actor}" size="30" maxlength="300" title="${say(lang, TEXT.actorHint)}" placeholder="admin:…"></label>
  <label>${say(lang, TEXT.action)}<input name="action" value="${query.action}" size="18" maxlength="64" placeholder="admin.call"></label>
  <label>${say(lang, TEXT.from)}<input type="datetime-local" name="from" value="${query.from}"></label>
  <label>${say(lang, TEXT.to)}<input type="datetime-local" name="to" value="${query.to}"></label>
  <button type="submit">${say(lang, COMMON.filter)}</button>
  <a class="button secondary" href="/audit">${say(lang, COMMON.clear)}</a>
</form>`;
}

/** The detail as stored, pretty and escaped; the console's door mark as a badge. */
function detailCell(context: PageContext, record: AuditRecord): SafeHtml {
  const { lang } = context;
  let parsed: unknown;
  try {
    parsed = JSON.parse(record.detailJson);
  } catch {
    return html`<span class="badge warn">${say(lang, TEXT.unreadableDetail)}</span> <code class="mono">${record.detailJson}</code>`;
  }
  const door =
    parsed !== null && typeof parsed === 'object' && (parsed as Record<string, unknown>).door === 'console'
      ? html`<span class="badge info" title="${say(lang, TEXT.consoleDoorHint)}">${say(lang, TEXT.consoleDoor)}</span> `
      : '';
  const compact = JSON.stringify(parsed);
  if (compact.length <= DETAIL_PREVIEW_CHARS) return html`${door}<code class="mono">${compact}</code>`;
  return html`${door}<details class="audit-detail"><summary class="mono">${compact.slice(0, DETAIL_PREVIEW_CHARS)}…</summary><pre class="mono">${JSON.stringify(parsed, null, 2)}</pre></details>`;
}

function recordRow(context: PageContext, record: AuditRecord, query: AuditQuery): SafeHtml {
  const { lang } = context;
  const refused = record.outcome === 'refused';
  const actorHref = auditHref({ ...query, actor: record.actor }, undefined);
  return html`<tr id="record-${record.position}"${refused ? html` class="refused"` : ''}>
<td class="num">${record.position}</td>
<td class="nowrap">${consoleTime(record.atMs, context.timeZone)}</td>
<td><a href="${actorHref}" title="${say(lang, TEXT.filterBy)}">${record.actor}</a></td>
<td class="mono">${record.source}</td>
<td class="mono">${record.action}</td>
<td>${record.target}</td>
<td><span class="badge ${refused ? 'fail' : 'pass'}">${say(lang, refused ? TEXT.refused : TEXT.allowed)}</span></td>
<td class="audit-detail-cell">${detailCell(context, record)}</td>
<td class="mono" title="${record.algorithm} ${record.hash}">${record.hash.slice(0, 12)}</td>
</tr>`;
}

function recordsTable(context: PageContext, records: readonly AuditRecord[], query: AuditQuery): SafeHtml {
  const { lang } = context;
  if (records.length === 0) return html`<p class="notice info">${say(lang, TEXT.noRecords)}</p>`;
  const heads = [TEXT.position, TEXT.time, TEXT.actor, TEXT.source, TEXT.action, TEXT.target, TEXT.outcome];
  return html`<div class="table-wrap"><table class="audit-trail">
<thead><tr>${heads.map((head, index) => html`<th${index === 0 ? html` class="num"` : ''}>${say(lang, head)}</th>`)}<th>${say(lang, TEXT.detail)}</th><th>${say(lang, TEXT.hash)}</th></tr></thead>
<tbody>${records.map((record) => recordRow(context, record, query))}</tbody>
</table></div>`;
}

function verifyForm(context: PageContext, again: boolean, digestText = ''): SafeHtml {
  const { lang } = context;
  return html`<form class="panel audit-verify" method="post" action="/audit/verify">
${formToken(context)}
<h2>${say(lang, TEXT.verifyTitle)}</h2>
<p class="muted">${say(lang, TEXT.verifyExplain)}</p>
<details${digestText ? html` open` : ''}><summary>${say(lang, TEXT.digestOptional)}</summary>
<label class="audit-digest-input">${say(lang, TEXT.digestOptional)}<textarea name="digest" rows="6" cols="70" spellcheck="false">${digestText}</textarea></label></details>
<div class="actions"><button type="submit">${say(lang, again ? TEXT.verifyAgain : TEXT.verify)}</button></div>
</form>`;
}

/** The newest page's `after` for an unfiltered trail of `head` records. */
const newestAfter = (head: number) => Math.max(0, head - AUDIT_PAGE_SIZE);

async function trailPage(context: PageContext): Promise<PageResult> {
  const { lang } = context;
  const query = readAuditQuery(context.url.searchParams);
  const checked = auditListFilters(query, context.timeZone);
  const title = say(lang, TEXT.title);
  if (!checked.ok) {
    const body = html`${subnav(context, 'trail')}${filterForm(context, query)}<p class="notice bad" role="alert">${problemText(context, checked.problem)}</p>`;
    return { kind: 'page', title, nav: 'audit', body, status: 400 };
  }
  const filtered = isFiltered(query);
  const list = (afterPosition: number) =>
    context.call('ListAudit', { limit: AUDIT_PAGE_SIZE, afterPosition, ...checked.filters });
  let page: AnswerOf<'ListAudit'>;
  try {
    // ListAudit first, always: it is the section's own method, so another role's visit is refused as it.
    page = await list(query.after ?? 0);
  } catch (error) {
    if (error instanceof AdminCallError && error.code === grpc.status.INVALID_ARGUMENT) {
      const body = html`${subnav(context, 'trail')}${filterForm(context, query)}<p class="notice bad" role="alert">${error.message}</p>`;
      return { kind: 'page', title, nav: 'audit', body, status: 400 };
    }
    throw error;
  }
  const digest = await context.call('GetAuditDigest', {});
  const head = digest.digest?.position ?? 0;
  // The default view of an unfiltered trail longer than a page: its newest records.
  if (query.after === undefined && !filtered && page.nextAfterPosition !== 0)
    page = await list(newestAfter(head));
  const records = page.records;
  const first = records[0]?.position ?? 0;
  const last = records.at(-1)?.position ?? 0;
  const link = (after: number | undefined, label: Bilingual, rel?: string) =>
    html`<a href="${auditHref(query, after)}"${rel ? html` rel="${rel}"` : ''}>${say(lang, label)}</a>`;
  const pager = html`<nav class="pager" aria-label="${say(lang, TEXT.pages)}">
${filtered ? link(0, TEXT.earliest) : first > 1 ? html`${link(0, TEXT.earliest)} ${link(Math.max(0, first - 1 - AUDIT_PAGE_SIZE), TEXT.earlier, 'prev')}` : ''}
${page.nextAfterPosition !== 0 ? link(page.nextAfterPosition, TEXT.later, 'next') : ''}
${!filtered && last < head ? link(undefined, TEXT.newest) : ''}
</nav>`;
  const summary =
    records.length === 0
      ? ''
      : html`<p class="muted">${say(lang, filtered ? TEXT.showingFiltered : TEXT.showing, { first, last, head })}</p>`;
  const body = html`${subnav(context, 'trail')}
${filterForm(context, query)}
${summary}
${recordsTable(context, records, query)}
${pager}
${verifyForm(context, false)}`;
  return { kind: 'page', title, nav: 'audit', body };
}

function sealLine(context: PageContext, seal: Verdict['newestAuditorSeal']): SafeHtml | string {
  const { lang } = context;
  if (!seal) return say(lang, COMMON.none);
  return say(lang, TEXT.sealAt, {
    position: seal.position,
    signer: seal.signerName,
    time: consoleTime(seal.sealedAtMs, context.timeZone),
  });
}

function verdictView(context: PageContext, verdict: Verdict): SafeHtml {
  const { lang } = context;
  const problem = verdict.problem;
  const headline = verdict.ok
    ? html`<p class="notice ok audit-verdict" role="status" data-verdict="ok"><strong>${say(lang, TEXT.intact)}</strong> · ${say(lang, TEXT.recordsChecked)}: <span data-records-checked>${verdict.recordsChecked}</span></p>`
    : html`<p class="notice bad audit-verdict" role="alert" data-verdict="broken"><strong>${say(lang, TEXT.broken)}</strong> · ${say(lang, TEXT.position)} ${problem?.position ?? '?'}</p>`;
  return html`${headline}
<dl class="facts panel">
<dt>${say(lang, TEXT.recordsChecked)}</dt><dd>${verdict.recordsChecked}</dd>
${problem ? html`<dt>${say(lang, TEXT.firstProblem)}</dt><dd><a href="/audit?after=${Math.max(0, problem.position - 1)}#record-${problem.position}">${say(lang, TEXT.position)} ${problem.position}</a> · <span class="mono">${problem.kind}</span> · ${problem.message}</dd>` : ''}
<dt>${say(lang, TEXT.head)}</dt><dd>${verdict.headPosition > 0 ? html`${say(lang, TEXT.position)} ${verdict.headPosition} · ${consoleTime(verdict.headAtMs, context.timeZone)} · <span class="mono">${verdict.headAlgorithm} ${verdict.headHash}</span>` : say(lang, TEXT.emptyTrail)}</dd>
<dt>${say(lang, TEXT.digestChecked)}</dt><dd>${say(lang, verdict.digestChecked ? TEXT.digestMatches : TEXT.digestNotGiven)}</dd>
<dt>${say(lang, TEXT.sealsChecked)}</dt><dd>${verdict.sealsChecked}</dd>
<dt>${say(lang, TEXT.newestAuditorSeal)}</dt><dd>${sealLine(context, verdict.newestAuditorSeal)}</dd>
<dt>${say(lang, TEXT.newestCollectorSeal)}</dt><dd>${sealLine(context, verdict.newestCollectorSeal)}</dd>
<dt>${say(lang, TEXT.unsealed)}</dt><dd>${verdict.unsealedRecords}</dd>
${verdict.epochStart > 0 ? html`<dt>${say(lang, TEXT.epochStart)}</dt><dd>${say(lang, TEXT.position)} ${verdict.epochStart}</dd>` : ''}
${verdict.earlierEpochProblems.length > 0 ? html`<dt>${say(lang, TEXT.earlierEpochs)}</dt><dd><ul>${verdict.earlierEpochProblems.map((earlier) => html`<li>${say(lang, TEXT.position)} ${earlier.position} · <span class="mono">${earlier.kind}</span> · ${earlier.message}</li>`)}</ul></dd>` : ''}
</dl>`;
}

/**
 * A POST although it only reads: verification recomputes the whole chain (seconds on a long trail), so it
 * runs only on the auditor's deliberate click with the form's token, never from a link, a prefetch or
 * another site's page. The result is shown at once rather than redirected: there is nothing to reload.
 */
async function verifyPage(context: PageContext): Promise<PageResult> {
  const { lang } = context;
  const title = say(lang, TEXT.verifyTitle);
  const digestText = (context.form.get('digest') ?? '').trim();
  let digest: AuditDigest | undefined;
  if (digestText !== '') {
    try {
      digest = parseDigest(digestText);
    } catch (error) {
      if (!(error instanceof DigestFormatError)) throw error;
      const body = html`${subnav(context, 'trail')}<p class="notice bad" role="alert">${say(lang, TEXT.badDigest, { why: error.message })}</p>${verifyForm(context, false, digestText)}`;
      return { kind: 'page', title, nav: 'audit', body, status: 400 };
    }
  }
  const verdict = await context.call('VerifyAudit', { digest: digest ?? null, seals: [] });
  const body = html`${subnav(context, 'trail')}${verdictView(context, verdict)}${verifyForm(context, true, digestText)}`;
  return { kind: 'page', title, nav: 'audit', body };
}

async function sealsPage(context: PageContext): Promise<PageResult> {
  const { lang } = context;
  const { seals } = await context.call('ListAuditSeals', { limit: SEALS_SHOWN });
  const digest = await context.call('GetAuditDigest', {});
  const kind = (signerKind: string) =>
    signerKind === 'auditor'
      ? say(lang, TEXT.kindAuditor)
      : signerKind === 'collector'
        ? say(lang, TEXT.kindCollector)
        : signerKind;
  const table =
    seals.length === 0
      ? html`<p class="notice info">${say(lang, TEXT.noSeals)}</p>`
      : html`<div class="table-wrap"><table class="audit-seals">
<thead><tr><th class="num">#</th><th>${say(lang, TEXT.signerKind)}</th><th>${say(lang, TEXT.signer)}</th><th class="num">${say(lang, TEXT.position)}</th><th>${say(lang, TEXT.hash)}</th><th>${say(lang, TEXT.sealedAt)}</th></tr></thead>
<tbody>${seals.map(
          (seal) => html`<tr><td class="num">${seal.id}</td><td>${kind(seal.signerKind)}</td>
<td>${seal.signerName || say(lang, TEXT.unreadableStatement)}</td>
<td class="num"><a href="/audit?after=${Math.max(0, seal.position - 1)}#record-${seal.position}">${seal.position}</a></td>
<td class="mono" title="${seal.hash}">${seal.hash.slice(0, 16)}</td>
<td>${consoleTime(seal.sealedAtMs, context.timeZone)}</td></tr>`,
        )}</tbody></table></div>`;
  const body = html`${subnav(context, 'seals')}
<h2>${say(lang, TEXT.seals)}</h2>
<p class="muted">${say(lang, TEXT.sealsExplain)}</p>
${table}
<section class="panel">
<h2>${say(lang, TEXT.howToSeal)}</h2>
<p>${say(lang, TEXT.howToSealText)}</p>
<pre class="mono audit-command">shoumictl --identity ${lang === 'zh' ? '身份目录' : 'IDENTITY-DIR'} audit seal</pre>
<p class="muted">${say(lang, TEXT.howToSealAfter)}</p>
</section>
<section class="panel">
<h2>${say(lang, TEXT.digest)}</h2>
<p class="muted">${say(lang, TEXT.digestExplain)}</p>
${digest.digest ? html`<pre class="mono audit-digest" tabindex="0">${digest.text}</pre>` : html`<p>${say(lang, TEXT.emptyTrail)}</p>`}
</section>`;
  return { kind: 'page', title: say(lang, TEXT.sealsTitle), nav: 'audit', body };
}

export const AUDIT_ROUTES: readonly ConsoleRoute[] = [
  { method: 'GET', path: '/audit', handle: trailPage },
  { method: 'POST', path: '/audit/verify', changes: 'VerifyAudit', handle: verifyPage },
  { method: 'GET', path: '/audit/seals', handle: sealsPage },
];
