// The strict shape of a policy file (schema "shoumi.policy/v1"). Unknown keys are errors, so a misspelt key
// is reported instead of silently ignored; every rule's params are checked against that rule's own schema.

import { z } from 'zod';
import { SEVERITIES } from './model';
import { KNOWN_RULE_IDS, RULE_PARAMS } from './rule-params';

export const POLICY_SCHEMA_ID = 'shoumi.policy/v1';

const RULE_ID = /^[a-z0-9]+(-[a-z0-9]+)*$/;
/** The agent judges the technical clauses 3.7.4–3.7.8; other 3.7.x clauses are accepted for local rules. */
const CLAUSE = /^3\.7\.\d{1,2}$/;

const text = z.string({ error: 'expected a text' }).trim().min(1, { error: 'expected a non-empty text' });

const localizedText = z.strictObject(
  { zh: text, en: text },
  { error: 'expected a mapping with zh and en texts' },
);

const ruleSchema = z
  .strictObject(
    {
      id: z
        .string({ error: 'expected a rule id' })
        .regex(RULE_ID, { error: 'expected a kebab-case rule id such as wifi-radio-absent' }),
      clause: z
        .string({ error: 'expected a clause of the standard as a quoted text, e.g. "3.7.8"' })
        .regex(CLAUSE, { error: 'expected a clause of the standard, 3.7.4 to 3.7.8, e.g. "3.7.8"' }),
      title: localizedText,
      severity: z.enum(SEVERITIES, { error: `expected one of ${SEVERITIES.join(', ')}` }),
      rationale: localizedText,
      remediation: localizedText,
      params: z.record(z.string(), z.unknown(), { error: 'expected a mapping of parameters' }).default({}),
    },
    { error: 'expected a rule (a mapping with id, clause, title, severity, rationale, remediation, params)' },
  )
  .superRefine((rule, context) => {
    // Per rule rather than per policy, so that one broken rule does not hide the parameter errors of others.
    const paramsSchema = RULE_PARAMS[rule.id];
    if (paramsSchema === undefined) {
      context.addIssue({
        code: 'custom',
        path: ['id'],
        message: `no check knows this rule "${rule.id}"; expected one of: ${KNOWN_RULE_IDS.join(', ')}`,
      });
      return;
    }
    const params = paramsSchema.safeParse(rule.params, { error: expectedMessage });
    if (params.success) {
      // Defaults filled in, so checks see every parameter.
      rule.params = params.data;
      return;
    }
    for (const issue of params.error.issues) {
      context.addIssue({ ...issue, path: ['params', ...issue.path] } as z.core.$ZodRawIssue);
    }
  });

/**
 * Messages for the issues no schema above words itself: they say what was expected, and the loader appends
 * what it found. Returning undefined keeps zod's own message.
 */
export function expectedMessage(issue: z.core.$ZodRawIssue): string | undefined {
  switch (issue.code) {
    case 'invalid_type':
      return `expected ${withArticle(issue.expected)}`;
    case 'invalid_value':
      return `expected one of ${issue.values.map((value) => JSON.stringify(value)).join(', ')}`;
    case 'too_small':
      return issue.origin === 'array'
        ? `expected at least ${issue.minimum} item${issue.minimum === 1 ? '' : 's'}`
        : `expected at least ${issue.minimum}`;
    case 'too_big':
      return `expected at most ${issue.maximum}`;
    default:
      return undefined;
  }
}

function withArticle(expected: string): string {
  const noun = expected === 'record' ? 'mapping' : expected === 'object' ? 'mapping' : expected;
  return /^[aeiou]/.test(noun) ? `an ${noun}` : `a ${noun}`;
}

const policyObjectSchema = z
  .strictObject(
    {
      schema: z.literal(POLICY_SCHEMA_ID, { error: `expected "${POLICY_SCHEMA_ID}"` }),
      name: text,
      // A bare 2026.10 would be read as the number 2026.1, so the label must be quoted text.
      version: z
        .string({ error: 'expected a version label in quotes, such as "2026.11"' })
        .trim()
        .min(1, { error: 'expected a version label in quotes, such as "2026.11"' }),
      rules: z.array(ruleSchema, { error: 'expected a list of rules' }),
    },
    { error: 'expected a policy (a mapping with schema, name, version, rules)' },
  )
  .superRefine((policy, context) => {
    const firstIndexById = new Map<string, number>();
    for (const [index, rule] of policy.rules.entries()) {
      const first = firstIndexById.get(rule.id);
      if (first === undefined) {
        firstIndexById.set(rule.id, index);
      } else {
        context.addIssue({
          code: 'custom',
          path: ['rules', index, 'id'],
          message: `expected a unique rule id; "${rule.id}" is already used by rules[${first}]`,
        });
      }
    }
  });

export type PolicyDocument = z.infer<typeof policyObjectSchema>;

export function parsePolicyDocument(data: unknown) {
  return policyObjectSchema.safeParse(data, { error: expectedMessage });
}
