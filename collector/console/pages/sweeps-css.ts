// Styles of this section only (assets/page-css.ts appends them to the base sheet).
export const SWEEPS_CSS = `
.sweep-coverage { display: flex; align-items: center; gap: 8px; min-width: 180px; }
.sweep-coverage progress { flex: 1; min-width: 80px; }
.sweep-count { white-space: nowrap; font-variant-numeric: tabular-nums; }
.sweep-live .sweep-coverage { max-width: 640px; }
.sweep-live .sweep-count { font-size: 16px; font-weight: 600; }
.sweep-state { margin: 0 0 8px; }
.sweep-figures { display: grid; grid-template-columns: repeat(auto-fit, minmax(150px, 1fr)); gap: 8px; margin: 12px 0; }
.sweep-figure { border: 1px solid var(--line); border-radius: 6px; padding: 6px 10px; }
.sweep-figure .n { display: block; font-size: 22px; font-weight: 700; font-variant-numeric: tabular-nums; }
.sweep-figure .l { display: block; }
.sweep-figure .hint { display: block; color: var(--muted); font-size: 12px; }
.sweep-figure.pass .n { color: var(--pass); } .sweep-figure.warn .n { color: var(--warn); }
.sweep-figure.fail .n { color: var(--fail); }
.rule-picker { margin: 8px 0; }
.rule-picker summary { cursor: pointer; color: var(--accent); }
.rule-picker fieldset { border: 1px solid var(--line); border-radius: 6px; margin: 6px 0 0; max-height: 280px; overflow-y: auto; }
.rule-picker ul { list-style: none; margin: 0; padding: 0; columns: 2 360px; }
.rule-picker li { break-inside: avoid; display: flex; gap: 6px; align-items: baseline; padding: 2px 0; }
.add-schedule { margin-top: 16px; border-top: 1px solid var(--line); padding-top: 8px; }
.add-schedule h3 { font-size: 14px; margin: 4px 0 8px; }
table.schedules form { margin: 0; }
`;
