// Styles of this section only (assets/page-css.ts appends them to the base sheet).
export const RULES_CSS = `
.clause-block { margin-bottom: 20px; }
.clause-block h2 a { color: var(--text); }
.clause-text { margin: 0 0 10px; padding: 8px 12px; border-left: 3px solid var(--accent); background: var(--panel);
  max-width: 72em; }
.clause-original summary { cursor: pointer; color: var(--muted); font-size: 12px; }
.rule-rationale, .rule-remediation { max-width: 72em; }
.rule-facts { margin-bottom: 8px; }
.rule-params .param-list { margin: 0; padding-left: 1.2em; }
.rule-params pre { margin: 0; white-space: pre-wrap; }
`;
