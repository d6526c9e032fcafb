// The console's HTTPS listener (`serve --console-listen HOST:PORT`). The TLS handshake demands a client
// certificate issued by this collector's CA (a browser without one gets no page at all); who the
// certificate names, whether it is revoked and what its role may do are decided by the admin API's own
// authentication and authorization (peer-auth.ts, admin/authorization.ts), reached through the admin door
// (admin-door.ts). This file only turns HTTP into page calls and page results into HTTP:
//
//   request → static asset | language switch | change-notice stream | route → (POST: anti-forgery) → page
//   → the frame, a fragment, a redirect, a file or a stream, every one with the security headers below.
import { createHash, randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import * as grpc from '@grpc/grpc-js';
import type { Lang } from '../../policies/messages/language';
import { METHOD_ROLES } from '../admin/method-roles';
import type { ChangeNotices, ChangeTopic } from '../change-notices';
import { mutualTlsHttpsOptions, peerOfRequest } from '../https-mutual-tls';
import type { Logger } from '../logger';
import { METRICS_PATH, type MetricsEndpoint } from '../metrics/metrics-endpoint';
import type { PeerAuthenticator } from '../peer-auth';
import type { CollectorPki } from '../pki/pki-files';
import { AdminCallError, type AdminDoor } from './admin-door';
import { antiForgeryToken, FORGERY_FIELD, forgeryReason } from './anti-forgery';
import { CONSOLE_ASSETS } from './assets/console-assets';
import type { ConsoleAdmin, ConsoleRoute, NavSection, PageContext, PageResult } from './console-page';
import { COMMON, ROLE_TEXT, say } from './console-text';
import { html } from './html';
import { frame, navFor } from './layout';
import { matchRoute } from './router';

/**
 * Nothing but the collector: scripts and styles only from our own files (no inline script or style, no
 * eval), requests only back to us, no frames, forms only to us.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self'",
  "font-src 'self'",
  "connect-src 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
].join('; ');

const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  // same-origin, not no-referrer: under no-referrer a browser sends `Origin: null` on our own form posts, which
  // anti-forgery.ts must then refuse; other sites still get no Referer.
  'Referrer-Policy': 'same-origin',
  'X-Frame-Options': 'DENY',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), usb=(), serial=(), bluetooth=()',
  'Strict-Transport-Security': 'max-age=31536000',
};

/** A form bigger than this is not one of ours (a ledger edit, a medium, a measure: a few kilobytes). */
export const MAX_FORM_BYTES = 256 * 1024;
const LANG_COOKIE = 'shoumi_lang';
/** A comment line on every change-notice stream this often keeps proxies and the browser from closing it. */
const EVENT_HEARTBEAT_MS = 25_000;

export interface ConsoleServerOptions {
  /** host:port; port 0 picks a free one. */
  listen: string;
  pki: CollectorPki;
  door: AdminDoor;
  authenticator: PeerAuthenticator;
  routes: readonly ConsoleRoute[];
  notices: ChangeNotices;
  timeZone: string;
  inspectedUnit?: string;
  log: Logger;
  now?: () => number;
  /** GET /metrics (metrics/metrics-endpoint.ts), admitted by its own role check; 404 when absent. */
  metrics?: MetricsEndpoint;
}

export interface RunningConsole {
  /** "https://host:port/" */
  url: string;
  address: string;
  stop(): Promise<void>;
}

function splitHostPort(address: string): { host: string; port: number } {
  const match = /^\[?([^\]]+?)\]?:(\d+)$/.exec(address);
  if (!match) throw new Error(`console listen address "${address}" is not HOST:PORT`);
  return { host: match[1]!, port: Number(match[2]) };
}

function cookieLang(request: IncomingMessage): Lang {
  const cookies = request.headers.cookie ?? '';
  const match = new RegExp(`(?:^|;\\s*)${LANG_COOKIE}=(zh|en)(?:;|$)`).exec(cookies);
  return (match?.[1] as Lang | undefined) ?? 'zh';
}

