import { describe, expect, it } from 'vitest';
import type { ConsoleRoute } from './console-page';
import { matchRoute } from './router';

const route = (method: 'GET' | 'POST', path: string): ConsoleRoute => ({
  method,
  path,
  handle: async () => ({ kind: 'redirect', location: path }),
});

describe('matchRoute', () => {
  // A device route listed before the export: the literal segment must still win.
  const routes = [
    route('GET', '/devices/:id'),
    route('GET', '/devices/export.csv'),
    route('POST', '/devices/:id/ledger'),
    route('GET', '/'),
  ];

  it('prefers a literal segment to a parameter, whatever the order', () => {
    const match = matchRoute(routes, 'GET', '/devices/export.csv');
    expect(match !== 'not-found' && match !== 'method-not-allowed' && match.route.path).toBe(
      '/devices/export.csv',
    );
  });

  it('decodes parameters and tells a wrong method from a missing path', () => {
    const match = matchRoute(routes, 'GET', '/devices/%E5%B7%A5%E4%BD%9C%E7%AB%99-1');
    expect(match !== 'not-found' && match !== 'method-not-allowed' && match.params).toEqual({
      id: '工作站-1',
    });
    expect(matchRoute(routes, 'GET', '/devices/x/ledger')).toBe('method-not-allowed');
    expect(matchRoute(routes, 'GET', '/nowhere')).toBe('not-found');
    expect(matchRoute(routes, 'GET', '/devices/%E0%A4%A')).toBe('not-found');
  });
});
