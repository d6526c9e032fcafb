// The console's stylesheet, served as /assets/console-HASH.css (console-assets.ts). Light and dark from
// prefers-color-scheme; system fonts (Noto Sans CJK / Microsoft YaHei / PingFang) so nothing is fetched;
// laid out for 1366×768 first. No inline styles anywhere (the CSP forbids them): pages use these classes.
export const BASE_CSS = `
:root {
  color-scheme: light dark;
  --bg: #f6f7f9; --panel: #ffffff; --text: #1b1f24; --muted: #5b6470; --line: #d9dde3;
  --accent: #0b57a4; --accent-text: #ffffff; --fail: #b42318; --fail-bg: #fde8e7; --pass: #0a7a3d;
  --pass-bg: #e3f4ea; --warn: #8a5a00; --warn-bg: #fdf1d6; --info-bg: #e8f0fb; --focus: #f59e0b;
  font-family: "Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", "PingFang SC", system-ui, sans-serif;
  font-size: 14px; line-height: 1.5;
}
@media (prefers-color-scheme: dark) {
  :root {
    --bg: #111418; --panel: #1a1f25; --text: #e6e9ee; --muted: #9aa4b1; --line: #2e3640;
    --accent: #5ea4f0; --accent-text: #0b1320; --fail: #ff8a80; --fail-bg: #3a1714; --pass: #6fd69b;
    --pass-bg: #12301f; --warn: #f5c86b; --warn-bg: #3a2c0c; --info-bg: #16263a;
  }
}
* { box-sizing: border-box; }
body { margin: 0; background: var(--bg); color: var(--text); }
a { color: var(--accent); }
a:focus-visible, button:focus-visible, input:focus-visible, select:focus-visible, textarea:focus-visible,
summary:focus-visible, main:focus-visible { outline: 3px solid var(--focus); outline-offset: 2px; }
.skip { position: absolute; left: -9999px; top: 0; }
.skip:focus { left: 8px; top: 8px; z-index: 10; background: var(--panel); padding: 4px 8px; }
.top { display: flex; align-items: center; gap: 16px; padding: 0 16px; height: 48px; background: var(--panel);
  border-bottom: 1px solid var(--line); position: sticky; top: 0; z-index: 5; }
.brand { font-weight: 700; text-decoration: none; color: var(--text); white-space: nowrap; }
.top nav ul { display: flex; gap: 2px; list-style: none; margin: 0; padding: 0; }
.top nav a { display: block; padding: 12px 10px; text-decoration: none; color: var(--muted);
  border-bottom: 3px solid transparent; white-space: nowrap; }
.top nav a[aria-current="page"] { color: var(--text); border-bottom-color: var(--accent); font-weight: 600; }
.who { margin-left: auto; display: flex; gap: 12px; align-items: center; color: var(--muted); white-space: nowrap; }
main { padding: 16px 24px 32px; max-width: 1400px; }
h1 { font-size: 20px; margin: 4px 0 16px; }
h2 { font-size: 16px; margin: 24px 0 8px; }
.foot { padding: 8px 24px 16px; color: var(--muted); font-size: 12px; }
.panel { background: var(--panel); border: 1px solid var(--line); border-radius: 6px; padding: 12px 16px; margin: 0 0 16px; }
.cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(150px, 1fr)); gap: 12px; margin-bottom: 16px; }
.card { background: var(--panel); border: 1px solid var(--line); border-radius: 6px; padding: 10px 14px;
  text-decoration: none; color: var(--text); display: block; }
.card .n { font-size: 28px; font-weight: 700; display: block; }
.card .l { color: var(--muted); }
.card.fail .n { color: var(--fail); } .card.pass .n { color: var(--pass); } .card.warn .n { color: var(--warn); }
table { border-collapse: collapse; width: 100%; background: var(--panel); }
th, td { text-align: left; padding: 6px 10px; border-bottom: 1px solid var(--line); vertical-align: top; }
th { font-weight: 600; color: var(--muted); background: var(--bg); white-space: nowrap; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
.table-wrap { overflow-x: auto; border: 1px solid var(--line); border-radius: 6px; }
.badge { display: inline-block; padding: 0 8px; border-radius: 10px; font-size: 12px; line-height: 20px; white-space: nowrap; }
.badge.fail, .badge.failing, .badge.error { background: var(--fail-bg); color: var(--fail); }
.badge.pass, .badge.compliant { background: var(--pass-bg); color: var(--pass); }
.badge.not_judged, .badge.never_seen, .badge.silent, .badge.warn, .badge.not_applicable { background: var(--warn-bg); color: var(--warn); }
.badge.info { background: var(--info-bg); color: var(--accent); }
.muted { color: var(--muted); }
.mono { font-family: ui-monospace, "Noto Sans Mono CJK SC", monospace; font-size: 12px; }
.filters { display: flex; flex-wrap: wrap; gap: 8px 12px; align-items: end; margin-bottom: 12px; }
.filters label, .form label { display: flex; flex-direction: column; gap: 2px; color: var(--muted); font-size: 12px; }
input, select, textarea, button { font: inherit; color: var(--text); background: var(--panel);
  border: 1px solid var(--line); border-radius: 4px; padding: 4px 8px; }
button, .button { background: var(--accent); color: var(--accent-text); border-color: var(--accent); cursor: pointer;
  text-decoration: none; display: inline-block; padding: 4px 12px; border-radius: 4px; }
button.secondary, .button.secondary { background: var(--panel); color: var(--accent); }
button.danger { background: var(--fail); border-color: var(--fail); color: #fff; }
.form { display: grid; grid-template-columns: repeat(auto-fit, minmax(220px, 1fr)); gap: 10px 16px; align-items: end; }
.actions { display: flex; gap: 8px; flex-wrap: wrap; align-items: center; margin: 8px 0; }
.notice { padding: 8px 12px; border-radius: 6px; margin-bottom: 12px; border: 1px solid var(--line); }
.notice.ok { background: var(--pass-bg); color: var(--pass); }
.notice.bad { background: var(--fail-bg); color: var(--fail); }
.notice.info { background: var(--info-bg); }
.pager { display: flex; gap: 12px; align-items: center; margin: 8px 0; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 4px 16px; margin: 0; }
dl.facts dt { color: var(--muted); } dl.facts dd { margin: 0; }
progress, meter { width: 100%; height: 14px; }
svg text { fill: var(--muted); font-size: 11px; }
svg .bar-fail { fill: var(--fail); } svg .bar-pass { fill: var(--pass); } svg .bar-warn { fill: var(--warn); }
svg .axis { stroke: var(--line); }
[data-live][aria-busy="true"] { opacity: 0.7; }
`;
