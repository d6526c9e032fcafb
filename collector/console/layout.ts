// The console's frame: the page head (the vendored stylesheet and script, nothing from elsewhere), the
// sections an administrator's role may open (from the one role table, admin/method-roles.ts), who is
// signed in, the language switch, and the page. Every form that changes state carries the anti-forgery
// token through `formToken`.
import type { Lang } from '../../policies/messages/language';
import { type AdminMethod, METHOD_ROLES } from '../admin/method-roles';
import type { AdminRole } from '../pki/identity-names';
import { FORGERY_FIELD } from './anti-forgery';
import { ASSET_PATHS } from './assets/console-assets';
import type { ConsoleAdmin, NavSection, PageContext } from './console-page';
import { type Bilingual, COMMON, PRODUCT, ROLE_TEXT, say } from './console-text';
import { html, type SafeHtml } from './html';

interface NavItem {
  section: Exclude<NavSection, 'none'>;
  path: string;
  label: Bilingual;
  /** The admin method the section's main view calls: the section shows for the roles that may call it. */
  needs: AdminMethod;
}

export const NAV: readonly NavItem[] = [
  { section: 'overview', path: '/', label: { zh: '总览', en: 'Overview' }, needs: 'GetFleetStatus' },
  { section: 'devices', path: '/devices', label: { zh: '设备', en: 'Devices' }, needs: 'ListDevices' },
  { section: 'rules', path: '/rules', label: { zh: '规则', en: 'Rules' }, needs: 'ListRules' },
  { section: 'media', path: '/media', label: { zh: '介质', en: 'Media' }, needs: 'ListMedia' },
  { section: 'sweeps', path: '/sweeps', label: { zh: '检查', en: 'Sweeps' }, needs: 'ListSweeps' },
  {
    section: 'records',
    path: '/records',
    label: { zh: '检查记录', en: 'Inspection records' },
    needs: 'GetInspectionReport',
  },
  { section: 'audit', path: '/audit', label: { zh: '审计', en: 'Audit' }, needs: 'ListAudit' },
];

export function navFor(role: AdminRole): NavItem[] {
  return NAV.filter((item) => METHOD_ROLES[item.needs].includes(role));
}

/** The hidden field every state-changing form carries. */
export function formToken(context: Pick<PageContext, 'csrf'>): SafeHtml {
  return html`<input type="hidden" name="${FORGERY_FIELD}" value="${context.csrf}">`;
}

export interface FrameInput {
  lang: Lang;
  title: string;
  nav: NavSection;
  admin: ConsoleAdmin | undefined;
  /** The path and query of this page, for the language switch to come back to. */
  here: string;
  timeZone: string;
  body: SafeHtml;
}

export function frame(input: FrameInput): string {
  const { lang } = input;
  const items = input.admin ? navFor(input.admin.role) : [];
  const switchTo = lang === 'zh' ? 'en' : 'zh';
  const languageHref = `/language?set=${switchTo}&return=${encodeURIComponent(input.here)}`;
  return `<!doctype html>${html`<html lang="${lang === 'zh' ? 'zh-CN' : 'en'}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<title>${input.title} · ${say(lang, PRODUCT)}</title>
<link rel="stylesheet" href="${ASSET_PATHS.css}">
<script type="module" src="${ASSET_PATHS.js}"></script>
</head>
<body>
<a class="skip" href="#main">${say(lang, COMMON.skipToContent)}</a>
<header class="top">
  <a class="brand" href="/">${say(lang, PRODUCT)}</a>
  <nav aria-label="${lang === 'zh' ? '主导航' : 'Main'}">
    <ul>${items.map(
      (item) =>
        html`<li><a href="${item.path}"${item.section === input.nav ? html` aria-current="page"` : ''}>${say(lang, item.label)}</a></li>`,
    )}</ul>
  </nav>
  <div class="who">${
    input.admin
      ? html`<span title="${say(lang, COMMON.signedInAs)}">${input.admin.name} · ${say(lang, ROLE_TEXT[input.admin.role])}</span>`
      : ''
  }
  <a class="lang" href="${languageHref}" lang="${switchTo === 'zh' ? 'zh-CN' : 'en'}">${say(lang, COMMON.language)}</a></div>
</header>
<main id="main" tabindex="-1">
<h1>${input.title}</h1>
${input.body}
</main>
<footer class="foot">${say(lang, COMMON.timeZone)}: ${input.timeZone}</footer>
</body>
</html>`}`;
}
