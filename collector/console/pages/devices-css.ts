// Styles of this section only (assets/page-css.ts appends them to the base sheet).
export const DEVICES_CSS = `
.devices-filters input[type="search"] { min-width: 16em; }
.devices-filters input[type="text"] { width: 9em; }
.devices-filters select { max-width: 16em; }
.devices-filters .actions { margin: 0; }
.hint { font-size: 12px; margin: -4px 0 12px; }
.devices-summary .total { margin-right: auto; }
table.devices td.when { white-space: nowrap; font-variant-numeric: tabular-nums; }
table.devices td:nth-child(2) { word-break: break-all; }
`;
