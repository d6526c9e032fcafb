// Which route answers a request: literal segments and `:name` parameters, matched segment by segment.
import type { ConsoleRoute } from './console-page';

export interface RouteMatch {
  route: ConsoleRoute;
  params: Record<string, string>;
}

/**
 * The route for `method` and `pathname`; `method-not-allowed` when the path exists for another method only.
 * A literal segment beats a parameter (`/devices/export.csv` is the export, not a device of that id),
 * whatever order the sections list their routes in.
 */
export function matchRoute(
  routes: readonly ConsoleRoute[],
  method: string,
  pathname: string,
): RouteMatch | 'not-found' | 'method-not-allowed' {
  const parts = pathname.split('/').slice(1);
  let pathMatched = false;
  let best: { match: RouteMatch; literals: number } | undefined;
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
    if (route.method !== method && !(method === 'HEAD' && route.method === 'GET')) continue;
    const literals = pattern.filter((segment) => !segment.startsWith(':')).length;
    if (!best || literals > best.literals) best = { match: { route, params }, literals };
  }
  if (best) return best.match;
  return pathMatched ? 'method-not-allowed' : 'not-found';
}
