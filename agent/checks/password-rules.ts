// 3.7.5 身份鉴别: the password rules the system enforces, judged against the policy's parameters for this
// computer's 密级 (the ledger's classification). Four rules, one per setting an office changes on its own:
//   password-min-length    the shortest password the system accepts ≥ min_length
//   password-max-age       every account that logs in with a password must change it within max_age_days
//                          (one finding per account that does not)
//   password-complexity    passwords must mix ≥ min_classes character classes
//   login-failure-lockout  failed logins lock the account after ≤ max_attempts, for ≥ min_unlock_minutes
//                          (or until an administrator unlocks it)
// The level decides the numbers, so:
//   no classification in the ledger → error: nothing can be judged, and a guess is not a pass;
//   a level the rule sets no parameters for (the baseline's non_classified) → not_applicable: the password
//     rules of this policy are the classified computers' own; a unit that wants them on its non-classified
//     computers adds that level;
//   a setting the probe could not read → error naming it;
//   hardware_token_satisfies at the level and a smart-card/UKey login required (present, its failure fails
//     the login, nothing can skip it) → pass in place of length, age and complexity (the 机密 option "USB key /
//     IC card plus a PIN"). Lockout is judged whatever the login uses: the PIN guessing it stops is the same.
//     If the token modules could not be read, a password that falls short is an error, not a fail: the token
//     might have satisfied the rule.

import { reasonOf } from '../../policies/messages/reason-catalogue';
import { CLASSIFICATION_ZH, type Classification, type Rule } from '../../policies/model';
import {
  loginLockoutParams,
  passwordComplexityParams,
  passwordMaxAgeParams,
  passwordMinLengthParams,
} from '../../policies/rule-params';
import type { HardwareTokenModule, PasswordPolicyFacts } from '../facts';
import type { Check, CheckOutcome, Verdict } from './check';

const MIN_LENGTH = 'password-min-length';
const MAX_AGE = 'password-max-age';
const COMPLEXITY = 'password-complexity';
const LOCKOUT = 'login-failure-lockout';

/** The error each rule gives when its setting cannot be read. */
const UNREADABLE = {
  [MIN_LENGTH]: 'password-rules.min-length-unreadable',
  [MAX_AGE]: 'password-rules.max-age-unreadable',
  [COMPLEXITY]: 'password-rules.classes-unreadable',
  [LOCKOUT]: 'password-rules.lockout-unreadable',
  hardwareTokens: 'password-rules.hardware-token-unreadable',
} as const;

function levelName(level: Classification): string {
  return `${CLASSIFICATION_ZH[level]} (${level})`;
}

type RuleVerdict = Verdict & { subject?: string; evidence?: Record<string, unknown> };

export const passwordRulesCheck: Check = {
  family: 'password-rules',
  ruleIds: [MIN_LENGTH, MAX_AGE, COMPLEXITY, LOCKOUT],
  needs: ['passwordPolicy'],
  judge(facts, context) {
    if (!facts.passwordPolicy.ok) throw new Error('engine ran password-rules without passwordPolicy facts');
    const policy = facts.passwordPolicy.facts;
    const level = context.ledger.classification;
    const outcomes: CheckOutcome[] = [];
    for (const rule of context.rules.values()) {
      const base = { level, sources: policy.sources, notes: policy.notes };
      const verdicts: RuleVerdict[] =
        level === null
          ? [{ status: 'error', reason: reasonOf('password-rules.classification-unknown', {}) }]
          : judgeRule(rule, level, policy);
      for (const verdict of verdicts) {
        const { subject = '', evidence = {}, ...rest } = verdict;
        outcomes.push({
          ruleId: rule.id,
          subject,
          evidence: { ...base, ...evidence },
          ...rest,
        } as CheckOutcome);
      }
    }
    return outcomes;
  },
};

