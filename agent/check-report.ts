// How `shoumi-agent check` shows a local sweep: a table for people, JSON for scripts, and an exit code.
import type { Policy, UnsequencedFinding } from '../policies/model';
import { COLLECTOR_RULE_IDS } from '../policies/rule-params';
import { renderTable } from '../policies/text-table';

const STATUS_LABEL: Record<UnsequencedFinding['status'], string> = {
  pass: 'PASS',
  fail: 'FAIL',
  error: 'ERROR',
  not_applicable: 'N/A',
};

/** 1 when any rule fails or could not be judged: "cannot tell" must not look compliant to a script. */
export function checkExitCode(findings: readonly UnsequencedFinding[]): number {
  return findings.some((finding) => finding.status === 'fail' || finding.status === 'error') ? 1 : 0;
}

export function renderCheckTable(
  findings: readonly UnsequencedFinding[],
  policy: Policy,
  lang: 'zh' | 'en',
): string {
  const titles = new Map(policy.rules.map((rule) => [rule.id, rule.title[lang]]));
  const order = { fail: 0, error: 1, pass: 2, not_applicable: 3 } as const;
  const sorted = [...findings].sort(
    (a, b) =>
      order[a.status] - order[b.status] ||
      a.clause.localeCompare(b.clause) ||
      a.ruleId.localeCompare(b.ruleId),
  );
  const table = renderTable(
    [
      { header: 'STATUS', value: (finding: UnsequencedFinding) => STATUS_LABEL[finding.status] },
      { header: 'CLAUSE', value: (finding) => finding.clause },
      { header: 'RULE', value: (finding) => finding.ruleId },
      { header: 'TITLE', value: (finding) => titles.get(finding.ruleId) ?? '', maxWidth: 28 },
      { header: 'SUBJECT', value: (finding) => finding.subject, maxWidth: 36 },
      { header: 'REASON', value: (finding) => finding.reason, maxWidth: 60 },
    ],
    sorted,
  );
  const count = (status: UnsequencedFinding['status']) =>
    findings.filter((finding) => finding.status === status).length;
  const fleetRules = policy.rules.filter((rule) => COLLECTOR_RULE_IDS.has(rule.id));
  const fleetNote =
    fleetRules.length === 0
      ? ''
      : `judged by the collector across the fleet, not here: ${fleetRules.map((rule) => rule.id).join(', ')}\n`;
  return `${table}\n\n${count('fail')} failing, ${count('error')} errors, ${count('pass')} passing, ${count('not_applicable')} not applicable\n${fleetNote}`;
}