/** A path inside the console to come back to: "/…" but never "//host" (an open redirect). */
function localPath(candidate: string | null): string {
  if (!candidate?.startsWith('/') || candidate.startsWith('//') || candidate.includes('\\')) return '/';
  return candidate;
}

function readForm(request: IncomingMessage): Promise<URLSearchParams> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_FORM_BYTES) {
        reject(new AdminCallError(grpc.status.INVALID_ARGUMENT, `form larger than ${MAX_FORM_BYTES} bytes`));
        request.destroy();
        return;
      }
      chunks.push(chunk);
    });
    request.on('end', () => resolve(new URLSearchParams(Buffer.concat(chunks).toString('utf8'))));
    request.on('error', reject);
  });
}

const STATUS_OF_CODE: Partial<Record<grpc.status, number>> = {
  [grpc.status.INVALID_ARGUMENT]: 400,
  [grpc.status.FAILED_PRECONDITION]: 409,
  [grpc.status.ALREADY_EXISTS]: 409,
  [grpc.status.NOT_FOUND]: 404,
  [grpc.status.PERMISSION_DENIED]: 403,
  [grpc.status.UNAUTHENTICATED]: 403,
  [grpc.status.RESOURCE_EXHAUSTED]: 429,
  [grpc.status.UNAVAILABLE]: 503,
};

