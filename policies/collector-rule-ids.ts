// The rules only the collector can judge (the whole fleet or the absence of an agent), as a leaf module:
// proto/convert.ts refuses them from an agent and needs the ids alone, not rule-params.ts's zod schemas
// (which shoumictl would otherwise build at every start). rule-params.ts keys its schemas by this type.

export const COLLECTOR_RULE_ID_LIST = [
  'media-cross-use-absent',
  'printer-cross-use-absent',
  'agent-reports-regularly',
] as const;

export type CollectorRuleId = (typeof COLLECTOR_RULE_ID_LIST)[number];

export const COLLECTOR_RULE_IDS: ReadonlySet<string> = new Set(COLLECTOR_RULE_ID_LIST);
