// Which route answers a request: literal segments and `:name` parameters, matched segment by segment.
import type { ConsoleRoute } from './console-page';

export interface RouteMatch {
  route: ConsoleRoute;
  params: Record<string, string>;
}

/** The route for `method` and `pathname`; `methodNotAllowed` when the path exists for another method only. */
export function matchRoute(
  routes: readonly ConsoleRoute[],
  method: string,
  pathname: string,
): RouteMatch | 'not-found' | 'method-not-allowed' {
  const parts = pathname.split('/').slice(1);
  let pathMatched = false;
  for (const route of routes) {
    const pattern = route.path.split('/').slice(1);
    if (pattern.length !== parts.length) continue;
    const params: Record<string, string> = {};
    let ok = true;
    for (let i = 0; i < pattern.length; i++) {
      const want = pattern[i]!;
      const got = parts[i]!;
      if (want.startsWith(':')) {
        if (got === '') {
          ok = false;
          break;
        }
        try {
          params[want.slice(1)] = decodeURIComponent(got);
        } catch {
          ok = false;
          break;
        }
      } else if (want !== got) {
        ok = false;
        break;
      }
    }
    if (!ok) continue;
    pathMatched = true;
    if (route.method === method || (method === 'HEAD' && route.method === 'GET')) return { route, params };
  }
  return pathMatched ? 'method-not-allowed' : 'not-found';
}
