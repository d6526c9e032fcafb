// What the console's CSP forbids, looked for in the page's markup itself: a `style=` attribute, an `on…=`
// handler attribute, a <script> without src. Chromium would refuse to run them (and report a violation, which
// PageWatch collects), but markup that only works because a browser is lenient is wrong anyway, and a
// handler that never fires is a button that silently does nothing.
import type { Page } from 'playwright-core';

/** One line per offending element ("div[style]", "button[onclick]", "script without src"); empty when clean. */
export function markupProblems(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    // The page's DOM, typed by hand: the project compiles without the DOM library.
    interface MarkupElement {
      tagName: string;
      getAttributeNames(): string[];
      hasAttribute(name: string): boolean;
    }
    const dom = globalThis as unknown as {
      document: { querySelectorAll(selector: string): ArrayLike<MarkupElement> };
    };
    const problems: string[] = [];
    for (const element of Array.from(dom.document.querySelectorAll('*'))) {
      const tag = element.tagName.toLowerCase();
      for (const name of element.getAttributeNames()) {
        if (name === 'style' || name.startsWith('on')) problems.push(`${tag}[${name}]`);
      }
      if (tag === 'script' && !element.hasAttribute('src')) problems.push('script without src');
    }
    return problems;
  });
}