function judgeRule(rule: Rule, level: Classification, policy: PasswordPolicyFacts): RuleVerdict[] {
  switch (rule.id) {
    case MIN_LENGTH: {
      const wanted = passwordMinLengthParams.parse(rule.params).by_classification[level];
      if (!wanted) return [notJudged(level)];
      return withToken(level, wanted.hardware_token_satisfies, policy, () =>
        minLength(level, wanted.min_length, policy.minLength),
      );
    }
    case MAX_AGE: {
      const wanted = passwordMaxAgeParams.parse(rule.params).by_classification[level];
      if (!wanted) return [notJudged(level)];
      return withToken(level, wanted.hardware_token_satisfies, policy, () =>
        maxAge(level, wanted.max_age_days, policy.passwordAges),
      );
    }
    case COMPLEXITY: {
      const wanted = passwordComplexityParams.parse(rule.params).by_classification[level];
      if (!wanted) return [notJudged(level)];
      return withToken(level, wanted.hardware_token_satisfies, policy, () =>
        complexity(level, wanted.min_classes, policy.minClasses),
      );
    }
    case LOCKOUT: {
      const wanted = loginLockoutParams.parse(rule.params).by_classification[level];
      if (!wanted) return [notJudged(level)];
      return lockout(level, wanted.max_attempts, wanted.min_unlock_minutes, policy.lockout);
    }
    default:
      throw new Error(`password-rules was given rule ${rule.id}`);
  }
}

function notJudged(level: Classification): RuleVerdict {
  return {
    status: 'not_applicable',
    reason: reasonOf('password-rules.level-not-judged', { level: levelName(level) }),
  };
}

function unreadable(
  code: (typeof UNREADABLE)[keyof typeof UNREADABLE],
  reading: { reason: string },
): RuleVerdict {
  return {
    status: 'error',
    evidence: { unreadable: reading.reason },
    reason: reasonOf(code, { detail: reading.reason }),
  };
}

/**
 * The password verdicts, unless a required hardware token stands in for them. With the token modules
 * unreadable, a failing password verdict becomes an error: the token might have satisfied the rule.
 */
function withToken(
  level: Classification,
  tokenSatisfies: boolean,
  policy: PasswordPolicyFacts,
  passwordVerdicts: () => RuleVerdict[],
): RuleVerdict[] {
  if (!tokenSatisfies) return passwordVerdicts();
  const tokens = policy.hardwareTokens;
  if (tokens.ok) {
    const required = tokens.value.find((token) => token.required);
    if (required) return [tokenPass(level, required, tokens.value)];
  }
  const verdicts = passwordVerdicts();
  // The token lines found, each with why it does not stand in, so a reader sees why the password was judged.
  if (tokens.ok)
    return verdicts.map((verdict) => ({
      ...verdict,
      evidence: { ...verdict.evidence, hardwareTokens: tokens.value },
    }));
  if (!verdicts.some((verdict) => verdict.status === 'fail')) return verdicts;
  return [unreadable(UNREADABLE.hardwareTokens, tokens)];
}

function tokenPass(
  level: Classification,
  token: HardwareTokenModule,
  all: HardwareTokenModule[],
): RuleVerdict {
  return {
    status: 'pass',
    evidence: { hardwareTokens: all },
    reason: reasonOf('password-rules.hardware-token', {
      level: levelName(level),
      module: token.module,
      at: token.at,
    }),
  };
}

function minLength(
  level: Classification,
  required: number,
  reading: PasswordPolicyFacts['minLength'],
): RuleVerdict[] {
  if (!reading.ok) return [unreadable(UNREADABLE[MIN_LENGTH], reading)];
  const found = reading.value;
  const evidence = { found, required };
  const params = { level: levelName(level), required: String(required) };
  if (found === null)
    return [{ status: 'fail', evidence, reason: reasonOf('password-rules.min-length-none', params) }];
  const detail = { ...params, found: String(found.value), source: found.source };
  return found.value < required
    ? [{ status: 'fail', evidence, reason: reasonOf('password-rules.min-length-short', detail) }]
    : [{ status: 'pass', evidence, reason: reasonOf('password-rules.min-length-ok', detail) }];
}

