// Styles of this section only (assets/page-css.ts appends them to the base sheet).
export const DEVICE_CSS = `
.device-top { display: grid; grid-template-columns: minmax(0, 1fr) minmax(0, 1.4fr); gap: 16px; align-items: start; }
@media (max-width: 1000px) { .device-top { grid-template-columns: 1fr; } }
.device-top .panel { margin: 0; }
.ledger-form { margin-top: 12px; border-top: 1px solid var(--line); padding-top: 12px; }
.ledger-form .form { grid-template-columns: repeat(auto-fit, minmax(160px, 1fr)); }
.ledger-form .wide { grid-column: 1 / -1; }
.ledger-form textarea { width: 100%; }
td.nowrap, .nowrap { white-space: nowrap; }
table.findings td:nth-child(5), table.history td:nth-child(5) { min-width: 280px; }
.finding-history summary { cursor: pointer; }
.finding-history summary h2 { display: inline; }
.panel h3 { font-size: 14px; margin: 16px 0 6px; }
`;
