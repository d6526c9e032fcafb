// HTML made on the server: every interpolated value is escaped unless it is already SafeHtml (made by this
// template or by `trusted`). Pages never build markup by string concatenation, so a hostname, a reason or
// an audit detail written by an agent cannot become markup in the security office's browser.

/** Markup this module made or vouched for. */
export class SafeHtml {
  constructor(readonly text: string) {}
  toString(): string {
    return this.text;
  }
}

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

type Interpolated = SafeHtml | string | number | boolean | null | undefined | readonly Interpolated[];

function render(value: Interpolated): string {
  if (value === null || value === undefined || value === false) return '';
  if (value instanceof SafeHtml) return value.text;
  if (Array.isArray(value)) return value.map(render).join('');
  return escapeHtml(String(value));
}

/** html`<td>${hostname}</td>`: strings and numbers escaped, SafeHtml and arrays of it kept, null/false dropped. */
export function html(strings: TemplateStringsArray, ...values: Interpolated[]): SafeHtml {
  let out = strings[0]!;
  for (let i = 0; i < values.length; i++) out += render(values[i]!) + strings[i + 1]!;
  return new SafeHtml(out);
}

/** Markup from a source that is not user data (a vendored asset, a constant). Never for request or store text. */
export function trusted(markup: string): SafeHtml {
  return new SafeHtml(markup);
}

/** The attribute `name` present (boolean attribute) when `on`. */
export function flag(name: string, on: boolean): SafeHtml {
  return new SafeHtml(on ? ` ${name}` : '');
}
