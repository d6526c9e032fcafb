// Styles of this section only (assets/page-css.ts appends them to the base sheet).
export const AUDIT_CSS = `
.audit-subnav { display: flex; gap: 16px; margin: -4px 0 12px; }
.audit-subnav a[aria-current="page"] { font-weight: 600; color: var(--text); text-decoration: none; }
table.audit-trail td { font-size: 13px; }
table.audit-trail td.nowrap { white-space: nowrap; }
table.audit-trail tr.refused td:first-child { box-shadow: inset 3px 0 0 var(--fail); }
.audit-detail-cell { max-width: 420px; overflow-wrap: anywhere; }
.audit-detail summary { cursor: pointer; overflow-wrap: anywhere; }
.audit-detail pre, pre.audit-digest, pre.audit-command { white-space: pre-wrap; overflow-wrap: anywhere; margin: 4px 0 0;
  background: var(--bg); border: 1px solid var(--line); border-radius: 4px; padding: 6px 8px; }
.audit-verify textarea { width: 100%; font-family: ui-monospace, "Noto Sans Mono CJK SC", monospace; font-size: 12px; }
.audit-digest-input { display: flex; flex-direction: column; gap: 2px; color: var(--muted); font-size: 12px; margin-top: 6px; }
`;
