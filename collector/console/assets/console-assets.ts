// The console's two vendored files, named by their content's hash so a browser may keep them for a year and
// a new build is fetched at once. Page-specific styles append to the base sheet here.
import { createHash } from 'node:crypto';
import { BASE_CSS } from './base-css';
import { CONSOLE_CLIENT_JS } from './console-client';
import { PAGE_CSS } from './page-css';

export interface ConsoleAsset {
  path: string;
  contentType: string;
  body: Buffer;
}

function asset(name: string, extension: string, contentType: string, text: string): ConsoleAsset {
  const body = Buffer.from(text, 'utf8');
  const hash = createHash('sha256').update(body).digest('hex').slice(0, 12);
  return { path: `/assets/${name}-${hash}.${extension}`, contentType, body };
}

export const CONSOLE_ASSETS: readonly ConsoleAsset[] = [
  asset('console', 'css', 'text/css; charset=utf-8', BASE_CSS + PAGE_CSS.join('\n')),
  asset('console', 'js', 'text/javascript; charset=utf-8', CONSOLE_CLIENT_JS),
];

export const ASSET_PATHS = { css: CONSOLE_ASSETS[0]!.path, js: CONSOLE_ASSETS[1]!.path };
