// `shoumictl rule RULE|CLAUSE`: what a rule checks and why, or every rule of a clause, from the policy the
// collector holds now: the clause's own words, the rule's title, rationale, remediation and parameters.
import { CLAUSES } from '../../../policies/clause-titles';
import type { PolicyRule__Output } from '../../../proto/generated/shoumi/v1/PolicyRule';
import { noteEmpty, program, withClient } from '../cli-context';
import { ctlLang } from '../ctl-language';
import { t } from '../ctl-messages';
import { CtlError, EXIT } from '../exit-codes';
import { printText } from '../terminal-text';

const CLAUSE_NUMBER = /^\d+(\.\d+)+$/;

/** One rule as a block of text for people, in the reader's language. */
export function ruleText(rule: PolicyRule__Output): string {
  const lang = ctlLang();
  const params = JSON.parse(rule.paramsJson || '{}') as Record<string, unknown>;
  const paramLines = Object.entries(params).map(([name, value]) => `  ${name}: ${JSON.stringify(value)}`);
  return [
    `${rule.ruleId}  ${t('rule.clause', { clause: rule.clause })}  ${rule.severity.toLowerCase()}`,
    `  ${rule.title?.[lang] ?? ''}`,
    `${t('rule.rationale')}:`,
    `  ${rule.rationale?.[lang] ?? ''}`,
    `${t('rule.remediation')}:`,
    `  ${rule.remediation?.[lang] ?? ''}`,
    `${t('rule.params')}:`,
    ...(paramLines.length > 0 ? paramLines : [`  ${t('rule.noParams')}`]),
  ].join('\n');
}

/** The clause's heading: its number, title and words (Chinese, the standard's; with --lang en ours too). */
export function clauseText(clause: string): string {
  const entry = CLAUSES[clause];
  if (!entry) return t('rule.clause', { clause });
  const lang = ctlLang();
  const lines = [`${t('rule.clause', { clause })}  ${entry.title[lang]}`, `  ${entry.text}`];
  if (lang === 'en') lines.push(`  ${entry.textEn}`);
  return lines.join('\n');
}

program
  .command('rule <rule-or-clause>')
  .description(t('help.rule'))
  .action((what: string) =>
    withClient(async (client, options) => {
      const isClause = CLAUSE_NUMBER.test(what);
      const answer = await client.listRules(
        isClause ? { ruleId: '', clause: what } : { ruleId: what, clause: '' },
      );
      if (answer.rules.length === 0) {
        if (isClause) {
          noteEmpty(options, 'rules');
          return answer;
        }
        const every = await client.listRules({ ruleId: '', clause: '' });
        const clauses = [...new Set(every.rules.map((rule) => rule.clause))].sort().join(', ');
        throw new CtlError(t('rule.unknown', { what, clauses }), EXIT.usage);
      }
      if (options.json) return answer;
      const clauses = [...new Set(answer.rules.map((rule) => rule.clause))];
      const blocks = [
        t('rule.policy', { name: answer.policyName, version: answer.policyVersion }),
        ...clauses.map(clauseText),
        ...answer.rules.map(ruleText),
      ];
      printText(`${blocks.join('\n\n')}\n`);
      return answer;
    }),
  );
