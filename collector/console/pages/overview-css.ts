// Styles of this section only (assets/page-css.ts appends them to the base sheet).
export const OVERVIEW_CSS = `
.note-small { font-size: 12px; }
.overview-cards .cards { margin-bottom: 4px; }
.clauses .clause-rules { margin: 0; padding-left: 1.2em; }
.clauses .clause-rules li { margin: 1px 0; }
.clauses th[scope="row"] { color: var(--text); background: none; font-weight: 600; white-space: normal; }
.trend-figure { margin: 0 0 8px; background: var(--panel); border: 1px solid var(--line); border-radius: 6px;
  padding: 8px 12px; overflow-x: auto; }
.trend-chart { display: block; max-width: 100%; height: auto; }
svg .bar-none { fill: var(--muted); }
.trend-legend { display: flex; gap: 16px; list-style: none; margin: 4px 0; padding: 0; font-size: 12px; color: var(--muted); }
.trend-legend .swatch { margin-right: 4px; vertical-align: -1px; }
.trend-numbers summary { cursor: pointer; margin: 8px 0; color: var(--accent); }
.trend-table caption { text-align: left; padding: 4px 10px; color: var(--muted); }
.trend-table th[scope="row"] { background: none; color: var(--text); font-weight: 400; }
`;
