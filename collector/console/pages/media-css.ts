// Styles of this section only (assets/page-css.ts appends them to the base sheet).
export const MEDIA_CSS = `
table.media-ledger td { font-size: 13px; }
ul.sightings { margin: 0; padding-left: 16px; }
.media-actions { min-width: 220px; }
.status-form button { white-space: nowrap; }
.status-form { display: flex; gap: 4px; margin: 0 0 4px; }
.status-form input { width: 100px; }
.status-form .sr { position: absolute; left: -9999px; }
`;