function complexity(
  level: Classification,
  required: number,
  reading: PasswordPolicyFacts['minClasses'],
): RuleVerdict[] {
  if (!reading.ok) return [unreadable(UNREADABLE[COMPLEXITY], reading)];
  const found = reading.value;
  const evidence = { found, required };
  const params = { level: levelName(level), required: String(required) };
  if (found === null)
    return [{ status: 'fail', evidence, reason: reasonOf('password-rules.classes-none', params) }];
  const detail = { ...params, found: String(found.value), source: found.source };
  return found.value < required
    ? [{ status: 'fail', evidence, reason: reasonOf('password-rules.classes-few', detail) }]
    : [{ status: 'pass', evidence, reason: reasonOf('password-rules.classes-ok', detail) }];
}

function maxAge(
  level: Classification,
  requiredDays: number,
  reading: PasswordPolicyFacts['passwordAges'],
): RuleVerdict[] {
  if (!reading.ok) return [unreadable(UNREADABLE[MAX_AGE], reading)];
  const ages = reading.value;
  const name = levelName(level);
  const required = String(requiredDays);
  if (ages.length === 0)
    return [
      {
        status: 'pass',
        evidence: { accounts: [] },
        reason: reasonOf('password-rules.no-password-accounts', { level: name }),
      },
    ];
  const failing = ages.filter((age) => age.maxAgeDays === null || age.maxAgeDays > requiredDays);
  if (failing.length === 0)
    return [
      {
        status: 'pass',
        evidence: { accounts: ages, requiredDays },
        reason: reasonOf('password-rules.max-age-ok', {
          level: name,
          accounts: String(ages.length),
          required,
        }),
      },
    ];
  return failing.map((age) => ({
    status: 'fail',
    subject: age.account,
    evidence: { account: age, requiredDays },
    reason:
      age.maxAgeDays === null
        ? reasonOf('password-rules.max-age-never', {
            level: name,
            account: age.account,
            required,
            source: age.source,
          })
        : reasonOf('password-rules.max-age-long', {
            level: name,
            account: age.account,
            found: String(age.maxAgeDays),
            required,
            source: age.source,
          }),
  }));
}

function lockout(
  level: Classification,
  maxAttempts: number,
  minUnlockMinutes: number,
  reading: PasswordPolicyFacts['lockout'],
): RuleVerdict[] {
  if (!reading.ok) return [unreadable(UNREADABLE[LOCKOUT], reading)];
  const found = reading.value;
  const evidence = { found, maxAttempts, minUnlockMinutes };
  const name = levelName(level);
  if (found === null)
    return [
      {
        status: 'fail',
        evidence,
        reason: reasonOf('password-rules.lockout-none', { level: name, maxAttempts: String(maxAttempts) }),
      },
    ];
  const common = { level: name, maxAttempts: String(maxAttempts), source: found.source };
  if (found.attempts > maxAttempts)
    return [
      {
        status: 'fail',
        evidence,
        reason: reasonOf('password-rules.lockout-late', { ...common, attempts: String(found.attempts) }),
      },
    ];
  const minutes = String(Math.round((found.unlockSeconds / 60) * 10) / 10);
  if (found.unlockSeconds > 0 && found.unlockSeconds < minUnlockMinutes * 60)
    return [
      {
        status: 'fail',
        evidence,
        reason: reasonOf('password-rules.lockout-short', {
          level: name,
          minutes,
          minUnlock: String(minUnlockMinutes),
          source: found.source,
        }),
      },
    ];
  return [
    {
      status: 'pass',
      evidence,
      reason:
        found.unlockSeconds === 0
          ? reasonOf('password-rules.lockout-ok-until-unlocked', {
              ...common,
              attempts: String(found.attempts),
            })
          : reasonOf('password-rules.lockout-ok', {
              ...common,
              attempts: String(found.attempts),
              minutes,
              minUnlock: String(minUnlockMinutes),
            }),
    },
  ];
}
