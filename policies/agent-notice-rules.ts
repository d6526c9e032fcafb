// Rule ids the agent reports about itself rather than about the workstation: its outbox overflowed, a record
// of it was lost or refused. No policy lists them (nothing to configure), yet they are agent-judged findings
// the collector must take like any other, under clause 3.7.5 (the audit of the system itself). The agent
// defines each where it makes the finding (agent/outbox/*-finding.ts); this table is what the collector
// accepts, and a test holds the two together.
export const AGENT_NOTICE_RULES: ReadonlyMap<string, string> = new Map([
  ['agent-outbox-overflow', '3.7.5'],
  ['agent-outbox-record-lost', '3.7.5'],
  ['agent-outbox-record-refused', '3.7.5'],
]);
