import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  baselinePolicyPath,
  formatPolicyProblems,
  loadBaselinePolicy,
  loadPolicyFile,
  type PolicyProblem,
  parsePolicy,
} from './load-policy';
import { classificationRank } from './model';

const FILE = 'policies/x.yaml';

const rule = (id: string, params: string, extra = '') => `
  - id: ${id}
    clause: "3.7.5"
    title: { zh: 标题, en: Title }
    severity: medium
    rationale: { zh: 理由, en: Why }
    remediation: { zh: 整改, en: Fix }${extra}
    params:${params}`;

const policyText = (...rules: string[]) =>
  `schema: shoumi.policy/v1\nname: test\nversion: "1"\nrules:${rules.join('')}\n`;

function problems(text: string): PolicyProblem[] {
  const result = parsePolicy(text, FILE);
  if (result.ok) throw new Error('expected the policy to be refused');
  return result.errors;
}

describe('the baseline policy', () => {
  it('loads, with defaults filled in', async () => {
    const result = await loadBaselinePolicy();
    if (!result.ok) throw new Error(formatPolicyProblems(result.errors));
    expect(result.version).toMatch(/^[0-9a-f]{16}$/);
    const byId = new Map(result.policy.rules.map((entry) => [entry.id, entry]));
    expect(byId.get('antivirus-signatures-current')?.params).toEqual({ max_signature_age_days: 7 });
    expect(byId.get('default-route-gateway-allowed')?.params).toEqual({ allowed_networks: [] });
    for (const entry of result.policy.rules) {
      expect(entry.clause, entry.id).toMatch(/^3\.7\.[4-8]$/);
      expect(entry.title.zh.length, entry.id).toBeGreaterThan(0);
    }
    // Every clause the agent exists to check has at least one rule.
    expect(new Set(result.policy.rules.map((entry) => entry.clause))).toEqual(
      new Set(['3.7.4', '3.7.5', '3.7.6', '3.7.7', '3.7.8']),
    );
    expect(classificationRank('top_secret')).toBeGreaterThan(classificationRank('secret'));
  });

  it('is found through SHOUMI_POLICY_DIR when set', () => {
    const before = process.env.SHOUMI_POLICY_DIR;
    process.env.SHOUMI_POLICY_DIR = '/etc/shoumi/policies';
    try {
      expect(baselinePolicyPath()).toBe('/etc/shoumi/policies/baseline.yaml');
    } finally {
      if (before === undefined) delete process.env.SHOUMI_POLICY_DIR;
      else process.env.SHOUMI_POLICY_DIR = before;
    }
  });
});

