// Styles of this section only (assets/page-css.ts appends them to the base sheet).
export const AUDIT_CSS = ``;
