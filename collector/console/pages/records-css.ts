// Styles of this section only (assets/page-css.ts appends them to the base sheet).
export const RECORDS_CSS = `
.record-choice { display: grid; grid-template-columns: repeat(auto-fit, minmax(420px, 1fr)); gap: 16px; }
.record-choice .panel h2 { margin-top: 4px; }
.record-summary p { margin: 4px 0; }
.record-device h3 { font-size: 15px; margin: 20px 0 6px; display: flex; gap: 12px; flex-wrap: wrap; align-items: baseline; }
.record-device h3 .muted { font-weight: 400; font-size: 13px; }
.record-problems td { overflow-wrap: anywhere; }
.record-problems th:nth-child(1) { width: 12%; }
.record-problems th:nth-child(2) { width: 22%; }
.record-problems th:nth-child(3) { width: 30%; }
.record-problems td.measure p { margin: 0 0 4px; }
.measure-text { white-space: pre-wrap; }
.measure-form { display: grid; gap: 4px; margin-top: 6px; }
.measure-form label { color: var(--muted); font-size: 12px; }
.measure-form label.check { color: var(--text); font-size: 14px; display: flex; gap: 6px; align-items: center; }
.measure-form textarea { width: 100%; resize: vertical; }
.measure-form button { justify-self: start; }
`;