describe('parsePolicy', () => {
  it('versions the policy by its exact text', () => {
    const text = policyText(rule('antivirus-signatures-current', ' { max_signature_age_days: 7 }'));
    const first = parsePolicy(text, FILE);
    const second = parsePolicy(`${text}# comment\n`, FILE);
    expect(first.ok && second.ok).toBe(true);
    if (first.ok && second.ok) expect(first.version).not.toBe(second.version);
  });

  it('names file, path, line and what was expected for a wrong parameter', () => {
    const text = policyText(
      rule('antivirus-signatures-current', ' { max_signature_age_days: 7 }'),
      rule('screen-lock-enabled', '\n      max_idle_minutes: seven'),
    );
    const [problem, ...rest] = problems(text);
    expect(rest).toEqual([]);
    expect(problem).toMatchObject({ file: FILE, path: 'rules[1].params.max_idle_minutes' });
    expect(problem!.message).toBe('expected a positive integer, got "seven"');
    expect(text.split('\n')[problem!.line! - 1]).toContain('max_idle_minutes: seven');
    expect(formatPolicyProblems([problem!])).toBe(
      `${FILE}:${problem!.line}:${problem!.column} rules[1].params.max_idle_minutes: expected a positive integer, got "seven"`,
    );
  });

  it('refuses zero and fractions where a positive integer is expected', () => {
    for (const value of ['0', '-3', '2.5']) {
      const [problem] = problems(
        policyText(rule('antivirus-signatures-current', ` { max_signature_age_days: ${value} }`)),
      );
      expect(problem!.message).toBe(`expected a positive integer, got ${value}`);
    }
  });

  it('reports every broken rule, not only the first', () => {
    const found = problems(
      policyText(
        rule('antivirus-signatures-current', ' { max_signature_age_days: x }'),
        rule('default-route-gateway-allowed', ' { allowed_networks: ["10.1.2.3/8", "10.0.0.0/8"] }'),
        rule('wireless-input-receiver-absent', ' { receiver_usb_ids: ["046D:C52B"] }'),
      ),
    );
    expect(found.map((problem) => problem.path)).toEqual([
      'rules[0].params.max_signature_age_days',
      'rules[1].params.allowed_networks[0]',
      'rules[2].params.receiver_usb_ids[0]',
    ]);
    expect(found[1]!.message).toContain('did you mean 10.0.0.0/8');
    expect(found[2]!.message).toContain('4 lowercase hex digits');
  });

  it('refuses unknown keys, at the key', () => {
    const text = policyText(
      rule(
        'antivirus-signatures-current',
        ' { max_signature_age_days: 7, max_age: 3 }',
        '\n    severty: low',
      ),
    );
    const found = problems(text);
    expect(found.map((problem) => problem.path).sort()).toEqual([
      'rules[0].params.max_age',
      'rules[0].severty',
    ]);
    const misspelt = found.find((problem) => problem.path === 'rules[0].severty')!;
    expect(misspelt.message).toContain('unknown key "severty"');
    expect(text.split('\n')[misspelt.line! - 1]).toContain('severty: low');
  });

  it('refuses a rule no check knows', () => {
    const [problem] = problems(policyText(rule('telepathy-blocked', ' {}')));
    expect(problem!.path).toBe('rules[0].id');
    expect(problem!.message).toContain('no check knows this rule "telepathy-blocked"');
  });

  it('refuses duplicate rule ids', () => {
    const found = problems(
      policyText(rule('audit-service-running', ' {}'), rule('audit-service-running', ' {}')),
    );
    expect(found).toEqual([
      expect.objectContaining({
        path: 'rules[1].id',
        message: expect.stringContaining('already used by rules[0]'),
      }),
    ]);
  });

  it('refuses clauses outside 3.7.x, bad severities and missing texts', () => {
    const text = policyText(
      rule('audit-service-running', ' {}').replace('"3.7.5"', '"4.1"').replace('medium', 'urgent'),
    );
    const found = problems(text.replace('rationale: { zh: 理由, en: Why }', 'rationale: { zh: 理由 }'));
    const byPath = new Map(found.map((problem) => [problem.path, problem.message]));
    expect(byPath.get('rules[0].clause')).toContain('3.7.4 to 3.7.8');
    expect(byPath.get('rules[0].severity')).toBe('expected one of low, medium, high, critical, got "urgent"');
    expect(byPath.get('rules[0].rationale.en')).toBe('expected a text, got nothing (the key is missing)');
  });

  it('refuses a wrong schema id and an unquoted numeric version', () => {
    const text = policyText(rule('audit-service-running', ' {}'))
      .replace('shoumi.policy/v1', 'shoumi.policy/v9')
      .replace('"1"', '2026.10');
    const byPath = new Map(problems(text).map((problem) => [problem.path, problem.message]));
    expect(byPath.get('schema')).toBe('expected "shoumi.policy/v1", got "shoumi.policy/v9"');
    expect(byPath.get('version')).toContain('in quotes');
  });

  it('reports YAML syntax errors with their line', () => {
    const text = 'schema: shoumi.policy/v1\nname: test\nrules:\n  - id: [unclosed\n';
    const [problem] = problems(text);
    expect(problem!.message).toMatch(/^YAML syntax: /);
    expect(problem!.line).toBeGreaterThanOrEqual(4);
  });

  it('refuses an unresolved alias and an alias bomb instead of throwing (found by the fault suite)', () => {
    expect(problems('schema: *missing\n')[0]!.message).toMatch(/^YAML aliases: Unresolved alias/);
    const bomb = ['a: &a [x, x, x, x, x, x, x, x, x]']
      .concat(
        ['b', 'c', 'd', 'e'].map((name, index) => {
          const previous = 'abcd'[index]!;
          return `${name}: &${name} [${Array(9).fill(`*${previous}`).join(', ')}]`;
        }),
      )
      .join('\n');
    expect(problems(bomb)[0]!.message).toMatch(/^YAML aliases: Excessive alias count/);
  });

  it('reports duplicate keys as YAML errors', () => {
    const found = problems('schema: shoumi.policy/v1\nname: a\nname: b\nversion: "1"\nrules: []\n');
    expect(found[0]).toMatchObject({ line: 3, message: expect.stringContaining('YAML syntax') });
  });

  it('refuses an empty file', () => {
    const [problem] = problems('');
    expect(problem).toMatchObject({
      path: '',
      message: 'expected a policy (a mapping with schema, name, version, rules), got an empty value',
    });
  });
});

describe('loadPolicyFile', () => {
  it('reads a file and names it in problems', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'shoumi-policy-'));
    const path = join(directory, 'broken.yaml');
    await writeFile(
      path,
      policyText(rule('antivirus-signatures-current', ' { max_signature_age_days: seven }')),
    );
    const result = await loadPolicyFile(path);
    expect(result.ok).toBe(false);
    if (!result.ok)
      expect(formatPolicyProblems(result.errors)).toMatch(
        new RegExp(
          `^${path}:\\d+:\\d+ rules\\[0\\]\\.params\\.max_signature_age_days: expected a positive integer, got "seven"$`,
        ),
      );
  });

  it('says when the file cannot be read', async () => {
    const result = await loadPolicyFile('/nonexistent/shoumi/policy.yaml');
    expect(result).toEqual({
      ok: false,
      errors: [
        expect.objectContaining({
          file: '/nonexistent/shoumi/policy.yaml',
          message: expect.stringContaining('cannot read'),
        }),
      ],
    });
  });
});