export async function startConsoleServer(options: ConsoleServerOptions): Promise<RunningConsole> {
  const { log, door, notices } = options;
  const now = options.now ?? Date.now;
  // Forms are bound to the certificate under this key; a restart makes open forms stale (one reload).
  const formKey = randomBytes(32);
  const streams = new Set<ServerResponse>();
  const listen = splitHostPort(options.listen);

  const send = (
    response: ServerResponse,
    status: number,
    contentType: string,
    body: string | Buffer,
    extra: Record<string, string> = {},
  ) => {
    response.writeHead(status, {
      ...SECURITY_HEADERS,
      'Content-Type': contentType,
      'Cache-Control': 'no-store',
      ...extra,
    });
    response.end(body);
  };

  const sendPage = (
    response: ServerResponse,
    status: number,
    input: {
      lang: Lang;
      title: string;
      nav: NavSection;
      admin?: ConsoleAdmin;
      here: string;
      body: ReturnType<typeof html>;
    },
  ) => {
    send(
      response,
      status,
      'text/html; charset=utf-8',
      frame({ ...input, admin: input.admin, timeZone: options.timeZone }),
    );
  };

  const sendError = (
    response: ServerResponse,
    error: unknown,
    lang: Lang,
    here: string,
    admin: ConsoleAdmin | undefined,
    fragment: boolean,
  ) => {
    const known = error instanceof AdminCallError ? error : undefined;
    if (!known) log.error('console page failed', { path: here, error: (error as Error).message });
    const status = known ? (STATUS_OF_CODE[known.code] ?? 500) : 500;
    const title =
      status === 403
        ? say(lang, COMMON.forbiddenTitle)
        : status === 404
          ? say(lang, COMMON.notFoundTitle)
          : status === 400
            ? say(lang, COMMON.badRequestTitle)
            : status === 429 || status === 503
              ? say(lang, COMMON.busyTitle)
              : say(lang, COMMON.errorTitle);
    const message = known
      ? known.message
      : lang === 'zh'
        ? '控制台内部错误，详情见采集端日志。'
        : 'Internal console error; see the collector log.';
    const body = html`<p class="notice bad" role="alert">${message}</p>`;
    if (fragment) send(response, status, 'text/html; charset=utf-8', body.text);
    else sendPage(response, status, { lang, title, nav: 'none', admin, here, body });
  };

  const serveEvents = (request: IncomingMessage, response: ServerResponse, url: URL) => {
    const topics = url.searchParams
      .getAll('topic')
      .filter((topic): topic is ChangeTopic =>
        /^(fleet|media|audit|(device|sweep):[\w.:-]{1,128})$/.test(topic),
      )
      .slice(0, 8);
    if (topics.length === 0) {
      send(response, 400, 'text/plain; charset=utf-8', 'no topic');
      return;
    }
    response.writeHead(200, {
      ...SECURITY_HEADERS,
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-store',
      Connection: 'keep-alive',
    });
    response.write('retry: 2000\n\n');
    streams.add(response);
    const unsubscribe = notices.subscribe(topics, (topic) => {
      response.write(`event: changed\ndata: ${topic}\n\n`);
    });
    const heartbeat = setInterval(() => response.write(': still here\n\n'), EVENT_HEARTBEAT_MS);
    heartbeat.unref();
    const end = () => {
      clearInterval(heartbeat);
      unsubscribe();
      streams.delete(response);
    };
    request.on('close', end);
    response.on('close', end);
  };

  const handle = async (request: IncomingMessage, response: ServerResponse) => {
    const host = request.headers.host ?? `${listen.host}:${listen.port}`;
    const url = new URL(request.url ?? '/', `https://${host}`);
    const here = `${url.pathname}${url.search}`;
    const lang = cookieLang(request);
    const fragment = request.headers['x-shoumi-fragment'] === '1';
    const method = request.method ?? 'GET';

    const asset = CONSOLE_ASSETS.find((candidate) => candidate.path === url.pathname);
    if (asset && (method === 'GET' || method === 'HEAD')) {
      send(response, 200, asset.contentType, asset.body, {
        'Cache-Control': 'public, max-age=31536000, immutable',
      });
      return;
    }
    if (url.pathname === '/favicon.ico') {
      send(response, 204, 'image/x-icon', '');
      return;
    }
    if (url.pathname === '/language' && method === 'GET') {
      const set = url.searchParams.get('set') === 'en' ? 'en' : 'zh';
      send(response, 303, 'text/plain; charset=utf-8', '', {
        Location: localPath(url.searchParams.get('return')),
        'Set-Cookie': `${LANG_COOKIE}=${set}; Path=/; Secure; HttpOnly; SameSite=Strict; Max-Age=31536000`,
      });
      return;
    }

    const peer = peerOfRequest(request);
    if (url.pathname === METRICS_PATH && options.metrics) {
      await options.metrics(request, response, peer, 'console');
      return;
    }
    const auth = await options.authenticator.authenticate({
      getPeer: () => peer.address,
      getAuthContext: () => ({ sslPeerCertificate: peer.certificate }),
    });
    if (!auth.ok || auth.identity.kind !== 'admin') {
      // Asked again through the door, so the refusal is audited (and tallied) as any admin call would be.
      await door.call('WhoAmI', {}, peer).catch(() => undefined);
      const reason = auth.ok ? 'an agent certificate cannot use the console' : auth.reason;
      sendPage(response, 403, {
        lang,
        title: say(lang, COMMON.refusedTitle),
        nav: 'none',
        here,
        body: html`<p class="notice bad" role="alert">${reason}</p>`,
      });
      return;
    }
    const identity = auth.identity;
    const admin: ConsoleAdmin = { name: identity.name, role: identity.role, serial: identity.serialNumber };
    const fingerprint = createHash('sha256')
      .update(peer.certificate?.raw ?? Buffer.alloc(0))
      .digest('hex');

    if (url.pathname === '/events' && method === 'GET') {
      serveEvents(request, response, url);
      return;
    }
    if (url.pathname === '/' && method === 'GET' && !METHOD_ROLES.GetFleetStatus.includes(admin.role)) {
      // The auditor has no overview: their work starts at the trail, not at the rules every role may read.
      const first = navFor(admin.role).find((item) => item.section !== 'rules')?.path ?? '/rules';
      send(response, 303, 'text/plain; charset=utf-8', '', { Location: first });
      return;
    }

    const match = matchRoute(options.routes, method, url.pathname);
    if (match === 'not-found' || match === 'method-not-allowed') {
      sendPage(response, match === 'not-found' ? 404 : 405, {
        lang,
        title: say(lang, COMMON.notFoundTitle),
        nav: 'none',
        admin,
        here,
        body: html`<p class="notice bad">${url.pathname}</p>`,
      });
      return;
    }
    try {
      let form = new URLSearchParams();
      if (method === 'POST') {
        form = await readForm(request);
        const forged = forgeryReason(formKey, fingerprint, {
          token: form.get(FORGERY_FIELD) ?? undefined,
          secFetchSite: header(request, 'sec-fetch-site'),
          origin: header(request, 'origin'),
          ownOrigin: `https://${host}`,
        });
        if (forged !== undefined) {
          const judged = match.route.changes ?? 'WhoAmI';
          await door.call(judged, {}, peer, { forgery: forged });
          // Authorization always refuses a call marked forged; reaching here would be a bug, never a pass.
          throw new AdminCallError(grpc.status.PERMISSION_DENIED, forged);
        }
      }
      const context: PageContext = {
        url,
        lang,
        timeZone: options.timeZone,
        admin,
        csrf: antiForgeryToken(formKey, fingerprint),
        form,
        params: match.params,
        call: (adminMethod, adminRequest) => door.call(adminMethod, adminRequest, peer),
        notices,
        inspectedUnit: options.inspectedUnit ?? '',
        now,
      };
      const result: PageResult = await match.route.handle(context);
      switch (result.kind) {
        case 'page':
          sendPage(response, result.status ?? 200, {
            lang,
            title: result.title,
            nav: result.nav,
            admin,
            here,
            body: result.body,
          });
          return;
        case 'fragment':
          send(response, 200, 'text/html; charset=utf-8', result.body.text);
          return;
        case 'redirect':
          send(response, 303, 'text/plain; charset=utf-8', '', { Location: localPath(result.location) });
          return;
        case 'file': {
          const encoded = encodeURIComponent(result.fileName);
          send(response, 200, result.contentType, result.body, {
            'Content-Disposition': `${result.inline ? 'inline' : 'attachment'}; filename*=UTF-8''${encoded}`,
            ...(result.contentSecurityPolicy !== undefined
              ? { 'Content-Security-Policy': result.contentSecurityPolicy }
              : {}),
          });
          return;
        }
        case 'stream':
          streams.add(response);
          response.on('close', () => streams.delete(response));
          result.start(response);
          return;
      }
    } catch (error) {
      // A refusal was logged and audited by authorization already; the page only says it.
      sendError(response, error, lang, here, admin, fragment);
    }
  };

  const server = https.createServer(mutualTlsHttpsOptions(options.pki), (request, response) => {
    handle(request, response).catch((error: Error) => {
      log.error('console request failed', { error: error.message });
      if (!response.headersSent) send(response, 500, 'text/plain; charset=utf-8', 'internal error');
      else response.destroy();
    });
  });
  server.headersTimeout = 20_000;
  server.requestTimeout = 60_000;
  server.keepAliveTimeout = 5_000;
  // A browser that fails the handshake (no certificate, another CA) gets nothing; the log says so.
  server.on('tlsClientError', (error) => log.info('console TLS handshake refused', { error: error.message }));

  await new Promise<void>((resolve, reject) => {
    server.once('error', (error) =>
      reject(new Error(`cannot listen on ${options.listen}: ${error.message}`)),
    );
    server.listen(listen.port, listen.host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const shownHost = listen.host.includes(':') ? `[${listen.host}]` : listen.host;
  const address = `${shownHost}:${port}`;
  log.info('console listening', { console: `https://${address}/`, roles: Object.keys(ROLE_TEXT).join(' ') });
  return {
    url: `https://${address}/`,
    address,
    stop: () =>
      new Promise<void>((resolve) => {
        for (const stream of streams) stream.end();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function header(request: IncomingMessage, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}
