// How `shoumi-agent check` shows a local sweep: a table for people in their language, JSON for scripts (codes,
// parameters and the English reason, whatever the language), and an exit code.

import { findingReasonText } from '../policies/messages/finding-reason';
import type { Lang } from '../policies/messages/language';
import type { Policy, UnsequencedFinding } from '../policies/model';
import { COLLECTOR_RULE_IDS } from '../policies/rule-params';
import { renderTable } from '../policies/text-table';

type Status = UnsequencedFinding['status'];

/** The words of the table, per language; the zh verdicts are those of the inspection record (record-text.ts). */
const WORDS = {
  en: {
    status: { pass: 'PASS', fail: 'FAIL', error: 'ERROR', not_applicable: 'N/A' } satisfies Record<
      Status,
      string
    >,
    headers: ['STATUS', 'CLAUSE', 'RULE', 'TITLE', 'SUBJECT', 'REASON'],
    summary: (counts: Record<Status, number>) =>
      `${counts.fail} failing, ${counts.error} errors, ${counts.pass} passing, ${counts.not_applicable} not applicable`,
    fleet: (ruleIds: string) => `judged by the collector across the fleet, not here: ${ruleIds}`,
  },
  zh: {
    status: { pass: '符合', fail: '不符合', error: '无法判定', not_applicable: '不适用' } satisfies Record<
      Status,
      string
    >,
    headers: ['结论', '条款', '规则', '名称', '对象', '原因'],
    summary: (counts: Record<Status, number>) =>
      `不符合 ${counts.fail} 项，无法判定 ${counts.error} 项，符合 ${counts.pass} 项，不适用 ${counts.not_applicable} 项`,
    fleet: (ruleIds: string) => `以下规则由采集服务器汇总全部终端后判定，不在本机检查：${ruleIds}`,
  },
} as const;

/** 1 when any rule fails or could not be judged: "cannot tell" must not look compliant to a script. */
export function checkExitCode(findings: readonly UnsequencedFinding[]): number {
  return findings.some((finding) => finding.status === 'fail' || finding.status === 'error') ? 1 : 0;
}

export function renderCheckTable(
  findings: readonly UnsequencedFinding[],
  policy: Policy,
  lang: Lang,
): string {
  const words = WORDS[lang];
  const titles = new Map(policy.rules.map((rule) => [rule.id, rule.title[lang]]));
  const order = { fail: 0, error: 1, pass: 2, not_applicable: 3 } as const;
  const sorted = [...findings].sort(
    (a, b) =>
      order[a.status] - order[b.status] ||
      a.clause.localeCompare(b.clause) ||
      a.ruleId.localeCompare(b.ruleId),
  );
  const [status, clause, rule, title, subject, reason] = words.headers;
  const table = renderTable(
    [
      { header: status, value: (finding: UnsequencedFinding) => words.status[finding.status] },
      { header: clause, value: (finding) => finding.clause },
      { header: rule, value: (finding) => finding.ruleId },
      { header: title, value: (finding) => titles.get(finding.ruleId) ?? '', maxWidth: 28 },
      { header: subject, value: (finding) => finding.subject, maxWidth: 36 },
      { header: reason, value: (finding) => findingReasonText(finding, lang), maxWidth: 60 },
    ],
    sorted,
  );
  const counts: Record<Status, number> = { pass: 0, fail: 0, error: 0, not_applicable: 0 };
  for (const finding of findings) counts[finding.status]++;
  const fleetRules = policy.rules.filter((rule) => COLLECTOR_RULE_IDS.has(rule.id));
  const fleetNote =
    fleetRules.length === 0 ? '' : `${words.fleet(fleetRules.map((rule) => rule.id).join(', '))}\n`;
  return `${table}\n\n${words.summary(counts)}\n${fleetNote}`;
}
