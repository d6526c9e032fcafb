// The collector's table of the agent's own notices is the agent's: same ids, same clauses.
import { describe, expect, it } from 'vitest';
import { AGENT_NOTICE_RULES } from '../../policies/agent-notice-rules';
import { COLLECTOR_RULE_IDS, KNOWN_RULE_IDS } from '../../policies/rule-params';
import { LOST_RECORD_CLAUSE, LOST_RECORD_RULE_ID } from './lost-record-finding';
import { OVERFLOW_CLAUSE, OVERFLOW_RULE_ID } from './overflow-finding';
import { REFUSED_RECORD_CLAUSE, REFUSED_RECORD_RULE_ID } from './refused-record-finding';

describe('agent notice rules', () => {
  it('are exactly the rule ids and clauses the agent makes its notices under', () => {
    expect(new Map(AGENT_NOTICE_RULES)).toEqual(
      new Map([
        [OVERFLOW_RULE_ID, OVERFLOW_CLAUSE],
        [LOST_RECORD_RULE_ID, LOST_RECORD_CLAUSE],
        [REFUSED_RECORD_RULE_ID, REFUSED_RECORD_CLAUSE],
      ]),
    );
    expect([...AGENT_NOTICE_RULES]).toEqual([
      ['agent-outbox-overflow', '3.7.5'],
      ['agent-outbox-record-lost', '3.7.5'],
      ['agent-outbox-record-refused', '3.7.5'],
    ]);
  });

  it('are no policy rule and no collector rule', () => {
    for (const ruleId of AGENT_NOTICE_RULES.keys()) {
      expect(KNOWN_RULE_IDS).not.toContain(ruleId);
      expect(COLLECTOR_RULE_IDS.has(ruleId)).toBe(false);
    }
  });
});
