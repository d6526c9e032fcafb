// What a console page is: a route (method, path, the role it needs through its admin calls) and a handler
// that reads through the admin door and returns a result. Pages are functions of their context: no page
// touches the store, the network or the clock itself.
import type { ServerResponse } from 'node:http';
import type { Lang } from '../../policies/messages/language';
import type { AdminMethod } from '../admin/method-roles';
import type { ChangeNotices } from '../change-notices';
import type { AdminRole } from '../pki/identity-names';
import type { AnswerOf, RequestOf } from './admin-door';
import type { SafeHtml } from './html';

export interface ConsoleAdmin {
  name: string;
  role: AdminRole;
  serial: string;
}

export interface PageContext {
  /** The request's URL (path and query as the browser sent them; origin is this console's). */
  url: URL;
  lang: Lang;
  timeZone: string;
  admin: ConsoleAdmin;
  /** The anti-forgery token every form that POSTs must carry in `_csrf` (anti-forgery.ts; layout.ts `formToken`). */
  csrf: string;
  /** A POST's form fields (application/x-www-form-urlencoded); empty for a GET. */
  form: URLSearchParams;
  /** Path parameters (`/devices/:id` → { id }), decoded. */
  params: Readonly<Record<string, string>>;
  /** One admin use case through authorization, as this browser's certificate: audited, role-checked. */
  call<M extends AdminMethod>(method: M, request: RequestOf<M>): Promise<AnswerOf<M>>;
  notices: ChangeNotices;
  /** The unit (被检查单位) configured with `serve --unit`, "" when none. */
  inspectedUnit: string;
  now(): number;
}

export type PageResult =
  /** A whole page in the console's frame (layout.ts); `nav` marks the current section. */
  | { kind: 'page'; title: string; nav: NavSection; body: SafeHtml; status?: number }
  /** Part of a page, fetched by the client script to refresh a live region (no frame). */
  | { kind: 'fragment'; body: SafeHtml }
  /** After a POST: back to a page (303 See Other), so a reload never repeats the change. */
  | { kind: 'redirect'; location: string }
  /** A download (CSV, .xlsx, a printable record). */
  | {
      kind: 'file';
      contentType: string;
      fileName: string;
      body: Buffer | string;
      inline?: boolean;
      /** A document with its own policy (the printable record's inline styles) instead of the console's. */
      contentSecurityPolicy?: string;
    }
  /** A server-sent event stream (live progress); the handler owns the response until the client leaves. */
  | { kind: 'stream'; start(response: ServerResponse): void };

export type NavSection = 'overview' | 'devices' | 'rules' | 'media' | 'sweeps' | 'records' | 'audit' | 'none';

export interface ConsoleRoute {
  method: 'GET' | 'POST';
  /** "/devices/:id": literal segments and `:name` parameters. */
  path: string;
  /**
   * For a POST: the admin method the form performs. A forged request is refused as a call of this method
   * (authorization audits it), and the handler does not run.
   */
  changes?: AdminMethod;
  handle(context: PageContext): Promise<PageResult>;
}
