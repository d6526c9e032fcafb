import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CLAUSES } from './clause-titles';
import { loadBaselinePolicy } from './load-policy';

describe('clause titles', () => {
  it('cover every clause the baseline policy cites, in both languages', async () => {
    const loaded = await loadBaselinePolicy();
    if (!loaded.ok) throw new Error('the baseline policy does not load');
    const policy = loaded.policy;
    for (const rule of policy.rules) {
      expect(CLAUSES[rule.clause]?.title.zh, rule.clause).toMatch(/\S/);
      expect(CLAUSES[rule.clause]?.title.en, rule.clause).toMatch(/\S/);
    }
  });

  // The standard's text is not in the repository (docs/DESIGN.md); where the shared copy is on this machine the
  // titles are compared with it, elsewhere the test is reported skipped, never passed.
  const standard = '/work/shared/standard/000_a4a64e8566edc823.txt';
  it.skipIf(!existsSync(standard))(
    'quote the standard word for word where its copy is whole (all but the page-broken 3.7.5)',
    () => {
      const text = readFileSync(standard, 'utf8');
      for (const [clause, entry] of Object.entries(CLAUSES)) {
        if (clause === '3.7.5') continue;
        expect(text, clause).toContain(`${clause} ${entry.text}`);
      }
    },
  );
});
